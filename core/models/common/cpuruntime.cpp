#include "models/common/cpuruntime.h"

#include "models/common/tensorheap.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <thread>

#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <cstdlib>
#if defined(__linux__)
#include <unistd.h>
#endif

namespace dinosam {

int configureCpuRuntime(int threads)
{
    keepTensorMemoryInHeap();
    useTensorHeap();
    const int cores = int(std::max(1u, std::thread::hardware_concurrency()));
    at::set_num_threads(threads > 0 ? threads : cores);
    return at::get_num_threads();
}

void keepTensorMemoryInHeap()
{
#if defined(__GLIBC__)
    // No mmap'd chunks: freed blocks go back to the free lists and are reused.
    mallopt(M_MMAP_MAX, 0);
    // Give memory back to the kernel only when this much is free at the top of
    // the heap (one image's working set of the largest models stays resident).
    mallopt(M_TRIM_THRESHOLD, 512 * 1024 * 1024);
#endif
}

void releaseFreedHeapMemory()
{
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
    releaseTensorHeapMemory();
}

void restartWithPassiveOpenMpWaitIfUnset(char **argv)
{
#if defined(__linux__)
    if (std::getenv("OMP_WAIT_POLICY") != nullptr || argv == nullptr || argv[0] == nullptr)
        return;
    if (setenv("OMP_WAIT_POLICY", "PASSIVE", 1) != 0)
        return;
    execv("/proc/self/exe", argv); // returns only on failure: carry on as we are
    unsetenv("OMP_WAIT_POLICY");
#else
    (void)argv;
#endif
}

const char *openMpWaitPolicy()
{
    const char *policy = std::getenv("OMP_WAIT_POLICY");
    return policy ? policy : "runtime default";
}

} // namespace dinosam
