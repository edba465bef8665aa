// Reopening encoded images from the disk feature cache vs computing them.
//   bench_diskcache [images (default 20)] [cache folder (default: a temporary one)]
// Encodes N different images (crops and flips of the bundled sample) with DINOv2 and SAM2
// (the random-weight fixture checkpoints: the speed does not depend on the weights), storing
// their outputs in the disk cache; then a fresh cache object (as a reopened folder or another
// process) loads all of them back. Prints ms per image for both, the ratio and the bytes on disk.
// Threads: OMP_NUM_THREADS when set, else one per logical core.
#include "benchutil.h"

#include "imageio/imageloader.h"
#include "models/common/cpuruntime.h"
#include "pipeline/diskfeaturecache.h"
#include "pipeline/pipeline.h"
#include "pipeline/torchbackend.h"

#include <ATen/Parallel.h>
#include <c10/core/InferenceMode.h>
#include <opencv2/imgproc.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>

using namespace dinosam;
namespace fs = std::filesystem;

namespace {

double msSince(std::chrono::steady_clock::time_point t)
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

/// Image i: a crop of the sample at a position and scale of its own, flipped when i is odd.
cv::Mat variant(const cv::Mat &rgb, int i)
{
    const int w = rgb.cols * (70 + (i * 7) % 25) / 100, h = rgb.rows * (70 + (i * 11) % 25) / 100;
    const int x = (rgb.cols - w) * ((i * 37) % 100) / 100, y = (rgb.rows - h) * ((i * 53) % 100) / 100;
    cv::Mat out = rgb(cv::Rect(x, y, w, h)).clone();
    if (i % 2)
        cv::flip(out, out, 1);
    return out;
}

} // namespace

int main(int argc, char **argv)
{
    const int count = argc > 1 ? std::max(1, std::atoi(argv[1])) : 20;
    const char *omp = std::getenv("OMP_NUM_THREADS");
    configureCpuRuntime(omp ? std::atoi(omp) : 0);
    const fs::path fixtures = DINOSAM_FIXTURES_DIR;
    const fs::path dir = argc > 2 ? fs::path(argv[2])
                                  : fs::temp_directory_path() / ("bench-diskcache-" + std::to_string(::getpid()));
    fs::remove_all(dir);

    PipelineConfig config;
    config.checkpoints["dinov2_vits14_reg4"] = fixtures / "models/dinov2_vits14_reg4_random.pth";
    config.checkpoints["sam2.1_hiera_tiny"] = fixtures / "models/sam2.1_hiera_tiny_random.pt";
    config.modelDir = "/nonexistent";
    const std::string dinoId = "dinov2_vits14_reg4", samId = "sam2.1_hiera_tiny";
    const int dinoInput = SegmentationParams().dinoInputSize;
    auto backend = makeTorchBackend(config);
    c10::InferenceMode inference;
    auto dino = backend->dino(dinoId);
    auto sam = backend->sam2(samId);
    const std::string dinoTag = backend->modelTag(dinoId), samTag = backend->modelTag(samId);
    const cv::Mat sample = loadImage(DINOSAM_SAMPLE_IMAGE).rgb;

    std::vector<cv::Mat> images;
    std::vector<std::string> keys;
    for (int i = 0; i < count; ++i) {
        images.push_back(variant(sample, i));
        keys.push_back(Pipeline::contentKey(images.back()));
    }
    std::printf("disk feature cache: %d images (%dx%d sample crops), DINOv2 %s at %d + SAM2 %s, %d threads, %s\n",
                count, sample.cols, sample.rows, dinoId.c_str(), dinoInput, samId.c_str(), at::get_num_threads(),
                dir.string().c_str());

    // 1. Compute (and store, as a first batch run does).
    double computeMs = 0, storeMs = 0;
    {
        DiskFeatureCache cache(dir, uint64_t(64) << 30);
        for (int i = 0; i < count; ++i) {
            auto t = std::chrono::steady_clock::now();
            const auto d = dino->encode(images[size_t(i)], dinoInput);
            const auto s = sam->encode(images[size_t(i)]);
            computeMs += msSince(t);
            t = std::chrono::steady_clock::now();
            cache.storeDino(dinoTag, keys[size_t(i)], dinoInput, *d);
            cache.storeSam2(samTag, keys[size_t(i)], *s);
            storeMs += msSince(t);
        }
    }
    // 2. Reopen: a fresh cache object, nothing in memory.
    double loadMs = 0;
    uint64_t bytes = 0;
    {
        DiskFeatureCache cache(dir, uint64_t(64) << 30);
        bytes = cache.diskBytes();
        const auto t = std::chrono::steady_clock::now();
        for (int i = 0; i < count; ++i) {
            const auto d = cache.loadDino(dinoTag, keys[size_t(i)], dinoInput);
            const auto s = cache.loadSam2(samTag, keys[size_t(i)]);
            if (!d || !s) {
                std::fprintf(stderr, "image %d not found in the cache\n", i);
                return 1;
            }
        }
        loadMs = msSince(t);
    }
    std::printf("  compute both encoders: %8.1f ms per image\n", computeMs / count);
    std::printf("  store in disk cache:   %8.1f ms per image (float16, checksum, atomic write + fsync)\n",
                storeMs / count);
    std::printf("  reopen from disk:      %8.1f ms per image (read, verify, float16 -> float32)\n", loadMs / count);
    std::printf("  ratio compute / reopen: %.0fx; %.1f MB per image on disk\n", computeMs / loadMs,
                double(bytes) / count / 1e6);
    if (argc <= 2)
        fs::remove_all(dir);
    return 0;
}
