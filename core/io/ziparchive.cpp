#include "io/ziparchive.h"

#include "io/checkpointerror.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <limits>
#include <system_error>
#include <vector>

namespace dinosam {
namespace {

constexpr uint32_t kEndOfCentralDirSig = 0x06054b50;
constexpr uint32_t kZip64LocatorSig = 0x07064b50;
constexpr uint32_t kZip64EndSig = 0x06064b50;
constexpr uint32_t kCentralHeaderSig = 0x02014b50;
constexpr uint32_t kLocalHeaderSig = 0x04034b50;
constexpr uint64_t kEndOfCentralDirSize = 22;
constexpr uint64_t kCentralHeaderSize = 46;
constexpr uint64_t kLocalHeaderSize = 30;
constexpr uint64_t kMaxCommentSize = 0xffff;
constexpr uint64_t kMaxCentralDirectorySize = 256ull << 20; // far above any checkpoint's

uint16_t u16(const unsigned char *p) { return uint16_t(p[0] | (p[1] << 8)); }
uint32_t u32(const unsigned char *p) { return uint32_t(u16(p)) | (uint32_t(u16(p + 2)) << 16); }
uint64_t u64(const unsigned char *p) { return uint64_t(u32(p)) | (uint64_t(u32(p + 4)) << 32); }

// a + b <= limit, without overflow.
bool fitsWithin(uint64_t a, uint64_t b, uint64_t limit) { return a <= limit && b <= limit - a; }

} // namespace

ZipArchive::ZipArchive(const std::filesystem::path &path) : m_path(path)
{
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status))
        fail("file does not exist");
    if (std::filesystem::is_directory(status))
        fail("is a directory, not a checkpoint file");
    m_fileSize = std::filesystem::file_size(path, ec);
    if (ec)
        fail("cannot read its size: " + ec.message());
    if (m_fileSize == 0)
        fail("file is empty");
    m_file.open(path, std::ios::binary);
    if (!m_file)
        fail("cannot open for reading");
    indexCentralDirectory();
}

void ZipArchive::fail(const std::string &reason) const
{
    throw CheckpointError("Cannot read checkpoint '" + m_path.string() + "': " + reason);
}

void ZipArchive::readAt(uint64_t offset, void *out, uint64_t size) const
{
    if (!fitsWithin(offset, size, m_fileSize))
        fail("a record reaches past the end of the file (truncated?)");
    m_file.clear();
    m_file.seekg(std::streamoff(offset));
    m_file.read(static_cast<char *>(out), std::streamsize(size));
    if (!m_file || uint64_t(m_file.gcount()) != size)
        fail("read error at offset " + std::to_string(offset));
}

