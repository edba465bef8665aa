// SAM2 image predictor speed: encoder ms per image (and its effective GFLOP/s
// against the machine's sgemm), decoder ms for 1, 10 and 50 boxes per call.
//   bench_sam2 [model-id] [checkpoint] [image]
// Threads: OMP_NUM_THREADS when set, else one per logical core.
// Without a checkpoint the tiny model loads the shared random-weight fixture;
// other ids run with untrained weights (speed does not depend on the values).
#include "benchutil.h"

#include "models/catalog/modelcatalog.h"
#include "models/common/cpuruntime.h"
#include "models/common/tensorheap.h"
#include "models/sam2/sam2model.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <ctime>
#include <thread>

using namespace dinosam;
using namespace dinosam::sam2;

namespace {

/// Multiply-adds x 2 of the image encoder (trunk, neck, conv_s0/s1) on a
/// square input, counted from the architecture (padded windows included).
double encoderFlops(const Sam2Config &config)
{
    const auto &t = config.trunk;
    double flops = 0;
    int64_t h = config.imageSize / 4, w = h;
    int64_t dim = t.embedDim;
    flops += 2.0 * double(h * w) * double(dim) * 3 * 7 * 7; // patch_embed

    std::vector<int64_t> stageEnds;
    int64_t depth = 0;
    for (auto s : t.stages)
        stageEnds.push_back((depth += s) - 1);
    auto isIn = [](const std::vector<int64_t> &v, int64_t x) { return std::find(v.begin(), v.end(), x) != v.end(); };
    std::vector<int64_t> qPoolBlocks;
    for (size_t i = 0; i + 1 < stageEnds.size() && int64_t(i) < t.qPool; ++i)
        qPoolBlocks.push_back(stageEnds[i] + 1);

    size_t stage = 1;
    std::vector<std::pair<int64_t, int64_t>> stageOut; // (tokens, channels)
    for (int64_t i = 0; i < depth; ++i) {
        int64_t dimOut = dim;
        int64_t ws = isIn(t.globalAttBlocks, i) ? 0 : t.windowSpec[stage - 1];
        if (isIn(stageEnds, i - 1)) {
            dimOut = int64_t(double(dim) * t.dimMul);
            ++stage;
        }
        const int64_t q = isIn(qPoolBlocks, i) ? t.qStride : 1;
        const int64_t hp = ws > 0 ? (h + ws - 1) / ws * ws : h;
        const int64_t wp = ws > 0 ? (w + ws - 1) / ws * ws : w;
        const double keys = ws > 0 ? double(ws * ws) : double(h * w);
        const double windows = ws > 0 ? double(hp * wp / (ws * ws)) : 1.0;
        const double queries = keys / double(q * q);
        const double n = double(h * w);
        const double nOut = n / double(q * q);
        flops += 2.0 * double(hp * wp) * double(dim) * double(3 * dimOut); // qkv
        if (dim != dimOut)
            flops += 2.0 * n * double(dim) * double(dimOut); // shortcut proj
        flops += 2.0 * 2.0 * windows * queries * keys * double(dimOut); // q k^T and attn v
        flops += 2.0 * windows * queries * double(dimOut) * double(dimOut); // proj
        flops += 2.0 * 2.0 * nOut * double(dimOut) * t.mlpRatio * double(dimOut); // mlp
        h /= q;
        w /= q;
        dim = dimOut;
        if (isIn(stageEnds, i))
            stageOut.emplace_back(h * w, dim);
    }
    for (const auto &[tokens, channels] : stageOut)
        flops += 2.0 * double(tokens) * double(channels) * double(config.dModel); // neck laterals
    flops += 2.0 * double(stageOut[0].first) * config.dModel * (config.dModel / 8); // conv_s0
    flops += 2.0 * double(stageOut[1].first) * config.dModel * (config.dModel / 4); // conv_s1
    return flops;
}

/// Process CPU seconds (all threads). On a shared, overloaded machine the wall
/// clock mostly measures waiting; CPU time still measures the work.
double cpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

/// Median wall seconds (as bench::medianSeconds) and the median CPU seconds of the same runs.
std::pair<double, double> wallAndCpu(const std::function<void()> &fn, int repeats)
{
    fn();
    std::vector<double> wall, cpu;
    for (int i = 0; i < repeats; ++i) {
        const double c0 = cpuSeconds();
        const auto t0 = std::chrono::steady_clock::now();
        fn();
        wall.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        cpu.push_back(cpuSeconds() - c0);
    }
    std::sort(wall.begin(), wall.end());
    std::sort(cpu.begin(), cpu.end());
    return {wall[wall.size() / 2], cpu[cpu.size() / 2]};
}

at::Tensor loadRgb(const std::string &path)
{
    cv::Mat bgr = cv::imread(path, cv::IMREAD_COLOR);
    if (bgr.empty())
        throw std::runtime_error("cannot read " + path);
    cv::Mat rgb;
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    return torch::from_blob(rgb.data, {rgb.rows, rgb.cols, 3}, torch::kByte).clone();
}

} // namespace

