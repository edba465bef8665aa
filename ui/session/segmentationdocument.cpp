#include "segmentationdocument.h"

#include "imageconvert.h"
#include "maskrenderer.h"
#include "objectseditcommand.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>

namespace dinosam::ui {

SegmentationDocument::SegmentationDocument(QObject *parent)
    : QObject(parent)
{
}

void SegmentationDocument::setResult(const EngineOutcome &outcome)
{
    const bool newImage = outcome.imagePath != m_imagePath || m_image.isNull();
    m_imagePath = outcome.imagePath;
    m_image = outcome.image;
    if (newImage)
        m_rgb.release();
    m_heatmap = outcome.heatmap;
    m_overlay = outcome.overlay;
    m_result = outcome.result;
    m_objects.clear();
    m_nextUid = 1;
    if (m_result) {
        for (size_t i = 0; i < m_result->objects.size(); ++i) {
            DocumentObject o;
            o.object = std::shared_ptr<const SegmentedObject>(m_result, &m_result->objects[i]);
            o.color = objectColor(static_cast<int>(i));
            o.uid = m_nextUid++;
            m_objects.push_back(std::move(o));
        }
    }
    ++m_generation;
    m_selected = -1;
    m_undo.clear();
    if (m_overlay.isNull())
        rerender();
    Q_EMIT resultChanged();
    Q_EMIT selectionChanged(-1);
}

void SegmentationDocument::setImageOnly(const QString &path, const QImage &image)
{
    m_imagePath = path;
    m_image = image;
    m_rgb.release();
    m_heatmap = image;
    m_overlay = image;
    m_result.reset();
    m_objects.clear();
    ++m_generation;
    m_selected = -1;
    m_undo.clear();
    Q_EMIT resultChanged();
    Q_EMIT selectionChanged(-1);
}

void SegmentationDocument::clear()
{
    setImageOnly({}, {});
}

const cv::Mat &SegmentationDocument::rgb()
{
    if (m_rgb.empty() && !m_image.isNull())
        m_rgb = toRgbMat(m_image);
    return m_rgb;
}

int SegmentationDocument::indexOfUid(int uid) const
{
    for (size_t i = 0; i < m_objects.size(); ++i)
        if (m_objects[i].uid == uid)
            return static_cast<int>(i);
    return -1;
}

int SegmentationDocument::objectAt(const QPointF &imagePos) const
{
    const int x = static_cast<int>(imagePos.x());
    const int y = static_cast<int>(imagePos.y());
    // Smallest object first: a click on a small object inside a big one picks the small one.
    int best = -1;
    int64_t bestArea = 0;
    for (size_t i = 0; i < m_objects.size(); ++i) {
        const SegmentedObject &o = *m_objects[i].object;
        if (!m_objects[i].visible || o.mask.empty() || x < 0 || y < 0 || x >= o.mask.cols
            || y >= o.mask.rows || o.mask.at<uchar>(y, x) == 0)
            continue;
        if (best < 0 || o.area < bestArea) {
            best = static_cast<int>(i);
            bestArea = o.area;
        }
    }
    return best;
}

std::vector<SegmentedObject> SegmentationDocument::visibleObjects() const
{
    std::vector<SegmentedObject> out;
    for (const DocumentObject &o : m_objects)
        if (o.visible)
            out.push_back(*o.object);
    return out;
}

void SegmentationDocument::setSelectedIndex(int index)
{
    if (index < -1 || index >= objectCount())
        index = -1;
    if (index == m_selected)
        return;
    m_selected = index;
    rerender();
    Q_EMIT selectionChanged(index);
    Q_EMIT objectsChanged();
}

void SegmentationDocument::pushEdit(const QString &text, std::vector<DocumentObject> after)
{
    m_undo.push(new ObjectsEditCommand(this, text, m_objects, std::move(after)));
}

void SegmentationDocument::removeObjects(QList<int> indexes)
{
    std::sort(indexes.begin(), indexes.end());
    indexes.erase(std::unique(indexes.begin(), indexes.end()), indexes.end());
    std::vector<DocumentObject> after;
    for (int i = 0; i < objectCount(); ++i)
        if (!indexes.contains(i))
            after.push_back(m_objects[static_cast<size_t>(i)]);
    if (after.size() == m_objects.size())
        return;
    pushEdit(indexes.size() == 1 ? tr("Delete object") : tr("Delete %n objects", nullptr, int(indexes.size())),
             std::move(after));
}

void SegmentationDocument::mergeObjects(QList<int> indexes)
{
    std::sort(indexes.begin(), indexes.end());
    indexes.erase(std::unique(indexes.begin(), indexes.end()), indexes.end());
    indexes.removeIf([this](int i) { return i < 0 || i >= objectCount(); });
    if (indexes.size() < 2)
        return;
    const DocumentObject &first = m_objects[static_cast<size_t>(indexes.front())];
    auto merged = std::make_shared<SegmentedObject>(*first.object);
    merged->mask = first.object->mask.clone();
    for (int i : indexes) {
        const SegmentedObject &o = *m_objects[static_cast<size_t>(i)].object;
        if (o.mask.size() == merged->mask.size())
            cv::bitwise_or(merged->mask, o.mask, merged->mask);
        merged->samScore = std::max(merged->samScore, o.samScore);
        merged->dinoConfidence = std::max(merged->dinoConfidence, o.dinoConfidence);
    }
    merged->box = cv::boundingRect(merged->mask);
    merged->area = cv::countNonZero(merged->mask);
    std::vector<DocumentObject> after;
    for (int i = 0; i < objectCount(); ++i) {
        if (i == indexes.front()) {
            DocumentObject m = first;
            m.object = merged;
            m.visible = true;
            after.push_back(m);
        } else if (!indexes.contains(i)) {
            after.push_back(m_objects[static_cast<size_t>(i)]);
        }
    }
    pushEdit(tr("Merge %n objects", nullptr, int(indexes.size())), std::move(after));
}

void SegmentationDocument::setObjectVisible(int index, bool visible)
{
    if (index < 0 || index >= objectCount() || m_objects[static_cast<size_t>(index)].visible == visible)
        return;
    std::vector<DocumentObject> after = m_objects;
    after[static_cast<size_t>(index)].visible = visible;
    pushEdit(visible ? tr("Show object") : tr("Hide object"), std::move(after));
}

void SegmentationDocument::applyRefinement(int uid, const SegmentedObject &object)
{
    std::vector<DocumentObject> after = m_objects;
    const int index = indexOfUid(uid);
    auto shared = std::make_shared<SegmentedObject>(object);
    if (index >= 0) {
        after[static_cast<size_t>(index)].object = shared;
        after[static_cast<size_t>(index)].visible = true;
        pushEdit(tr("Refine object"), std::move(after));
    } else {
        DocumentObject o;
        o.object = shared;
        o.color = objectColor(m_nextUid - 1);
        o.uid = m_nextUid++;
        after.push_back(o);
        pushEdit(tr("Add object"), std::move(after));
    }
}

void SegmentationDocument::setObjects(std::vector<DocumentObject> objects)
{
    m_objects = std::move(objects);
    if (m_selected >= objectCount())
        m_selected = -1;
    rerender();
    Q_EMIT objectsChanged();
}

void SegmentationDocument::rerender()
{
    if (m_image.isNull())
        return;
    std::vector<MaskLayer> layers;
    layers.reserve(m_objects.size());
    for (size_t i = 0; i < m_objects.size(); ++i)
        layers.push_back({m_objects[i].object.get(), m_objects[i].color, m_objects[i].visible,
                          static_cast<int>(i) == m_selected});
    try {
        m_overlay = renderMaskOverlay(rgb(), layers);
    } catch (const std::exception &e) {
        // Never let an OpenCV error escape into a slot: keep the last picture.
        qWarning("mask rendering failed: %s", e.what());
    }
}

} // namespace dinosam::ui
