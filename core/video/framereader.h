#pragma once
// Frames of a video for tracking, from a video file (OpenCV's VideoCapture,
// which reads through FFmpeg on Debian) or a folder of images (natural order).
// Frames are decoded as they are asked for, in order, with a bounded cache, so
// memory does not grow with the video's length. OpenCV + std only.
#include <opencv2/core.hpp>

#include <cstdint>
#include <filesystem>
#include <list>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace cv {
class VideoCapture;
}

namespace dinosam {

/// A video or frame folder that cannot be opened or read. what() names the file.
class FrameReadError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

struct FrameReaderOptions
{
    /// Frames with more pixels (from the header) are refused before decoding.
    int64_t maxPixels = 40'000'000;
    /// Decoded frames kept for re-reading (the look-ahead / look-back window).
    size_t cacheFrames = 8;
};

/**
 * Reads frames by index. Not thread-safe: use from one thread.
 * - A folder gives its image files (natural sort); all must have the same size:
 *   the first odd one is named in the error (checked from the headers at open()).
 * - A video file's frame count comes from its header (counted by decoding when the
 *   header has none). A frame that cannot be decoded before that count (a truncated
 *   or corrupt file) throws FrameReadError; truncated() then says so and
 *   frameCount() becomes the number of good frames.
 * - A video with 0 frames, or frames above maxPixels, throws at open().
 */
class FrameReader
{
public:
    static std::unique_ptr<FrameReader> open(const std::filesystem::path &path, const FrameReaderOptions &options = {});
    ~FrameReader();

    int64_t frameCount() const { return m_count; }
    cv::Size frameSize() const { return m_size; }
    double fps() const { return m_fps; }                 ///< 0 for folders or unknown
    bool isFolder() const { return !m_files.empty(); }
    bool truncated() const { return m_truncated; }
    const std::filesystem::path &path() const { return m_path; }
    /// The file of frame i (folders only).
    const std::filesystem::path &frameFile(int64_t i) const { return m_files.at(size_t(i)); }

    /// Frame `index` as RGB CV_8UC3 (shared with the cache: do not modify it).
    cv::Mat frame(int64_t index);

private:
    FrameReader() = default;
    cv::Mat decodeVideoFrame(int64_t index);
    void reopenVideo();

    std::filesystem::path m_path;
    FrameReaderOptions m_options;
    std::vector<std::filesystem::path> m_files;
    std::unique_ptr<cv::VideoCapture> m_capture;
    int64_t m_next = 0; ///< index of the frame the capture returns next
    int64_t m_count = 0;
    cv::Size m_size;
    double m_fps = 0;
    bool m_truncated = false;
    std::list<std::pair<int64_t, cv::Mat>> m_cache; ///< most recent first
};

} // namespace dinosam