void ZipArchive::indexCentralDirectory()
{
    if (m_fileSize < kEndOfCentralDirSize)
        fail("not a zip checkpoint (too small); files from torch.save before PyTorch 1.6 are not supported");

    // The end-of-central-directory record sits in the last 22 + 65535 bytes.
    const uint64_t tailSize = std::min<uint64_t>(m_fileSize, kEndOfCentralDirSize + kMaxCommentSize);
    std::vector<unsigned char> tail(tailSize);
    readAt(m_fileSize - tailSize, tail.data(), tailSize);
    int64_t eocd = -1;
    for (int64_t i = int64_t(tailSize - kEndOfCentralDirSize); i >= 0; --i) {
        if (u32(&tail[i]) == kEndOfCentralDirSig) {
            eocd = i;
            break;
        }
    }
    if (eocd < 0)
        fail("not a zip checkpoint (no end-of-central-directory record; truncated, or saved by "
             "PyTorch before 1.6 with the legacy format)");
    const unsigned char *e = &tail[eocd];
    uint64_t entryCount = u16(e + 10);
    uint64_t cdSize = u32(e + 12);
    uint64_t cdOffset = u32(e + 16);
    if (u16(e + 4) != 0 || u16(e + 6) != 0)
        fail("multi-disk zip archives are not supported");

    // Zip64: the locator precedes the end record when any field overflowed.
    const uint64_t eocdAbs = m_fileSize - tailSize + uint64_t(eocd);
    if (eocdAbs >= 20) {
        std::array<unsigned char, 20> loc{};
        readAt(eocdAbs - 20, loc.data(), loc.size());
        if (u32(loc.data()) == kZip64LocatorSig) {
            const uint64_t z64Offset = u64(loc.data() + 8);
            std::array<unsigned char, 56> z{};
            readAt(z64Offset, z.data(), z.size());
            if (u32(z.data()) != kZip64EndSig)
                fail("corrupt zip64 end-of-central-directory record");
            entryCount = u64(z.data() + 32);
            cdSize = u64(z.data() + 40);
            cdOffset = u64(z.data() + 48);
        }
    }

    if (cdSize > kMaxCentralDirectorySize)
        fail("central directory of " + std::to_string(cdSize) + " bytes is implausibly large");
    if (!fitsWithin(cdOffset, cdSize, m_fileSize))
        fail("central directory lies outside the file (truncated?)");
    if (entryCount > cdSize / kCentralHeaderSize)
        fail("central directory claims more records than it can hold");

    std::vector<unsigned char> cd(cdSize);
    readAt(cdOffset, cd.data(), cdSize);
    uint64_t pos = 0;
    for (uint64_t i = 0; i < entryCount; ++i) {
        if (!fitsWithin(pos, kCentralHeaderSize, cdSize) || u32(&cd[pos]) != kCentralHeaderSig)
            fail("corrupt central directory (record " + std::to_string(i) + ")");
        const unsigned char *h = &cd[pos];
        const uint16_t flags = u16(h + 8);
        const uint16_t method = u16(h + 10);
        uint64_t compressed = u32(h + 20);
        uint64_t uncompressed = u32(h + 24);
        const uint64_t nameLen = u16(h + 28), extraLen = u16(h + 30), commentLen = u16(h + 32);
        uint64_t localOffset = u32(h + 42);
        if (!fitsWithin(pos + kCentralHeaderSize, nameLen + extraLen + commentLen, cdSize))
            fail("corrupt central directory (record " + std::to_string(i) + " overruns it)");
        std::string name(reinterpret_cast<const char *>(h + kCentralHeaderSize), nameLen);

        // Zip64 extended information: 64-bit values for the fields that hold 0xffffffff.
        const unsigned char *extra = h + kCentralHeaderSize + nameLen;
        for (uint64_t x = 0; x + 4 <= extraLen;) {
            const uint16_t id = u16(extra + x), len = u16(extra + x + 2);
            if (x + 4 + len > extraLen)
                fail("corrupt extra field in record '" + name + "'");
            if (id == 0x0001) {
                const unsigned char *v = extra + x + 4;
                uint64_t used = 0;
                auto take = [&](uint64_t &field) {
                    if (field != 0xffffffffu)
                        return;
                    if (used + 8 > len)
                        fail("corrupt zip64 field in record '" + name + "'");
                    field = u64(v + used);
                    used += 8;
                };
                take(uncompressed);
                take(compressed);
                take(localOffset);
            }
            x += 4 + len;
        }

        if (flags & 0x1)
            fail("record '" + name + "' is encrypted");
        if (method != 0)
            fail("record '" + name + "' is compressed (method " + std::to_string(method) +
                 "); torch.save writes stored records only");
        if (compressed != uncompressed)
            fail("record '" + name + "' has inconsistent sizes");

        std::array<unsigned char, kLocalHeaderSize> local{};
        readAt(localOffset, local.data(), local.size());
        if (u32(local.data()) != kLocalHeaderSig)
            fail("record '" + name + "' has no local header at its offset");
        const uint64_t localNameLen = u16(local.data() + 26), localExtraLen = u16(local.data() + 28);
        const uint64_t dataOffset = localOffset + kLocalHeaderSize + localNameLen + localExtraLen;
        if (!fitsWithin(dataOffset, uncompressed, m_fileSize))
            fail("record '" + name + "' reaches past the end of the file (truncated?)");
        if (!m_entries.emplace(name, Entry{dataOffset, uncompressed, u32(h + 16)}).second)
            fail("record '" + name + "' appears twice");
        pos += kCentralHeaderSize + nameLen + extraLen + commentLen;
    }
}

const ZipArchive::Entry &ZipArchive::entry(const std::string &name) const
{
    const auto it = m_entries.find(name);
    if (it == m_entries.end())
        fail("record '" + name + "' is missing");
    return it->second;
}

void ZipArchive::read(const std::string &name, void *out, uint64_t size) const
{
    const Entry &e = entry(name);
    if (size != e.size)
        fail("record '" + name + "' holds " + std::to_string(e.size) + " bytes, expected " +
             std::to_string(size));
    // Read in chunks, checking the CRC-32 so that flipped bytes are caught.
    auto *bytes = static_cast<unsigned char *>(out);
    constexpr uint64_t kChunk = 64ull << 20;
    uLong crc = crc32(0L, Z_NULL, 0);
    for (uint64_t done = 0; done < size;) {
        const uint64_t n = std::min(kChunk, size - done);
        readAt(e.dataOffset + done, bytes + done, n);
        crc = crc32(crc, bytes + done, uInt(n));
        done += n;
    }
    if (uint32_t(crc) != e.crc32)
        fail("record '" + name + "' is corrupt (CRC-32 mismatch)");
}

std::string ZipArchive::readAll(const std::string &name, uint64_t maxSize) const
{
    const Entry &e = entry(name);
    if (e.size > maxSize)
        fail("record '" + name + "' is " + std::to_string(e.size) + " bytes, more than the " +
             std::to_string(maxSize) + " allowed");
    std::string data(e.size, '\0');
    read(name, data.data(), e.size);
    return data;
}

} // namespace dinosam
