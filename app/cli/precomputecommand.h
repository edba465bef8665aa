#pragma once
// `dinosam precompute IMAGE...`: runs the encoders over a batch and keeps their outputs in the
// disk feature cache, so that later runs (CLI, studio) of these images need no encoder.
#include "clioptions.h"

namespace dinosam::cli {

/// Runs `options` (precompute = true; models, --cache-dir, --shard, --recursive apply).
/// Returns an ExitCode (130 after Ctrl-C). Never throws.
int runPrecomputeCommand(const CliOptions &options);

} // namespace dinosam::cli
