#pragma once
// Reads PyTorch checkpoints written by torch.save (zip format, PyTorch >= 1.6)
// without executing anything from the file: the pickle is interpreted by a
// small whitelisted machine (see pickle.h), sizes and offsets are all checked.
#include "io/checkpointerror.h"

#include <ATen/core/Tensor.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace dinosam {

/// Tensors by name. Nested dicts are flattened with '.', so SAM2's
/// {"model": {"image_encoder.trunk.pos_embed": T}} becomes
/// "model.image_encoder.trunk.pos_embed". Non-tensor leaves are dropped.
using TensorMap = std::map<std::string, at::Tensor>;

struct CheckpointReadOptions
{
    /// Convert float16/bfloat16/float64 tensors to float32 (models compute in float32).
    bool floatingToFloat32 = false;
};

/// Reads every tensor of a torch.save zip checkpoint.
/// Thread-safe (no shared state). Throws CheckpointError on any problem:
/// missing file, directory, legacy (non-zip) format, compressed or truncated
/// records, unknown pickle opcodes, any global outside the whitelist,
/// storages smaller than size x stride demands.
TensorMap readCheckpoint(const std::filesystem::path &path, const CheckpointReadOptions &options = {});

/// Reads a state dict: the whole checkpoint, or the entry `key` when the
/// checkpoint wraps it (Meta's SAM2 files hold it under "model"). With an empty
/// key, a checkpoint whose tensors all live under "model." is unwrapped
/// automatically. Throws CheckpointError when `key` is given but absent.
TensorMap readStateDict(const std::filesystem::path &path, const CheckpointReadOptions &options = {},
                        const std::string &key = {});

/// Key -> shape of every tensor readStateDict() would return, without reading any tensor
/// data: only the zip directory and the pickle are read (milliseconds, even for a file of
/// several GB), so a checkpoint can be identified (models/catalog: identifyCheckpoint())
/// before it is loaded. Same checks and errors as readStateDict() except those that need
/// the data. Thread-safe.
std::map<std::string, std::vector<int64_t>> readStateDictShapes(const std::filesystem::path &path,
                                                                const std::string &key = {});

/// Entries of `tensors` whose name starts with `prefix`, with the prefix removed.
TensorMap stripPrefix(const TensorMap &tensors, const std::string &prefix);

} // namespace dinosam