int main(int argc, char **argv)
{
    restartWithPassiveOpenMpWaitIfUnset(argv); // as the applications run
    try {
        const std::string id = argc > 1 ? argv[1] : ModelCatalog::defaultSam2Model();
        std::string checkpoint = argc > 2 ? argv[2] : "";
        const std::string fixture = std::string(DINOSAM_FIXTURES_DIR) + "/models/sam2.1_hiera_tiny_random.pt";
        if (checkpoint.empty() && id == ModelCatalog::defaultSam2Model() && std::filesystem::exists(fixture))
            checkpoint = fixture;

        if (!std::getenv("OMP_NUM_THREADS"))
            torch::set_num_threads(int(std::max(1u, std::thread::hardware_concurrency())));
        const std::string imagePath = argc > 3 ? argv[3] : DINOSAM_SAMPLE_IMAGE;
        std::printf("threads: %d, OpenMP wait: %s\n", torch::get_num_threads(), openMpWaitPolicy());
        const double sgemm = bench::measureSgemmGflops();
        std::printf("sgemm 1024^3: %.1f GFLOP/s\n", sgemm);

        auto model = checkpoint.empty() ? Sam2Model::createUntrained(id) : Sam2Model::load(checkpoint, id);
        std::printf("model: %s (%s)\n", id.c_str(), checkpoint.empty() ? "untrained weights" : checkpoint.c_str());

        const auto image = loadRgb(imagePath);
        std::printf("image: %lld x %lld\n", (long long)image.size(1), (long long)image.size(0));

        ImageFeatures features;
        const double preprocessS = bench::medianSeconds([&] { Sam2Model::preprocess(image); }, 3);
        const double flops = encoderFlops(model.config());
        // glibc's malloc defaults first, then as the applications run (keepTensorMemoryInHeap),
        // in the same process so that the ratio holds on a busy machine.
        const auto [defaultS, defaultCpuS] = wallAndCpu([&] { features = model.encode(image); }, 2);
        keepTensorMemoryInHeap();
        const auto [encodeS, encodeCpuS] = wallAndCpu([&] { features = model.encode(image); }, 2);
        // The video tracker gives freed memory back after every frame (releaseFreedHeapMemory):
        // the heap's pages fault in again on the next. Then with the tensor heap (useTensorHeap),
        // as the applications run now, both ways.
        const auto trimmed = [&] { features = model.encode(image); releaseFreedHeapMemory(); };
        const auto [heapTrimS, heapTrimCpuS] = wallAndCpu(trimmed, 2);
        useTensorHeap();
        const auto [tensorHeapS, tensorHeapCpuS] = wallAndCpu([&] { features = model.encode(image); }, 2);
        const auto [tensorTrimS, tensorTrimCpuS] = wallAndCpu(trimmed, 2);
        // The yardstick again right after: a busy neighbour at either moment lowers only one of them.
        const double sgemmAfter = bench::measureSgemmGflops();
        const double yardstick = std::max(sgemm, sgemmAfter);
        std::printf("sgemm right after the encoder: %.1f GFLOP/s; the ratios use the better one, %.1f\n", sgemmAfter,
                    yardstick);
        std::printf("encoder: %.0f ms per image (preprocess %.0f ms), %.1f GFLOP, %.1f GFLOP/s effective = %.2f of sgemm\n",
                    encodeS * 1e3, preprocessS * 1e3, flops / 1e9, flops / encodeS / 1e9, flops / encodeS / 1e9 / yardstick);
        std::printf("encoder CPU time: %.0f ms (%.1f GFLOP per CPU second)\n", encodeCpuS * 1e3,
                    flops / encodeCpuS / 1e9);
        std::printf("encoder with glibc's malloc defaults: %.0f ms, CPU %.0f ms (%.2fx the time above)\n",
                    defaultS * 1e3, defaultCpuS * 1e3, defaultS / encodeS);
        std::printf("encoder, heap trimmed after each image: %.0f ms, CPU %.0f ms (%.2fx)\n", heapTrimS * 1e3,
                    heapTrimCpuS * 1e3, heapTrimS / encodeS);
        std::printf("encoder with the tensor heap: %.0f ms, CPU %.0f ms (%.2fx); trimmed after each image: %.0f ms, "
                    "CPU %.0f ms (%.2fx)\n",
                    tensorHeapS * 1e3, tensorHeapCpuS * 1e3, tensorHeapS / encodeS, tensorTrimS * 1e3,
                    tensorTrimCpuS * 1e3, tensorTrimS / encodeS);

        std::mt19937 rng(7);
        const float w = float(image.size(1)), h = float(image.size(0));
        std::uniform_real_distribution<float> ux(0, w * 0.7f), uy(0, h * 0.7f), us(0.1f, 0.3f);
        for (int n : {1, 10, 50}) {
            std::vector<std::array<float, 4>> boxes;
            for (int i = 0; i < n; ++i) {
                const float x0 = ux(rng), y0 = uy(rng);
                boxes.push_back({x0, y0, x0 + us(rng) * w, y0 + us(rng) * h});
            }
            const auto prompts = PromptBatch::fromBoxes(boxes);
            PredictOptions withMasks;
            const auto [s, cpuS] = wallAndCpu([&] { model.predict(features, prompts, withMasks); }, 3);
            PredictOptions lowResOnly;
            lowResOnly.computeMasks = false;
            const double sLow = bench::medianSeconds([&] { model.predict(features, prompts, lowResOnly); }, 3);
            std::printf("decoder, %2d boxes in one call: %7.1f ms (%.1f ms per box, CPU %.1f ms per box; %.1f ms "
                        "without upsampling masks to %lldx%lld)\n",
                        n, s * 1e3, s * 1e3 / n, cpuS * 1e3 / n, sLow * 1e3, (long long)image.size(1),
                        (long long)image.size(0));
            std::printf("                                 = %.1f %% of the encoder\n", 100.0 * s / encodeS);
        }
        return 0;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "bench_sam2: %s\n", e.what());
        return 1;
    }
}
