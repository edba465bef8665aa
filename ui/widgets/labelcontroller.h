#pragma once
// The studio's label tools: digit keys 1-9 label the selection, masks coloured by label,
// the object list's completion from the folder's label set.
#include <QObject>

#include <functional>

namespace dinosam::ui {

class ActionRegistry;
class ObjectListWidget;
class ProjectAutosave;
class SegmentationDocument;

/**
 * Wires the "label1".."label9" and "colorByLabel" actions to the document shown, with the
 * labels and colours of the folder's label set (ProjectAutosave). Keys of labels are the label
 * set's shortcuts (its first nine labels get 1-9). Thread: GUI.
 */
class LabelController : public QObject
{
    Q_OBJECT
public:
    LabelController(ActionRegistry *actions, ProjectAutosave *autosave, ObjectListWidget *list,
                    std::function<SegmentationDocument *()> document, QObject *parent = nullptr);

    /// Applies the colouring and completion to the document now shown.
    void documentShown();

Q_SIGNALS:
    /// A one-line message for the status bar (a key without a label, say).
    void statusMessage(const QString &text);

private:
    void labelSelection(int digit);

    ActionRegistry *m_actions;
    ProjectAutosave *m_autosave;
    ObjectListWidget *m_list;
    std::function<SegmentationDocument *()> m_document;
};

} // namespace dinosam::ui
