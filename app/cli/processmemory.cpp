#include "processmemory.h"

#ifdef __linux__
#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#endif

namespace dinosam::cli {

std::optional<double> peakResidentMiB()
{
#ifdef __linux__
    rusage usage{};
    if (getrusage(RUSAGE_SELF, &usage) != 0)
        return std::nullopt;
    const double peak = double(usage.ru_maxrss) / 1024.0; // Linux reports KiB (macOS: bytes, hence Linux only)
    // The kernel updates its high-water mark lazily (when memory is unmapped), so it
    // can trail the current size by a few pages; a peak is never below the present.
    const std::optional<double> current = currentResidentMiB();
    return current && *current > peak ? *current : peak;
#else
    return std::nullopt;
#endif
}

std::optional<double> currentResidentMiB()
{
#ifdef __linux__
    // statm: total program size, then resident pages, ...
    std::ifstream statm("/proc/self/statm");
    long long sizePages = 0, residentPages = 0;
    if (!(statm >> sizePages >> residentPages))
        return std::nullopt;
    const long pageSize = sysconf(_SC_PAGESIZE);
    if (pageSize <= 0)
        return std::nullopt;
    return double(residentPages) * double(pageSize) / 1048576.0;
#else
    return std::nullopt;
#endif
}

} // namespace dinosam::cli
