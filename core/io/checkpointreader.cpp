#include "io/checkpointreader.h"

#include "io/pickle.h"
#include "io/ziparchive.h"

#include <ATen/ATen.h>

#include <map>

namespace dinosam {
namespace {

constexpr uint64_t kMaxPickleSize = 256ull << 20; // a ViT-G state dict's pickle is < 1 MiB
constexpr int kMaxNesting = 32;

[[noreturn]] void fail(const std::filesystem::path &path, const std::string &reason)
{
    throw CheckpointError("Cannot read checkpoint '" + path.string() + "': " + reason);
}

/// Finds the single "<top>/data.pkl" record and returns "<top>/".
std::string recordPrefix(const ZipArchive &zip)
{
    std::string prefix;
    int found = 0;
    for (const auto &[name, entry] : zip.entries()) {
        const std::string suffix = "data.pkl";
        if (name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
            const std::string candidate = name.substr(0, name.size() - suffix.size());
            if (candidate.empty() || (candidate.back() == '/' && candidate.find('/') == candidate.size() - 1)) {
                prefix = candidate;
                ++found;
            }
        }
    }
    if (found == 0)
        fail(zip.path(), "no data.pkl record: this zip file is not a PyTorch checkpoint");
    if (found > 1)
        fail(zip.path(), "several data.pkl records: this zip file is not a single PyTorch checkpoint");
    return prefix;
}

void flatten(const pickle::ValuePtr &value, const std::string &name, int depth, TensorMap &out,
             const std::filesystem::path &path)
{
    using Kind = pickle::Value::Kind;
    if (depth > kMaxNesting)
        fail(path, "dicts nested deeper than " + std::to_string(kMaxNesting) + " levels");
    if (value->kind == Kind::Tensor) {
        if (!out.emplace(name, value->tensor).second)
            fail(path, "tensor name '" + name + "' appears twice");
        return;
    }
    if (value->kind != Kind::Dict)
        return; // numbers, strings, lists: not tensors of a state dict
    for (const auto &[key, item] : value->dict) {
        std::string keyText;
        if (key->kind == Kind::String)
            keyText = key->text;
        else if (key->kind == Kind::Int)
            keyText = std::to_string(key->integer);
        else
            fail(path, "a dict key is neither a string nor an integer");
        flatten(item, name.empty() ? keyText : name + "." + keyText, depth + 1, out, path);
    }
}

/// Every tensor of the checkpoint; without `loadData` the storages are meta tensors
/// (sizes and strides, no memory, nothing read from the records).
TensorMap readTensors(const std::filesystem::path &path, const CheckpointReadOptions &options, bool loadData)
{
    const ZipArchive zip(path);
    const std::string prefix = recordPrefix(zip);

    const std::string byteOrderName = prefix + "byteorder";
    if (zip.contains(byteOrderName)) {
        const std::string order = zip.readAll(byteOrderName, 16);
        if (order != "little")
            fail(path, "byte order '" + order + "' is not supported (only little-endian)");
    }

    std::map<std::string, at::Tensor> storages;
    const pickle::StorageLoader loadStorage = [&](const std::string &key, at::ScalarType dtype, int64_t numel) {
        const auto found = storages.find(key);
        if (found != storages.end()) {
            if (found->second.scalar_type() != dtype || found->second.numel() != numel)
                fail(path, "storage '" + key + "' is used with two different types or sizes");
            return found->second;
        }
        const std::string record = prefix + "data/" + key;
        const uint64_t elementSize = at::elementSize(dtype);
        const uint64_t recordSize = zip.entry(record).size;
        if (uint64_t(numel) > recordSize / elementSize || uint64_t(numel) * elementSize != recordSize)
            fail(path, "record '" + record + "' holds " + std::to_string(recordSize) + " bytes, but its storage of " +
                           std::to_string(numel) + " x " + std::to_string(elementSize) + " bytes needs " +
                           std::to_string(uint64_t(numel) * elementSize));
        if (!loadData) {
            const at::Tensor meta = at::empty({numel}, at::TensorOptions().dtype(dtype).device(at::kMeta));
            storages.emplace(key, meta);
            return meta;
        }
        at::Tensor storage = at::empty({numel}, at::TensorOptions().dtype(dtype));
        zip.read(record, storage.data_ptr(), recordSize);
        storages.emplace(key, storage);
        return storage;
    };

    const std::string pickleName = prefix + "data.pkl";
    const std::string pickleData = zip.readAll(pickleName, kMaxPickleSize);
    const pickle::Unpickled result =
        pickle::unpickle(pickleData, loadStorage, "'" + path.string() + "' record '" + pickleName + "'");
    if (result.root->kind != pickle::Value::Kind::Dict)
        fail(path, "the checkpoint does not hold a dict of tensors");

    TensorMap tensors;
    flatten(result.root, {}, 0, tensors, path);
    if (options.floatingToFloat32 && loadData) {
        for (auto &[name, tensor] : tensors) {
            if (tensor.is_floating_point() && tensor.scalar_type() != at::kFloat)
                tensor = tensor.to(at::kFloat);
        }
    }
    return tensors;
}

} // namespace

TensorMap readCheckpoint(const std::filesystem::path &path, const CheckpointReadOptions &options)
{
    return readTensors(path, options, true);
}

TensorMap stripPrefix(const TensorMap &tensors, const std::string &prefix)
{
    TensorMap out;
    for (const auto &[name, tensor] : tensors) {
        if (name.size() > prefix.size() && name.compare(0, prefix.size(), prefix) == 0)
            out.emplace(name.substr(prefix.size()), tensor);
    }
    return out;
}

namespace {

/// The state dict of `all` (see readStateDict()).
TensorMap unwrapStateDict(TensorMap all, const std::filesystem::path &path, const std::string &key)
{
    if (!key.empty()) {
        TensorMap inner = stripPrefix(all, key + ".");
        if (inner.empty())
            fail(path, "it has no entry '" + key + "' holding tensors");
        return inner;
    }
    const std::string wrapped = "model.";
    bool allWrapped = !all.empty();
    for (const auto &[name, tensor] : all)
        allWrapped = allWrapped && name.compare(0, wrapped.size(), wrapped) == 0;
    return allWrapped ? stripPrefix(all, wrapped) : all;
}

} // namespace

TensorMap readStateDict(const std::filesystem::path &path, const CheckpointReadOptions &options,
                        const std::string &key)
{
    return unwrapStateDict(readCheckpoint(path, options), path, key);
}

std::map<std::string, std::vector<int64_t>> readStateDictShapes(const std::filesystem::path &path,
                                                                const std::string &key)
{
    std::map<std::string, std::vector<int64_t>> shapes;
    for (const auto &[name, tensor] : unwrapStateDict(readTensors(path, {}, false), path, key))
        shapes.emplace(name, std::vector<int64_t>(tensor.sizes().begin(), tensor.sizes().end()));
    return shapes;
}

} // namespace dinosam
