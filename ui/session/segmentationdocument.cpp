#include "segmentationdocument.h"

#include "imageconvert.h"
#include "maskrenderer.h"
#include "objectseditcommand.h"

#include "types/maskiou.h"

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
    // The same image again (a slider move) after the user edited it: their objects stay, the
    // automatic ones are replaced, and the change is one more undo step instead of a reset.
    if (!newImage && isEdited() && outcome.result) {
        applyAutomaticResult(outcome);
        return;
    }
    m_imagePath = outcome.imagePath;
    m_image = outcome.image;
    if (newImage)
        m_rgb.release();
    m_heatmap = outcome.heatmap;
    m_overlay = outcome.overlay;
    m_result = labelled(outcome.result);
    if (m_labelColor)
        m_overlay = QImage(); // the worker draws each object's own colour, not its label's
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
    ++m_revision;
    m_selected = -1;
    m_selection.clear();
    m_undo.clear();
    if (m_overlay.isNull())
        rerender();
    Q_EMIT selectionChanged(-1);
}

void SegmentationDocument::applyAutomaticResult(const EngineOutcome &outcome)
{
    m_image = outcome.image;
    m_heatmap = outcome.heatmap;
    m_result = labelled(outcome.result);
    std::vector<DocumentObject> after;
    for (const DocumentObject &o : m_objects)
        if (o.kept || o.suggested || o.locked)
            after.push_back(o);
    const size_t keptCount = after.size();
    const double duplicateIou = m_result->params.duplicateIou;
    for (size_t i = 0; i < m_result->objects.size(); ++i) {
        const SegmentedObject &candidate = m_result->objects[i];
        bool duplicate = false;
        for (size_t k = 0; k < keptCount && !duplicate; ++k)
            duplicate = candidate.mask.size() == after[k].object->mask.size() // one image: always
                        && maskIou(candidate, *after[k].object) >= duplicateIou;
        if (duplicate)
            continue;
        DocumentObject o;
        o.object = std::shared_ptr<const SegmentedObject>(m_result, &m_result->objects[i]);
        o.uid = m_nextUid++;
        o.color = objectColor(o.uid - 1);
        after.push_back(std::move(o));
    }
    ++m_generation;
    m_undo.push(new ObjectsEditCommand(this, tr("New automatic objects"), m_objects, std::move(after),
                                       /*automatic=*/true));
}

std::shared_ptr<const SegmentationResult>
SegmentationDocument::labelled(std::shared_ptr<const SegmentationResult> result) const
{
    if (!result || m_defaultLabel.empty()
        || std::none_of(result->objects.begin(), result->objects.end(),
                        [](const SegmentedObject &o) { return o.label.empty(); }))
        return result;
    auto copy = std::make_shared<SegmentationResult>(*result); // masks are shared, not copied
    for (SegmentedObject &o : copy->objects)
        if (o.label.empty())
            o.label = m_defaultLabel;
    return copy;
}

bool SegmentationDocument::isLocked(int index) const
{
    return index >= 0 && index < objectCount() && m_objects[size_t(index)].locked;
}

int SegmentationDocument::lockedCount(const QList<int> &indexes) const
{
    return int(std::count_if(indexes.begin(), indexes.end(), [this](int i) { return isLocked(i); }));
}

void SegmentationDocument::setLocked(QList<int> indexes, bool locked)
{
    std::vector<DocumentObject> after = m_objects;
    int changed = 0;
    for (int i : indexes) {
        if (i < 0 || i >= objectCount() || after[size_t(i)].suggested || after[size_t(i)].locked == locked)
            continue;
        after[size_t(i)].locked = locked;
        after[size_t(i)].kept = true; // touched: stays after unlocking too
        ++changed;
    }
    if (changed > 0)
        pushEdit(locked ? tr("Lock %n object(s)", nullptr, changed) : tr("Unlock %n object(s)", nullptr, changed),
                 std::move(after));
}

int SegmentationDocument::renameLabels(const std::map<std::string, std::string> &renames)
{
    std::vector<DocumentObject> after = m_objects;
    int changed = 0;
    for (DocumentObject &o : after) {
        const auto it = renames.find(o.object->label);
        if (it == renames.end())
            continue;
        const std::string name = it->second.empty() ? m_defaultLabel : it->second;
        if (name == o.object->label)
            continue;
        auto relabelled = std::make_shared<SegmentedObject>(*o.object);
        relabelled->label = name;
        o.object = std::move(relabelled);
        ++changed;
    }
    if (changed > 0)
        pushEdit(tr("Rename labels of %n object(s)", nullptr, changed), std::move(after));
    return changed;
}

