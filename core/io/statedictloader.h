#pragma once
// Copies a state dict onto a torch::nn::Module strictly: every parameter and
// buffer must be present with the right shape, and no key may be left over,
// unless the caller names it as ignored (SAM2's video-only modules).
#include "io/checkpointreader.h"

#include <torch/nn/module.h>

#include <string>
#include <vector>

namespace dinosam {

struct ShapeMismatch
{
    std::string name;
    std::vector<int64_t> got;      ///< shape in the checkpoint
    std::vector<int64_t> expected; ///< shape in the module
};

struct StateDictReport
{
    std::vector<std::string> missing;    ///< in the module, not in the checkpoint
    std::vector<std::string> unexpected; ///< in the checkpoint, not in the module, not ignored
    std::vector<std::string> ignored;    ///< in the checkpoint, skipped on request
    std::vector<ShapeMismatch> mismatched;
    size_t loaded = 0;

    bool ok() const { return missing.empty() && unexpected.empty() && mismatched.empty(); }
    /// Human-readable summary listing the first `maxListed` names of each kind.
    std::string describe(size_t maxListed = 5) const;
};

struct StateDictLoadOptions
{
    /// Checkpoint keys starting with any of these prefixes are skipped, not "unexpected".
    std::vector<std::string> ignoredPrefixes;
    /// Throw CheckpointError when the report is not ok(). When false, loads what matches.
    bool strict = true;
    /// Named in error messages ("dinov2_vits14_pretrain.pth").
    std::string sourceName;
};

/// Copies matching tensors into the module's parameters and buffers (converting
/// dtype to the module's), under NoGradGuard. Returns what happened; throws
/// CheckpointError when strict and anything is missing, unexpected or mismatched
/// (in which case the module is left untouched).
StateDictReport loadStateDict(torch::nn::Module &module, const TensorMap &stateDict,
                              const StateDictLoadOptions &options = {});

} // namespace dinosam
