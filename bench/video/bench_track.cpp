// SAM2 video propagation speed: frames per second for 1 and 5 objects, split into the
// image encoder (once per frame, shared by the objects) and memory attention + mask
// decoder + memory encoder (per object), and the peak RSS.
//   bench_track [frames] [checkpoint] [frame-folder]
// Defaults: 8 frames, the random-weight SAM2.1-tiny fixture, the bedroom fixture frames
// (960x540, cycled when more frames are asked for). Frames are resized to 1024 as Meta's
// loader does (Pillow bicubic) before the clock starts. Threads: OMP_NUM_THREADS, else all.
#include "benchutil.h"

#include "models/common/cpuruntime.h"
#include "models/sam2/sam2videopredictor.h"
#include "video/framereader.h"
#include "video/pillowresize.h"

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <array>
#include <filesystem>
#include <thread>

using namespace dinosam;
using Clock = std::chrono::steady_clock;

namespace {

double peakRssMiB()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_maxrss) / 1024.0;
}

double seconds(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

struct Timing
{
    int frames = 0;          ///< propagated frames (the prompted frame 0 excluded)
    double total = 0;        ///< wall time of those frames
    double encoder = 0;      ///< image encoder part
};

Timing propagate(sam2::Sam2VideoPredictor &predictor, const std::shared_ptr<sam2::Sam2FrameSource> &source,
                 int objects, int64_t width, int64_t height)
{
    auto state = predictor.initState(source, true, 2);
    // Boxes over a grid of the frame (any prompt: the cost per tracked frame does not depend on it).
    for (int k = 0; k < objects; ++k) {
        const float x0 = float(width) * float(k % 3) / 3.0f, y0 = float(height) * float(k / 3) / 2.0f;
        predictor.addNewPointsOrBox(state, 0, k + 1, {},
                                    std::array<float, 4>{x0, y0, x0 + float(width) / 3.0f, y0 + float(height) / 2.0f});
    }
    predictor.propagatePreflight(state); // the prompt's memory: not part of tracking
    Timing t;
    Clock::time_point frameStart;
    predictor.propagate(state, {}, [&](const sam2::VideoFrameResult &frame) {
        if (frame.frameIdx > 0) {
            t.total += seconds(frameStart, Clock::now());
            ++t.frames;
        }
        frameStart = Clock::now();
        if (frame.frameIdx + 1 < state.numFrames) {
            // Encode the next frame here, timed alone; propagation then finds it in the cache.
            const auto e0 = Clock::now();
            predictor.frameFeatures(state, frame.frameIdx + 1);
            t.encoder += seconds(e0, Clock::now());
        }
        predictor.releaseDistantOutputs(state, frame.frameIdx);
        return true;
    });
    return t;
}

} // namespace

int main(int argc, char **argv)
{
    restartWithPassiveOpenMpWaitIfUnset(argv); // as the applications run
    try {
        const int frames = argc > 1 ? std::max(2, std::atoi(argv[1])) : 8;
        const std::string checkpoint =
            argc > 2 ? argv[2] : std::string(DINOSAM_FIXTURES_DIR) + "/models/sam2.1_hiera_tiny_random.pt";
        const std::string folder = argc > 3 ? argv[3] : std::string(DINOSAM_FIXTURES_DIR) + "/videos/bedroom";
        configureCpuRuntime(std::getenv("OMP_NUM_THREADS") ? std::atoi(std::getenv("OMP_NUM_THREADS")) : 0);
        std::printf("threads: %d, OpenMP wait: %s\n", torch::get_num_threads(), openMpWaitPolicy());
        const double sgemm = bench::measureSgemmGflops();
        std::printf("sgemm 1024^3: %.1f GFLOP/s\n", sgemm);

        auto predictor = sam2::Sam2VideoPredictor::load(checkpoint, "sam2.1_hiera_tiny");
        const int64_t size = predictor.config().imageSize;
        auto reader = FrameReader::open(folder);
        const cv::Size videoSize = reader->frameSize();
        auto pixels = torch::empty({frames, size, size, 3}, torch::kUInt8);
        for (int i = 0; i < frames; ++i) {
            const cv::Mat r = pillowResize(reader->frame(i % reader->frameCount()), cv::Size(int(size), int(size)));
            std::memcpy(pixels[i].data_ptr(), r.data, size_t(size * size * 3));
        }
        auto source = std::make_shared<sam2::TensorFrameSource>(pixels, videoSize.height, videoSize.width);
        std::printf("SAM2.1-tiny (%s), %d frames of %dx%d (model input %lldx%lld), peak RSS after loading %.0f MiB\n",
                    checkpoint.c_str(), frames, videoSize.width, videoSize.height, static_cast<long long>(size),
                    static_cast<long long>(size), peakRssMiB());
        std::printf("%-8s %8s %10s %12s %16s %14s %10s\n", "objects", "frames", "fps", "ms/frame", "encoder ms/frame",
                    "mem+dec ms/frame", "per object");
        for (const int objects : {1, 5}) {
            const Timing t = propagate(predictor, source, objects, videoSize.width, videoSize.height);
            const double perFrame = t.total / t.frames, encoder = t.encoder / t.frames;
            const double rest = perFrame - encoder;
            std::printf("%-8d %8d %10.3f %12.0f %16.0f %14.0f %10.0f   (peak RSS %.0f MiB)\n", objects, t.frames,
                        1.0 / perFrame, perFrame * 1e3, encoder * 1e3, rest * 1e3, rest * 1e3 / objects,
                        peakRssMiB());
        }
        std::printf("sgemm 1024^3 after: %.1f GFLOP/s\n", bench::measureSgemmGflops());
    } catch (const std::exception &e) {
        std::fprintf(stderr, "bench_track: %s\n", e.what());
        return 1;
    }
    return 0;
}