void SegmentationDocument::setLabel(QList<int> indexes, const QString &label)
{
    const std::string name = label.trimmed().toStdString();
    std::vector<DocumentObject> after = m_objects;
    int changed = 0;
    for (int i : indexes) {
        if (i < 0 || i >= objectCount() || after[size_t(i)].object->label == name)
            continue;
        auto relabelled = std::make_shared<SegmentedObject>(*after[size_t(i)].object);
        relabelled->label = name;
        after[size_t(i)].object = relabelled;
        after[size_t(i)].kept = true;
        ++changed;
    }
    if (changed > 0)
        pushEdit(tr("Label %n object(s) %1", nullptr, changed).arg(label.trimmed()), std::move(after));
}

bool SegmentationDocument::isEdited() const
{
    if (!m_undo.isClean())
        return true;
    return std::any_of(m_objects.begin(), m_objects.end(),
                       [](const DocumentObject &o) { return o.kept || o.suggested; });
}

void SegmentationDocument::setSuggestions(const std::vector<SegmentedObject> &objects, const std::string &label)
{
    std::vector<DocumentObject> after;
    for (const DocumentObject &o : m_objects)
        if (!o.suggested)
            after.push_back(o);
    for (const SegmentedObject &found : objects) {
        auto object = std::make_shared<SegmentedObject>(found);
        object->label = label;
        DocumentObject o;
        o.object = std::move(object);
        o.uid = m_nextUid++;
        o.color = objectColor(o.uid - 1);
        o.suggested = true;
        after.push_back(std::move(o));
    }
    if (objects.empty() && after.size() == m_objects.size())
        return;
    pushEdit(tr("Find similar: %n suggestion(s)", nullptr, int(objects.size())), std::move(after));
}

void SegmentationDocument::acceptSuggestions()
{
    const int n = suggestionCount();
    if (n == 0)
        return;
    std::vector<DocumentObject> after = m_objects;
    for (DocumentObject &o : after)
        if (o.suggested) {
            o.suggested = false;
            o.kept = true;
        }
    pushEdit(tr("Accept %n suggestion(s)", nullptr, n), std::move(after));
}

void SegmentationDocument::rejectSuggestions()
{
    const int n = suggestionCount();
    if (n == 0)
        return;
    std::vector<DocumentObject> after;
    for (const DocumentObject &o : m_objects)
        if (!o.suggested)
            after.push_back(o);
    pushEdit(tr("Reject %n suggestion(s)", nullptr, n), std::move(after));
}

int SegmentationDocument::suggestionCount() const
{
    return int(std::count_if(m_objects.begin(), m_objects.end(), [](const DocumentObject &o) { return o.suggested; }));
}

void SegmentationDocument::restore(const QString &path, std::shared_ptr<const SegmentationResult> result,
                                   std::vector<DocumentObject> objects)
{
    if (path != m_imagePath)
        m_image = QImage();
    m_imagePath = path;
    m_rgb.release();
    m_heatmap = m_image;
    m_overlay = QImage();
    m_result = std::move(result);
    m_objects = std::move(objects);
    m_nextUid = 1;
    for (const DocumentObject &o : m_objects)
        m_nextUid = std::max(m_nextUid, o.uid + 1);
    ++m_generation;
    ++m_revision;
    m_selected = -1;
    m_selection.clear();
    m_undo.clear();
    rerender();
    Q_EMIT selectionChanged(-1);
    Q_EMIT objectsChanged();
}

void SegmentationDocument::setLabelColors(std::function<QColor(const std::string &)> colorOf)
{
    m_labelColor = std::move(colorOf);
    rerender();
    Q_EMIT objectsChanged();
}

void SegmentationDocument::setPicture(const QImage &image)
{
    m_image = image;
    m_heatmap = image;
    m_rgb.release();
    rerender();
    Q_EMIT objectsChanged();
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
    m_selection.clear();
    m_undo.clear();
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
        if (o.visible && !o.suggested) // suggestions count once accepted
            out.push_back(*o.object);
    return out;
}

void SegmentationDocument::setSelectedIndex(int index)
{
    if (index < 0 || index >= objectCount())
        setSelection({}, -1);
    else
        setSelection({index}, index);
}

void SegmentationDocument::setSelection(QList<int> indexes, int current)
{
    indexes.removeIf([this](int i) { return i < 0 || i >= objectCount(); });
    std::sort(indexes.begin(), indexes.end());
    indexes.erase(std::unique(indexes.begin(), indexes.end()), indexes.end());
    if (!indexes.contains(current))
        current = indexes.isEmpty() ? -1 : indexes.back();
    if (indexes == m_selection && current == m_selected)
        return;
    m_selection = indexes;
    m_selected = current;
    rerender();
    Q_EMIT selectionChanged(m_selected);
    Q_EMIT objectsChanged();
}

void SegmentationDocument::toggleSelected(int index)
{
    if (index < 0 || index >= objectCount())
        return;
    QList<int> next = m_selection;
    if (next.contains(index)) {
        next.removeAll(index);
        setSelection(next, m_selected == index ? -1 : m_selected);
    } else {
        next << index;
        setSelection(next, index);
    }
}

void SegmentationDocument::pushEdit(const QString &text, std::vector<DocumentObject> after)
{
    m_undo.push(new ObjectsEditCommand(this, text, m_objects, std::move(after)));
}

