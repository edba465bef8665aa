#include "checkpointwriter.h"

#include <ATen/ATen.h>
#include <zlib.h>

#include <cstdio>
#include <fstream>
#include <limits>
#include <system_error>
#include <vector>

namespace dinosam {
namespace {

constexpr uint64_t kAlignment = 64; // torch.save aligns storage records to 64 bytes
constexpr uint16_t kPaddingFieldId = 0x4246; // 'FB', PyTorch's padding extra field

[[noreturn]] void fail(const std::filesystem::path &path, const std::string &reason)
{
    throw CheckpointError("Cannot write checkpoint '" + path.string() + "': " + reason);
}

std::string storageTypeName(at::ScalarType type)
{
    switch (type) {
    case at::kFloat: return "FloatStorage";
    case at::kHalf: return "HalfStorage";
    case at::kBFloat16: return "BFloat16Storage";
    case at::kDouble: return "DoubleStorage";
    case at::kLong: return "LongStorage";
    case at::kInt: return "IntStorage";
    case at::kShort: return "ShortStorage";
    case at::kChar: return "CharStorage";
    case at::kByte: return "ByteStorage";
    case at::kBool: return "BoolStorage";
    default: return {};
    }
}

/// Writes pickle protocol 2 opcodes.
class PickleWriter
{
public:
    void op(char c) { m_out.push_back(c); }
    void text(const std::string &s)
    {
        op('X');
        raw(uint32_t(s.size()), 4);
        m_out += s;
    }
    void integer(int64_t v)
    {
        op(char(0x8a)); // LONG1, 8 bytes little-endian two's complement
        op(8);
        raw(uint64_t(v), 8);
    }
    void global(const std::string &module, const std::string &name) { m_out += "c" + module + "\n" + name + "\n"; }
    void intTuple(const std::vector<int64_t> &values)
    {
        op('(');
        for (int64_t v : values)
            integer(v);
        op('t');
    }
    const std::string &data() const { return m_out; }

private:
    void raw(uint64_t v, int bytes)
    {
        for (int i = 0; i < bytes; ++i)
            m_out.push_back(char((v >> (8 * i)) & 0xff));
    }
    std::string m_out;
};

/// Writes a zip of stored records, as PyTorch's writer does.
class ZipWriter
{
public:
    explicit ZipWriter(std::ofstream &out) : m_out(out) {}

    void add(const std::string &name, const void *data, uint64_t size)
    {
        const uint64_t headerEnd = m_offset + 30 + name.size() + 4;
        const uint64_t padding = (kAlignment - headerEnd % kAlignment) % kAlignment;
        const uint32_t crc = uint32_t(crc32(crc32(0L, Z_NULL, 0), static_cast<const Bytef *>(data), uInt(size)));
        m_records.push_back({name, m_offset, size, crc});
        std::string h;
        put(h, 0x04034b50, 4);
        put(h, 20, 2); // version needed
        put(h, 0, 2);  // flags
        put(h, 0, 2);  // stored
        put(h, 0, 4);  // time, date
        put(h, crc, 4);
        put(h, size, 4);
        put(h, size, 4);
        put(h, name.size(), 2);
        put(h, 4 + padding, 2);
        h += name;
        put(h, kPaddingFieldId, 2);
        put(h, padding, 2);
        h.append(padding, 'Z');
        write(h.data(), h.size());
        write(data, size);
    }

    void finish()
    {
        const uint64_t cdOffset = m_offset;
        std::string cd;
        for (const auto &r : m_records) {
            put(cd, 0x02014b50, 4);
            put(cd, 20, 2);
            put(cd, 20, 2);
            put(cd, 0, 2);
            put(cd, 0, 2);
            put(cd, 0, 4);
            put(cd, r.crc, 4);
            put(cd, r.size, 4);
            put(cd, r.size, 4);
            put(cd, r.name.size(), 2);
            put(cd, 0, 2); // extra
            put(cd, 0, 2); // comment
            put(cd, 0, 2); // disk
            put(cd, 0, 2);
            put(cd, 0, 4);
            put(cd, r.offset, 4);
            cd += r.name;
        }
        const uint64_t cdSize = cd.size();
        put(cd, 0x06054b50, 4);
        put(cd, 0, 4); // disk numbers
        put(cd, m_records.size(), 2);
        put(cd, m_records.size(), 2);
        put(cd, cdSize, 4);
        put(cd, cdOffset, 4);
        put(cd, 0, 2); // comment length
        write(cd.data(), cd.size());
    }

