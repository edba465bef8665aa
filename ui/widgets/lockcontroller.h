#pragma once
// Locking objects: the Lock/Unlock actions, the object list's lock column and context menu, and
// the check that refuses to delete, merge or re-segment a locked object.
#include <QObject>

#include <functional>

namespace dinosam::ui {

class ActionRegistry;
class ObjectListWidget;
class SegmentationDocument;

/**
 * Wires the "lock" and "unlock" actions (Edit menu, the object list's context menu) and the
 * list's lock check boxes to the document shown; each is one undo step for every selected object.
 * allow() is asked before an edit that a locked object refuses, and says why in the status bar.
 * Thread: GUI.
 */
class LockController : public QObject
{
    Q_OBJECT
public:
    enum class Edit { Delete, Merge };

    LockController(ActionRegistry *actions, ObjectListWidget *list, std::function<SegmentationDocument *()> document,
                   QObject *parent = nullptr);

    /// Enables Lock/Unlock for the selection shown (call when the objects or the selection change).
    void updateActions();
    /// Whether @p edit may act on the selection: false, with a status message, when a selected
    /// object is locked.
    bool allow(Edit edit);

Q_SIGNALS:
    void statusMessage(const QString &text);

private:
    void setLocked(bool locked);

    ActionRegistry *m_actions;
    ObjectListWidget *m_list;
    std::function<SegmentationDocument *()> m_document;
};

} // namespace dinosam::ui
