#include "videotracker.h"

#include "models/common/cpuruntime.h"
#include "pipeline/pipelineerror.h"
#include "tracking/videopredictorsupport.h"
#include "video/framereader.h"

#include <torch/torch.h>

#include <algorithm>
#include <stdexcept>

namespace dinosam {

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

VideoTracker::VideoTracker(Pipeline &pipeline, PipelineConfig config)
    : m_pipeline(pipeline), m_config(std::move(config)), m_predictor(std::make_unique<VideoPredictorSlot>())
{
}

VideoTracker::~VideoTracker() = default;

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
    sam2::Sam2VideoPredictor &model = m_predictor->get(m_config, params.sam2Model);
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
        releaseFreedHeapMemory(); // resident memory flat over long clips (see cpuruntime.h)
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
                overlaps = overlaps || binaryMaskIou(obj.mask, mask) >= params.duplicateIou;
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
