#pragma once
#include "documentobject.h"
#include "enginejob.h"

#include <QImage>
#include <QObject>
#include <QUndoStack>

#include <functional>
#include <map>
#include <memory>
#include <vector>

namespace dinosam::ui {

/**
 * The image being shown, its segmentation and the user's edits to it.
 *
 * A new automatic result (setResult) replaces the objects, bumps generation() and
 * clears the undo stack, unless the user has edited this image: then the objects they
 * touched (DocumentObject::kept) stay, automatic objects duplicating one of them (IoU >=
 * the duplicate IoU) are dropped, and the change is an undo step (consecutive ones merge).
 * Every manual edit (delete, merge, refine, add, visibility, label, lock) is a command on undoStack().
 * Locked objects are kept like edited ones and are never deleted, merged or re-segmented:
 * those edits leave them out (removeObjects) or are refused (merge, refinement). New automatic
 * and prompt-added objects get defaultLabel(). Each object keeps the prompt that produced it, so
 * undo and redo restore the prompt markers with the masks. The selection is a set of
 * objects (list Ctrl+click, masks Ctrl+click) with one current object.
 * One document per image: the window keeps the documents of images browsed (their
 * edits and undo history survive navigation). Thread: GUI only.
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
    /// Shows a saved annotation of @p path (no model run): @p result holds its objects and
    /// parameters, @p objects the view state (kept, hidden, prompts). The picture may follow
    /// later through setPicture(). Clears the undo history.
    void restore(const QString &path, std::shared_ptr<const SegmentationResult> result,
                 std::vector<DocumentObject> objects);
    /// The decoded picture of a restored document (masks unchanged).
    void setPicture(const QImage &image);
    /// Colours labelled objects with @p colorOf(label) (the project's label colours); an empty
    /// function colours every object by itself (the default).
    void setLabelColors(std::function<QColor(const std::string &)> colorOf);
    /// Counts every change of the objects or the result: an autosave writes when it moved.
    quint64 revision() const { return m_revision; }
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

    /// The current object (the one point prompts refine), -1 for none.
    int selectedIndex() const { return m_selected; }
    /// Selects only @p index (-1: nothing).
    void setSelectedIndex(int index);
    /// Every selected object, sorted (merge and delete act on these).
    QList<int> selection() const { return m_selection; }
    /// Selects @p indexes; @p current becomes selectedIndex() (-1: the last of them).
    void setSelection(QList<int> indexes, int current = -1);
    /// Adds @p index to the selection or removes it (Ctrl+click).
    void toggleSelected(int index);

    /// The user edited the objects (undo stack not clean, or objects kept from a saved annotation).
    bool isEdited() const;

    /// The label new automatic and prompt-added objects get (empty: none); objects already
    /// shown keep theirs.
    void setDefaultLabel(const std::string &label) { m_defaultLabel = label; }
    const std::string &defaultLabel() const { return m_defaultLabel; }

    bool isLocked(int index) const;
    /// How many of @p indexes are locked.
    int lockedCount(const QList<int> &indexes) const;

    // Edits (each pushes one undoable command).
    /// Deletes the unlocked objects of @p indexes (locked ones stay). @returns how many were deleted.
    int removeObjects(QList<int> indexes);
    /// Merges @p indexes into the first; refused (false) when one of them is locked.
    bool mergeObjects(QList<int> indexes);
    /// Locks or unlocks @p indexes (suggestions are left out: accept them first).
    void setLocked(QList<int> indexes, bool locked);
    /// Renames labels on every object (@p renames: old name -> new name, empty new name: the
    /// default label) as one undo step. @returns how many objects changed.
    int renameLabels(const std::map<std::string, std::string> &renames);
    void setObjectVisible(int index, bool visible);
    /// Gives the objects at @p indexes the class name @p label (trimmed; empty: unlabelled).
    void setLabel(QList<int> indexes, const QString &label);
    /// Replaces the unconfirmed suggestions by @p objects (labelled @p label): one undo step.
    void setSuggestions(const std::vector<SegmentedObject> &objects, const std::string &label);
    /// Makes every suggestion an ordinary (kept) object / removes them: one undo step each.
    void acceptSuggestions();
    void rejectSuggestions();
    int suggestionCount() const;
    /// Replaces the object with @p uid by @p object, or adds it when uid is -1 (the new
    /// object becomes the current one); either way it keeps @p prompt. A refined object keeps
    /// its label, a new one gets defaultLabel(). Refused (false) when the object is locked.
    bool applyRefinement(int uid, const SegmentedObject &object, const Prompt &prompt = {});
    /// The result with the edits applied: visible objects, in list order (for export).
    std::shared_ptr<const SegmentationResult> editedResult() const;

    /// Replaces the whole object list (used by ObjectsEditCommand).
    void setObjects(std::vector<DocumentObject> objects);

Q_SIGNALS:
    /// Objects were edited or (de)selected (list and overlay changed).
    void objectsChanged();
    /// The selection changed; @p index is the current object.
    void selectionChanged(int index);

private:
    void rerender();
    void applyAutomaticResult(const EngineOutcome &outcome);
    void pushEdit(const QString &text, std::vector<DocumentObject> after);
    /// The automatic objects of @p result with defaultLabel() where they have none.
    std::shared_ptr<const SegmentationResult> labelled(std::shared_ptr<const SegmentationResult> result) const;

    QString m_imagePath;
    QImage m_image;
    QImage m_heatmap;
    QImage m_overlay;
    cv::Mat m_rgb;
    std::shared_ptr<const SegmentationResult> m_result;
    std::vector<DocumentObject> m_objects;
    QUndoStack m_undo;
    quint64 m_generation = 0;
    quint64 m_revision = 0;
    std::function<QColor(const std::string &)> m_labelColor;
    std::string m_defaultLabel;
    int m_nextUid = 1;
    int m_selected = -1;
    QList<int> m_selection; // sorted
};

} // namespace dinosam::ui
