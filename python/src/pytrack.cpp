// DinoSamPipeline.track_video(): discovery on a keyframe, SAM2's video memory tracks every
// object (tracking/videotracker.h, the run behind `dinosam track`).
#include "pypipeline.h"

#include "conversions.h"
#include "errors.h"
#include "pyruncontrol.h"

#include "io/checkpointerror.h"
#include "pipeline/pipelineerror.h"
#include "tracking/trackoverlay.h"
#include "tracking/trackrecorder.h"
#include "tracking/videotracker.h"
#include "video/framereader.h"

#include <atomic>
#include <chrono>
#include <exception>

namespace dinosam::python {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t)
{
    return std::chrono::duration<double>(Clock::now() - t).count();
}

OverlayMode overlayMode(const std::string &overlay)
{
    if (overlay == "video")
        return OverlayMode::Video;
    if (overlay == "frames")
        return OverlayMode::Frames;
    if (overlay == "none")
        return OverlayMode::None;
    throw BadArgument("overlay is \"video\", \"frames\" or \"none\", got \"" + overlay + "\"");
}

/// What the run left behind, built without the GIL and turned into Python objects after.
struct TrackRun
{
    std::unique_ptr<FrameReader> reader;
    std::optional<TrackRecorder> recorder;
    VideoTrackOutcome outcome;
    std::vector<std::string> savedFiles;
    std::exception_ptr writeError; ///< the outputs could not be written (kept: its type picks the Python error)
    double trackSeconds = 0, totalSeconds = 0;
};

py::list objectList(const TrackRecorder &recorder, const ExportOptions &options)
{
    py::list objects;
    for (const auto &[id, track] : recorder.objects()) {
        py::dict o;
        o["id"] = id;
        o["label"] = track.label.empty() ? options.defaultLabel : track.label;
        o["first_frame"] = track.firstFrame;
        py::list frames;
        for (const auto &[frame, point] : track.frames)
            frames.append(frame);
        o["frames"] = frames;
        objects.append(o);
    }
    return objects;
}

/// Per tracked frame, its objects: id, box, area, score and (with masks) the bool mask.
py::list frameList(const TrackRecorder &recorder, bool masks)
{
    py::list frames;
    for (const int64_t frame : recorder.frames()) {
        py::list objects;
        std::map<int64_t, cv::Mat> decoded;
        if (masks)
            for (auto &[id, mask] : recorder.masksOn(frame))
                decoded.emplace(id, mask / 255); // 0/1 for a bool view
        for (const auto &[id, track] : recorder.objects()) {
            const auto it = track.frames.find(frame);
            if (it == track.frames.end())
                continue;
            const TrackPoint &p = it->second;
            py::dict o;
            o["id"] = id;
            o["bbox"] = doubles({double(p.box.x), double(p.box.y), double(p.box.x + p.box.width),
                                 double(p.box.y + p.box.height)});
            o["area"] = p.area;
            o["score"] = p.score;
            if (masks)
                o["mask"] = toArray(decoded.at(id), true);
            objects.append(o);
        }
        py::dict f;
        f["frame"] = frame;
        f["objects"] = objects;
        frames.append(f);
    }
    return frames;
}

} // namespace

