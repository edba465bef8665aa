#pragma once
// The studio's interactive tracking of one video: discovery on any frame the user picks
// adds tracks, propagation forward or backward from any frame, corrections (a box, points
// or a mask for one object on one frame) that stick, objects removed, and the tracks
// exported in `dinosam track`'s layout. The per-frame masks live in a TrackRecorder as
// RLE: showing a tracked frame again runs no model.
//
// Corrections stick: the predictor runs with Meta's add_all_frames_to_correct_as_cond=True,
// so a corrected frame becomes a conditioning frame that later propagations keep and
// remember, instead of Meta's default that overwrites it at the next propagation.
// Memory stays bounded as in VideoTracker: outputs far from the frame in progress and
// from every prompted frame are released.
//
// Thread: one thread at a time (the studio's inference worker); modelRuns() from any.
// Coordinates: prompts in frame pixels (types/prompt.h).
#include "pipeline/pipeline.h"
#include "tracking/trackrecorder.h"
#include "types/prompt.h"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace dinosam {

class FrameReader;
class VideoPredictorSlot;

/// What discover() found and which of its objects became new tracks.
struct VideoDiscovery
{
    SegmentationResult result;  ///< discovery on the frame, as Pipeline::run gives it
    std::vector<int64_t> added; ///< ids of the new tracks (objects overlapping no tracked one)
};

/// What the caller hears while a propagation goes on (both may be empty). Called on the
/// session's thread.
struct VideoPropagateObserver
{
    /// `frame` was tracked and recorded: `done` frames of this propagation's `total`.
    std::function<void(int64_t frame, size_t done, size_t total)> frameTracked;
    /// Asked after every frame: false stops there (the frames tracked are kept).
    std::function<bool()> keepGoing;
};

struct VideoPropagateOutcome
{
    size_t framesTracked = 0;
    bool cancelled = false; ///< keepGoing() said stop
    bool truncated = false; ///< the video ended early (a damaged file): frameCount() shrank
    std::string stopped;    ///< empty: every frame in the direction was tracked
};

class VideoSession
{
public:
    /// `pipeline` runs discovery and must outlive the session; `config` locates the SAM2
    /// checkpoint (as the pipeline's).
    VideoSession(Pipeline &pipeline, PipelineConfig config);
    ~VideoSession();
    VideoSession(const VideoSession &) = delete;
    VideoSession &operator=(const VideoSession &) = delete;

    /// Starts on a new video (tracks of the previous one are dropped). `name` names the
    /// exported files (trackRunName()).
    void open(std::unique_ptr<FrameReader> reader, std::string name);
    bool isOpen() const { return m_reader != nullptr; }
    /// The open video. Throws std::logic_error when none is.
    FrameReader &reader() const;
    int64_t frameCount() const;
    const std::string &name() const { return m_name; }

    /// Discovery on `frame` with `params` (as Pipeline::run); every object that overlaps no
    /// object tracked on that frame (IoU < params.duplicateIou) becomes a new track, its mask
    /// recorded on `frame`. The SAM2 video model is params.sam2Model; another one than the
    /// tracks were made with throws std::invalid_argument (the tracks would not fit it).
    /// Throws PipelineError, Cancelled, FrameReadError, std::invalid_argument (frame).
    VideoDiscovery discover(int64_t frame, const SegmentationParams &params, const RunControl &control = {});

    /// Tracks every object from `frame` to the end (or, backward, to frame 0), replacing
    /// what earlier passes recorded there; conditioning frames (discovered or corrected)
    /// keep their masks. Throws std::invalid_argument (no object, frame out of range);
    /// a read error or a cancel ends the pass early with the frames so far kept.
    VideoPropagateOutcome propagate(int64_t frame, bool backward, const VideoPropagateObserver &observer = {});

    /// Corrects object `id` on `frame` with a box and/or points (the whole prompt of this
    /// frame: earlier clicks on it are replaced). The frame becomes a conditioning frame;
    /// its new mask is recorded and returned (empty: SAM2 says the object is absent).
    /// Call propagate() from `frame` to carry the correction on.
    /// Throws std::invalid_argument (unknown object, empty prompt, frame out of range).
    cv::Mat correct(int64_t frame, int64_t id, const Prompt &prompt);
    /// The same with a mask (CV_8U, the frame's size, nonzero = the object).
    cv::Mat correct(int64_t frame, int64_t id, const cv::Mat &mask);
    /// A new object from a prompt on `frame` (SAM2 model: the tracks', else `sam2Model`),
    /// recorded there. Returns its id.
    int64_t addObject(int64_t frame, const Prompt &prompt, const std::string &label, const std::string &sam2Model);

    /// Forgets object `id` (its masks on every frame and its prompts). Unknown ids throw
    /// std::invalid_argument.
    void removeObject(int64_t id);
    void setLabel(int64_t id, const std::string &label);

    /// The tracks: objects, labels, masks per frame as RLE (masksOn(frame) decodes them).
    const TrackRecorder &tracks() const;
    /// The first frame discovery ran on (-1: none yet): the tracks file's keyframe.
    int64_t keyframe() const { return m_keyframe; }

    /// Writes `dinosam track`'s files for the tracks so far under `dir` (mask PNGs,
    /// <name>_tracks.json, <name>_tracks_mot.csv, <name>_coco_video.json). Throws ExportError.
    /// Returns the masks folder and the three files.
    std::vector<std::filesystem::path> exportTracks(const std::filesystem::path &dir,
                                                    const ExportOptions &options) const;

    /// Model calls so far (discoveries, prompts, tracked frames). Reading tracks() adds none.
    uint64_t modelRuns() const { return m_modelRuns.load(); }

private:
    struct Tracking;
    /// The predictor's state for `sam2Model`, made on first use.
    Tracking &tracking(const std::string &sam2Model);
    /// The state of the tracks; throws std::invalid_argument naming `id` when it has no such object.
    Tracking &trackingOf(int64_t id);
    void checkFrame(int64_t frame) const;

    Pipeline &m_pipeline;
    PipelineConfig m_config;
    std::unique_ptr<FrameReader> m_reader;
    std::string m_name;
    std::unique_ptr<TrackRecorder> m_tracks;
    std::unique_ptr<VideoPredictorSlot> m_predictor; ///< kept across videos: weights load once
    std::unique_ptr<Tracking> m_tracking; ///< the predictor and its state, from the first object on
    int64_t m_nextId = 1;
    int64_t m_keyframe = -1;
    std::atomic<uint64_t> m_modelRuns{0};
};

} // namespace dinosam
