#include "trackcommand.h"

#include "processmemory.h"
#include "trackoverlay.h"
#include "trackrecorder.h"

#include "models/sam2/sam2videopredictor.h"
#include "pipeline/modellocator.h"
#include "pipeline/pipeline.h"
#include "video/framereader.h"
#include "video/pillowresize.h"

#include <opencv2/imgproc.hpp>
#include <torch/torch.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <optional>

namespace dinosam::cli {
namespace {

// Ctrl-C: the first stops the propagation after the frame in progress (the outputs
// are then written for the frames so far); a second one also stops the overlay.
std::atomic<int> g_interrupts{0};

extern "C" void onTrackInterrupt(int)
{
    g_interrupts.fetch_add(1);
}

/// SAM2 frames from a FrameReader: Pillow-bicubic resize to 1024 (as Meta's loader), normalised.
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

/// Options of `track` on top of the segmentation command line.
struct TrackOptions
{
    int64_t keyframe = 0;
    int64_t rediscoverEvery = 0;
    OverlayMode overlay = OverlayMode::Video;
};

/// Takes `--name N` / `--name=N` out of `args`; empty optional when absent. Throws a message.
std::optional<QString> takeOption(QStringList &args, const QString &name)
{
    const QString flag = QStringLiteral("--") + name;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString a = args.at(i);
        if (a == flag) {
            if (i + 1 >= args.size() || args.at(i + 1).startsWith(QLatin1String("--")))
                throw std::invalid_argument(flag.toStdString() + " needs a value");
            const QString value = args.at(i + 1);
            args.remove(i, 2);
            return value;
        }
        if (a.startsWith(flag + QLatin1Char('='))) {
            args.removeAt(i);
            return a.mid(flag.size() + 1);
        }
    }
    return std::nullopt;
}

int64_t frameNumber(const QString &value, const char *flag, int64_t minimum)
{
    bool ok = false;
    const qlonglong n = value.toLongLong(&ok);
    if (!ok || n < minimum)
        throw std::invalid_argument(std::string(flag) + " needs a whole number >= " + std::to_string(minimum) +
                                    ", got '" + value.toStdString() + "'");
    return n;
}

TrackOptions takeTrackOptions(QStringList &args)
{
    TrackOptions t;
    if (const auto v = takeOption(args, QStringLiteral("keyframe")))
        t.keyframe = frameNumber(*v, "--keyframe", 0);
    if (const auto v = takeOption(args, QStringLiteral("rediscover-every")))
        t.rediscoverEvery = frameNumber(*v, "--rediscover-every", 1);
    if (const auto v = takeOption(args, QStringLiteral("overlay"))) {
        if (*v == QLatin1String("video"))
            t.overlay = OverlayMode::Video;
        else if (*v == QLatin1String("frames"))
            t.overlay = OverlayMode::Frames;
        else if (*v == QLatin1String("none"))
            t.overlay = OverlayMode::None;
        else
            throw std::invalid_argument("--overlay is video, frames or none, got '" + v->toStdString() + "'");
    }
    return t;
}

const char *kTrackHelp =
    "\ndinosam track VIDEO|FRAME_DIR --save-dir DIR [--keyframe N] [--rediscover-every N]\n"
    "              [--overlay video|frames|none] [discovery and model options above]\n"
    "  Discovers objects on frame N (default 0) as `dinosam IMAGE` does and tracks each one\n"
    "  through the video with SAM2's video predictor (backward to frame 0, then forward).\n"
    "  --rediscover-every N  run discovery again every N frames after the keyframe and track\n"
    "                        the objects whose masks overlap no tracked one (IoU below\n"
    "                        --duplicate-iou) from there on.\n"
    "  --overlay             <name>_overlay.mp4 (default; PNG frames in <name>_overlay/ when\n"
    "                        OpenCV has no MP4 encoder), PNG frames, or none.\n"
    "  Writes <name>_masks/frame_NNNNNN/mask_III.png (III = object id), <name>_tracks.json,\n"
    "  <name>_tracks_mot.csv (MOT challenge), <name>_coco_video.json (YouTube-VIS style RLE).\n"
    "  Ctrl-C stops after the current frame and keeps what was tracked.\n";

double iou(const cv::Mat &a, const cv::Mat &b)
{
    cv::Mat inter, uni;
    cv::bitwise_and(a, b, inter);
    cv::bitwise_or(a, b, uni);
    const int u = cv::countNonZero(uni);
    return u == 0 ? 0.0 : double(cv::countNonZero(inter)) / double(u);
}

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

} // namespace

