#pragma once
// Shared helpers for the benchmark executables: the machine's sgemm speed as
// a yardstick, and a wall-clock timer. Benchmarks print; they never assert.
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <vector>

namespace dinosam::bench {

/// Seconds for fn(), median of `repeats` runs after one warm-up run.
inline double medianSeconds(const std::function<void()> &fn, int repeats = 3)
{
    fn();
    std::vector<double> times;
    for (int i = 0; i < repeats; ++i) {
        const auto start = std::chrono::steady_clock::now();
        fn();
        times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

/// Single-precision matrix multiply throughput of this machine (GFLOP/s),
/// measured with LibTorch's own BLAS on an n x n product: the best of 9 runs,
/// so a busy neighbour lowers the yardstick less (and the ratios against it are
/// conservative).
inline double measureSgemmGflops(int64_t n = 1024)
{
    torch::NoGradGuard noGrad;
    const auto a = torch::randn({n, n});
    const auto b = torch::randn({n, n});
    auto c = torch::empty({n, n});
    torch::mm_out(c, a, b);
    double best = 1e30;
    for (int i = 0; i < 9; ++i) {
        const auto start = std::chrono::steady_clock::now();
        torch::mm_out(c, a, b);
        best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    return 2.0 * double(n) * double(n) * double(n) / best / 1e9;
}

} // namespace dinosam::bench
