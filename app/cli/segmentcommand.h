#pragma once
// `dinosam IMAGE...`: segments a batch and exports every result. One image's
// failure is reported and the batch goes on; the exit code tells whether all succeeded.
#include "clioptions.h"

namespace dinosam::cli {

/// Runs the batch described by `options`. Returns an ExitCode (130 after Ctrl-C).
/// Progress and results on stdout, errors on stderr. Never throws.
int runSegmentCommand(const CliOptions &options);

} // namespace dinosam::cli
