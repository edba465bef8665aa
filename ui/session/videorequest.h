#pragma once
// What the studio's video mode asks the engine and what comes back: plain C++ and OpenCV
// data (no Qt, no LibTorch), like the rest of the engine interface.
#include "export/exportoptions.h"
#include "tracking/trackrecorder.h"
#include "types/prompt.h"

#include <opencv2/core.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace dinosam::ui {

enum class VideoOp {
    Open,         ///< path: a video file or a folder of frames; the tracks of the previous video go
    Discover,     ///< discovery on `frame`; new objects become tracks
    Propagate,    ///< track every object from `frame` forward (or backward)
    Correct,      ///< `objectId` (0: a new object) on `frame` from `prompt`; the frame becomes a conditioning frame
    RemoveObject, ///< forget `objectId`
    SetLabel,     ///< `objectId`'s label becomes `label`
    Export,       ///< `dinosam track`'s files of the tracks so far, under `outputDir`
};

struct VideoRequest
{
    VideoOp op = VideoOp::Open;
    std::string path;          ///< Open
    int64_t frame = 0;         ///< Discover, Propagate (where it starts), Correct
    bool backward = false;     ///< Propagate
    int64_t objectId = 0;      ///< Correct, RemoveObject, SetLabel
    Prompt prompt;             ///< Correct
    std::string label;         ///< SetLabel; Correct of a new object
    std::string outputDir;     ///< Export
    ExportOptions options;     ///< Export
};

/// The objects present on one frame, as the engine's tracks hold them (RLE, box, score).
struct VideoFrameMasks
{
    int64_t frame = 0;
    std::vector<std::pair<int64_t, TrackPoint>> present; ///< object id, its mask there
};

struct VideoObjectInfo
{
    int64_t id = 0;
    std::string label;
    int64_t firstFrame = 0;
};

/// What a video request did. Only the members of its op are set.
struct VideoReport
{
    // Open
    int64_t frameCount = 0;
    cv::Size frameSize;
    double fps = 0;
    std::string name;  ///< of the exported files (trackRunName)
    bool isFolder = false;
    // Discover, Correct (a new object)
    std::vector<VideoObjectInfo> added;
    cv::Mat discoveryMap; ///< Discover: CV_32F [0, 1] at the frame's size
    cv::Mat frameRgb;     ///< Discover: the frame discovery ran on (for the heat-map)
    size_t discovered = 0; ///< Discover: objects discovery found (some may be tracked already)
    // Discover, Correct: the masks of the frame afterwards (Propagate reports frames as they come)
    std::vector<VideoFrameMasks> frames;
    // Propagate
    size_t framesTracked = 0;
    bool cancelled = false;
    std::string stopped; ///< why a propagation ended early (a damaged video), empty otherwise
    // Export
    std::vector<std::string> files;
    // Every op: model calls of the engine's video session so far
    uint64_t modelRuns = 0;
};

/// Called on the worker thread after each propagated frame: its masks, frames done of total.
using VideoFrameFn = std::function<void(const VideoFrameMasks &masks, size_t done, size_t total)>;

} // namespace dinosam::ui
