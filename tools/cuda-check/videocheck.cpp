// CPU vs CUDA check of the native SAM2 video predictor (not part of the project's build),
// and its memory over a long clip. Random weights (fixed seed), a synthetic clip of two
// discs moving over a gradient at 480 x 640:
//   1. parity: both objects (a box and a click on frame 0) propagated over 8 frames, a
//      negative click on frame 4 (corrections-stick mode), propagation from frame 4, on the
//      CPU and then on CUDA; the largest differences of the low-res logits, object scores
//      and pointers per pass.
//   2. CUDA speed: frames per second of propagation for 1 and 5 objects (SPEED_FRAMES, 300).
//   3. memory over a long clip (LONG_FRAMES, default 1000; LONG_DEVICE cpu or cuda): the
//      tracker's loop (releaseDistantOutputs and the heap trim per frame); every 100 frames
//      the peak RSS since the last report (VmHWM, reset through /proc/self/clear_refs) and,
//      on CUDA, the caching allocator's reserved memory as the driver sees it (nvidia-smi,
//      sampled by the caller).
// Exit 0 when the parity holds.
#include "models/catalog/modelcatalog.h"
#include "models/common/cpuruntime.h"
#include "models/sam2/sam2videopredictor.h"

#include <torch/cuda.h>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

using namespace dinosam;
using Clock = std::chrono::steady_clock;

