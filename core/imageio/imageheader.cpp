#include "imageio/imageheader.h"

#include <cctype>
#include <cstring>
#include <stdexcept>

namespace dinosam {
namespace {

using Bytes = std::span<const unsigned char>;

bool startsWith(Bytes b, const char *magic, size_t n)
{
    return b.size() >= n && std::memcmp(b.data(), magic, n) == 0;
}

uint32_t be16(Bytes b, size_t at) { return (uint32_t(b[at]) << 8) | b[at + 1]; }
uint32_t be32(Bytes b, size_t at) { return (be16(b, at) << 16) | be16(b, at + 2); }
uint32_t le16(Bytes b, size_t at) { return uint32_t(b[at]) | (uint32_t(b[at + 1]) << 8); }
uint32_t le32(Bytes b, size_t at) { return le16(b, at) | (le16(b, at + 2) << 16); }
uint64_t le64(Bytes b, size_t at) { return uint64_t(le32(b, at)) | (uint64_t(le32(b, at + 4)) << 32); }
uint64_t be64(Bytes b, size_t at) { return (uint64_t(be32(b, at)) << 32) | be32(b, at + 4); }

[[noreturn]] void broken(const std::string &why) { throw std::runtime_error(why); }

// Byte-order-aware reader for TIFF structures (TIFF files and EXIF blocks).
struct TiffReader
{
    Bytes b;
    bool little = true;
    bool has(size_t at, size_t n) const { return at <= b.size() && n <= b.size() - at; }
    uint32_t u16(size_t at) const { return little ? le16(b, at) : be16(b, at); }
    uint32_t u32(size_t at) const { return little ? le32(b, at) : be32(b, at); }
    uint64_t u64(size_t at) const { return little ? le64(b, at) : be64(b, at); }
    // Value of a SHORT/LONG/LONG8 entry stored inline.
    uint64_t value(size_t entry, bool big) const
    {
        const uint32_t type = u16(entry + 2);
        const size_t valueAt = entry + (big ? 12 : 8);
        switch (type) {
        case 3: return u16(valueAt);                  // SHORT
        case 4: return u32(valueAt);                  // LONG
        case 16: return big ? u64(valueAt) : 0;       // LONG8 (BigTIFF)
        default: return 0;
        }
    }
};

void probeTiff(Bytes b, ImageHeader &h)
{
    TiffReader r{b, b[0] == 'I'};
    if (!r.has(0, 8))
        broken("truncated TIFF header");
    const uint32_t magic = r.u16(2);
    const bool big = magic == 43;
    uint64_t ifd = 0;
    if (big) {
        if (!r.has(0, 16))
            broken("truncated BigTIFF header");
        ifd = r.u64(8);
    } else {
        ifd = r.u32(4);
    }
    const size_t countSize = big ? 8 : 2;
    const size_t entrySize = big ? 20 : 12;
    if (!r.has(ifd, countSize))
        broken("truncated TIFF (first directory missing)");
    const uint64_t count = big ? r.u64(ifd) : r.u16(ifd);
    const size_t first = size_t(ifd) + countSize;
    for (uint64_t i = 0; i < count; ++i) {
        const size_t e = first + size_t(i) * entrySize;
        if (!r.has(e, entrySize))
            broken("truncated TIFF directory");
        const uint32_t tag = r.u16(e);
        if (tag == 256)
            h.width = int64_t(r.value(e, big));
        else if (tag == 257)
            h.height = int64_t(r.value(e, big));
    }
    if (h.width <= 0 || h.height <= 0)
        broken("TIFF without image width/length");
}

void probePng(Bytes b, ImageHeader &h)
{
    // signature(8) length(4) "IHDR"(4) width(4) height(4)
    if (b.size() < 24 || std::memcmp(b.data() + 12, "IHDR", 4) != 0)
        broken("truncated or corrupt PNG header");
    h.width = be32(b, 16);
    h.height = be32(b, 20);
    // Walk the chunk list for an eXIf chunk (PNG 1.5 extension; browsers honour its orientation).
    size_t p = 8;
    while (p + 12 <= b.size()) {
        const size_t len = be32(b, p);
        if (len > b.size() - p - 12)
            break; // truncated: the decoder reports it
        const unsigned char *type = b.data() + p + 4;
        if (std::memcmp(type, "eXIf", 4) == 0) {
            h.exifOrientation = exifOrientationFromTiff(b.subspan(p + 8, len));
            break;
        }
        if (std::memcmp(type, "IEND", 4) == 0)
            break;
        p += 12 + len;
    }
}

void probeJpeg(Bytes b, ImageHeader &h)
{
    size_t p = 2; // after SOI
    while (true) {
        // Markers may be preceded by any number of 0xFF fill bytes.
        if (p >= b.size() || b[p] != 0xFF)
            broken(p >= b.size() ? "truncated JPEG (no frame header)" : "corrupt JPEG (bad marker)");
        while (p < b.size() && b[p] == 0xFF)
            ++p;
        if (p >= b.size())
            broken("truncated JPEG (no frame header)");
        const unsigned marker = b[p++];
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7))
            continue; // standalone markers
        if (marker == 0xD9 || marker == 0xDA)
            broken("corrupt JPEG (no frame header before image data)");
        if (p + 2 > b.size())
            broken("truncated JPEG (no frame header)");
        const size_t len = be16(b, p);
        if (len < 2 || p + len > b.size())
            broken("truncated JPEG (segment runs past end of file)");
        const Bytes seg = b.subspan(p + 2, len - 2);
        const bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 &&
                         marker != 0xCC;
        if (marker == 0xE1 && seg.size() > 6 && std::memcmp(seg.data(), "Exif\0\0", 6) == 0)
            h.exifOrientation = exifOrientationFromTiff(seg.subspan(6));
        if (sof) {
            if (seg.size() < 6)
                broken("corrupt JPEG frame header");
            h.height = be16(seg, 1);
            h.width = be16(seg, 3);
            h.jpegFourComponents = seg[5] == 4;
            return; // APP segments come before the frame header
        }
        p += len;
    }
}

