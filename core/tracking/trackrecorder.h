#pragma once
// What a tracking run (tracking/videotracker.h) keeps, and the files `dinosam track` and
// Python's track_video(save_dir=...) write from it.
//
// Layout under the save folder (<name>: the video's file name without extension,
// or the frame folder's name):
//   <name>_masks/frame_NNNNNN/mask_III.png  one 0/255 PNG per object present on the
//                                            frame; NNNNNN the 0-based frame index,
//                                            III the object id (from 1, as in the
//                                            tracks file). Every tracked frame has its
//                                            folder, empty when no object is present, so
//                                            a missing folder means "not tracked".
//   <name>_tracks.json                      per object: id, label, first frame, frames
//                                            present, and per frame box [x, y, w, h],
//                                            score (SAM2's object presence, sigmoid of its
//                                            object-score logit) and area.
//   <name>_tracks_mot.csv                   MOT-challenge rows: frame (1-based), id,
//                                            left, top, width, height, score, -1, -1, -1.
//   <name>_coco_video.json                  YouTube-VIS style COCO: one video, one
//                                            annotation per object with per-frame
//                                            "segmentations" (RLE, null where absent),
//                                            "bboxes" and "areas".
// Masks are written as frames arrive; the other files at the end (also after a stop).
// Every file is written atomically (export/atomicfile.h).
// Masks are kept in memory as compressed RLE only, so memory grows by bytes per frame.
#include "export/exportoptions.h"

#include <opencv2/core.hpp>

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace dinosam {

/// One object on one frame.
struct TrackPoint
{
    cv::Rect box;
    float score = 0;      ///< presence in (0, 1): sigmoid of SAM2's object-score logit
    int64_t area = 0;
    std::string rle;      ///< pycocotools' compressed counts (column-major)
};

struct ObjectTrack
{
    std::string label;                     ///< empty: ExportOptions::defaultLabel
    int64_t firstFrame = 0;                ///< where it was discovered (its prompt frame)
    std::map<int64_t, TrackPoint> frames;  ///< frames where it is present
};

/// How the run went, for the tracks file.
struct TrackRunInfo
{
    std::string video;          ///< input file or folder name
    int64_t frameCount = 0;     ///< good frames (a truncated video: those decoded)
    double fps = 0;
    int64_t keyframe = 0;
    int64_t rediscoverEvery = 0;
    std::string stopped;        ///< empty: complete; else why the run stopped early
    std::vector<std::string> frameNames; ///< per frame (folders: the file names), may be empty
};

class TrackRecorder
{
public:
    /// Creates <saveDir>/<name>_masks. Throws ExportError when it cannot. An empty saveDir
    /// keeps everything in memory only (no mask PNGs; the write functions throw).
    TrackRecorder(std::filesystem::path saveDir, std::string name, cv::Size frameSize);
    bool writesFiles() const { return !m_saveDir.empty(); }

    /// A new object, discovered on `firstFrame`.
    void addObject(int64_t id, std::string label, int64_t firstFrame);
    bool hasObject(int64_t id) const { return m_objects.count(id) > 0; }
    /// Forgets object `id` on every frame (its mask PNGs already written stay). Unknown ids: nothing.
    void removeObject(int64_t id);
    void setLabel(int64_t id, std::string label);

    /// Marks `frame` as tracked (creates its mask folder). Throws ExportError.
    void beginFrame(int64_t frame);
    /// Records object `id` on `frame`: `mask` CV_8UC1 0/255 at the frame size; an empty mask
    /// or a presence score <= 0.5 records the object as absent there (forgetting what an
    /// earlier pass recorded: a re-propagation replaces it). Writes its PNG.
    void record(int64_t frame, int64_t id, const cv::Mat &mask, float objectScoreLogit);
    /// Records a point as it is (a copy of another recorder's), writing its PNG (decoded from the RLE).
    void recordPoint(int64_t frame, int64_t id, const TrackPoint &point);
    /// Object `id` is absent on `frame` (its PNG there, if written, is removed).
    void forget(int64_t frame, int64_t id);
    bool hasFrame(int64_t frame) const { return m_frames.count(frame) > 0; }
    size_t framesTracked() const { return m_frames.size(); }
    /// The tracked frames, in order.
    const std::set<int64_t> &frames() const { return m_frames; }

    /// The masks (0/255) of every object present on `frame`, decoded from the RLE.
    std::vector<std::pair<int64_t, cv::Mat>> masksOn(int64_t frame) const;
    const std::map<int64_t, ObjectTrack> &objects() const { return m_objects; }

    /// <name>_tracks.json and <name>_tracks_mot.csv. Throws ExportError.
    void writeTracks(const TrackRunInfo &info, const ExportOptions &options) const;
    /// <name>_coco_video.json. Throws ExportError.
    void writeCocoVideo(const TrackRunInfo &info, const ExportOptions &options) const;

    const std::filesystem::path &saveDir() const { return m_saveDir; }
    const std::string &name() const { return m_name; }
    std::filesystem::path masksDir() const { return m_saveDir / (m_name + "_masks"); }
    cv::Size frameSize() const { return m_size; }

private:
    void requireFiles() const;
    void writeMaskPng(int64_t frame, int64_t id, const cv::Mat &mask) const;

    std::filesystem::path m_saveDir;
    std::string m_name;
    cv::Size m_size;
    std::map<int64_t, ObjectTrack> m_objects;
    std::set<int64_t> m_frames;
};

/// "frame_000123".
std::string trackFrameName(int64_t frame);

/// <name> of a run's files: a video file's name without extension, a frame folder's name.
std::string trackRunName(const std::filesystem::path &input, bool isFolder);

} // namespace dinosam
