// A 12000x9000 image in tiles (issue 17): time per stage, tiles, objects, peak RSS.
//   bench_tiled [width height (default 12000 9000)] [tile size (default 2048)]
// The image is synthetic (a gray ground with bright discs and bars, some across tile borders);
// the models are the random-weight fixture checkpoints (speed does not depend on the weights).
// Also runs the same image untiled (the models then see it downscaled to their input sizes) for
// the time and memory of that path. Threads: OMP_NUM_THREADS when set, else all cores.
#include "benchutil.h"

#include "models/common/cpuruntime.h"
#include "pipeline/pipeline.h"
#include "pipeline/tiledsegmentation.h"

#include <opencv2/imgproc.hpp>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

using namespace dinosam;

namespace {

double peakRssMiB()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_maxrss) / 1024.0;
}

double currentRssMiB()
{
    std::ifstream statm("/proc/self/statm");
    long pages = 0, resident = 0;
    statm >> pages >> resident;
    return double(resident) * double(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

double secondsSince(std::chrono::steady_clock::time_point t)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

} // namespace

int main(int argc, char **argv)
{
    const int width = argc > 2 ? std::atoi(argv[1]) : 12000, height = argc > 2 ? std::atoi(argv[2]) : 9000;
    const int tileSize = argc > 3 ? std::atoi(argv[3]) : 2048;
    const char *omp = std::getenv("OMP_NUM_THREADS");
    configureCpuRuntime(omp ? std::atoi(omp) : 0);
    const std::string fixtures = DINOSAM_FIXTURES_DIR;

    PipelineConfig config;
    config.checkpoints["dinov2_vits14_reg4"] = fixtures + "/models/dinov2_vits14_reg4_random.pth";
    config.checkpoints["sam2.1_hiera_tiny"] = fixtures + "/models/sam2.1_hiera_tiny_random.pt";
    config.cacheBytes = size_t(256) << 20;
    Pipeline pipeline(config);
    SegmentationParams params;
    params.dinoModel = "dinov2_vits14_reg4";
    params.sam2Model = "sam2.1_hiera_tiny";
    params.numObjects = 5;

    cv::Mat image(height, width, CV_8UC3, cv::Scalar(40, 40, 40));
    for (int k = 0; k < 40; ++k)
        cv::circle(image, cv::Point((k * 1913) % width, (k * 2711) % height), 80 + (k * 37) % 400,
                   cv::Scalar(80 + (k * 53) % 170, 200, 60 + (k * 29) % 190), cv::FILLED);
    cv::rectangle(image, cv::Rect(width / 2, height / 3, width / 3, height / 4), cv::Scalar(220, 120, 60), cv::FILLED);
    const double baseRss = currentRssMiB();
    std::printf("image %dx%d (%.0f MP, %.0f MiB RGB), tiles of %d px; RSS before models: %.0f MiB\n", width, height,
                width * double(height) / 1e6, image.total() * 3 / 1048576.0, tileSize, baseRss);

    TilingOptions options;
    options.tileSize = tileSize;
    options.overviewSide = tileSize;
    TiledRunStats stats;
    auto t = std::chrono::steady_clock::now();
    const SegmentationResult tiled = segmentInTiles(pipeline, image, "big", params, options, {}, &stats);
    const double tiledSeconds = secondsSince(t);
    const StageTimings &tm = tiled.timings;
    std::printf("tiled:   %.1f s (%d tiles + overview, %.2f s per tile); DINOv2 %.1f s, SAM2 encoder %.1f s, "
                "discovery %.1f s, SAM2 decoder %.1f s, post %.1f s\n",
                tiledSeconds, stats.tiles, tiledSeconds / (stats.tiles + 1), tm.dinoMs / 1e3, tm.sam2EncodeMs / 1e3,
                tm.discoveryMs / 1e3, tm.sam2DecodeMs / 1e3, tm.postprocessMs / 1e3);
    std::printf("         %d pieces merged into %d objects, %d kept (cap %d); RSS now %.0f MiB, peak %.0f MiB\n",
                stats.pieces, stats.merged, stats.kept, stats.objectCap, currentRssMiB(), peakRssMiB());

    t = std::chrono::steady_clock::now();
    const SegmentationResult whole = pipeline.run(ImageInput::fromMat(image, {}, "big-untiled"), params, {});
    std::printf("untiled: %.1f s, %zu objects (the models see the image at their input size); peak RSS %.0f MiB\n",
                secondsSince(t), whole.objects.size(), peakRssMiB());
    return 0;
}