void probeBmp(Bytes b, ImageHeader &h)
{
    if (b.size() < 26)
        broken("truncated BMP header");
    const uint32_t dibSize = le32(b, 14);
    if (dibSize == 12) {
        h.width = le16(b, 18);
        h.height = le16(b, 20);
    } else {
        h.width = int32_t(le32(b, 18));
        h.height = int32_t(le32(b, 22));
        if (h.height < 0)
            h.height = -h.height; // top-down bitmap
    }
}

void probeWebP(Bytes b, ImageHeader &h)
{
    if (b.size() < 30)
        broken("truncated WebP header");
    const char *chunk = reinterpret_cast<const char *>(b.data() + 12);
    if (std::memcmp(chunk, "VP8 ", 4) == 0) {
        if (b[23] != 0x9D || b[24] != 0x01 || b[25] != 0x2A)
            broken("corrupt WebP (VP8 start code)");
        h.width = le16(b, 26) & 0x3FFF;
        h.height = le16(b, 28) & 0x3FFF;
    } else if (std::memcmp(chunk, "VP8L", 4) == 0) {
        if (b[20] != 0x2F)
            broken("corrupt WebP (VP8L signature)");
        const uint32_t bits = le32(b, 21);
        h.width = int64_t(bits & 0x3FFF) + 1;
        h.height = int64_t((bits >> 14) & 0x3FFF) + 1;
    } else if (std::memcmp(chunk, "VP8X", 4) == 0) {
        h.width = int64_t(le32(b, 24) & 0xFFFFFF) + 1;
        h.height = int64_t(le32(b, 27) & 0xFFFFFF) + 1;
    } else {
        broken("corrupt WebP (unknown first chunk)");
    }
}

void probePnm(Bytes b, ImageHeader &h)
{
    size_t p = 2;
    auto number = [&]() -> int64_t {
        while (p < b.size()) {
            if (b[p] == '#') {
                while (p < b.size() && b[p] != '\n' && b[p] != '\r')
                    ++p;
            } else if (std::isspace(b[p])) {
                ++p;
            } else {
                break;
            }
        }
        if (p >= b.size() || !std::isdigit(b[p]))
            broken("truncated or corrupt PNM header");
        int64_t v = 0;
        while (p < b.size() && std::isdigit(b[p]) && v < (int64_t(1) << 40))
            v = v * 10 + (b[p++] - '0');
        return v;
    };
    h.width = number();
    h.height = number();
}

} // namespace

const char *imageFormatName(ImageFormat format)
{
    switch (format) {
    case ImageFormat::Png: return "PNG";
    case ImageFormat::Jpeg: return "JPEG";
    case ImageFormat::Tiff: return "TIFF";
    case ImageFormat::Bmp: return "BMP";
    case ImageFormat::WebP: return "WebP";
    case ImageFormat::Pnm: return "PNM";
    case ImageFormat::Unknown: break;
    }
    return "unknown";
}

int exifOrientationFromTiff(Bytes tiff)
{
    if (tiff.size() < 8 || !(startsWith(tiff, "II*\0", 4) || startsWith(tiff, "MM\0*", 4)))
        return 1;
    TiffReader r{tiff, tiff[0] == 'I'};
    const uint32_t ifd = r.u32(4);
    if (!r.has(ifd, 2))
        return 1;
    const uint32_t count = r.u16(ifd);
    for (uint32_t i = 0; i < count; ++i) {
        const size_t e = size_t(ifd) + 2 + size_t(i) * 12;
        if (!r.has(e, 12))
            return 1;
        if (r.u16(e) == 0x0112) {
            const uint64_t v = r.value(e, false);
            return (v >= 1 && v <= 8) ? int(v) : 1;
        }
    }
    return 1;
}

ImageHeader probeImageHeader(Bytes b)
{
    ImageHeader h;
    if (startsWith(b, "\x89PNG\r\n\x1a\n", 8)) {
        h.format = ImageFormat::Png;
        probePng(b, h);
    } else if (b.size() >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) {
        h.format = ImageFormat::Jpeg;
        probeJpeg(b, h);
    } else if (startsWith(b, "II*\0", 4) || startsWith(b, "MM\0*", 4) || startsWith(b, "II+\0", 4) ||
               startsWith(b, "MM\0+", 4)) {
        h.format = ImageFormat::Tiff;
        probeTiff(b, h);
    } else if (startsWith(b, "BM", 2)) {
        h.format = ImageFormat::Bmp;
        probeBmp(b, h);
    } else if (b.size() >= 12 && startsWith(b, "RIFF", 4) && std::memcmp(b.data() + 8, "WEBP", 4) == 0) {
        h.format = ImageFormat::WebP;
        probeWebP(b, h);
    } else if (b.size() >= 3 && b[0] == 'P' && b[1] >= '1' && b[1] <= '6' && std::isspace(b[2])) {
        h.format = ImageFormat::Pnm;
        probePnm(b, h);
    }
    return h;
}

} // namespace dinosam
