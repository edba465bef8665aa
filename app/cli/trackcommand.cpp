// NOT YET WIRED: not built or tested against the merged main (see the video branch report).
#include "trackcommand.h"

#include "export/atomicfile.h"
#include "models/sam2/sam2videopredictor.h"
#include "pipeline/modellocator.h"
#include "pipeline/pipeline.h"
#include "video/framereader.h"
#include "video/pillowresize.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <torch/torch.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <map>
#include <sstream>

namespace dinosam::cli {
namespace {

std::atomic<bool> g_trackInterrupted{false};

extern "C" void onTrackInterrupt(int)
{
    g_trackInterrupted = true;
}

/// SAM2 frames from a FrameReader: Pillow-bicubic resize to 1024 (as Meta's loader), normalised.
class ReaderFrameSource : public sam2::Sam2FrameSource
{
public:
    ReaderFrameSource(FrameReader &reader, int64_t size) : m_reader(reader), m_size(size) {}
    int64_t numFrames() const override { return m_reader.frameCount(); }
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
    int64_t m_size;
};

struct TrackPoint
{
    int64_t frame = 0;
    cv::Rect box;
    float score = 0; ///< SAM2's object-score logit
    int64_t area = 0;
};

std::string frameDirName(int64_t frame)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "frame_%06lld", static_cast<long long>(frame));
    return buf;
}

void writePng(const std::filesystem::path &file, const cv::Mat &mask)
{
    std::vector<unsigned char> bytes;
    if (!cv::imencode(".png", mask, bytes))
        throw std::runtime_error("cannot encode " + file.string());
    AtomicFile out(file);
    out.prepare(bytes);
    out.commit();
}

void writeText(const std::filesystem::path &file, const std::string &text)
{
    AtomicFile out(file);
    out.prepare(std::string_view(text));
    out.commit();
}

} // namespace

