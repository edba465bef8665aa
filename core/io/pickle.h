#pragma once
// A whitelisted subset of Python's pickle (protocol 2 and up), enough for the
// data.pkl of torch.save state dicts. It builds plain values and never calls
// anything but the few globals below; any other global or opcode is refused.
//
// Allowed globals: collections.OrderedDict, torch._utils._rebuild_tensor_v2,
// torch._utils._rebuild_parameter, torch.{Float,Half,BFloat16,Double,Long,Int,
// Short,Char,Byte,Bool}Storage (as persistent storage types only).
#include <ATen/core/Tensor.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dinosam::pickle {

struct Value;
using ValuePtr = std::shared_ptr<Value>;

struct Value
{
    enum class Kind { None, Bool, Int, Float, String, Tuple, List, Dict, Global, Storage, Tensor };
    Kind kind = Kind::None;
    bool boolean = false;
    int64_t integer = 0;
    double real = 0;
    std::string text;                                // String; Global as "module.name"
    std::vector<ValuePtr> items;                     // Tuple, List
    std::vector<std::pair<ValuePtr, ValuePtr>> dict; // Dict, in insertion order
    at::Tensor tensor;                               // Storage (1-D) or Tensor
};

/// Loads storage `key` of `dtype` holding `numel` elements as a 1-D tensor.
/// Called once per BINPERSID; the caller caches shared storages.
using StorageLoader = std::function<at::Tensor(const std::string &key, at::ScalarType dtype, int64_t numel)>;

/// The result of a pickle and every container it created. Containers are
/// unlinked one by one on destruction, so neither deep nesting nor reference
/// cycles built by a hostile pickle can overflow the stack or leak.
struct Unpickled
{
    ValuePtr root;
    std::vector<ValuePtr> containers;

    Unpickled() = default;
    Unpickled(Unpickled &&) = default;
    Unpickled &operator=(Unpickled &&) = default;
    ~Unpickled();
};

/// Runs the pickle in `data` and returns its result. `context` names the file
/// and record in error messages. Throws CheckpointError on anything refused.
Unpickled unpickle(std::string_view data, const StorageLoader &loadStorage, const std::string &context);

} // namespace dinosam::pickle
