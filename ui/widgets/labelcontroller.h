#pragma once
// The studio's label tools: digit keys 1-9 label the selection, masks coloured by label,
// the object list's completion from the folder's label set, the label for new objects and
// the label editor.
#include <QObject>

#include <functional>
#include <map>
#include <string>

class QComboBox;
class QLabel;
class QWidget;

namespace dinosam::ui {

class ActionRegistry;
class DocumentStore;
class LabelEditorDialog;
class ObjectListWidget;
class ProjectAutosave;
class SegmentationDocument;

/**
 * Wires the "label1".."label9", "colorByLabel" and "editLabels" actions to the document shown,
 * with the labels and colours of the folder's label set (ProjectAutosave). Keys of labels are the
 * label set's shortcuts (its first nine labels get 1-9). bar() is the row above the object list:
 * "Label for new objects" (an editable box: a new name creates the label; saved per project) and
 * a button for the label editor. The editor's renames and deletions reach every object of the
 * open documents (one undo step each) and of the saved annotations. Thread: GUI.
 */
class LabelController : public QObject
{
    Q_OBJECT
public:
    LabelController(ActionRegistry *actions, ProjectAutosave *autosave, ObjectListWidget *list,
                    DocumentStore *documents, std::function<SegmentationDocument *()> document, QWidget *window);

    /// Applies the colouring, completion and label for new objects to the document now shown.
    void documentShown();
    /// The row with the label for new objects (owned by the caller's layout once added).
    QWidget *bar() const { return m_bar; }
    QComboBox *defaultLabelBox() const { return m_defaultBox; }
    void retranslate();
    /// Opens the label editor (non-modal); OK applies it.
    void editLabels();

Q_SIGNALS:
    /// A one-line message for the status bar (a key without a label, say).
    void statusMessage(const QString &text);

private:
    void labelSelection(int digit);
    void refreshLabels();
    void defaultLabelEntered();
    void apply(const LabelEditorDialog &dialog);
    std::map<std::string, int> labelUses() const;

    ActionRegistry *m_actions;
    ProjectAutosave *m_autosave;
    ObjectListWidget *m_list;
    DocumentStore *m_documents;
    std::function<SegmentationDocument *()> m_document;
    QWidget *m_window;
    QWidget *m_bar;
    QLabel *m_defaultLabelCaption;
    QComboBox *m_defaultBox;
    bool m_refreshing = false;
};

} // namespace dinosam::ui
