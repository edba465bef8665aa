#include "trackoverlay.h"

#include "export/atomicfile.h"
#include "export/maskoverlay.h"
#include "export/visualization.h"
#include "video/framereader.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace dinosam {
namespace {

cv::Mat renderFrame(const TrackRecorder &recorder, FrameReader &reader, int64_t frame)
{
    const cv::Mat rgb = reader.frame(frame);
    const auto masks = recorder.masksOn(frame);
    std::vector<OverlayLayer> layers;
    layers.reserve(masks.size());
    for (const auto &[id, mask] : masks)
        layers.push_back({&mask, {}, objectColor(size_t(id - 1)), false});
    cv::Mat out;
    renderLabelMapOverlay(rgb, layers, out);
    return out;
}

/// fsync, then rename over the target: the video appears complete or not at all.
void commitFile(const std::filesystem::path &temp, const std::filesystem::path &target)
{
    const int fd = ::open(temp.c_str(), O_RDONLY);
    if (fd < 0 || ::fsync(fd) != 0) {
        const std::string reason = std::strerror(errno);
        if (fd >= 0)
            ::close(fd);
        throw ExportError(target, "cannot flush the video: " + reason);
    }
    ::close(fd);
    std::error_code ec;
    std::filesystem::rename(temp, target, ec);
    if (ec)
        throw ExportError(target, "cannot rename the video into place: " + ec.message());
}

} // namespace

OverlayOutcome writeTrackOverlay(const TrackRecorder &recorder, FrameReader &reader, OverlayMode mode,
                                 const std::atomic<int> &interrupts, int stopAtInterrupts)
{
    OverlayOutcome outcome;
    if (mode == OverlayMode::None || recorder.frames().empty())
        return outcome;
    const auto &dir = recorder.saveDir();
    const double fps = reader.fps() > 0 && reader.fps() < 1000 ? reader.fps() : 25.0;
    if (mode == OverlayMode::Video) {
        const auto target = dir / (recorder.name() + "_overlay.mp4");
        // The container follows the extension: the temporary name keeps ".mp4".
        const auto temp = dir / ("." + recorder.name() + "_overlay.tmp-" + std::to_string(::getpid()) + ".mp4");
        cv::VideoWriter writer;
        bool opened = false;
        try {
            opened = writer.open(temp.string(), cv::VideoWriter::fourcc('m', 'p', '4', 'v'), fps,
                                 recorder.frameSize());
        } catch (const cv::Exception &) {
            opened = false;
        }
        if (opened && writer.isOpened()) {
            try {
                for (int64_t f : recorder.frames()) {
                    if (interrupts.load() >= stopAtInterrupts) {
                        outcome.stopped = true;
                        break;
                    }
                    cv::Mat bgr;
                    cv::cvtColor(renderFrame(recorder, reader, f), bgr, cv::COLOR_RGB2BGR);
                    writer.write(bgr);
                    ++outcome.frames;
                }
                writer.release();
            } catch (...) {
                writer.release();
                std::filesystem::remove(temp);
                throw;
            }
            std::error_code ec;
            if (outcome.stopped || std::filesystem::file_size(temp, ec) == 0 || ec) {
                std::filesystem::remove(temp, ec);
                if (outcome.stopped) {
                    outcome.frames = 0;
                    return outcome;
                }
                outcome.note = "OpenCV's MP4 writer produced an empty file";
            } else {
                commitFile(temp, target);
                outcome.video = true;
                outcome.path = target;
                return outcome;
            }
        } else {
            std::error_code ec;
            std::filesystem::remove(temp, ec);
            outcome.note = "OpenCV has no MP4 ('mp4v') video encoder here";
        }
        outcome.frames = 0;
    }
    // PNG frames: the fallback, or what --overlay frames asks for.
    const auto framesDir = dir / (recorder.name() + "_overlay");
    std::error_code ec;
    std::filesystem::create_directories(framesDir, ec);
    if (ec || !std::filesystem::is_directory(framesDir))
        throw ExportError(framesDir, "cannot create the folder: " + (ec ? ec.message() : std::string("not a folder")));
    outcome.path = framesDir;
    for (int64_t f : recorder.frames()) {
        if (interrupts.load() >= stopAtInterrupts) {
            outcome.stopped = true;
            break;
        }
        cv::Mat bgr;
        cv::cvtColor(renderFrame(recorder, reader, f), bgr, cv::COLOR_RGB2BGR);
        std::vector<unsigned char> png;
        if (!cv::imencode(".png", bgr, png))
            throw ExportError(framesDir, "cannot encode an overlay frame as PNG");
        AtomicFile::write(framesDir / (trackFrameName(f) + ".png"), png);
        ++outcome.frames;
    }
    return outcome;
}

} // namespace dinosam