namespace {
int failures = 0;

double maxDiff(const at::Tensor &a, const at::Tensor &b)
{
    const auto x = a.to(torch::kCPU, torch::kFloat), y = b.to(torch::kCPU, torch::kFloat);
    return x.sizes() == y.sizes() ? (x - y).abs().max().item<double>() : 1e30;
}

/// A synthetic frame: two discs (objects 1 and 2) moving across a gradient, [S, S, 3] uint8 at
/// the model size (the frame loader's resize is tested elsewhere).
at::Tensor frameAt(int64_t i, int64_t size)
{
    auto yy = torch::linspace(0, 1, size).view({size, 1});
    auto xx = torch::linspace(0, 1, size).view({1, size});
    const double t = double(i);
    const double cx1 = 0.3 + 0.2 * std::sin(t / 15), cy1 = 0.4 + 0.1 * std::cos(t / 11);
    const double cx2 = 0.7 - 0.15 * std::sin(t / 9), cy2 = 0.65;
    auto d1 = ((xx - cx1).pow(2) + (yy - cy1).pow(2)) < 0.01;
    auto d2 = ((xx - cx2).pow(2) + (yy - cy2).pow(2)) < 0.02;
    auto r = (xx * 120 + 40).expand({size, size}).clone();
    auto g = (yy * 90 + 60).expand({size, size}).clone();
    auto b = (xx * yy * 100 + 90).expand({size, size}).clone();
    r.masked_fill_(d1, 250); g.masked_fill_(d1, 220); b.masked_fill_(d1, 30);
    r.masked_fill_(d2, 20); g.masked_fill_(d2, 60); b.masked_fill_(d2, 230);
    return torch::stack({r, g, b}, 2).to(torch::kByte).contiguous();
}

/// Frames made as the propagation asks for them (a long clip never sits in memory).
class SyntheticSource : public sam2::Sam2FrameSource
{
public:
    SyntheticSource(int64_t frames, int64_t size) : m_frames(frames), m_size(size) {}
    int64_t numFrames() const override { return m_frames; }
    int64_t videoHeight() const override { return 480; }
    int64_t videoWidth() const override { return 640; }
    at::Tensor modelInput(int64_t i) override { return sam2::sam2NormalizeFrame(frameAt(i, m_size)); }

private:
    int64_t m_frames, m_size;
};

using Outputs = std::map<std::pair<int64_t, int64_t>, sam2::VideoObjectResult>; // (frame, obj)

void collect(sam2::Sam2VideoPredictor &p, sam2::Sam2VideoState &s, int64_t from, Outputs &out)
{
    sam2::PropagateOptions o;
    o.startFrame = from;
    p.propagate(s, o, [&](const sam2::VideoFrameResult &r) {
        for (const auto &obj : r.objects)
            out[{r.frameIdx, obj.objId}] = sam2::VideoObjectResult{obj.objId, obj.lowResLogits.cpu(),
                                                                   obj.objectScoreLogits.cpu(), obj.objPtr.cpu(),
                                                                   obj.conditioning};
        return true;
    });
}

/// Part 1 on one device: two passes, returns the outputs of each.
std::pair<Outputs, Outputs> parityRun(sam2::Sam2VideoPredictor &p, int64_t size)
{
    auto state = p.initState(std::make_shared<SyntheticSource>(8, size), /*addAllFramesToCorrectAsCond=*/true, 2);
    p.addNewPointsOrBox(state, 0, 1, {}, std::array<float, 4>{110, 120, 290, 265});
    p.addNewPointsOrBox(state, 0, 2, {{448, 312, 1}});
    Outputs first, second;
    collect(p, state, 0, first);
    p.addNewPointsOrBox(state, 4, 2, {{470, 330, 0}}, std::nullopt, /*clearOldPoints=*/false);
    collect(p, state, 4, second);
    return {first, second};
}

void compareRuns(const char *pass, const Outputs &cpu, const Outputs &gpu)
{
    double logits = 0, scores = 0, ptrs = 0;
    size_t missing = 0;
    for (const auto &[key, a] : cpu) {
        const auto it = gpu.find(key);
        if (it == gpu.end()) {
            ++missing;
            continue;
        }
        logits = std::max(logits, maxDiff(a.lowResLogits, it->second.lowResLogits));
        scores = std::max(scores, maxDiff(a.objectScoreLogits, it->second.objectScoreLogits));
        ptrs = std::max(ptrs, maxDiff(a.objPtr, it->second.objPtr));
    }
    // fp32 on both sides but different kernels (cuBLAS/cuDNN against OpenBLAS), and the
    // memories are stored in bfloat16 (as Meta's code does), which rounds differently.
    const bool ok = missing == 0 && cpu.size() == gpu.size() && logits <= 5e-2 && scores <= 5e-2 && ptrs <= 5e-2;
    failures += ok ? 0 : 1;
    std::printf("%-10s %zu outputs: max|cpu-cuda| low-res logits %.3g, object scores %.3g, pointers %.3g %s\n", pass,
                cpu.size(), logits, scores, ptrs, ok ? "ok" : "FAIL");
}

double peakRssMiBAndReset()
{
    std::ifstream f("/proc/self/status");
    std::stringstream ss;
    ss << f.rdbuf();
    std::smatch m;
    const std::string text = ss.str();
    double mib = 0;
    if (std::regex_search(text, m, std::regex("VmHWM:\\s+(\\d+) kB")))
        mib = std::stod(m[1]) / 1024.0;
    std::ofstream("/proc/self/clear_refs") << "5";
    return mib;
}

/// Parts 2 and 3: `objects` discs (ids 1..n, boxes spread over the frame), `frames` frames.
void longRun(sam2::Sam2VideoPredictor &p, int64_t size, int objects, int64_t frames, const char *what,
             bool reportMemory)
{
    auto state = p.initState(std::make_shared<SyntheticSource>(frames, size), true, 2);
    for (int k = 0; k < objects; ++k) {
        const float x = 60.0f + 100.0f * k;
        p.addNewPointsOrBox(state, 0, k + 1, {}, std::array<float, 4>{x, 100, x + 150, 300});
    }
    sam2::PropagateOptions o;
    o.startFrame = 0;
    auto t0 = Clock::now();
    auto windowStart = t0;
    int64_t done = 0;
    if (reportMemory)
        peakRssMiBAndReset();
    p.propagate(state, o, [&](const sam2::VideoFrameResult &r) {
        for (const auto &obj : r.objects)
            (void)obj.lowResLogits.sum().item<float>(); // as the recorder reads every mask
        p.releaseDistantOutputs(state, r.frameIdx);
        releaseFreedHeapMemory();
        ++done;
        if (reportMemory && done % 100 == 0) {
            const auto now = Clock::now();
            std::printf("%s frames %lld-%lld: peak RSS %.0f MiB, %.3f s per frame (at %.1f s since the epoch)\n",
                        what, (long long)(done - 99), (long long)done, peakRssMiBAndReset(),
                        std::chrono::duration<double>(now - windowStart).count() / 100,
                        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count());
            std::fflush(stdout);
            windowStart = now;
        }
        return true;
    });
    const double s = std::chrono::duration<double>(Clock::now() - t0).count();
    std::printf("%s: %lld frames, %d objects, %.2f frames/s (%.1f ms per frame)\n", what, (long long)done, objects,
                done / s, 1000 * s / done);
    std::fflush(stdout);
}
} // namespace

