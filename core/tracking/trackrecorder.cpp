#include "trackrecorder.h"

#include "export/atomicfile.h"
#include "export/jsontext.h"
#include "export/maskrle.h"
#include "export/numberformat.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <tuple>

namespace dinosam {

std::string trackFrameName(int64_t frame)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "frame_%06lld", static_cast<long long>(frame));
    return buf;
}

std::string trackRunName(const std::filesystem::path &input, bool isFolder)
{
    std::string name = input.filename().string();
    if (name.empty() || name == ".")
        return std::filesystem::absolute(input).parent_path().filename().string();
    return isFolder ? name : input.stem().string();
}

namespace {

std::string maskFileName(int64_t id)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "mask_%03lld.png", static_cast<long long>(id));
    return buf;
}

void createFolder(const std::filesystem::path &dir)
{
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec || !std::filesystem::is_directory(dir))
        throw ExportError(dir, "cannot create the folder: " + (ec ? ec.message() : std::string("not a folder")));
}

std::string labelOf(const ObjectTrack &track, const ExportOptions &options)
{
    return track.label.empty() ? options.defaultLabel : track.label;
}

std::string boxJson(const cv::Rect &b)
{
    return "[" + std::to_string(b.x) + ", " + std::to_string(b.y) + ", " + std::to_string(b.width) + ", " +
           std::to_string(b.height) + "]";
}

} // namespace

TrackRecorder::TrackRecorder(std::filesystem::path saveDir, std::string name, cv::Size frameSize)
    : m_saveDir(std::move(saveDir)), m_name(std::move(name)), m_size(frameSize)
{
    if (writesFiles())
        createFolder(masksDir());
}

void TrackRecorder::addObject(int64_t id, std::string label, int64_t firstFrame)
{
    auto &t = m_objects[id];
    t.label = std::move(label);
    t.firstFrame = firstFrame;
}

void TrackRecorder::removeObject(int64_t id)
{
    m_objects.erase(id);
}

void TrackRecorder::setLabel(int64_t id, std::string label)
{
    const auto it = m_objects.find(id);
    if (it != m_objects.end())
        it->second.label = std::move(label);
}

void TrackRecorder::forget(int64_t frame, int64_t id)
{
    const auto it = m_objects.find(id);
    if (it == m_objects.end() || it->second.frames.erase(frame) == 0)
        return;
    if (writesFiles()) { // a re-propagation found it absent: its earlier PNG goes too
        std::error_code ec;
        std::filesystem::remove(masksDir() / trackFrameName(frame) / maskFileName(id), ec);
    }
}

void TrackRecorder::beginFrame(int64_t frame)
{
    if (writesFiles())
        createFolder(masksDir() / trackFrameName(frame));
    m_frames.insert(frame);
}

void TrackRecorder::record(int64_t frame, int64_t id, const cv::Mat &mask, float objectScoreLogit)
{
    const int64_t area = objectScoreLogit <= 0 || mask.empty() ? 0 : cv::countNonZero(mask);
    if (area == 0) {
        forget(frame, id);
        return;
    }
    writeMaskPng(frame, id, mask);
    TrackPoint p;
    p.box = cv::boundingRect(mask);
    p.score = 1.0f / (1.0f + std::exp(-objectScoreLogit));
    p.area = area;
    p.rle = rleCountsToString(encodeMaskRle(mask));
    m_objects[id].frames[frame] = std::move(p);
    m_frames.insert(frame);
}

void TrackRecorder::recordPoint(int64_t frame, int64_t id, const TrackPoint &point)
{
    if (writesFiles())
        writeMaskPng(frame, id, decodeMaskRle(rleCountsFromString(point.rle), m_size));
    m_objects[id].frames[frame] = point;
    m_frames.insert(frame);
}

void TrackRecorder::writeMaskPng(int64_t frame, int64_t id, const cv::Mat &mask) const
{
    if (!writesFiles())
        return;
    std::vector<unsigned char> png;
    if (!cv::imencode(".png", mask, png))
        throw ExportError(masksDir(), "cannot encode a mask as PNG");
    AtomicFile::write(masksDir() / trackFrameName(frame) / maskFileName(id), png);
}

void TrackRecorder::requireFiles() const
{
    if (!writesFiles())
        throw ExportError(m_name, "this tracking run keeps its results in memory only (no save folder)");
}

std::vector<std::pair<int64_t, cv::Mat>> TrackRecorder::masksOn(int64_t frame) const
{
    std::vector<std::pair<int64_t, cv::Mat>> masks;
    for (const auto &[id, track] : m_objects) {
        const auto it = track.frames.find(frame);
        if (it != track.frames.end())
            masks.emplace_back(id, decodeMaskRle(rleCountsFromString(it->second.rle), m_size));
    }
    return masks;
}

