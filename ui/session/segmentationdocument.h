#pragma once
#include "documentobject.h"
#include "enginejob.h"

#include <QImage>
#include <QObject>
#include <QUndoStack>

#include <memory>
#include <vector>

namespace dinosam::ui {

/**
 * The image being shown, its segmentation and the user's edits to it.
 *
 * A new automatic result (setResult) replaces the objects, bumps generation() and
 * clears the undo stack; every manual edit (delete, merge, refine, add, visibility)
 * is a command on undoStack(). Thread: GUI only.
 */
class SegmentationDocument : public QObject
{
    Q_OBJECT
public:
    explicit SegmentationDocument(QObject *parent = nullptr);

    /// Shows a worker outcome (kind Segment); clears the undo history.
    void setResult(const EngineOutcome &outcome);
    /// Shows an image without masks (an error, or while the first run is going).
    void setImageOnly(const QString &path, const QImage &image);
    void clear();

    bool hasImage() const { return !m_image.isNull(); }
    QString imagePath() const { return m_imagePath; }
    QImage image() const { return m_image; }
    QImage heatmap() const { return m_heatmap; }
    QImage overlay() const { return m_overlay; }
    std::shared_ptr<const SegmentationResult> result() const { return m_result; }
    /// The original as CV_8UC3 RGB (converted once per image).
    const cv::Mat &rgb();

    const std::vector<DocumentObject> &objects() const { return m_objects; }
    int objectCount() const { return static_cast<int>(m_objects.size()); }
    int indexOfUid(int uid) const;
    /// Topmost visible object covering @p imagePos (image pixels), or -1.
    int objectAt(const QPointF &imagePos) const;
    /// Objects as SegmentedObjects, visible only (for export).
    std::vector<SegmentedObject> visibleObjects() const;

    quint64 generation() const { return m_generation; }
    QUndoStack *undoStack() { return &m_undo; }

    int selectedIndex() const { return m_selected; }
    void setSelectedIndex(int index);

    // Edits (each pushes one undoable command).
    void removeObjects(QList<int> indexes);
    void mergeObjects(QList<int> indexes);
    void setObjectVisible(int index, bool visible);
    /// Replaces the object with @p uid by @p object, or adds it when uid is -1.
    void applyRefinement(int uid, const SegmentedObject &object);

    /// Replaces the whole object list (used by ObjectsEditCommand).
    void setObjects(std::vector<DocumentObject> objects);

Q_SIGNALS:
    /// A new image or result: everything changed.
    void resultChanged();
    /// Objects were edited (list and overlay changed).
    void objectsChanged();
    void selectionChanged(int index);

private:
    void rerender();
    void pushEdit(const QString &text, std::vector<DocumentObject> after);

    QString m_imagePath;
    QImage m_image;
    QImage m_heatmap;
    QImage m_overlay;
    cv::Mat m_rgb;
    std::shared_ptr<const SegmentationResult> m_result;
    std::vector<DocumentObject> m_objects;
    QUndoStack m_undo;
    quint64 m_generation = 0;
    int m_nextUid = 1;
    int m_selected = -1;
};

} // namespace dinosam::ui