int SegmentationDocument::removeObjects(QList<int> indexes)
{
    std::vector<DocumentObject> after;
    for (int i = 0; i < objectCount(); ++i)
        if (!indexes.contains(i) || m_objects[static_cast<size_t>(i)].locked)
            after.push_back(m_objects[static_cast<size_t>(i)]);
    const int removed = int(m_objects.size() - after.size());
    if (removed == 0)
        return 0;
    pushEdit(removed == 1 ? tr("Delete object") : tr("Delete %n objects", nullptr, removed), std::move(after));
    return removed;
}

bool SegmentationDocument::mergeObjects(QList<int> indexes)
{
    std::sort(indexes.begin(), indexes.end());
    indexes.erase(std::unique(indexes.begin(), indexes.end()), indexes.end());
    indexes.removeIf([this](int i) { return i < 0 || i >= objectCount(); });
    if (indexes.size() < 2 || lockedCount(indexes) > 0)
        return false;
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
            m.kept = true;
            after.push_back(m);
        } else if (!indexes.contains(i)) {
            after.push_back(m_objects[static_cast<size_t>(i)]);
        }
    }
    pushEdit(tr("Merge %n objects", nullptr, int(indexes.size())), std::move(after));
    return true;
}

void SegmentationDocument::setObjectVisible(int index, bool visible)
{
    if (index < 0 || index >= objectCount() || m_objects[static_cast<size_t>(index)].visible == visible)
        return;
    std::vector<DocumentObject> after = m_objects;
    after[static_cast<size_t>(index)].visible = visible;
    after[static_cast<size_t>(index)].kept = true;
    pushEdit(visible ? tr("Show object") : tr("Hide object"), std::move(after));
}

bool SegmentationDocument::applyRefinement(int uid, const SegmentedObject &object, const Prompt &prompt)
{
    std::vector<DocumentObject> after = m_objects;
    const int index = indexOfUid(uid);
    if (isLocked(index))
        return false;
    auto shared = std::make_shared<SegmentedObject>(object);
    if (index >= 0) {
        if (shared->label.empty()) // SAM2 knows no labels: the object keeps the user's
            shared->label = after[static_cast<size_t>(index)].object->label;
        after[static_cast<size_t>(index)].object = shared;
        after[static_cast<size_t>(index)].visible = true;
        after[static_cast<size_t>(index)].prompt = prompt;
        after[static_cast<size_t>(index)].kept = true;
        pushEdit(tr("Refine object"), std::move(after));
    } else {
        if (shared->label.empty())
            shared->label = m_defaultLabel;
        DocumentObject o;
        o.object = shared;
        o.color = objectColor(m_nextUid - 1);
        o.uid = m_nextUid++;
        o.prompt = prompt;
        o.kept = true;
        after.push_back(o);
        pushEdit(tr("Add object"), std::move(after));
        setSelectedIndex(objectCount() - 1); // further points refine the new object
    }
    return true;
}

std::shared_ptr<const SegmentationResult> SegmentationDocument::editedResult() const
{
    if (!m_result)
        return {};
    auto edited = std::make_shared<SegmentationResult>(*m_result);
    edited->objects = visibleObjects();
    return edited;
}

void SegmentationDocument::setObjects(std::vector<DocumentObject> objects)
{
    // Keep the selection on the same objects (by uid) where they still exist.
    QList<int> selectedUids;
    for (int i : m_selection)
        selectedUids << m_objects[static_cast<size_t>(i)].uid;
    const int currentUid = m_selected >= 0 ? m_objects[static_cast<size_t>(m_selected)].uid : -1;
    m_objects = std::move(objects);
    ++m_revision;
    m_selection.clear();
    m_selected = -1;
    for (int i = 0; i < objectCount(); ++i) {
        if (selectedUids.contains(m_objects[static_cast<size_t>(i)].uid))
            m_selection << i;
        if (m_objects[static_cast<size_t>(i)].uid == currentUid)
            m_selected = i;
    }
    rerender();
    Q_EMIT selectionChanged(m_selected);
    Q_EMIT objectsChanged();
}

void SegmentationDocument::rerender()
{
    if (m_image.isNull())
        return;
    std::vector<MaskLayer> layers;
    layers.reserve(m_objects.size());
    for (size_t i = 0; i < m_objects.size(); ++i) {
        const SegmentedObject *o = m_objects[i].object.get();
        const QColor color = m_labelColor && !o->label.empty() ? m_labelColor(o->label) : m_objects[i].color;
        layers.push_back({o, color, m_objects[i].visible, m_selection.contains(static_cast<int>(i))});
    }
    try {
        m_overlay = renderMaskOverlay(rgb(), layers);
    } catch (const std::exception &e) {
        // Never let an OpenCV error escape into a slot: keep the last picture.
        qWarning("mask rendering failed: %s", e.what());
    }
}

} // namespace dinosam::ui
