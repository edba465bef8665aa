#pragma once
// The studio's video requests served by core's VideoSession (one video at a time). Part
// of PipelineEngine; torch-free header.
#include "videorequest.h"
#include "inferenceengine.h"

#include <memory>

namespace dinosam {
class Pipeline;
class VideoSession;
struct PipelineConfig;
}

namespace dinosam::ui {

/**
 * Translates VideoRequest into VideoSession calls and their results into VideoReport.
 * Thread: the inference worker only. Errors: a video that cannot be read throws
 * EngineError(Image); the session's other exceptions pass through (PipelineEngine maps them).
 */
class VideoRunner
{
public:
    VideoRunner(Pipeline &pipeline, const PipelineConfig &config);
    ~VideoRunner();

    VideoReport run(const VideoRequest &request, const SegmentationParams &params, const VideoFrameFn &frameTracked,
                    const ProgressFn &progress, const CancelFn &cancel);

private:
    VideoFrameMasks masksOf(int64_t frame) const;

    std::unique_ptr<VideoSession> m_session;
};

} // namespace dinosam::ui
