#include "videodocument.h"

#include "imageconvert.h"
#include "maskrenderer.h"

#include "export/maskrle.h"
#include "tracking/trackrecorder.h"
#include "video/framereader.h"

#include <algorithm>

namespace dinosam::ui {

VideoDocument::VideoDocument(QObject *parent) : QObject(parent) {}

VideoDocument::~VideoDocument() = default;

void VideoDocument::open(const QString &path)
{
    FrameReaderOptions options;
    options.cacheFrames = 16; // stepping back and forth over a few frames decodes once
    auto reader = FrameReader::open(path.toStdString(), options);
    close();
    m_reader = std::move(reader);
    m_path = path;
    m_name = QString::fromStdString(trackRunName(path.toStdString(), m_reader->isFolder()));
    m_tracks = std::make_unique<TrackRecorder>(std::filesystem::path(), m_name.toStdString(), m_reader->frameSize());
    Q_EMIT objectsChanged();
}

void VideoDocument::close()
{
    m_reader.reset();
    m_tracks.reset();
    m_path.clear();
    m_name.clear();
    m_colors.clear();
    m_order.clear();
    m_hidden.clear();
    m_heatmaps.clear();
    m_keyframe = -1;
    m_nextColor = 0;
}

int VideoDocument::frameCount() const
{
    return m_reader ? int(m_reader->frameCount()) : 0;
}

QSize VideoDocument::frameSize() const
{
    return m_reader ? QSize(m_reader->frameSize().width, m_reader->frameSize().height) : QSize();
}

double VideoDocument::fps() const
{
    return m_reader ? m_reader->fps() : 0;
}

cv::Mat VideoDocument::frameRgb(int frame)
{
    if (!m_reader)
        return {};
    return m_reader->frame(frame);
}

QImage VideoDocument::frameImage(int frame)
{
    return toQImage(frameRgb(frame));
}

void VideoDocument::addObjects(const std::vector<VideoObjectInfo> &objects)
{
    if (!m_tracks || objects.empty())
        return;
    for (const VideoObjectInfo &o : objects) {
        if (!m_tracks->hasObject(o.id)) {
            m_order.push_back(o.id);
            m_colors.insert(o.id, objectColor(m_nextColor++));
        }
        m_tracks->addObject(o.id, o.label, o.firstFrame);
    }
    Q_EMIT objectsChanged();
}

void VideoDocument::applyFrame(const VideoFrameMasks &masks)
{
    if (!m_tracks)
        return;
    m_tracks->beginFrame(masks.frame);
    for (int64_t id : m_order)
        m_tracks->forget(masks.frame, id);
    for (const auto &[id, point] : masks.present)
        if (m_tracks->hasObject(id))
            m_tracks->recordPoint(masks.frame, id, point);
    Q_EMIT frameChanged(int(masks.frame));
}

void VideoDocument::removeObject(int64_t id)
{
    if (!m_tracks || !m_tracks->hasObject(id))
        return;
    m_tracks->removeObject(id);
    m_order.erase(std::remove(m_order.begin(), m_order.end(), id), m_order.end());
    m_colors.remove(id);
    m_hidden.remove(id);
    Q_EMIT objectsChanged();
}

void VideoDocument::setLabel(int64_t id, const QString &label)
{
    if (!m_tracks || !m_tracks->hasObject(id))
        return;
    m_tracks->setLabel(id, label.toStdString());
    Q_EMIT objectsChanged();
}

void VideoDocument::setVisible(int64_t id, bool visible)
{
    if (visible)
        m_hidden.remove(id);
    else
        m_hidden.insert(id);
}

std::vector<int64_t> VideoDocument::objectIds() const
{
    return m_order;
}

bool VideoDocument::hasObject(int64_t id) const
{
    return m_tracks && m_tracks->hasObject(id);
}

QString VideoDocument::label(int64_t id) const
{
    if (!hasObject(id))
        return {};
    return QString::fromStdString(m_tracks->objects().at(id).label);
}

namespace {
/// Runs of consecutive keys.
template <typename Keys>
QList<QPair<int, int>> runsOf(const Keys &frames)
{
    QList<QPair<int, int>> runs;
    for (const int64_t f : frames) {
        if (!runs.isEmpty() && runs.back().second == f - 1)
            runs.back().second = int(f);
        else
            runs.append({int(f), int(f)});
    }
    return runs;
}
} // namespace

QList<QPair<int, int>> VideoDocument::presence(int64_t id) const
{
    if (!hasObject(id))
        return {};
    std::vector<int64_t> frames;
    for (const auto &[frame, point] : m_tracks->objects().at(id).frames)
        frames.push_back(frame);
    return runsOf(frames);
}

QList<QPair<int, int>> VideoDocument::trackedRuns() const
{
    return m_tracks ? runsOf(m_tracks->frames()) : QList<QPair<int, int>>{};
}

std::vector<DocumentObject> VideoDocument::objectsOn(int frame) const
{
    std::vector<DocumentObject> objects;
    if (!m_tracks)
        return objects;
    for (int64_t id : m_order) {
        const ObjectTrack &track = m_tracks->objects().at(id);
        const auto it = track.frames.find(frame);
        if (it == track.frames.end())
            continue;
        auto object = std::make_shared<SegmentedObject>();
        object->mask = decodeMaskRle(rleCountsFromString(it->second.rle), m_tracks->frameSize());
        object->box = it->second.box;
        object->area = it->second.area;
        object->samScore = it->second.score; // SAM2's presence on this frame
        object->label = track.label;
        DocumentObject d;
        d.object = std::move(object);
        d.color = m_colors.value(id);
        d.visible = !m_hidden.contains(id);
        d.uid = int(id);
        objects.push_back(std::move(d));
    }
    return objects;
}

QImage VideoDocument::overlay(int frame, const std::vector<DocumentObject> &objects, int64_t selected)
{
    const cv::Mat rgb = frameRgb(frame);
    std::vector<MaskLayer> layers;
    for (const DocumentObject &o : objects)
        layers.push_back({o.object.get(), o.color, o.visible, o.uid == selected});
    return renderMaskOverlay(rgb, layers);
}

int64_t VideoDocument::objectAt(int frame, const QPointF &pos) const
{
    int64_t best = 0;
    int64_t bestArea = 0;
    const cv::Point p(int(pos.x()), int(pos.y()));
    for (const DocumentObject &o : objectsOn(frame)) {
        const cv::Mat &m = o.object->mask;
        if (p.x < 0 || p.y < 0 || p.x >= m.cols || p.y >= m.rows || !m.at<uchar>(p))
            continue;
        if (best == 0 || o.object->area < bestArea) {
            best = o.uid;
            bestArea = o.object->area;
        }
    }
    return best;
}

void VideoDocument::setHeatmap(int frame, const QImage &heatmap)
{
    if (m_keyframe < 0)
        m_keyframe = frame;
    if (!heatmap.isNull())
        m_heatmaps.insert(frame, heatmap);
}

} // namespace dinosam::ui
