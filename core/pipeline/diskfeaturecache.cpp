#include "pipeline/diskfeaturecache.h"

#include "pipeline/contenthash.h"
#include "pipeline/pipelineerror.h"

#include "export/atomicfile.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <system_error>
#include <vector>

namespace dinosam {
namespace fs = std::filesystem;

namespace {

constexpr char kMagic[8] = {'D', 'S', 'M', 'F', 'E', 'A', 'T', '\0'};
constexpr uint32_t kKindDino = 1;
constexpr uint32_t kKindSam2 = 2;
constexpr uint8_t kFloat16 = 1;
constexpr uint8_t kFloat32 = 2;
constexpr size_t kChecksumChars = 32;                 // contentHash(): 128 bits in hex
constexpr uint64_t kMaxFileBytes = uint64_t(1) << 31; // 2 GiB: far above any encoder output
constexpr int64_t kMaxElements = int64_t(1) << 29;
constexpr uint32_t kMaxKeyChars = 4096;
constexpr float kFloat16Max = 65504.f;

// --- bytes -------------------------------------------------------------------------

class Writer
{
public:
    std::vector<unsigned char> bytes;
    void raw(const void *p, size_t n)
    {
        const auto *c = static_cast<const unsigned char *>(p);
        bytes.insert(bytes.end(), c, c + n);
    }
    template <class T>
    void put(T v)
    {
        raw(&v, sizeof v); // little-endian machines only: the header records it (see kMagic use)
    }
    void string(const std::string &s)
    {
        put<uint32_t>(uint32_t(s.size()));
        raw(s.data(), s.size());
    }
};

class Reader
{
public:
    Reader(const unsigned char *p, size_t n) : m_p(p), m_end(p + n) {}
    bool raw(void *out, size_t n)
    {
        if (size_t(m_end - m_p) < n)
            return false;
        std::memcpy(out, m_p, n);
        m_p += n;
        return true;
    }
    template <class T>
    bool get(T &v)
    {
        return raw(&v, sizeof v);
    }
    bool string(std::string &s, uint32_t maxChars)
    {
        uint32_t n = 0;
        if (!get(n) || n > maxChars || size_t(m_end - m_p) < n)
            return false;
        s.assign(reinterpret_cast<const char *>(m_p), n);
        m_p += n;
        return true;
    }
    const unsigned char *take(size_t n)
    {
        if (size_t(m_end - m_p) < n)
            return nullptr;
        const unsigned char *at = m_p;
        m_p += n;
        return at;
    }
    bool atEnd() const { return m_p == m_end; }

private:
    const unsigned char *m_p;
    const unsigned char *m_end;
};

// --- tensors -----------------------------------------------------------------------

/// Descriptor now, data later: all descriptors come before the payload so a reader can check
/// the total size before touching any data.
struct Packed
{
    uint8_t present = 0;
    uint8_t dtype = kFloat16;
    std::vector<int64_t> dims;
    at::Tensor data; // CPU, contiguous, float16 or float32
};

Packed pack(const at::Tensor &t)
{
    Packed p;
    if (!t.defined())
        return p;
    p.present = 1;
    at::Tensor cpu = t.detach().to(at::kCPU).to(at::kFloat).contiguous();
    const bool fits = cpu.numel() == 0 || cpu.abs().max().item<float>() <= kFloat16Max;
    p.dtype = fits ? kFloat16 : kFloat32;
    p.data = fits ? cpu.to(at::kHalf).contiguous() : cpu;
    p.dims.assign(cpu.sizes().begin(), cpu.sizes().end());
    return p;
}

void writeTensors(Writer &w, const std::vector<Packed> &tensors)
{
    w.put<uint32_t>(uint32_t(tensors.size()));
    for (const auto &t : tensors) {
        w.put<uint8_t>(t.present);
        w.put<uint8_t>(t.dtype);
        w.put<uint8_t>(uint8_t(t.dims.size()));
        for (const int64_t d : t.dims)
            w.put<int64_t>(d);
    }
    for (const auto &t : tensors)
        if (t.present)
            w.raw(t.data.data_ptr(), size_t(t.data.nbytes()));
}

/// Reads `count` tensors (shapes first, then data) as float32 on `device`. False on any
/// inconsistency: the caller treats the file as corrupt.
bool readTensors(Reader &r, size_t count, std::vector<at::Tensor> &out, const c10::Device &device)
{
    uint32_t n = 0;
    if (!r.get(n) || n != count)
        return false;
    std::vector<Packed> desc(n);
    for (auto &d : desc) {
        uint8_t ndim = 0;
        if (!r.get(d.present) || !r.get(d.dtype) || !r.get(ndim) || d.present > 1 || ndim > 6 ||
            (d.dtype != kFloat16 && d.dtype != kFloat32))
            return false;
        d.dims.resize(ndim);
        int64_t elements = 1;
        for (auto &dim : d.dims) {
            if (!r.get(dim) || dim < 0 || dim > kMaxElements)
                return false;
            elements *= dim;
            if (elements > kMaxElements)
                return false;
        }
        if (!d.present && ndim != 0)
            return false;
    }
    out.clear();
    for (const auto &d : desc) {
        if (!d.present) {
            out.emplace_back();
            continue;
        }
        const auto type = d.dtype == kFloat16 ? at::kHalf : at::kFloat;
        at::Tensor t = at::empty(d.dims, at::TensorOptions().dtype(type));
        const unsigned char *bytes = r.take(size_t(t.nbytes()));
        if (!bytes)
            return false;
        std::memcpy(t.data_ptr(), bytes, size_t(t.nbytes()));
        t = t.to(at::kFloat);
        if (device.type() != at::kCPU)
            t = t.to(device);
        out.push_back(std::move(t));
    }
    return true;
}

std::string fullKey(uint32_t kind, const std::string &modelTag, const std::string &contentKey, int inputSize)
{
    return std::string(kind == kKindDino ? "dino" : "sam2") + "|v" + std::to_string(DiskFeatureCache::kFormatVersion) +
           "|" + modelTag + "|" + contentKey + "|" + std::to_string(inputSize);
}

bool isCacheFileName(const std::string &name)
{
    if (name.size() != kChecksumChars + 4 || name.compare(kChecksumChars, 4, ".dsf") != 0)
        return false;
    return std::all_of(name.begin(), name.begin() + kChecksumChars,
                       [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

/// AtomicFile's temporary of a cache file: ".<32 hex>.dsf.tmp-XXXXXX".
bool isCacheTemporary(const std::string &name)
{
    return name.size() == 1 + kChecksumChars + 4 + 11 && name[0] == '.' && isCacheFileName(name.substr(1, 36)) &&
           name.compare(37, 5, ".tmp-") == 0;
}

c10::Device deviceOf(ComputeDevice d) { return d == ComputeDevice::Cuda ? c10::Device(at::kCUDA, 0) : c10::Device(at::kCPU); }

} // namespace

DiskFeatureCache::DiskFeatureCache(fs::path dir, uint64_t budgetBytes, ComputeDevice device)
    : m_dir(std::move(dir)), m_budget(budgetBytes), m_device(device)
{
    std::error_code ec;
    fs::create_directories(m_dir, ec);
    if (ec || !fs::is_directory(m_dir))
        throw PipelineError(PipelineError::Kind::InvalidArgument,
                            "cannot use the feature cache folder " + m_dir.string() + ": " +
                                (ec ? ec.message() : std::string("not a folder")));
}

fs::path DiskFeatureCache::defaultDir()
{
#ifdef _WIN32
    if (const char *local = std::getenv("LOCALAPPDATA"); local && *local)
        return fs::path(local) / "dinosam" / "features";
#endif
    if (const char *xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
        return fs::path(xdg) / "dinosam" / "features";
    if (const char *home = std::getenv("HOME"); home && *home)
        return fs::path(home) / ".cache" / "dinosam" / "features";
    return fs::temp_directory_path() / "dinosam-features";
}

fs::path defaultFeatureCacheDir() { return DiskFeatureCache::defaultDir(); }

std::string DiskFeatureCache::checkpointTag(const std::string &modelId, const fs::path &checkpoint)
{
    std::error_code ec;
    const uintmax_t size = fs::file_size(checkpoint, ec);
    if (ec)
        return {};
    std::ifstream in(checkpoint, std::ios::binary);
    constexpr uintmax_t kEdge = 64 * 1024;
    std::vector<char> buf(size_t(std::min<uintmax_t>(size, 2 * kEdge)));
    if (size <= 2 * kEdge) {
        in.read(buf.data(), std::streamsize(buf.size()));
    } else {
        in.read(buf.data(), std::streamsize(kEdge));
        in.seekg(std::streamoff(size - kEdge));
        in.read(buf.data() + kEdge, std::streamsize(kEdge));
    }
    if (!in)
        return {};
    return modelId + "|" + std::to_string(size) + "|" + contentHash(buf.data(), buf.size());
}

fs::path DiskFeatureCache::fileFor(const std::string &kind, const std::string &modelTag, const std::string &contentKey,
                                   int inputSize) const
{
    const std::string key = fullKey(kind == "dino" ? kKindDino : kKindSam2, modelTag, contentKey, inputSize);
    return m_dir / (contentHash(key.data(), key.size()) + ".dsf");
}

std::shared_ptr<std::vector<unsigned char>> DiskFeatureCache::readValid(const fs::path &file, const std::string &key,
                                                                        uint32_t kind)
{
    std::error_code ec;
    const uintmax_t size = fs::file_size(file, ec);
    if (ec) {
        ++m_stats.misses;
        return nullptr;
    }
    auto reject = [&] {
        ++m_stats.rejected;
        ++m_stats.misses;
        std::error_code rec;
        fs::remove(file, rec);
        return nullptr;
    };
    if (size < sizeof kMagic + 12 + kChecksumChars || size > kMaxFileBytes)
        return reject();
    auto bytes = std::make_shared<std::vector<unsigned char>>(size_t(size));
    {
        std::ifstream in(file, std::ios::binary);
        if (!in.read(reinterpret_cast<char *>(bytes->data()), std::streamsize(size)) ||
            in.peek() != std::char_traits<char>::eof())
            return reject(); // changed size while reading: replaced or truncated under us
    }
    const size_t body = bytes->size() - kChecksumChars;
    const std::string stored(reinterpret_cast<const char *>(bytes->data() + body), kChecksumChars);
    if (std::memcmp(bytes->data(), kMagic, sizeof kMagic) != 0 || stored != contentHash(bytes->data(), body))
        return reject();
    Reader r(bytes->data() + sizeof kMagic, body - sizeof kMagic);
    uint32_t version = 0, fileKind = 0, endian = 0;
    std::string fileKey;
    if (!r.get(version) || !r.get(fileKind) || !r.get(endian) || version != kFormatVersion || fileKind != kind ||
        endian != 0x01020304u || !r.string(fileKey, kMaxKeyChars) || fileKey != key)
        return reject();
    bytes->resize(body); // without the checksum: offsets stay those of the file
    return bytes;
}

void DiskFeatureCache::storeBytes(const fs::path &file, std::vector<unsigned char> bytes)
{
    const std::string checksum = contentHash(bytes.data(), bytes.size());
    bytes.insert(bytes.end(), checksum.begin(), checksum.end());
    try {
        AtomicFile::write(file, std::span<const unsigned char>(bytes.data(), bytes.size()));
        ++m_stats.writes;
    } catch (const std::exception &) {
        ++m_stats.writeFailures;
        return;
    }
    if (!m_scanned) {
        m_estimatedBytes = diskBytes();
        m_scanned = true;
    } else {
        m_estimatedBytes += bytes.size();
    }
    if (m_estimatedBytes > m_budget) {
        evictTo(m_budget / 10 * 9, file);
        m_estimatedBytes = diskBytes();
    }
}

namespace {

/// Parses a file body after its key: the fixed header of `meta` ints, then `count` tensors.
bool parseBody(const std::vector<unsigned char> &bytes, size_t keyEnd, std::vector<int32_t> &meta, size_t metaCount,
               std::vector<at::Tensor> &tensors, size_t count, const c10::Device &device)
{
    Reader r(bytes.data() + keyEnd, bytes.size() - keyEnd);
    uint32_t n = 0;
    if (!r.get(n) || n != metaCount)
        return false;
    meta.resize(n);
    for (auto &m : meta)
        if (!r.get(m) || m < 0 || m > (1 << 20))
            return false;
    return readTensors(r, count, tensors, device) && r.atEnd();
}

size_t keyEndOffset(const std::string &key) { return sizeof kMagic + 12 + 4 + key.size(); }

void writeHeader(Writer &w, uint32_t kind, const std::string &key)
{
    w.raw(kMagic, sizeof kMagic);
    w.put<uint32_t>(DiskFeatureCache::kFormatVersion);
    w.put<uint32_t>(kind);
    w.put<uint32_t>(0x01020304u);
    w.string(key);
}

} // namespace

std::shared_ptr<const DinoFeatures> DiskFeatureCache::loadDino(const std::string &modelTag,
                                                               const std::string &contentKey, int inputSize)
{
    const std::string key = fullKey(kKindDino, modelTag, contentKey, inputSize);
    const fs::path file = m_dir / (contentHash(key.data(), key.size()) + ".dsf");
    const auto bytes = readValid(file, key, kKindDino);
    if (!bytes)
        return nullptr;
    std::vector<int32_t> meta;
    std::vector<at::Tensor> t;
    try {
        if (!parseBody(*bytes, keyEndOffset(key), meta, 7, t, 4, deviceOf(m_device)) || !t[0].defined() ||
            !t[1].defined() || !t[2].defined()) {
            ++m_stats.rejected;
            ++m_stats.misses;
            std::error_code ec;
            fs::remove(file, ec);
            return nullptr;
        }
    } catch (const std::exception &) { // allocation failure or a device problem: recompute
        ++m_stats.misses;
        return nullptr;
    }
    auto f = std::make_shared<DinoFeatures>();
    f->modelId = modelTag.substr(0, modelTag.find('|'));
    f->imageSize = {meta[0], meta[1]};
    f->inputSize = {meta[2], meta[3]};
    f->gridH = meta[4];
    f->gridW = meta[5];
    f->numRegisters = meta[6];
    f->clsToken = t[0];
    f->patchTokens = t[1];
    f->lastAttnCls = t[2];
    f->lastKeys = t[3];
    // Shapes that discovery relies on: [1, gridH*gridW, C] and [1, heads, 1 + R + gridH*gridW].
    const int64_t tokens = int64_t(f->gridH) * f->gridW;
    if (f->patchTokens.dim() != 3 || f->patchTokens.size(1) != tokens || f->lastAttnCls.dim() != 3 ||
        f->lastAttnCls.size(2) != 1 + f->numRegisters + tokens) {
        ++m_stats.rejected;
        ++m_stats.misses;
        std::error_code ec;
        fs::remove(file, ec);
        return nullptr;
    }
    ++m_stats.hits;
    std::error_code ec;
    fs::last_write_time(file, fs::file_time_type::clock::now(), ec); // LRU: recently used
    return f;
}

void DiskFeatureCache::storeDino(const std::string &modelTag, const std::string &contentKey, int inputSize,
                                 const DinoFeatures &f)
{
    const std::string key = fullKey(kKindDino, modelTag, contentKey, inputSize);
    Writer w;
    try {
        writeHeader(w, kKindDino, key);
        const int32_t meta[] = {f.imageSize.width, f.imageSize.height, f.inputSize.width, f.inputSize.height,
                                f.gridH,           f.gridW,            f.numRegisters};
        w.put<uint32_t>(7);
        for (const int32_t m : meta)
            w.put<int32_t>(m);
        writeTensors(w, {pack(f.clsToken), pack(f.patchTokens), pack(f.lastAttnCls), pack(f.lastKeys)});
    } catch (const std::exception &) {
        ++m_stats.writeFailures;
        return;
    }
    storeBytes(m_dir / (contentHash(key.data(), key.size()) + ".dsf"), std::move(w.bytes));
}

std::shared_ptr<const Sam2Features> DiskFeatureCache::loadSam2(const std::string &modelTag,
                                                               const std::string &contentKey)
{
    const std::string key = fullKey(kKindSam2, modelTag, contentKey, 0);
    const fs::path file = m_dir / (contentHash(key.data(), key.size()) + ".dsf");
    const auto bytes = readValid(file, key, kKindSam2);
    if (!bytes)
        return nullptr;
    std::vector<int32_t> meta;
    std::vector<at::Tensor> t;
    bool ok = false;
    try {
        ok = parseBody(*bytes, keyEndOffset(key), meta, 2, t, 3, deviceOf(m_device)) && t[0].defined() &&
             t[1].defined() && t[2].defined() && t[0].dim() == 4 && t[1].dim() == 4 && t[2].dim() == 4 &&
             t[0].size(0) == 1 && t[1].size(0) == 1 && t[2].size(0) == 1;
    } catch (const std::exception &) {
        ++m_stats.misses;
        return nullptr;
    }
    if (!ok) {
        ++m_stats.rejected;
        ++m_stats.misses;
        std::error_code ec;
        fs::remove(file, ec);
        return nullptr;
    }
    auto f = std::make_shared<Sam2Features>();
    f->modelId = modelTag.substr(0, modelTag.find('|'));
    f->imageSize = {meta[0], meta[1]};
    f->imageEmbed = t[0];
    f->highResFeat0 = t[1];
    f->highResFeat1 = t[2];
    ++m_stats.hits;
    std::error_code ec;
    fs::last_write_time(file, fs::file_time_type::clock::now(), ec);
    return f;
}

void DiskFeatureCache::storeSam2(const std::string &modelTag, const std::string &contentKey, const Sam2Features &f)
{
    const std::string key = fullKey(kKindSam2, modelTag, contentKey, 0);
    Writer w;
    try {
        writeHeader(w, kKindSam2, key);
        w.put<uint32_t>(2);
        w.put<int32_t>(f.imageSize.width);
        w.put<int32_t>(f.imageSize.height);
        writeTensors(w, {pack(f.imageEmbed), pack(f.highResFeat0), pack(f.highResFeat1)});
    } catch (const std::exception &) {
        ++m_stats.writeFailures;
        return;
    }
    storeBytes(m_dir / (contentHash(key.data(), key.size()) + ".dsf"), std::move(w.bytes));
}

uint64_t DiskFeatureCache::diskBytes() const
{
    uint64_t total = 0;
    std::error_code ec;
    for (fs::directory_iterator it(m_dir, ec), end; !ec && it != end; it.increment(ec)) {
        if (!isCacheFileName(it->path().filename().string()))
            continue;
        std::error_code sec;
        const auto size = it->file_size(sec);
        if (!sec)
            total += size;
    }
    return total;
}

int DiskFeatureCache::evictTo(uint64_t targetBytes, const fs::path &keep)
{
    struct Item
    {
        fs::path path;
        fs::file_time_type time;
        uint64_t size;
    };
    std::vector<Item> items;
    uint64_t total = 0;
    const auto staleTemporary = fs::file_time_type::clock::now() - std::chrono::hours(1);
    std::error_code ec;
    for (fs::directory_iterator it(m_dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        std::error_code sec;
        if (isCacheTemporary(name)) { // a writer killed mid-write; live writers finish in seconds
            if (it->last_write_time(sec) < staleTemporary && !sec)
                fs::remove(it->path(), sec);
            continue;
        }
        if (!isCacheFileName(name))
            continue;
        const auto size = it->file_size(sec);
        const auto time = sec ? fs::file_time_type() : it->last_write_time(sec);
        if (sec)
            continue;
        total += size;
        items.push_back({it->path(), time, size});
    }
    std::sort(items.begin(), items.end(), [](const Item &a, const Item &b) { return a.time < b.time; });
    int removed = 0;
    for (const auto &item : items) {
        if (total <= targetBytes)
            break;
        if (!keep.empty() && item.path == keep)
            continue;
        std::error_code rec;
        if (fs::remove(item.path, rec) || !fs::exists(item.path, rec)) { // gone, by us or another process
            total -= item.size;
            ++removed;
        }
    }
    m_stats.evictions += uint64_t(removed);
    return removed;
}

} // namespace dinosam
