#include "trackcommand.h"

#include "processmemory.h"

#include "pipeline/pipeline.h"
#include "tracking/trackoverlay.h"
#include "tracking/trackrecorder.h"
#include "tracking/videotracker.h"
#include "video/framereader.h"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <optional>
#include <utility>

namespace dinosam::cli {
namespace {

// Ctrl-C: the first stops the propagation after the frame in progress (the outputs
// are then written for the frames so far); a second one also stops the overlay.
std::atomic<int> g_interrupts{0};

extern "C" void onTrackInterrupt(int)
{
    g_interrupts.fetch_add(1);
}

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
    const std::string name = trackRunName(input, reader->isFolder());
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

    // 2. Discovery on the keyframe, then tracking (corrections-stick mode, bounded memory).
    std::optional<Pipeline> pipeline;
    std::optional<VideoTracker> tracker;
    VideoTrackParams trackParams;
    trackParams.keyframe = track.keyframe;
    trackParams.rediscoverEvery = track.rediscoverEvery;
    VideoTrackObserver observer;
    bool keyframeSeen = false;
    observer.discovered = [&](int64_t frame, size_t found, size_t added) {
        const bool onKeyframe = !std::exchange(keyframeSeen, true);
        if (options.quiet)
            return;
        if (onKeyframe)
            std::printf("keyframe %lld: %zu object%s discovered\n", static_cast<long long>(frame), found,
                        found == 1 ? "" : "s");
        else
            std::printf("\nframe %lld: re-discovery found %zu object%s, %zu new (the others overlap tracked ones)\n",
                        static_cast<long long>(frame), found, found == 1 ? "" : "s", added);
    };
    observer.frameTracked = [&](size_t tracked, int64_t total) {
        if (options.quiet)
            return;
        std::printf("\rtracked %zu / %lld frames", tracked, static_cast<long long>(total));
        std::fflush(stdout);
    };
    observer.keepGoing = [] { return g_interrupts.load() == 0; };
    g_interrupts = 0;
    std::signal(SIGINT, onTrackInterrupt);
    VideoTrackOutcome outcome;
    try {
        pipeline.emplace(options.pipeline);
        tracker.emplace(*pipeline, options.pipeline);
        outcome = tracker->track(*reader, options.params, trackParams, *recorder, observer);
    } catch (const std::exception &e) {
        std::signal(SIGINT, SIG_DFL);
        std::fprintf(stderr, "dinosam track: %s\n", e.what());
        return ExitSetupFailed;
    }
    if (outcome.discovered == 0) {
        std::signal(SIGINT, SIG_DFL);
        std::fprintf(stderr, "dinosam track: no object found on the keyframe; nothing to track\n");
        return ExitImageFailed;
    }
    const bool truncated = outcome.truncated;
    std::string stopReason = outcome.stopped;
    if (outcome.cancelled)
        stopReason = "interrupted (Ctrl-C)";
    if (!options.quiet)
        std::printf("\n");
    const auto trackedAt = std::chrono::steady_clock::now();

    // 3. Tracks, COCO, overlay: also after a stop, for the frames tracked so far.
    const TrackRunInfo info = trackRunInfo(input, name, *reader, trackParams, stopReason);
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
