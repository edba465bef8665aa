#pragma once
// `dinosam bench [IMAGE]`: end-to-end seconds per image (first run, re-run after a
// threshold change), images per minute for a batch, with the per-stage breakdown, and
// the process's memory after the first run.
#include "clioptions.h"

namespace dinosam::cli {

/// Prints the measurements on stdout. Returns an ExitCode. Never throws.
int runBenchCommand(const CliOptions &options);

} // namespace dinosam::cli
