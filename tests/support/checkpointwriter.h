#pragma once
// Writes tensors as a torch.save-compatible zip checkpoint (pickle protocol 2,
// OrderedDict of _rebuild_tensor_v2, one storage record per tensor), which
// PyTorch's torch.load and our own reader both read. Test-only (tests/support,
// target dinosam_test_checkpointwriter): nothing shipped writes checkpoints.
#include "io/checkpointreader.h"

#include <string>
#include <vector>

namespace dinosam {

/// Writes `tensors` (contiguous copies are made as needed) under one OrderedDict,
/// or under {wrapKey: OrderedDict} when wrapKey is not empty (SAM2's layout).
/// The file is written to a temporary name and renamed into place.
/// Throws CheckpointError when the file cannot be written.
void writeCheckpoint(const std::filesystem::path &path, const TensorMap &tensors,
                     const std::string &wrapKey = {});

/// Writes a checkpoint zip from raw parts: `pickle` becomes "archive/data.pkl"
/// and storages[i] becomes "archive/data/<i>". For tests and tools that need
/// hand-made (also deliberately malformed) checkpoints. Atomic like writeCheckpoint.
void writeRawCheckpoint(const std::filesystem::path &path, const std::string &pickle,
                        const std::vector<std::string> &storages);

} // namespace dinosam
