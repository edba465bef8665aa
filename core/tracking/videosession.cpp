#include "videosession.h"

#include "models/common/cpuruntime.h"
#include "tracking/videopredictorsupport.h"
#include "tracking/videotracker.h"
#include "video/framereader.h"

#include <torch/torch.h>

#include <stdexcept>

namespace dinosam {

struct VideoSession::Tracking
{
    sam2::Sam2VideoPredictor &model;
    std::shared_ptr<ReaderFrameSource> source;
    sam2::Sam2VideoState state;
};

namespace {

float scoreOf(const sam2::VideoObjectResult &r)
{
    return r.objectScoreLogits.item<float>();
}

/// Whether the state still holds an output of object `id` on `frame` (a propagation far
/// away may have released it).
bool hasOutput(const sam2::Sam2VideoState &state, int64_t id, int64_t frame)
{
    const sam2::Sam2ObjectState *obj = state.object(id);
    return obj && (obj->temp.cond.find(frame) || obj->output.cond.find(frame) || obj->temp.nonCond.count(frame) ||
                   obj->output.nonCond.count(frame));
}

/// A Prompt as the video predictor's points and (x0, y0, x1, y1) box.
struct PredictorPrompt
{
    std::vector<sam2::VideoPoint> points;
    std::optional<std::array<float, 4>> box;
};

PredictorPrompt predictorPrompt(const Prompt &prompt)
{
    if (prompt.empty())
        throw std::invalid_argument("a box or points are needed");
    if (prompt.points.size() != prompt.labels.size())
        throw std::invalid_argument("one label per point is needed");
    PredictorPrompt p;
    for (size_t i = 0; i < prompt.points.size(); ++i)
        p.points.push_back({prompt.points[i].x, prompt.points[i].y, prompt.labels[i]});
    if (prompt.box)
        p.box = std::array<float, 4>{prompt.box->x, prompt.box->y, prompt.box->x + prompt.box->width,
                                     prompt.box->y + prompt.box->height};
    return p;
}

} // namespace

VideoSession::VideoSession(Pipeline &pipeline, PipelineConfig config)
    : m_pipeline(pipeline), m_config(std::move(config)), m_predictor(std::make_unique<VideoPredictorSlot>())
{
}

VideoSession::~VideoSession() = default;

void VideoSession::open(std::unique_ptr<FrameReader> reader, std::string name)
{
    if (!reader)
        throw std::invalid_argument("no video to open");
    m_tracking.reset(); // its frame source reads the old reader
    m_reader = std::move(reader);
    m_name = std::move(name);
    m_tracks = std::make_unique<TrackRecorder>(std::filesystem::path(), m_name, m_reader->frameSize());
    m_nextId = 1;
    m_keyframe = -1;
}

FrameReader &VideoSession::reader() const
{
    if (!m_reader)
        throw std::logic_error("no video is open");
    return *m_reader;
}

int64_t VideoSession::frameCount() const
{
    return m_reader ? m_reader->frameCount() : 0;
}

const TrackRecorder &VideoSession::tracks() const
{
    if (!m_tracks)
        throw std::logic_error("no video is open");
    return *m_tracks;
}

void VideoSession::checkFrame(int64_t frame) const
{
    const int64_t n = reader().frameCount();
    if (frame < 0 || frame >= n)
        throw std::invalid_argument("frame " + std::to_string(frame) + " is not in the video (" + std::to_string(n) +
                                    " frames)");
}

VideoSession::Tracking &VideoSession::tracking(const std::string &sam2Model)
{
    if (m_tracking && m_predictor->modelId() != sam2Model) {
        if (!m_tracking->state.objects.empty())
            throw std::invalid_argument("the tracks were made with " + m_predictor->modelId() +
                                        "; remove every object (or open the video again) to track with " + sam2Model);
        m_tracking.reset();
    }
    if (!m_tracking) {
        sam2::Sam2VideoPredictor &model = m_predictor->get(m_config, sam2Model);
        auto source = std::make_shared<ReaderFrameSource>(*m_reader, m_reader->frameCount(), model.config().imageSize);
        // Corrections-stick mode: every prompted frame is a conditioning frame.
        auto state = model.initState(source, /*addAllFramesToCorrectAsCond=*/true, 2);
        m_tracking.reset(new Tracking{model, std::move(source), std::move(state)});
    }
    return *m_tracking;
}

VideoSession::Tracking &VideoSession::trackingOf(int64_t id)
{
    if (!m_tracking || !m_tracking->state.object(id))
        throw std::invalid_argument("no tracked object " + std::to_string(id));
    return *m_tracking;
}

VideoDiscovery VideoSession::discover(int64_t frame, const SegmentationParams &params, const RunControl &control)
{
    checkFrame(frame);
    Tracking &t = tracking(params.sam2Model); // before the discovery: a model mismatch costs nothing
    VideoDiscovery found;
    found.result = m_pipeline.run(ImageInput::fromMat(m_reader->frame(frame), {}, m_name + "_" + trackFrameName(frame)),
                                  params, control);
    ++m_modelRuns;
    if (m_keyframe < 0)
        m_keyframe = frame;
    auto present = m_tracks->masksOn(frame);
    for (const SegmentedObject &obj : found.result.objects) {
        bool overlaps = false;
        for (const auto &[id, mask] : present)
            overlaps = overlaps || binaryMaskIou(obj.mask, mask) >= params.duplicateIou;
        if (overlaps)
            continue;
        const int64_t id = m_nextId++;
        m_tracks->addObject(id, obj.label, frame);
        const auto r = t.model.addNewMask(t.state, frame, id, maskPrompt(obj.mask));
        ++m_modelRuns;
        const cv::Mat tracked = binaryMask(t.state, r.lowResLogits);
        m_tracks->record(frame, id, tracked, scoreOf(r));
        present.emplace_back(id, tracked);
        found.added.push_back(id);
    }
    return found;
}

VideoPropagateOutcome VideoSession::propagate(int64_t frame, bool backward, const VideoPropagateObserver &observer)
{
    checkFrame(frame);
    if (!m_tracking || m_tracking->state.objects.empty())
        throw std::invalid_argument("no object to track: discover objects or add one first");
    Tracking &t = *m_tracking;
    const size_t total = size_t(backward ? frame + 1 : frameCount() - frame);
    VideoPropagateOutcome outcome;
    bool stop = false;
    auto onFrame = [&](const sam2::VideoFrameResult &result) {
        m_tracks->beginFrame(result.frameIdx);
        for (const auto &obj : result.objects)
            m_tracks->record(result.frameIdx, obj.objId, binaryMask(t.state, obj.lowResLogits), scoreOf(obj));
        ++m_modelRuns;
        t.model.releaseDistantOutputs(t.state, result.frameIdx);
        releaseFreedHeapMemory(); // resident memory flat over long clips (see cpuruntime.h)
        ++outcome.framesTracked;
        if (observer.frameTracked)
            observer.frameTracked(result.frameIdx, outcome.framesTracked, total);
        stop = observer.keepGoing && !observer.keepGoing();
        return !stop;
    };
    sam2::PropagateOptions options;
    options.startFrame = frame;
    options.reverse = backward;
    try {
        t.model.propagate(t.state, options, onFrame);
    } catch (const FrameReadError &e) {
        outcome.truncated = m_reader->truncated();
        outcome.stopped = e.what();
    }
    if (stop) {
        outcome.cancelled = true;
        outcome.stopped = "cancelled";
    }
    return outcome;
}

cv::Mat VideoSession::correct(int64_t frame, int64_t id, const Prompt &prompt)
{
    checkFrame(frame);
    Tracking &t = trackingOf(id);
    const PredictorPrompt p = predictorPrompt(prompt);
    if (!hasOutput(t.state, id, frame)) {
        // The output SAM2 refines from was released (far from any prompt): the recorded mask
        // stands in for it, so a click corrects the mask shown instead of starting afresh.
        for (const auto &[objectId, mask] : m_tracks->masksOn(frame))
            if (objectId == id) {
                t.model.addNewMask(t.state, frame, id, maskPrompt(mask));
                ++m_modelRuns;
            }
    }
    const auto r = t.model.addNewPointsOrBox(t.state, frame, id, p.points, p.box, /*clearOldPoints=*/true);
    ++m_modelRuns;
    const cv::Mat mask = binaryMask(t.state, r.lowResLogits);
    m_tracks->record(frame, id, mask, scoreOf(r));
    return scoreOf(r) > 0 ? mask : cv::Mat();
}

cv::Mat VideoSession::correct(int64_t frame, int64_t id, const cv::Mat &mask)
{
    checkFrame(frame);
    Tracking &t = trackingOf(id);
    if (mask.type() != CV_8UC1 || mask.size() != m_reader->frameSize())
        throw std::invalid_argument("a correction mask must be CV_8U at the frame's size");
    const auto r = t.model.addNewMask(t.state, frame, id, maskPrompt(mask));
    ++m_modelRuns;
    const cv::Mat tracked = binaryMask(t.state, r.lowResLogits);
    m_tracks->record(frame, id, tracked, scoreOf(r));
    return scoreOf(r) > 0 ? tracked : cv::Mat();
}

int64_t VideoSession::addObject(int64_t frame, const Prompt &prompt, const std::string &label,
                                const std::string &sam2Model)
{
    checkFrame(frame);
    const PredictorPrompt p = predictorPrompt(prompt);
    Tracking &t = m_tracking ? *m_tracking : tracking(sam2Model);
    const int64_t id = m_nextId++;
    m_tracks->addObject(id, label, frame);
    try {
        const auto r = t.model.addNewPointsOrBox(t.state, frame, id, p.points, p.box, /*clearOldPoints=*/true);
        ++m_modelRuns;
        m_tracks->record(frame, id, binaryMask(t.state, r.lowResLogits), scoreOf(r));
    } catch (...) {
        m_tracks->removeObject(id);
        if (t.state.object(id))
            t.model.removeObject(t.state, id);
        throw;
    }
    return id;
}

void VideoSession::removeObject(int64_t id)
{
    Tracking &t = trackingOf(id);
    t.model.removeObject(t.state, id);
    m_tracks->removeObject(id);
}

void VideoSession::setLabel(int64_t id, const std::string &label)
{
    if (!m_tracks || !m_tracks->hasObject(id))
        throw std::invalid_argument("no tracked object " + std::to_string(id));
    m_tracks->setLabel(id, label);
}

std::vector<std::filesystem::path> VideoSession::exportTracks(const std::filesystem::path &dir,
                                                              const ExportOptions &options) const
{
    const TrackRecorder &tracks = this->tracks();
    TrackRecorder out(dir, m_name, tracks.frameSize());
    for (const auto &[id, track] : tracks.objects())
        out.addObject(id, track.label, track.firstFrame);
    for (int64_t frame : tracks.frames()) {
        out.beginFrame(frame);
        for (const auto &[id, track] : tracks.objects())
            if (const auto it = track.frames.find(frame); it != track.frames.end())
                out.recordPoint(frame, id, it->second);
    }
    VideoTrackParams params;
    params.keyframe = std::max<int64_t>(m_keyframe, 0);
    const TrackRunInfo info = trackRunInfo(m_reader->path(), m_name, *m_reader, params, {});
    out.writeTracks(info, options);
    out.writeCocoVideo(info, options);
    return {out.masksDir(), dir / (m_name + "_tracks.json"), dir / (m_name + "_tracks_mot.csv"),
            dir / (m_name + "_coco_video.json")};
}

} // namespace dinosam
