#include "video/framereader.h"

#include "imageio/imagecollector.h"
#include "imageio/imageheader.h"
#include "imageio/imageloader.h"

#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <fstream>

namespace dinosam {

namespace {

cv::Size headerSize(const std::filesystem::path &file)
{
    std::ifstream in(file, std::ios::binary);
    std::vector<unsigned char> head(1 << 16);
    in.read(reinterpret_cast<char *>(head.data()), std::streamsize(head.size()));
    head.resize(size_t(in.gcount()));
    const auto h = probeImageHeader(head);
    if (h.format == ImageFormat::Unknown)
        throw FrameReadError(file.string() + ": not an image this program decodes");
    int64_t w = h.width, ht = h.height;
    if (h.exifOrientation >= 5 && h.exifOrientation <= 8)
        std::swap(w, ht); // loadImage() applies the rotation
    return {int(w), int(ht)};
}

} // namespace

FrameReader::~FrameReader() = default;

std::unique_ptr<FrameReader> FrameReader::open(const std::filesystem::path &path, const FrameReaderOptions &options)
{
    std::unique_ptr<FrameReader> r(new FrameReader());
    r->m_path = path;
    r->m_options = options;
    r->m_options.cacheFrames = std::max<size_t>(1, options.cacheFrames);
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        try {
            r->m_files = collectImages({path.string()});
        } catch (const std::exception &e) {
            throw FrameReadError(e.what());
        }
        if (r->m_files.empty())
            throw FrameReadError(path.string() + ": the folder holds no frames");
        // One size for all frames, from the headers (cheap), naming the first odd one.
        for (size_t i = 0; i < r->m_files.size(); ++i) {
            cv::Size s;
            try {
                s = headerSize(r->m_files[i]);
            } catch (const FrameReadError &) {
                throw;
            } catch (const std::exception &e) {
                throw FrameReadError(r->m_files[i].string() + ": " + e.what());
            }
            if (i == 0) {
                r->m_size = s;
                if (int64_t(s.width) * s.height > options.maxPixels && options.maxPixels > 0)
                    throw FrameReadError(r->m_files[i].string() + ": frames of " + std::to_string(s.width) + "x" +
                                         std::to_string(s.height) + " exceed the limit of " +
                                         std::to_string(options.maxPixels) + " pixels");
            } else if (s != r->m_size) {
                throw FrameReadError(r->m_files[i].string() + ": frame " + std::to_string(i) + " is " +
                                     std::to_string(s.width) + "x" + std::to_string(s.height) + ", the first frame " +
                                     std::to_string(r->m_size.width) + "x" + std::to_string(r->m_size.height) +
                                     " (all frames of a folder must have one size)");
            }
        }
        r->m_count = int64_t(r->m_files.size());
        return r;
    }
    if (!std::filesystem::is_regular_file(path, ec))
        throw FrameReadError(path.string() + ": no such video file or frame folder");
    r->reopenVideo();
    auto &cap = *r->m_capture;
    r->m_size = {int(cap.get(cv::CAP_PROP_FRAME_WIDTH)), int(cap.get(cv::CAP_PROP_FRAME_HEIGHT))};
    r->m_fps = cap.get(cv::CAP_PROP_FPS);
    if (r->m_size.width <= 0 || r->m_size.height <= 0)
        throw FrameReadError(path.string() + ": the video header gives no frame size");
    if (options.maxPixels > 0 && int64_t(r->m_size.width) * r->m_size.height > options.maxPixels)
        throw FrameReadError(path.string() + ": frames of " + std::to_string(r->m_size.width) + "x" +
                             std::to_string(r->m_size.height) + " exceed the limit of " +
                             std::to_string(options.maxPixels) + " pixels");
    const double count = cap.get(cv::CAP_PROP_FRAME_COUNT);
    if (count >= 1 && count < 1e9) {
        r->m_count = int64_t(count);
    } else {
        // No count in the header: count by decoding once (grab only).
        int64_t n = 0;
        while (cap.grab())
            ++n;
        r->m_count = n;
        r->reopenVideo();
    }
    if (r->m_count < 1)
        throw FrameReadError(path.string() + ": the video has no frames");
    return r;
}

void FrameReader::reopenVideo()
{
    m_capture = std::make_unique<cv::VideoCapture>();
    // FFmpeg first: CAP_ANY would try GStreamer first, which warns on stderr for every file.
    bool opened = false;
    try {
        opened = m_capture->open(m_path.string(), cv::CAP_FFMPEG) && m_capture->isOpened();
    } catch (const cv::Exception &) {
        opened = false;
    }
    if (!opened && (!m_capture->open(m_path.string(), cv::CAP_ANY) || !m_capture->isOpened()))
        throw FrameReadError(m_path.string() + ": cannot open the video (unknown format or no decoder)");
    m_next = 0;
}

cv::Mat FrameReader::decodeVideoFrame(int64_t index)
{
    if (index < m_next)
        reopenVideo(); // backwards: decode again from the start (seeking is inexact for many codecs)
    cv::Mat bgr;
    while (m_next <= index) {
        if (!m_capture->read(bgr) || bgr.empty()) {
            m_truncated = true;
            const int64_t good = m_next;
            m_count = std::min(m_count, good);
            throw FrameReadError(m_path.string() + ": cannot decode frame " + std::to_string(m_next) +
                                 " (the video is truncated or corrupt; " + std::to_string(good) + " good frames)");
        }
        ++m_next;
        if (m_next <= index && index - m_next < int64_t(m_options.cacheFrames)) {
            // Frames just before the wanted one stay cached (cheap re-reads).
            cv::Mat rgb;
            cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
            m_cache.emplace_front(m_next - 1, rgb);
            while (m_cache.size() > m_options.cacheFrames)
                m_cache.pop_back();
        }
    }
    if (bgr.size() != m_size)
        throw FrameReadError(m_path.string() + ": frame " + std::to_string(index) + " changes size");
    cv::Mat rgb;
    if (bgr.channels() == 3)
        cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    else if (bgr.channels() == 1)
        cv::cvtColor(bgr, rgb, cv::COLOR_GRAY2RGB);
    else
        cv::cvtColor(bgr, rgb, cv::COLOR_BGRA2RGB);
    return rgb;
}

cv::Mat FrameReader::frame(int64_t index)
{
    if (index < 0 || index >= m_count)
        throw FrameReadError(m_path.string() + ": no frame " + std::to_string(index) + " (" + std::to_string(m_count) +
                             " frames)");
    for (auto it = m_cache.begin(); it != m_cache.end(); ++it)
        if (it->first == index) {
            m_cache.splice(m_cache.begin(), m_cache, it);
            return m_cache.front().second;
        }
    cv::Mat rgb;
    if (isFolder()) {
        try {
            rgb = loadImage(m_files[size_t(index)]).rgb;
        } catch (const std::exception &e) {
            throw FrameReadError(e.what());
        }
        if (rgb.size() != m_size)
            throw FrameReadError(m_files[size_t(index)].string() + ": frame size differs from the first frame");
    } else {
        rgb = decodeVideoFrame(index);
    }
    m_cache.emplace_front(index, rgb);
    while (m_cache.size() > m_options.cacheFrames)
        m_cache.pop_back();
    return rgb;
}

} // namespace dinosam
