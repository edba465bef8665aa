#pragma once
// A deterministic stand-in for the real pipeline with controllable latency.
// Attention is a sum of Gaussian blobs; each object is one blob cut at the
// threshold, so every slider changes the masks in a predictable way.
#include "inferenceengine.h"

#include <atomic>
#include <map>
#include <mutex>

namespace dinosam::test {

class FakeEngine : public ui::InferenceEngine
{
public:
    // Latencies: set by the test (GUI thread), read by the session's worker thread, hence atomic.
    std::atomic<int> firstRunMs{200}; ///< latency of the first run on an image (the "encoders")
    std::atomic<int> cheapRunMs{20};  ///< latency of later runs on the same image
    std::atomic<int> refineMs{20};

    std::atomic<int> segmentCalls{0};
    std::atomic<int> completedSegments{0};
    std::atomic<int> refineCalls{0};
    std::atomic<int> cancelledCalls{0};
    std::atomic<bool> ready{true};

    ui::EngineStatus status(const SegmentationParams &params) const override;
    /// Decodes with OpenCV (no EXIF), key = the path: the fake is its own cache.
    ui::EngineImage openImage(const std::string &path) override;
    SegmentationResult segment(const ui::EngineImage &image, const std::string &name,
                               const SegmentationParams &params, const ui::ProgressFn &progress,
                               const ui::CancelFn &cancel) override;
    /// Blobs of about the example's size are "similar": similarity = 1 - relative radius
    /// difference; each found object is a disk at a blob, in order of similarity.
    SimilarityResult findSimilar(const ui::EngineImage &target, const ui::EngineImage &example,
                                 const cv::Mat &exampleMask, const SimilarityParams &params,
                                 const std::vector<cv::Mat> &existing, const ui::CancelFn &cancel) override;
    std::atomic<int> similarCalls{0};
    SegmentedObject refine(const ui::EngineImage &image, const SegmentationParams &params,
                           const Prompt &prompt, const ui::CancelFn &cancel) override;

    static constexpr int kBlobs = 12;

private:
    struct Blob
    {
        cv::Point2f center;
        float sigma;
        float peak;
    };
    struct Cached
    {
        cv::Mat attention;
        std::vector<Blob> blobs;
    };
    void sleepChecking(int ms, const ui::CancelFn &cancel);
    static std::vector<Blob> blobsFor(cv::Size size);
    static SegmentedObject finishObject(cv::Mat mask);

    std::mutex m_mutex;
    std::map<std::string, Cached> m_cache; // by name + size
};

} // namespace dinosam::test