    uint64_t offset() const { return m_offset; }

private:
    struct Record
    {
        std::string name;
        uint64_t offset, size;
        uint32_t crc;
    };
    static void put(std::string &s, uint64_t v, int bytes)
    {
        for (int i = 0; i < bytes; ++i)
            s.push_back(char((v >> (8 * i)) & 0xff));
    }
    void write(const void *data, uint64_t size)
    {
        m_out.write(static_cast<const char *>(data), std::streamsize(size));
        m_offset += size;
    }
    std::ofstream &m_out;
    uint64_t m_offset = 0;
    std::vector<Record> m_records;
};

/// Writes the records of a checkpoint zip to a temporary file, then renames it into place.
void writeZipParts(const std::filesystem::path &path, const std::string &pickle,
                   const std::vector<std::pair<const void *, uint64_t>> &storages)
{
    std::filesystem::path temp = path;
    temp += ".tmp";
    try {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        if (!out)
            fail(path, "cannot create '" + temp.string() + "'");
        ZipWriter zip(out);
        const std::string top = "archive/";
        zip.add(top + "data.pkl", pickle.data(), pickle.size());
        zip.add(top + "byteorder", "little", 6);
        for (size_t i = 0; i < storages.size(); ++i)
            zip.add(top + "data/" + std::to_string(i), storages[i].first, storages[i].second);
        zip.add(top + "version", "3\n", 2);
        if (zip.offset() > std::numeric_limits<uint32_t>::max())
            fail(path, "checkpoints over 4 GiB need zip64, which this writer does not produce");
        zip.finish();
        out.flush();
        if (!out)
            fail(path, "write failed (disk full?)");
    } catch (...) {
        std::error_code ignored;
        std::filesystem::remove(temp, ignored);
        throw;
    }
    std::error_code ec;
    std::filesystem::rename(temp, path, ec);
    if (ec) {
        std::filesystem::remove(temp);
        fail(path, "cannot move the finished file into place: " + ec.message());
    }
}

void writeZip(const std::filesystem::path &path, const std::string &pickle, const std::vector<at::Tensor> &storages)
{
    std::vector<std::pair<const void *, uint64_t>> parts;
    for (const auto &t : storages)
        parts.emplace_back(t.data_ptr(), t.nbytes());
    writeZipParts(path, pickle, parts);
}

} // namespace

void writeCheckpoint(const std::filesystem::path &path, const TensorMap &tensors, const std::string &wrapKey)
{
    std::vector<at::Tensor> storages;
    PickleWriter p;
    p.op(char(0x80));
    p.op(2);
    if (!wrapKey.empty()) {
        p.op('}');
        p.text(wrapKey);
    }
    p.global("collections", "OrderedDict");
    p.op(')');
    p.op('R');
    p.op('(');
    for (const auto &[name, tensor] : tensors) {
        const std::string type = storageTypeName(tensor.scalar_type());
        if (type.empty())
            fail(path, "tensor '" + name + "' has an unsupported dtype");
        const at::Tensor data = tensor.detach().to(at::kCPU).contiguous();
        p.text(name);
        p.global("torch._utils", "_rebuild_tensor_v2");
        p.op('(');
        p.op('(');
        p.text("storage");
        p.global("torch", type);
        p.text(std::to_string(storages.size()));
        p.text("cpu");
        p.integer(data.numel());
        p.op('t');
        p.op('Q');
        p.integer(0);
        p.intTuple(data.sizes().vec());
        p.intTuple(data.strides().vec());
        p.op(char(0x89)); // requires_grad False
        p.global("collections", "OrderedDict");
        p.op(')');
        p.op('R');
        p.op('t');
        p.op('R');
        storages.push_back(data);
    }
    p.op('u');
    if (!wrapKey.empty())
        p.op('s');
    p.op('.');

    writeZip(path, p.data(), storages);
}

void writeRawCheckpoint(const std::filesystem::path &path, const std::string &pickle,
                        const std::vector<std::string> &storages)
{
    std::vector<std::pair<const void *, uint64_t>> parts;
    for (const auto &s : storages)
        parts.emplace_back(s.data(), s.size());
    writeZipParts(path, pickle, parts);
}

} // namespace dinosam