int runTrackCommand(const QStringList &argumentsIn)
{
    QStringList arguments = argumentsIn;
    TrackOptions track;
    try {
        track = takeTrackOptions(arguments);
    } catch (const std::exception &e) {
        std::fprintf(stderr, "dinosam track: %s\n", e.what());
        return ExitUsage;
    }
    const ParseOutcome parsed = parseCommandLine(arguments, false);
    if (!parsed.run) {
        const QByteArray text = parsed.message.toLocal8Bit();
        std::fprintf(parsed.exitCode == ExitOk ? stdout : stderr, "%s\n", text.constData());
        if (parsed.exitCode == ExitOk)
            std::printf("%s", kTrackHelp);
        return parsed.exitCode;
    }
    CliOptions options = parsed.options;
    if (options.images.size() != 1) {
        std::fprintf(stderr, "dinosam track: give exactly one VIDEO file or FRAME_DIR\n");
        return ExitUsage;
    }
    // Every frame is seen once: keep only the latest image's stages in the pipeline's cache.
    options.pipeline.cacheBytes = 1;
    const std::filesystem::path input = options.images.front();
    const auto start = std::chrono::steady_clock::now();

    // 1. The video and the save folder, before any model loads.
    std::unique_ptr<FrameReader> reader;
    try {
        reader = FrameReader::open(input);
    } catch (const std::exception &e) {
        std::fprintf(stderr, "dinosam track: %s\n", e.what());
        return ExitSetupFailed;
    }
    const int64_t headerFrames = reader->frameCount();
    if (track.keyframe >= headerFrames) {
        std::fprintf(stderr, "dinosam track: --keyframe %lld is past the last frame (%lld frames)\n",
                     static_cast<long long>(track.keyframe), static_cast<long long>(headerFrames));
        return ExitUsage;
    }
    std::string name = input.filename().string();
    if (name.empty() || name == ".")
        name = std::filesystem::absolute(input).parent_path().filename().string();
    else if (!reader->isFolder())
        name = input.stem().string();
    std::optional<TrackRecorder> recorder;
    try {
        recorder.emplace(options.saveDir, name, reader->frameSize());
    } catch (const std::exception &e) {
        std::fprintf(stderr, "dinosam track: cannot use the save folder: %s\n", e.what());
        return ExitSetupFailed;
    }
    if (!options.quiet)
        std::printf("%s: %lld frames of %dx%d%s\n", input.string().c_str(), static_cast<long long>(headerFrames),
                    reader->frameSize().width, reader->frameSize().height,
                    reader->isFolder() ? " (frame folder)" : "");

    // 2. The models, discovery on the keyframe.
    std::optional<Pipeline> pipeline;
    std::optional<sam2::Sam2VideoPredictor> predictor;
    SegmentationResult discovered;
    try {
        pipeline.emplace(options.pipeline);
        discovered = pipeline->run(ImageInput::fromMat(reader->frame(track.keyframe), {}, name + "_keyframe"),
                                   options.params, {});
        const auto &sam2Id = options.params.sam2Model;
        const auto it = options.pipeline.checkpoints.find(sam2Id);
        const auto checkpoint = ModelLocator(options.pipeline.modelDir)
                                    .resolve(sam2Id, it == options.pipeline.checkpoints.end() ? std::filesystem::path()
                                                                                              : it->second);
        predictor = sam2::Sam2VideoPredictor::load(checkpoint, sam2Id);
    } catch (const std::exception &e) {
        std::fprintf(stderr, "dinosam track: %s\n", e.what());
        return ExitSetupFailed;
    }
    if (!options.quiet)
        std::printf("keyframe %lld: %zu object%s discovered\n", static_cast<long long>(track.keyframe),
                    discovered.objects.size(), discovered.objects.size() == 1 ? "" : "s");
    if (discovered.objects.empty()) {
        std::fprintf(stderr, "dinosam track: no object found on the keyframe; nothing to track\n");
        return ExitImageFailed;
    }

    // 3. Tracking: corrections-stick mode (the product's), bounded memory.
    auto source = std::make_shared<ReaderFrameSource>(*reader, headerFrames, predictor->config().imageSize);
    auto state = predictor->initState(source, /*addAllFramesToCorrectAsCond=*/true, 2);
    int64_t nextId = 1;
    std::string stopReason;
    bool truncated = false;
    g_interrupts = 0;
    std::signal(SIGINT, onTrackInterrupt);
    auto onFrame = [&](const sam2::VideoFrameResult &frame) {
        if (!recorder->hasFrame(frame.frameIdx)) { // the keyframe comes again at the start of the forward pass
            recorder->beginFrame(frame.frameIdx);
            for (const auto &obj : frame.objects)
                recorder->record(frame.frameIdx, obj.objId, binaryMask(state, obj.lowResLogits),
                                 obj.objectScoreLogits.item<float>());
            if (!options.quiet) {
                std::printf("\rtracked %zu / %lld frames", recorder->framesTracked(),
                            static_cast<long long>(headerFrames));
                std::fflush(stdout);
            }
        }
        predictor->releaseDistantOutputs(state, frame.frameIdx);
        return g_interrupts.load() == 0;
    };
    // Discovery on `frame` again: objects that overlap no tracked one become new tracks there.
    auto rediscover = [&](int64_t frame) {
        const auto found =
            pipeline->run(ImageInput::fromMat(reader->frame(frame), {}, name + "_" + trackFrameName(frame)),
                          options.params, {});
        auto present = recorder->masksOn(frame);
        int added = 0;
        for (const auto &obj : found.objects) {
            bool overlaps = false;
            for (const auto &[id, mask] : present)
                overlaps = overlaps || iou(obj.mask, mask) >= options.params.duplicateIou;
            if (overlaps)
                continue;
            const int64_t id = nextId++;
            recorder->addObject(id, obj.label, frame);
            const auto r = predictor->addNewMask(state, frame, id, maskPrompt(obj.mask));
            const cv::Mat tracked = binaryMask(state, r.lowResLogits);
            recorder->record(frame, id, tracked, r.objectScoreLogits.item<float>());
            present.emplace_back(id, tracked);
            ++added;
        }
        if (!options.quiet)
            std::printf("\nframe %lld: re-discovery found %zu object%s, %d new (the others overlap tracked ones)\n",
                        static_cast<long long>(frame), found.objects.size(), found.objects.size() == 1 ? "" : "s",
                        added);
    };
    try {
        for (const auto &obj : discovered.objects) {
            const int64_t id = nextId++;
            recorder->addObject(id, obj.label, track.keyframe);
            predictor->addNewMask(state, track.keyframe, id, maskPrompt(obj.mask));
        }
        // Backward first, so that objects found by re-discovery (forward only) are tracked from
        // where they were found on.
        if (track.keyframe > 0) {
            sam2::PropagateOptions backward;
            backward.startFrame = track.keyframe;
            backward.reverse = true;
            predictor->propagate(state, backward, onFrame);
        }
        int64_t from = track.keyframe;
        while (g_interrupts.load() == 0 && from < headerFrames) {
            sam2::PropagateOptions forward;
            forward.startFrame = from;
            int64_t until = headerFrames - 1;
            if (track.rediscoverEvery > 0) {
                // The next re-discovery frame at or after `from` (the keyframe's own discovery is done).
                const int64_t n = track.rediscoverEvery;
                const int64_t k = std::max<int64_t>(1, (from - track.keyframe + n - 1) / n);
                until = std::min(until, track.keyframe + k * n);
            }
            forward.maxFramesToTrack = until - from;
            predictor->propagate(state, forward, onFrame);
            if (g_interrupts.load() != 0 || until >= headerFrames - 1)
                break;
            rediscover(until);
            from = until + 1;
        }
        if (g_interrupts.load() != 0)
            stopReason = "interrupted (Ctrl-C)";
    } catch (const FrameReadError &e) {
        truncated = reader->truncated();
        stopReason = e.what();
    } catch (const std::exception &e) {
        stopReason = e.what();
    }
    if (!options.quiet)
        std::printf("\n");
    const auto trackedAt = std::chrono::steady_clock::now();

    // 4. Tracks, COCO, overlay: also after a stop, for the frames tracked so far.
    TrackRunInfo info;
    info.video = input.filename().empty() ? name : input.filename().string();
    info.frameCount = reader->frameCount();
    info.fps = reader->fps();
    info.keyframe = track.keyframe;
    info.rediscoverEvery = track.rediscoverEvery;
    info.stopped = stopReason;
    if (reader->isFolder())
        for (int64_t f = 0; f < reader->frameCount(); ++f)
            info.frameNames.push_back(reader->frameFile(f).filename().string());
    bool writeFailed = false;
    try {
        recorder->writeTracks(info, options.exportOptions);
        recorder->writeCocoVideo(info, options.exportOptions);
    } catch (const std::exception &e) {
        std::fprintf(stderr, "dinosam track: %s\n", e.what());
        writeFailed = true;
    }
    try {
        const auto overlay = writeTrackOverlay(*recorder, *reader, track.overlay, g_interrupts, 2);
        if (!overlay.note.empty())
            std::fprintf(stderr, "dinosam track: %s: wrote the overlay as PNG frames in %s instead of %s_overlay.mp4\n",
                         overlay.note.c_str(), overlay.path.string().c_str(), name.c_str());
        if (overlay.stopped)
            std::fprintf(stderr, "dinosam track: overlay stopped by a second Ctrl-C (%lld frames written)\n",
                         static_cast<long long>(overlay.frames));
        else if (!options.quiet && track.overlay != OverlayMode::None)
            std::printf("overlay: %s (%lld frames)\n", overlay.path.string().c_str(),
                        static_cast<long long>(overlay.frames));
    } catch (const std::exception &e) {
        std::fprintf(stderr, "dinosam track: overlay: %s\n", e.what());
        writeFailed = true;
    }
    std::signal(SIGINT, SIG_DFL);

    const auto now = std::chrono::steady_clock::now();
    if (!options.quiet) {
        const double trackSeconds = std::chrono::duration<double>(trackedAt - start).count();
        const double total = std::chrono::duration<double>(now - start).count();
        const auto peak = peakResidentMiB();
        std::printf("Done: %zu frames, %zu objects tracked in %.1f s (%.1f s with the outputs), peak RSS %.0f MiB. "
                    "Results in %s\n",
                    recorder->framesTracked(), recorder->objects().size(), trackSeconds, total, peak ? *peak : -1.0,
                    options.saveDir.string().c_str());
    }
    if (!stopReason.empty()) {
        if (truncated)
            std::fprintf(stderr,
                         "dinosam track: %s\ndinosam track: stopped at the last good frame (%lld); the %zu frames "
                         "tracked are kept\n",
                         stopReason.c_str(), static_cast<long long>(reader->frameCount() - 1),
                         recorder->framesTracked());
        else
            std::fprintf(stderr, "dinosam track: stopped after %zu frames: %s (the frames tracked are kept)\n",
                         recorder->framesTracked(), stopReason.c_str());
        return g_interrupts.load() != 0 ? 130 : ExitImageFailed;
    }
    return writeFailed ? ExitImageFailed : ExitOk;
}

} // namespace dinosam::cli
