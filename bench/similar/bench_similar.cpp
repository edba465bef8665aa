// "Find similar" speed on the random-weight fixture checkpoints (the speed does not
// depend on the weights' values):
//  1. one example on the 1800x1200 sample with cached features: a similarity-threshold
//     change (the slider), with and without SAM2 decoding (candidates decoded per call);
//     then after the speculation the studio runs in the background (every threshold decoded);
//  2. across N images (default 50; 602x448 views of the fixture photos, all different):
//     cold (encoders run) and again with cached features.
// Prints; never asserts. Usage: bench_similar [images=50] [threads=0 (all)]
#include "discovery/similarobjects.h"
#include "imageio/imageloader.h"
#include "models/common/cpuruntime.h"
#include "pipeline/pipeline.h"
#include "pipeline/similarity.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace dinosam;

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

std::string fixture(const char *relative) { return std::string(DINOSAM_FIXTURES_DIR) + "/" + relative; }

} // namespace

int main(int argc, char **argv)
{
    restartWithPassiveOpenMpWaitIfUnset(argv);
    const int images = argc > 1 ? std::max(1, std::atoi(argv[1])) : 50;
    const int threads = argc > 2 ? std::atoi(argv[2]) : 0;
    PipelineConfig config;
    config.checkpoints["dinov2_vits14_reg4"] = fixture("models/dinov2_vits14_reg4_random.pth");
    config.checkpoints["sam2.1_hiera_tiny"] = fixture("models/sam2.1_hiera_tiny_random.pt");
    config.modelDir = "/nonexistent";
    config.threads = threads;
    config.cacheBytes = std::size_t(3) << 30; // 50 images' SAM2 + DINOv2 features (~18 MB each)
    Pipeline pipeline(config);
    std::printf("bench_similar: %d threads, OMP_WAIT_POLICY=%s\n", configureCpuRuntime(threads), openMpWaitPolicy());

    SimilarityParams p;
    p.dinoModel = "dinov2_vits14_reg4";
    p.sam2Model = "sam2.1_hiera_tiny";
    p.maxInstances = 5;
    p.minArea = 100;

    // 0. The mask filter's patch coverage of one 1800x1200 mask onto 43x32 patches: the whole
    // mask (OpenCV's INTER_AREA) against only its box, for a small and a whole-image object.
    for (const cv::Rect object : {cv::Rect(700, 400, 240, 180), cv::Rect(0, 0, 1800, 1200)}) {
        cv::Mat m = cv::Mat::zeros(1200, 1800, CV_8U);
        cv::ellipse(m, (object.tl() + object.br()) / 2, object.size() / 2, 0, 0, 360, cv::Scalar(255), cv::FILLED);
        const cv::Rect box = cv::boundingRect(m);
        std::vector<double> whole, boxed;
        for (int i = 0; i < 15; ++i) {
            auto t0 = Clock::now();
            cv::Mat a = discovery::patchCoverage(m, 32, 43);
            whole.push_back(msSince(t0));
            t0 = Clock::now();
            cv::Mat b = discovery::patchCoverage(m, box, 32, 43);
            boxed.push_back(msSince(t0));
        }
        std::printf("patch coverage of a %dx%d object on 1800x1200 (median of 15): whole mask %.2f ms, its box "
                    "only %.2f ms\n",
                    box.width, box.height, median(whole), median(boxed));
    }

    // 1. One image, one example (a mask), features cached by a first call.
    const cv::Mat truck = loadImage(DINOSAM_SAMPLE_IMAGE).rgb;
    cv::Mat exampleMask = cv::Mat::zeros(truck.size(), CV_8U);
    exampleMask(cv::Rect(600, 300, 700, 560)).setTo(255);
    SimilarityQuery query;
    query.positives.push_back({ImageInput::fromMat(truck, "truck", "truck.jpg"), exampleMask, std::nullopt});
    auto start = Clock::now();
    p.similarityThreshold = 0.3f;
    SimilarityResult r = pipeline.findSimilar(ImageInput::fromKey("truck"), query, p);
    std::printf("1800x1200, cold (DINOv2 + SAM2 encoders): %.0f ms\n", msSince(start));

    std::vector<double> wall, withoutDecode, decode, similarity, filter;
    std::vector<double> decodedCalls;
    int prompts = 0;
    for (int i = 0; i < 20; ++i) {
        p.similarityThreshold = 0.2f + 0.02f * float(i); // every move changes the candidates
        start = Clock::now();
        r = pipeline.findSimilar(ImageInput::fromKey("truck"), query, p);
        const double ms = msSince(start);
        wall.push_back(ms);
        withoutDecode.push_back(ms - r.timings.sam2DecodeMs);
        similarity.push_back(r.timings.similarityMs);
        filter.push_back(r.timings.filterMs);
        if (r.timings.sam2DecodeMs > 0) {
            decode.push_back(r.timings.sam2DecodeMs);
            decodedCalls.push_back(ms);
        }
        prompts += int(r.regions.size());
    }
    std::printf("slider move on 1800x1200 with cached features (20 thresholds 0.20..0.58, median):\n"
                "  whole call %.1f ms; without the SAM2 decode %.1f ms (similarity map + regions %.2f ms, "
                "mask filter %.1f ms)\n"
                "  calls that decoded: %zu of 20, their SAM2 decode %.1f ms, whole call %.1f ms; "
                "%.1f candidates per call on average\n",
                median(wall), median(withoutDecode), median(similarity), median(filter), decode.size(), median(decode),
                median(decodedCalls), prompts / 20.0);

    // 1b. The studio's way: after a find-similar the worker speculates over every threshold
    // (0..1 in steps of 0.01), so that later slider moves are cache hits.
    start = Clock::now();
    const SpeculationReport spec = pipeline.speculateSimilar(ImageInput::fromKey("truck"), query, p);
    const double specMs = msSince(start);
    std::vector<double> after;
    double afterDecode = 0;
    for (int i = 0; i < 20; ++i) {
        // On the slider's 0.01 grid, none of the thresholds above: 0.15, 0.19, ..., 0.91.
        p.similarityThreshold = float(15 + 4 * i) / 100.0f;
        start = Clock::now();
        r = pipeline.findSimilar(ImageInput::fromKey("truck"), query, p);
        after.push_back(msSince(start));
        afterDecode += r.timings.sam2DecodeMs;
    }
    std::vector<double> sortedAfter = after;
    std::sort(sortedAfter.begin(), sortedAfter.end());
    std::printf("speculation over 101 thresholds: %.0f ms (%d distinct prompts, %d decoded now, %s)\n"
                "  then 20 slider moves 0.15..0.91: whole call median %.1f ms, p95 %.1f ms, max %.1f ms "
                "(SAM2 decode in them: %.1f ms in all)\n",
                specMs, spec.prompts, spec.decoded, spec.complete ? "complete" : "INCOMPLETE", median(after),
                sortedAfter[18] /* nearest rank: the 19th of 20 */, sortedAfter.back(), afterDecode);

    // 2. A folder: N different images (views of the three photos: crops, flips, scales).
    const cv::Mat photos[] = {truck, loadImage(fixture("images/groceries.jpg")).rgb,
                              loadImage(fixture("images/cars.jpg")).rgb};
    std::vector<cv::Mat> folder;
    for (int i = 0; i < images; ++i) {
        const cv::Mat &src = photos[i % 3];
        const double f = 0.6 + 0.4 * ((i / 3) % 5) / 4.0; // crop share 0.6..1.0
        const cv::Rect crop(int((src.cols * (1 - f)) * ((i / 15) % 3) / 2.0), int(src.rows * (1 - f) / 2),
                            int(src.cols * f), int(src.rows * f));
        cv::Mat view;
        cv::resize(src(crop), view, cv::Size(602, 448), 0, 0, cv::INTER_AREA);
        if ((i / 45) % 2)
            cv::flip(view, view, 1);
        folder.push_back(view);
    }
    p.similarityThreshold = 0.4f;
    start = Clock::now();
    int found = 0;
    for (int i = 0; i < images; ++i)
        found += int(pipeline.findSimilar(ImageInput::fromMat(folder[size_t(i)], "view" + std::to_string(i)), query, p)
                         .objects.size());
    const double cold = msSince(start) / 1000.0;
    start = Clock::now();
    double decodeMs = 0;
    for (int i = 0; i < images; ++i)
        decodeMs += pipeline.findSimilar(ImageInput::fromKey("view" + std::to_string(i)), query, p).timings.sam2DecodeMs;
    const double warm = msSince(start) / 1000.0;
    p.similarityThreshold = 0.45f; // new candidates: decodes again
    start = Clock::now();
    double decodeMs2 = 0;
    for (int i = 0; i < images; ++i)
        decodeMs2 += pipeline.findSimilar(ImageInput::fromKey("view" + std::to_string(i)), query, p).timings.sam2DecodeMs;
    const double warm2 = msSince(start) / 1000.0;
    std::printf("folder of %d images (602x448): cold %.1f s (encoders run, %d objects); cached features, same "
                "threshold %.2f s (decode %.2f s, masks cached); cached features, new threshold %.2f s (decode %.2f s)\n",
                images, cold, found, warm, decodeMs / 1000.0, warm2, decodeMs2 / 1000.0);
    const auto stats = pipeline.cacheStats();
    std::printf("cache: %.0f MB in %zu entries\n", double(stats.bytes) / 1e6, stats.entries);
    return 0;
}
