#include "benchcommand.h"

#include "processmemory.h"

#include "imageio/imageloader.h"
#include "models/common/cpuruntime.h"
#include "pipeline/pipeline.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <thread>

namespace dinosam::cli {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

std::string mib(const std::optional<double> &value)
{
    if (!value)
        return "n/a";
    char text[32];
    std::snprintf(text, sizeof text, "%.1f MiB", *value);
    return text;
}

void printRow(const char *label, double seconds, const StageTimings &t, size_t objects)
{
    std::printf("%-28s %8.3f  %7.0f %7.0f %7.0f %7.0f %7.0f %7.0f  %3zu\n", label, seconds, t.decodeImageMs, t.dinoMs,
                t.sam2EncodeMs, t.discoveryMs, t.sam2DecodeMs, t.postprocessMs, objects);
}

} // namespace

int runBenchCommand(const CliOptions &options)
{
    const std::filesystem::path file =
        options.images.empty() ? sampleImagePath() : std::filesystem::path(options.images.front());
    if (file.empty()) {
        std::fprintf(stderr, "dinosam bench: no IMAGE given and the bundled sample image was not found\n");
        return ExitSetupFailed;
    }
    try {
        const auto loadStart = Clock::now();
        LoadedImage image = loadImage(file);
        const double decodeSeconds = secondsSince(loadStart);
        std::printf("dinosam %s bench\nimage: %s (%dx%d)\nmodels: %s + %s, DINOv2 input %d, method %s, prompts %s\n"
                    "threads: %s (hardware: %u), OpenMP wait: %s, device: %s\n\n",
                    DINOSAM_VERSION, file.string().c_str(), image.rgb.cols, image.rgb.rows,
                    options.params.dinoModel.c_str(), options.params.sam2Model.c_str(), options.params.dinoInputSize,
                    options.params.method == DiscoveryMethod::Attention ? "attention" : "spectral",
                    options.params.promptType == PromptType::Box     ? "box"
                    : options.params.promptType == PromptType::Point ? "point"
                                                                     : "box+point",
                    options.pipeline.threads > 0 ? std::to_string(options.pipeline.threads).c_str() : "default",
                    std::thread::hardware_concurrency(),
                    openMpWaitPolicy(),
                    options.pipeline.device == ComputeDevice::Cuda ? "cuda" : "cpu");
        std::fflush(stdout);

        Pipeline pipeline(options.pipeline);
        const auto modelStart = Clock::now();
        pipeline.preload(options.params);
        std::printf("model load: %.2f s\n\n", secondsSince(modelStart));
        std::printf("%-28s %8s  %7s %7s %7s %7s %7s %7s  %3s\n", "run", "seconds", "image", "DINOv2", "SAM2enc",
                    "discov", "SAM2dec", "post", "obj");
        std::printf("%-28s %8s  %7s %7s %7s %7s %7s %7s\n", "", "", "ms", "ms", "ms", "ms", "ms", "ms");

        // 1. First (cold) run: file decode + every stage.
        const std::string name = file.filename().string();
        auto start = Clock::now();
        const auto cold = pipeline.run(ImageInput::fromMat(image.rgb, {}, name), options.params);
        StageTimings coldTimings = cold.timings;
        coldTimings.decodeImageMs += decodeSeconds * 1000.0;
        printRow("first run (cold)", secondsSince(start) + decodeSeconds, coldTimings, cold.objects.size());
        // Taken now (models loaded, one image's stages cached), printed below the table.
        const std::optional<double> coldPeak = peakResidentMiB();
        const std::optional<double> coldCurrent = currentResidentMiB();
        const double coldCacheMiB = double(pipeline.cacheStats().bytes) / 1048576.0;

        // 2. Interactive re-runs: only the cheap stages.
        SegmentationParams p = options.params;
        p.attentionThreshold = p.attentionThreshold <= 0.9f ? p.attentionThreshold + 0.05f : p.attentionThreshold - 0.05f;
        start = Clock::now();
        auto warm = pipeline.run(ImageInput::fromMat(image.rgb, cold.imageKey, name), p);
        printRow("threshold change", secondsSince(start), warm.timings, warm.objects.size());
        p = options.params;
        p.minArea = p.minArea * 2 + 1;
        start = Clock::now();
        warm = pipeline.run(ImageInput::fromMat(image.rgb, cold.imageKey, name), p);
        printRow("min-area change", secondsSince(start), warm.timings, warm.objects.size());
        p = options.params;
        p.numObjects = std::max(1, p.numObjects - 1);
        start = Clock::now();
        warm = pipeline.run(ImageInput::fromMat(image.rgb, cold.imageKey, name), p);
        printRow("num-objects change", secondsSince(start), warm.timings, warm.objects.size());
        p = options.params;
        p.promptType = p.promptType == PromptType::Box ? PromptType::Point : PromptType::Box;
        start = Clock::now();
        warm = pipeline.run(ImageInput::fromMat(image.rgb, cold.imageKey, name), p);
        printRow("prompt-type change", secondsSince(start), warm.timings, warm.objects.size());

        // 3. Batch throughput: distinct images (one pixel changed, so no cache hit), read from disk each time.
        StageTimings sum;
        const auto batchStart = Clock::now();
        for (int i = 0; i < options.benchBatch; ++i) {
            const auto t0 = Clock::now();
            LoadedImage img = loadImage(file);
            img.rgb.at<cv::Vec3b>(0, 0) = cv::Vec3b(uint8_t(i * 37 + 1), uint8_t(i * 11 + 2), uint8_t(i + 3));
            const double load = secondsSince(t0);
            const auto r = pipeline.run(ImageInput::fromMat(img.rgb, {}, name), options.params);
            sum.decodeImageMs += r.timings.decodeImageMs + load * 1000.0;
            sum.dinoMs += r.timings.dinoMs;
            sum.sam2EncodeMs += r.timings.sam2EncodeMs;
            sum.discoveryMs += r.timings.discoveryMs;
            sum.sam2DecodeMs += r.timings.sam2DecodeMs;
            sum.postprocessMs += r.timings.postprocessMs;
        }
        const double batchSeconds = secondsSince(batchStart);
        const double n = options.benchBatch;
        StageTimings mean{sum.decodeImageMs / n, sum.dinoMs / n,      sum.sam2EncodeMs / n,
                          sum.discoveryMs / n,   sum.sam2DecodeMs / n, sum.postprocessMs / n};
        printRow(("batch of " + std::to_string(options.benchBatch) + ", mean").c_str(), batchSeconds / n, mean,
                 cold.objects.size());
        std::printf("\nbatch: %d images in %.2f s = %.1f images per minute\n", options.benchBatch, batchSeconds,
                    n / batchSeconds * 60.0);
        std::printf("memory after the first run: peak RSS %s, current RSS %s, stage cache %.1f MiB\n",
                    mib(coldPeak).c_str(), mib(coldCurrent).c_str(), coldCacheMiB);
        const auto stats = pipeline.cacheStats();
        std::printf("stage cache: %.1f MiB in %zu entries (budget %.0f MiB)\n", double(stats.bytes) / 1048576.0,
                    stats.entries, double(stats.budget) / 1048576.0);
        return ExitOk;
    } catch (const std::exception &e) {
        std::fflush(stdout);
        std::fprintf(stderr, "dinosam bench: %s\n", e.what());
        return ExitSetupFailed;
    }
}

} // namespace dinosam::cli
