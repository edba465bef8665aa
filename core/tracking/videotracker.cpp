#include "videotracker.h"

#include "models/sam2/sam2videopredictor.h"
#include "pipeline/modellocator.h"
#include "pipeline/pipelineerror.h"
#include "video/framereader.h"
#include "video/pillowresize.h"

#include <opencv2/imgproc.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <optional>
#include <stdexcept>

namespace dinosam {
namespace {

/// SAM2 frames from a FrameReader: Pillow-bicubic resize to the model's size (as Meta's
/// loader), normalised.
class ReaderFrameSource : public sam2::Sam2FrameSource
{
public:
    ReaderFrameSource(FrameReader &reader, int64_t count, int64_t size) : m_reader(reader), m_count(count), m_size(size) {}
    int64_t numFrames() const override { return m_count; }
    int64_t videoHeight() const override { return m_reader.frameSize().height; }
    int64_t videoWidth() const override { return m_reader.frameSize().width; }
    at::Tensor modelInput(int64_t frameIdx) override
    {
        const cv::Mat resized = pillowResize(m_reader.frame(frameIdx), cv::Size(int(m_size), int(m_size)));
        const auto hwc = torch::from_blob(resized.data, {m_size, m_size, 3}, torch::kUInt8);
        return sam2::sam2NormalizeFrame(hwc); // copies
    }

private:
    FrameReader &m_reader;
    int64_t m_count;
    int64_t m_size;
};

/// A 0/255 mask as the predictor's mask prompt (uint8 [H, W]).
at::Tensor maskPrompt(const cv::Mat &mask)
{
    const cv::Mat m = mask.isContinuous() ? mask : mask.clone();
    return torch::from_blob(m.data, {m.rows, m.cols}, torch::kUInt8).clone();
}

cv::Mat binaryMask(const sam2::Sam2VideoState &state, const at::Tensor &lowResLogits)
{
    const auto logits = sam2::Sam2VideoPredictor::videoResLogits(state, lowResLogits)[0][0];
    const auto bin = (logits > 0).to(torch::kUInt8).mul_(255).contiguous();
    return cv::Mat(int(bin.size(0)), int(bin.size(1)), CV_8U, bin.data_ptr()).clone();
}

/// IoU of two 0/255 masks of one frame.
double iou(const cv::Mat &a, const cv::Mat &b)
{
    cv::Mat inter, uni;
    cv::bitwise_and(a, b, inter);
    cv::bitwise_or(a, b, uni);
    const int u = cv::countNonZero(uni);
    return u == 0 ? 0.0 : double(cv::countNonZero(inter)) / double(u);
}

} // namespace

TrackRunInfo trackRunInfo(const std::filesystem::path &input, const std::string &name, FrameReader &reader,
                          const VideoTrackParams &track, std::string stopped)
{
    TrackRunInfo info;
    info.video = input.filename().empty() ? name : input.filename().string();
    info.frameCount = reader.frameCount();
    info.fps = reader.fps();
    info.keyframe = track.keyframe;
    info.rediscoverEvery = track.rediscoverEvery;
    info.stopped = std::move(stopped);
    if (reader.isFolder())
        for (int64_t f = 0; f < reader.frameCount(); ++f)
            info.frameNames.push_back(reader.frameFile(f).filename().string());
    return info;
}

struct VideoTracker::Predictor
{
    std::string modelId;
    std::optional<sam2::Sam2VideoPredictor> model;
};

VideoTracker::VideoTracker(Pipeline &pipeline, PipelineConfig config)
    : m_pipeline(pipeline), m_config(std::move(config))
{
}

VideoTracker::~VideoTracker() = default;

VideoTracker::Predictor &VideoTracker::predictor(const std::string &sam2Model)
{
    if (!m_predictor || m_predictor->modelId != sam2Model) {
        const auto it = m_config.checkpoints.find(sam2Model);
        const auto checkpoint = ModelLocator(m_config.modelDir)
                                    .resolve(sam2Model, it == m_config.checkpoints.end() ? std::filesystem::path()
                                                                                         : it->second);
        auto loaded = std::make_unique<Predictor>();
        loaded->modelId = sam2Model;
        loaded->model = sam2::Sam2VideoPredictor::load(checkpoint, sam2Model);
        m_predictor = std::move(loaded);
    }
    return *m_predictor;
}

VideoTrackOutcome VideoTracker::track(FrameReader &reader, const SegmentationParams &params,
                                      const VideoTrackParams &track, TrackRecorder &recorder,
                                      const VideoTrackObserver &observer)
{
    const int64_t frameCount = reader.frameCount();
    if (track.keyframe < 0 || track.keyframe >= frameCount)
        throw std::invalid_argument("keyframe " + std::to_string(track.keyframe) + " is past the last frame (" +
                                    std::to_string(frameCount) + " frames)");
    const auto keepGoing = [&] { return !observer.keepGoing || observer.keepGoing(); };
    RunControl control;
    control.isCancelled = [&] { return !keepGoing(); };
    const std::string name = recorder.name();

    // 1. Discovery on the keyframe, then the video predictor (both may throw: setup errors).
    VideoTrackOutcome outcome;
    const SegmentationResult discovered =
        m_pipeline.run(ImageInput::fromMat(reader.frame(track.keyframe), {}, name + "_keyframe"), params, control);
    outcome.discovered = discovered.objects.size();
    if (observer.discovered)
        observer.discovered(track.keyframe, discovered.objects.size(), discovered.objects.size());
    sam2::Sam2VideoPredictor &model = *predictor(params.sam2Model).model;
    if (discovered.objects.empty())
        return outcome;

    // 2. Tracking: corrections-stick mode (the product's), bounded memory.
    auto source = std::make_shared<ReaderFrameSource>(reader, frameCount, model.config().imageSize);
    auto state = model.initState(source, /*addAllFramesToCorrectAsCond=*/true, 2);
    int64_t nextId = 1;
    for (const auto &[id, objectTrack] : recorder.objects())
        nextId = std::max(nextId, id + 1);
    bool stop = false;
    auto onFrame = [&](const sam2::VideoFrameResult &frame) {
        if (!recorder.hasFrame(frame.frameIdx)) { // the keyframe comes again at the start of the forward pass
            recorder.beginFrame(frame.frameIdx);
            for (const auto &obj : frame.objects)
                recorder.record(frame.frameIdx, obj.objId, binaryMask(state, obj.lowResLogits),
                                obj.objectScoreLogits.item<float>());
            if (observer.frameTracked)
                observer.frameTracked(recorder.framesTracked(), frameCount);
        }
        model.releaseDistantOutputs(state, frame.frameIdx);
        stop = stop || !keepGoing();
        return !stop;
    };
    // Discovery on `frame` again: objects that overlap no tracked one become new tracks there.
    auto rediscover = [&](int64_t frame) {
        const auto found = m_pipeline.run(
            ImageInput::fromMat(reader.frame(frame), {}, name + "_" + trackFrameName(frame)), params, control);
        auto present = recorder.masksOn(frame);
        size_t added = 0;
        for (const auto &obj : found.objects) {
            bool overlaps = false;
            for (const auto &[id, mask] : present)
                overlaps = overlaps || iou(obj.mask, mask) >= params.duplicateIou;
            if (overlaps)
                continue;
            const int64_t id = nextId++;
            recorder.addObject(id, obj.label, frame);
            const auto r = model.addNewMask(state, frame, id, maskPrompt(obj.mask));
            const cv::Mat tracked = binaryMask(state, r.lowResLogits);
            recorder.record(frame, id, tracked, r.objectScoreLogits.item<float>());
            present.emplace_back(id, tracked);
            ++added;
        }
        if (observer.discovered)
            observer.discovered(frame, found.objects.size(), added);
    };
    try {
        for (const auto &obj : discovered.objects) {
            const int64_t id = nextId++;
            recorder.addObject(id, obj.label, track.keyframe);
            model.addNewMask(state, track.keyframe, id, maskPrompt(obj.mask));
        }
        // Backward first, so that objects found by re-discovery (forward only) are tracked from
        // where they were found on.
        if (track.keyframe > 0) {
            sam2::PropagateOptions backward;
            backward.startFrame = track.keyframe;
            backward.reverse = true;
            model.propagate(state, backward, onFrame);
        }
        int64_t from = track.keyframe;
        while (!stop && from < frameCount) {
            sam2::PropagateOptions forward;
            forward.startFrame = from;
            int64_t until = frameCount - 1;
            if (track.rediscoverEvery > 0) {
                // The next re-discovery frame at or after `from` (the keyframe's own discovery is done).
                const int64_t n = track.rediscoverEvery;
                const int64_t k = std::max<int64_t>(1, (from - track.keyframe + n - 1) / n);
                until = std::min(until, track.keyframe + k * n);
            }
            forward.maxFramesToTrack = until - from;
            model.propagate(state, forward, onFrame);
            if (stop || until >= frameCount - 1)
                break;
            rediscover(until);
            from = until + 1;
        }
        if (stop) {
            outcome.cancelled = true;
            outcome.stopped = "cancelled";
        }
    } catch (const FrameReadError &e) {
        outcome.truncated = reader.truncated();
        outcome.stopped = e.what();
    } catch (const Cancelled &) {
        outcome.cancelled = true;
        outcome.stopped = "cancelled";
    } catch (const std::exception &e) {
        outcome.stopped = e.what();
    }
    return outcome;
}

} // namespace dinosam
