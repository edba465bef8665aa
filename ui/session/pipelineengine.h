#pragma once
// The real engine: core/pipeline's Pipeline behind the UI's InferenceEngine.
// Torch-free header; the Pipeline itself hides LibTorch behind its pimpl.
#include "inferenceengine.h"

#include <memory>
#include <mutex>

#include <string>

namespace dinosam {
class Pipeline;
struct PipelineCacheStats;
struct PipelineConfig;
}

namespace dinosam::ui {

class VideoRunner;

/**
 * Adapts dinosam::Pipeline (stage cache, cooperative cancellation) to InferenceEngine.
 * The Pipeline is created lazily on the worker thread, and re-created there after
 * configure(); status() and configure() may be called from the GUI thread.
 * The video mode's requests go to one VideoRunner on the same Pipeline (dropped with it:
 * a settings change closes the video).
 * Errors: PipelineError and ImageLoadError messages are passed on as they are
 * (they are written for users); Cancelled becomes EngineCancelled.
 */
class PipelineEngine : public InferenceEngine
{
public:
    PipelineEngine();
    ~PipelineEngine() override;

    EngineStatus status(const SegmentationParams &params) const override;
    EngineImage openImage(const std::string &path) override;
    SegmentationResult segment(const EngineImage &image, const std::string &name,
                               const SegmentationParams &params, const ProgressFn &progress,
                               const CancelFn &cancel) override;
    SegmentedObject refine(const EngineImage &image, const SegmentationParams &params,
                           const Prompt &prompt, const CancelFn &cancel) override;
    bool supportsSpeculation() const override { return true; }
    bool speculate(const EngineImage &image, const SegmentationParams &params, const CancelFn &cancel) override;
    bool speculateSimilar(const EngineImage &target, const EngineImage &example, const cv::Mat &exampleMask,
                          const SimilarityParams &params, const std::vector<cv::Mat> &existing,
                          const CancelFn &cancel) override;
    SimilarityResult findSimilar(const EngineImage &target, const EngineImage &example, const cv::Mat &exampleMask,
                                 const SimilarityParams &params, const std::vector<cv::Mat> &existing,
                                 const CancelFn &cancel) override;
    std::vector<std::string> dinoModels() const override;
    std::vector<std::string> sam2Models() const override;
    VideoReport runVideo(const VideoRequest &request, const SegmentationParams &params,
                         const VideoFrameFn &frameTracked, const ProgressFn &progress, const CancelFn &cancel) override;
    void configure(const EngineSettings &settings) override;

    /// The pipeline's cache counters (memory and disk). Worker thread (or when idle).
    PipelineCacheStats cacheStats();
    /// Why the disk cache is off although configured (its folder cannot be used); "" = fine.
    std::string diskCacheProblem() const;

private:
    Pipeline &pipeline();

    mutable std::mutex m_mutex; // guards m_settings, m_dirty and m_diskCacheProblem
    EngineSettings m_settings;
    bool m_dirty = true;
    std::string m_diskCacheProblem;
    std::unique_ptr<Pipeline> m_pipeline; // worker thread only
    std::unique_ptr<PipelineConfig> m_config; // m_pipeline's; worker thread only
    std::unique_ptr<VideoRunner> m_video;  // on m_pipeline, made on the first video request; worker thread only
};

} // namespace dinosam::ui