void TrackRecorder::writeTracks(const TrackRunInfo &info, const ExportOptions &options) const
{
    requireFiles();
    std::ostringstream json;
    json << "{\n  \"video\": " << jsonQuote(info.video) << ",\n  \"frames\": " << info.frameCount
         << ",\n  \"frames_tracked\": " << m_frames.size() << ",\n  \"width\": " << m_size.width
         << ",\n  \"height\": " << m_size.height << ",\n  \"fps\": " << formatShortest(float(info.fps))
         << ",\n  \"keyframe\": " << info.keyframe << ",\n  \"rediscover_every\": " << info.rediscoverEvery
         << ",\n  \"stopped\": " << (info.stopped.empty() ? std::string("null") : jsonQuote(info.stopped))
         << ",\n  \"masks\": " << jsonQuote(m_name + "_masks/frame_NNNNNN/mask_III.png")
         << ",\n  \"objects\": [";
    std::vector<std::tuple<int64_t, int64_t, const TrackPoint *>> mot; // frame, id, point
    bool firstObject = true;
    for (const auto &[id, track] : m_objects) {
        json << (firstObject ? "\n" : ",\n") << "    {\"id\": " << id << ", \"label\": "
             << jsonQuote(labelOf(track, options)) << ", \"first_frame\": " << track.firstFrame
             << ", \"frames_present\": " << track.frames.size() << ", \"track\": [";
        firstObject = false;
        bool firstPoint = true;
        for (const auto &[frame, p] : track.frames) {
            json << (firstPoint ? "\n" : ",\n") << "      {\"frame\": " << frame << ", \"box\": " << boxJson(p.box)
                 << ", \"score\": " << formatFixed(p.score, 4) << ", \"area\": " << p.area << "}";
            firstPoint = false;
            mot.emplace_back(frame, id, &p);
        }
        json << (track.frames.empty() ? "]}" : "\n    ]}");
    }
    json << (m_objects.empty() ? "]\n}\n" : "\n  ]\n}\n");

    // MOT-challenge rows are sorted by frame, then id; frames are 1-based.
    std::sort(mot.begin(), mot.end(), [](const auto &a, const auto &b) {
        return std::tie(std::get<0>(a), std::get<1>(a)) < std::tie(std::get<0>(b), std::get<1>(b));
    });
    std::string csv;
    for (const auto &[frame, id, p] : mot)
        csv += std::to_string(frame + 1) + "," + std::to_string(id) + "," + std::to_string(p->box.x) + "," +
               std::to_string(p->box.y) + "," + std::to_string(p->box.width) + "," + std::to_string(p->box.height) +
               "," + formatFixed(p->score, 4) + ",-1,-1,-1\n";
    AtomicFile tracks(m_saveDir / (m_name + "_tracks.json"));
    AtomicFile motFile(m_saveDir / (m_name + "_tracks_mot.csv"));
    tracks.prepare(std::string_view(json.str()));
    motFile.prepare(std::string_view(csv));
    tracks.commit();
    motFile.commit();
}

void TrackRecorder::writeCocoVideo(const TrackRunInfo &info, const ExportOptions &options) const
{
    requireFiles();
    // Categories: the class order given, then labels in the order met.
    std::vector<std::string> categories = options.labels;
    auto categoryId = [&](const std::string &label) {
        auto it = std::find(categories.begin(), categories.end(), label);
        if (it == categories.end()) {
            categories.push_back(label);
            return int(categories.size());
        }
        return int(it - categories.begin()) + 1;
    };
    const int64_t length = info.frameCount;
    const bool countsAsList = options.cocoSegmentation != CocoSegmentation::RleString; // polygons: RLE lists
    const std::string size = "[" + std::to_string(m_size.height) + ", " + std::to_string(m_size.width) + "]";
    std::ostringstream ann;
    bool firstAnnotation = true;
    for (const auto &[id, track] : m_objects) {
        const int category = categoryId(labelOf(track, options));
        std::string segs, boxes, areas, scores;
        for (int64_t f = 0; f < length; ++f) {
            const std::string sep = f ? ", " : "";
            const auto it = track.frames.find(f);
            if (it == track.frames.end()) {
                segs += sep + "null";
                boxes += sep + "null";
                areas += sep + "null";
                scores += sep + "null";
                continue;
            }
            const TrackPoint &p = it->second;
            std::string counts;
            if (countsAsList) {
                counts = "[";
                const auto c = rleCountsFromString(p.rle);
                for (size_t k = 0; k < c.size(); ++k)
                    counts += (k ? "," : "") + std::to_string(c[k]);
                counts += "]";
            } else {
                counts = jsonQuote(p.rle);
            }
            segs += sep + "{\"size\": " + size + ", \"counts\": " + counts + "}";
            boxes += sep + boxJson(p.box);
            areas += sep + std::to_string(p.area);
            scores += sep + formatFixed(p.score, 4);
        }
        ann << (firstAnnotation ? "\n" : ",\n") << "    {\"id\": " << id << ", \"video_id\": 1, \"category_id\": "
            << category << ", \"iscrowd\": 0, \"width\": " << m_size.width << ", \"height\": " << m_size.height
            << ", \"length\": 1, \"first_frame\": " << track.firstFrame << ",\n     \"segmentations\": [" << segs
            << "],\n     \"bboxes\": [" << boxes << "],\n     \"areas\": [" << areas << "],\n     \"scores\": ["
            << scores << "]}";
        firstAnnotation = false;
    }
    std::ostringstream json;
    json << "{\n  \"info\": {\"description\": \"dinosam track\", \"video\": " << jsonQuote(info.video)
         << "},\n  \"videos\": [{\"id\": 1, \"width\": " << m_size.width << ", \"height\": " << m_size.height
         << ", \"length\": " << length << ", \"file_names\": [";
    for (int64_t f = 0; f < length; ++f) {
        const std::string n = size_t(f) < info.frameNames.size() ? info.frameNames[size_t(f)] : trackFrameName(f);
        json << (f ? ", " : "") << jsonQuote(n);
    }
    json << "]}],\n  \"categories\": [";
    for (size_t c = 0; c < categories.size(); ++c)
        json << (c ? ", " : "") << "{\"id\": " << c + 1 << ", \"name\": " << jsonQuote(categories[c])
             << ", \"supercategory\": \"object\"}";
    json << "],\n  \"annotations\": [" << ann.str() << (m_objects.empty() ? "]\n}\n" : "\n  ]\n}\n");
    AtomicFile::write(m_saveDir / (m_name + "_coco_video.json"), std::string_view(json.str()));
}

} // namespace dinosam