int main()
{
    std::printf("LibTorch %s, CUDA available: %d\n", TORCH_VERSION, int(torch::cuda::is_available()));
    const char *env = std::getenv("CHECK_DEVICE");
    const bool dry = env && std::string(env) == "cpu"; // CPU against CPU: a dry run without CUDA
    if (!dry && !torch::cuda::is_available()) {
        std::printf("no CUDA: nothing to compare\n");
        return 2;
    }
    const c10::Device cuda = dry ? c10::Device(c10::kCPU) : c10::Device(c10::kCUDA, 0);
    configureCpuRuntime(0);
    torch::manual_seed(0);
    auto p = sam2::Sam2VideoPredictor::createUntrained(ModelCatalog::defaultSam2Model());
    {
        torch::NoGradGuard noGrad; // the constructor leaves some weights at zero: randomise all
        for (auto &w : p.model()->parameters())
            w.normal_(0.0, 0.05);
    }
    const int64_t size = p.config().imageSize;
    const char *longDevice = std::getenv("LONG_DEVICE");
    const bool longOnCpu = longDevice && std::string(longDevice) == "cpu";
    const int64_t longFrames = std::getenv("LONG_FRAMES") ? std::atoll(std::getenv("LONG_FRAMES")) : 1000;
    const int64_t speedFrames = std::getenv("SPEED_FRAMES") ? std::atoll(std::getenv("SPEED_FRAMES")) : 300;

    auto t = Clock::now();
    const auto cpuRuns = parityRun(p, size);
    std::printf("CPU parity run: %.1f s\n", std::chrono::duration<double>(Clock::now() - t).count());
    if (longOnCpu)
        longRun(p, size, 1, longFrames, "cpu long, 1 object", true);
    {
        c10::InferenceMode inference;
        p.model()->to(cuda);
        p.model()->imageEncoder()->trunk()->clearCache(); // its position cache, rebuilt on the device
    }
    std::printf("model on %s\n", p.model()->noMemEmbed().device().str().c_str());
    try {
        const auto gpuRuns = parityRun(p, size);
        compareRuns("pass 1", cpuRuns.first, gpuRuns.first);
        compareRuns("pass 2", cpuRuns.second, gpuRuns.second);
        std::printf("outputs on %s\n", gpuRuns.first.begin()->second.lowResLogits.device().str().c_str());
        longRun(p, size, 1, std::min<int64_t>(50, speedFrames), "cuda warm-up", false);
        longRun(p, size, 1, speedFrames, "cuda speed", false);
        longRun(p, size, 5, speedFrames, "cuda speed", false);
        if (!longOnCpu)
            longRun(p, size, 1, longFrames, "cuda long, 1 object", true);
    } catch (const std::exception &e) {
        std::printf("SAM2 video on %s failed: %s\n", cuda.str().c_str(), e.what());
        ++failures;
    }
    std::printf("%s (%d failures)\n", failures ? "FAILED" : "PASSED", failures);
    return failures ? 1 : 0;
}