int runTrackCommand(const QStringList &argumentsIn)
{
    // --keyframe N is ours; everything else is the segmentation command line.
    QStringList arguments;
    int64_t keyframe = 0;
    for (qsizetype i = 0; i < argumentsIn.size(); ++i) {
        const QString &a = argumentsIn.at(i);
        if (a == QLatin1String("--keyframe") || a.startsWith(QLatin1String("--keyframe="))) {
            QString value = a.contains(QLatin1Char('=')) ? a.section(QLatin1Char('='), 1) : QString();
            if (value.isEmpty()) {
                if (i + 1 >= argumentsIn.size()) {
                    std::fprintf(stderr, "dinosam track: --keyframe needs a frame number\n");
                    return ExitUsage;
                }
                value = argumentsIn.at(++i);
            }
            bool ok = false;
            keyframe = value.toLongLong(&ok);
            if (!ok || keyframe < 0) {
                std::fprintf(stderr, "dinosam track: --keyframe must be a frame number >= 0\n");
                return ExitUsage;
            }
            continue;
        }
        arguments << a;
    }
    const ParseOutcome parsed = parseCommandLine(arguments, false);
    if (!parsed.run) {
        const QByteArray text = parsed.message.toLocal8Bit();
        std::fprintf(parsed.exitCode == ExitOk ? stdout : stderr, "%s\n", text.constData());
        if (parsed.exitCode == ExitOk)
            std::printf("\ndinosam track VIDEO|FRAME_DIR [--keyframe N] [options]: discover objects on frame N "
                        "(default 0) and track them through the video with SAM2.\n");
        return parsed.exitCode;
    }
    const CliOptions &options = parsed.options;
    if (options.images.size() != 1) {
        std::fprintf(stderr, "dinosam track: give exactly one VIDEO file or FRAME_DIR\n");
        return ExitUsage;
    }
    const std::filesystem::path input = options.images.front();
    const auto start = std::chrono::steady_clock::now();

    // 1. The video, the models.
    std::unique_ptr<FrameReader> reader;
    try {
        reader = FrameReader::open(input);
    } catch (const std::exception &e) {
        std::fprintf(stderr, "dinosam track: %s\n", e.what());
        return ExitSetupFailed;
    }
    if (keyframe >= reader->frameCount()) {
        std::fprintf(stderr, "dinosam track: --keyframe %lld is past the last frame (%lld frames)\n",
                     static_cast<long long>(keyframe), static_cast<long long>(reader->frameCount()));
        return ExitUsage;
    }
    std::error_code ec;
    std::filesystem::create_directories(options.saveDir, ec);
    if (!std::filesystem::is_directory(options.saveDir)) {
        std::fprintf(stderr, "dinosam track: cannot use save folder %s\n", options.saveDir.string().c_str());
        return ExitSetupFailed;
    }
    const std::string name = input.filename().empty() ? input.parent_path().filename().string()
                                                      : input.stem().string();
    if (!options.quiet)
        std::printf("%s: %lld frames of %dx%d%s\n", input.string().c_str(),
                    static_cast<long long>(reader->frameCount()), reader->frameSize().width,
                    reader->frameSize().height, reader->isFolder() ? " (frame folder)" : "");

    SegmentationResult discovered;
    std::optional<sam2::Sam2VideoPredictor> predictor;
    try {
        Pipeline pipeline(options.pipeline);
        const cv::Mat key = reader->frame(keyframe);
        discovered = pipeline.run(ImageInput::fromMat(key, {}, name + "_keyframe"), options.params, {});
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
        std::printf("keyframe %lld: %zu object%s discovered\n", static_cast<long long>(keyframe),
                    discovered.objects.size(), discovered.objects.size() == 1 ? "" : "s");
    if (discovered.objects.empty()) {
        std::fprintf(stderr, "dinosam track: no object found on the keyframe; nothing to track\n");
        return ExitImageFailed;
    }

    // 2. Tracking: corrections-stick mode (the product's), constant memory.
    auto source = std::make_shared<ReaderFrameSource>(*reader, predictor->config().imageSize);
    auto state = predictor->initState(source, /*addAllFramesToCorrectAsCond=*/true, 2);
    std::map<int64_t, std::vector<TrackPoint>> tracks; // object id -> frames present
    const auto masksDir = options.saveDir / (name + "_masks");
    int64_t framesDone = 0;
    std::string stopReason;
    try {
        for (size_t i = 0; i < discovered.objects.size(); ++i) {
            const cv::Mat &m = discovered.objects[i].mask; // CV_8U 0/255 at the frame size
            const auto mask = torch::from_blob(m.data, {m.rows, m.cols}, torch::kUInt8).clone();
            predictor->addNewMask(state, keyframe, int64_t(i) + 1, mask);
        }
        std::signal(SIGINT, onTrackInterrupt);
        auto onFrame = [&](const sam2::VideoFrameResult &frame) {
            const auto dir = masksDir / frameDirName(frame.frameIdx);
            std::filesystem::create_directories(dir);
            for (const auto &obj : frame.objects) {
                const auto logits = sam2::Sam2VideoPredictor::videoResLogits(state, obj.lowResLogits)[0][0];
                const auto bin = (logits > 0).to(torch::kUInt8).mul_(255).contiguous();
                cv::Mat mask(int(bin.size(0)), int(bin.size(1)), CV_8U, bin.data_ptr());
                const int64_t area = cv::countNonZero(mask);
                if (area == 0 || obj.objectScoreLogits.item<float>() <= 0)
                    continue;
                char file[32];
                std::snprintf(file, sizeof file, "mask_%03lld.png", static_cast<long long>(obj.objId));
                writePng(dir / file, mask);
                tracks[obj.objId].push_back({frame.frameIdx, cv::boundingRect(mask), obj.objectScoreLogits.item<float>(),
                                             area});
            }
            predictor->releaseDistantOutputs(state, frame.frameIdx);
            ++framesDone;
            if (!options.quiet)
                std::printf("\rtracked %lld / %lld frames", static_cast<long long>(framesDone),
                            static_cast<long long>(reader->frameCount()));
            std::fflush(stdout);
            return !g_trackInterrupted.load();
        };
        sam2::PropagateOptions forward;
        forward.startFrame = keyframe;
        predictor->propagate(state, forward, onFrame);
        if (!g_trackInterrupted && keyframe > 0) {
            sam2::PropagateOptions backward;
            backward.startFrame = keyframe - 1;
            backward.reverse = true;
            predictor->propagate(state, backward, onFrame);
        }
        if (g_trackInterrupted)
            stopReason = "interrupted";
    } catch (const FrameReadError &e) {
        stopReason = e.what(); // a truncated video: the frames so far are kept
    } catch (const std::exception &e) {
        stopReason = e.what();
    }
    std::signal(SIGINT, SIG_DFL);
    if (!options.quiet)
        std::printf("\n");

    // 3. Tracks: JSON per object, and MOT-challenge CSV (frame and id 1-based).
    try {
        std::ostringstream json, mot;
        json << "{\n  \"video\": \"" << input.filename().string() << "\",\n  \"frames\": " << reader->frameCount()
             << ",\n  \"width\": " << reader->frameSize().width << ",\n  \"height\": " << reader->frameSize().height
             << ",\n  \"keyframe\": " << keyframe << ",\n  \"masks\": \"" << masksDir.filename().string()
             << "/frame_NNNNNN/mask_III.png\",\n  \"objects\": [";
        bool firstObj = true;
        for (auto &[id, points] : tracks) {
            std::sort(points.begin(), points.end(), [](const auto &a, const auto &b) { return a.frame < b.frame; });
            json << (firstObj ? "\n" : ",\n") << "    {\"id\": " << id << ", \"label\": \"object_" << id
                 << "\", \"frames_present\": " << points.size() << ", \"track\": [";
            firstObj = false;
            for (size_t k = 0; k < points.size(); ++k) {
                const auto &p = points[k];
                json << (k ? ", " : "") << "{\"frame\": " << p.frame << ", \"box\": [" << p.box.x << ", " << p.box.y
                     << ", " << p.box.width << ", " << p.box.height << "], \"score\": " << p.score
                     << ", \"area\": " << p.area << "}";
                mot << p.frame + 1 << ',' << id << ',' << p.box.x << ',' << p.box.y << ',' << p.box.width << ','
                    << p.box.height << ',' << p.score << ",-1,-1,-1\n";
            }
            json << "]}";
        }
        json << "\n  ]\n}\n";
        writeText(options.saveDir / (name + "_tracks.json"), json.str());
        writeText(options.saveDir / (name + "_tracks_mot.csv"), mot.str());
    } catch (const std::exception &e) {
        std::fprintf(stderr, "dinosam track: %s\n", e.what());
        return ExitImageFailed;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!options.quiet)
        std::printf("Done: %lld frames, %zu objects tracked in %.1f s. Results in %s\n",
                    static_cast<long long>(framesDone), tracks.size(), seconds, options.saveDir.string().c_str());
    if (!stopReason.empty()) {
        std::fprintf(stderr, "dinosam track: stopped after %lld frames: %s (masks so far are kept)\n",
                     static_cast<long long>(framesDone), stopReason.c_str());
        return g_trackInterrupted ? 130 : ExitImageFailed;
    }
    return ExitOk;
}

} // namespace dinosam::cli
