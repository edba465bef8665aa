#pragma once
// Discovery on a keyframe, then SAM2's video predictor tracks every object through the
// video: the one tracking run behind `dinosam track`, Python's track_video() and the
// studio. Backward from the keyframe to frame 0 first, then forward; with
// rediscoverEvery, discovery runs again every N frames and objects that overlap no
// tracked one become new tracks from there on. Memory stays bounded: the predictor keeps
// only the outputs near the frame in progress, the recorder keeps masks as RLE.
#include "pipeline/pipeline.h"
#include "tracking/trackrecorder.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

namespace dinosam {

class FrameReader;
class VideoPredictorSlot;

struct VideoTrackParams
{
    int64_t keyframe = 0;         ///< discovery runs on this frame (0-based)
    int64_t rediscoverEvery = 0;  ///< 0: discovery on the keyframe only
};

/// What the caller hears while a run goes on. Every member may be empty. Called on the
/// tracking thread.
struct VideoTrackObserver
{
    /// Discovery ran on `frame`: `found` objects, `added` of them new tracks (on the
    /// keyframe every object is new).
    std::function<void(int64_t frame, size_t found, size_t added)> discovered;
    /// A frame was tracked: `tracked` frames so far of `total`.
    std::function<void(size_t tracked, int64_t total)> frameTracked;
    /// Asked after every frame: false stops the run there (what was tracked is kept).
    std::function<bool()> keepGoing;
};

/// How a run ended.
struct VideoTrackOutcome
{
    size_t discovered = 0;   ///< objects found on the keyframe
    std::string stopped;     ///< empty: every frame was tracked; else why the run stopped early
    bool cancelled = false;  ///< keepGoing() said stop
    bool truncated = false;  ///< the video ended early (a damaged or cut file)
};

/// The tracks file's account of a run on `input` (its files are named `name`).
TrackRunInfo trackRunInfo(const std::filesystem::path &input, const std::string &name, FrameReader &reader,
                          const VideoTrackParams &track, std::string stopped);

class VideoTracker
{
public:
    /// `config`: the pipeline's, for the SAM2 checkpoint (model folder, explicit files).
    VideoTracker(Pipeline &pipeline, PipelineConfig config);
    ~VideoTracker();
    VideoTracker(const VideoTracker &) = delete;
    VideoTracker &operator=(const VideoTracker &) = delete;

    /// Tracks the objects discovery finds on the keyframe (with `params`, as Pipeline::run)
    /// through `reader`'s frames into `recorder`. Throws (PipelineError, ModelLoadError,
    /// FrameReadError, std::invalid_argument for a keyframe past the end) when the keyframe's
    /// discovery or the video predictor's loading fails; an error while tracking ends the run
    /// with `stopped` set instead, keeping the frames tracked. No object on the keyframe:
    /// `discovered` is 0 and nothing is tracked.
    VideoTrackOutcome track(FrameReader &reader, const SegmentationParams &params, const VideoTrackParams &track,
                            TrackRecorder &recorder, const VideoTrackObserver &observer = {});

private:
    Pipeline &m_pipeline;
    PipelineConfig m_config;
    std::unique_ptr<VideoPredictorSlot> m_predictor; ///< loaded on first use, reused while the model id stays
};

} // namespace dinosam