py::dict PyPipeline::trackVideo(const py::object &video, int64_t keyframe, int64_t rediscoverEvery,
                                const ImageCallArgs &args, const std::string &overlay, bool masks,
                                const py::object &progress, const py::object &cancel)
{
    const std::filesystem::path input = toPath(video, "video_path");
    std::error_code ec;
    if (!std::filesystem::exists(input, ec))
        throw FileNotFound(input.string() + ": no such video file or frame folder");
    if (keyframe < 0)
        throw BadArgument("keyframe must be >= 0");
    if (rediscoverEvery < 0)
        throw BadArgument("rediscover_every must be >= 0 (0: only on the keyframe)");
    const OverlayMode overlayKind = overlayMode(overlay);
    if (!progress.is_none() && !PyCallable_Check(progress.ptr()))
        throw BadArgument("progress must be callable: progress(frames_tracked, frame_count)");

    VideoTrackParams trackParams;
    trackParams.keyframe = keyframe;
    trackParams.rediscoverEvery = rediscoverEvery;
    PyRunControl control(cancel);
    TrackRun run;
    const auto start = Clock::now();
    m_models->call([&] {
        try {
            run.reader = FrameReader::open(input);
        } catch (const FrameReadError &e) {
            throw BadArgument(e.what());
        }
        if (keyframe >= run.reader->frameCount())
            throw BadArgument("keyframe " + std::to_string(keyframe) + " is past the last frame (" +
                              std::to_string(run.reader->frameCount()) + " frames)");
        const std::string name = trackRunName(input, run.reader->isFolder());
        run.recorder.emplace(args.saveDir ? *args.saveDir : std::filesystem::path(), name, run.reader->frameSize());
        if (!m_tracker)
            m_tracker = std::make_shared<VideoTracker>(m_models->pipeline(), m_models->config());
        VideoTrackObserver observer;
        if (!progress.is_none())
            observer.frameTracked = [&](size_t tracked, int64_t total) {
                control.callPython([&] { progress(tracked, total); });
            };
        observer.keepGoing = [&] { return !control.cancelled(); };
        try {
            run.outcome = m_tracker->track(*run.reader, args.params, trackParams, *run.recorder, observer);
        } catch (const CheckpointError &e) {
            throw PipelineError(PipelineError::Kind::ModelInvalid, e.what());
        }
        run.trackSeconds = secondsSince(start);
        if (args.saveDir && run.outcome.discovered > 0) {
            // As the CLI: the files are written also after a stop, for the frames tracked so far.
            try {
                const TrackRunInfo info = trackRunInfo(input, name, *run.reader, trackParams, run.outcome.stopped);
                run.recorder->writeTracks(info, args.exportOptions);
                run.recorder->writeCocoVideo(info, args.exportOptions);
                const std::atomic<int> never{0};
                const auto written = writeTrackOverlay(*run.recorder, *run.reader, overlayKind, never, 1);
                const auto dir = *args.saveDir;
                for (const char *suffix : {"_tracks.json", "_tracks_mot.csv", "_coco_video.json"})
                    run.savedFiles.push_back((dir / (name + suffix)).string());
                run.savedFiles.push_back(run.recorder->masksDir().string());
                if (overlayKind != OverlayMode::None)
                    run.savedFiles.push_back(written.path.string());
            } catch (const std::exception &) {
                run.writeError = std::current_exception();
            }
        }
        run.totalSeconds = secondsSince(start);
    });
    control.rethrowPythonError();
    if (run.writeError)
        std::rethrow_exception(run.writeError);

    const TrackRecorder &recorder = *run.recorder;
    py::dict d;
    d["video"] = input.filename().empty() ? recorder.name() : input.filename().string();
    d["frame_count"] = run.reader->frameCount();
    d["fps"] = run.reader->fps();
    d["width"] = recorder.frameSize().width;
    d["height"] = recorder.frameSize().height;
    d["keyframe"] = keyframe;
    d["objects"] = objectList(recorder, args.exportOptions);
    d["frames"] = frameList(recorder, masks);
    d["frames_tracked"] = recorder.framesTracked();
    d["stopped"] = run.outcome.stopped.empty() ? py::object(py::none()) : py::object(py::str(run.outcome.stopped));
    d["truncated"] = run.outcome.truncated;
    if (args.saveDir) {
        py::list files;
        for (const auto &f : run.savedFiles)
            files.append(f);
        d["saved_files"] = files;
    }
    py::dict t;
    t["tracking_s"] = run.trackSeconds;
    t["total_s"] = run.totalSeconds;
    d["timings"] = t;
    if (run.outcome.cancelled) {
        py::object exc = py::reinterpret_borrow<py::object>(cancelledType())(
            "cancelled after " + std::to_string(recorder.framesTracked()) + " of " +
            std::to_string(run.reader->frameCount()) + " frames");
        exc.attr("results") = d;
        PyErr_SetObject(cancelledType().ptr(), exc.ptr());
        throw py::error_already_set();
    }
    return d;
}

void registerTrackVideo(py::class_<PyPipeline, std::shared_ptr<PyPipeline>> &cls)
{
    cls.def(
        "track_video",
        [](PyPipeline &self, const py::object &video, int64_t keyframe, int64_t rediscoverEvery, int numObjects,
           const std::string &promptType, int64_t minArea, double threshold, const std::string &method,
           const py::object &saveDir, const std::string &overlay, bool masks, const py::object &progress,
           const py::object &cancel) {
            const auto args = self.callArgs(numObjects, promptType, minArea, threshold, false, saveDir, method,
                                            py::none());
            return self.trackVideo(video, keyframe, rediscoverEvery, args, overlay, masks, progress, cancel);
        },
        py::arg("video_path"), py::kw_only(), py::arg("keyframe") = 0, py::arg("rediscover_every") = 0,
        py::arg("num_objects") = 5, py::arg("prompt_type") = "box", py::arg("min_area") = 100,
        py::arg("attention_threshold") = 0.6, py::arg("method") = "attention", py::arg("save_dir") = py::none(),
        py::arg("overlay") = "video", py::arg("masks") = true, py::arg("progress") = py::none(),
        py::arg("cancel") = py::none(), R"doc(
Discovers the objects on one frame of a video and tracks every one of them through the
whole video with SAM2's video memory (backward to frame 0, then forward), as
`dinosam track` does.

Args:
    video_path: a video file (what OpenCV/FFmpeg decodes) or a folder of frames (str or Path).
    keyframe: the frame discovery runs on (0-based).
    rediscover_every: run discovery again every N frames after the keyframe; objects that
        overlap no tracked one become new tracks from there (0: the keyframe only).
    num_objects, prompt_type, min_area, attention_threshold, method: discovery, as in
        process_image().
    save_dir: write the CLI's layout there: <name>_masks/frame_NNNNNN/mask_III.png,
        <name>_tracks.json, <name>_tracks_mot.csv, <name>_coco_video.json and the overlay.
    overlay: with save_dir, "video" (<name>_overlay.mp4), "frames" (PNGs) or "none".
    masks: include each object's (H, W) bool mask per frame (False: boxes and scores only,
        for long videos; the masks are in save_dir).
    progress: progress(frames_tracked, frame_count), called after every frame.
    cancel: a dinosam.CancelToken, threading.Event or callable; when set, the call stops after
        the frame in progress and raises dinosam.Cancelled whose `results` holds what was tracked.

Returns a dict: "video", "frame_count", "fps", "width", "height", "keyframe", "objects"
(per track: "id", "label", "first_frame", "frames" where present), "frames" (per tracked frame
in order: "frame" and "objects", each "id", "bbox" [x1, y1, x2, y2], "area", "score" (SAM2's
presence), "mask"), "frames_tracked", "stopped" (None, or why the run ended early, e.g. a
truncated video), "truncated", "timings" (s) and, with save_dir, "saved_files".

Raises FileNotFoundError (no such video), ValueError (undecodable video, bad parameter),
dinosam.ModelError, dinosam.Cancelled, OSError (save_dir not writable).
)doc");
}

} // namespace dinosam::python
