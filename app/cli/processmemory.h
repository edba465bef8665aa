#pragma once
// Memory of the running process, for `dinosam bench`: how much RAM the models and
// the stage cache really take, not only how fast they run.
#include <optional>

namespace dinosam::cli {

/// Peak resident set size of this process so far, in MiB (getrusage ru_maxrss).
/// std::nullopt where not implemented (non-Linux).
std::optional<double> peakResidentMiB();

/// Current resident set size of this process, in MiB (/proc/self/statm).
/// std::nullopt where not implemented (non-Linux) or unreadable.
std::optional<double> currentResidentMiB();

} // namespace dinosam::cli
