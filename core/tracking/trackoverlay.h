#pragma once
// The overlay of a tracking run: every tracked frame with its objects' masks tinted
// and outlined (the one mask renderer, export/maskoverlay.h; colours by object id).
// <name>_overlay.mp4 through OpenCV's video writer (MPEG-4 part 2, 'mp4v'), written
// under a temporary name, flushed and renamed (atomic, as every other output). When
// OpenCV has no MP4 encoder the frames go to <name>_overlay/frame_NNNNNN.png instead.
#include "trackrecorder.h"

#include <atomic>
#include <filesystem>
#include <string>

namespace dinosam {

class FrameReader;

enum class OverlayMode { Video, Frames, None };

struct OverlayOutcome
{
    bool video = false;          ///< the MP4 was written (else PNG frames, or nothing)
    std::filesystem::path path;  ///< the MP4 or the PNG folder
    int64_t frames = 0;          ///< frames written
    std::string note;            ///< why frames were written instead of a video (empty otherwise)
    bool stopped = false;        ///< `stop` became true: nothing (video) or the frames so far (PNG)
};

/// Renders recorder.frames() in order from `reader`. Throws ExportError / FrameReadError.
OverlayOutcome writeTrackOverlay(const TrackRecorder &recorder, FrameReader &reader, OverlayMode mode,
                                 const std::atomic<int> &interrupts, int stopAtInterrupts);

} // namespace dinosam
