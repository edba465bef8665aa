#pragma once
// When the annotations cannot be written where they belong (a read-only folder): say so and offer
// another folder.
#include <QObject>

class QWidget;

namespace dinosam::ui {

class ProjectAutosave;

/**
 * Shows ProjectAutosave::writeFailed() in a non-modal message box ("autosaveFailed") with a
 * "Choose Another Folder…" button ("chooseStoreFolder"). The folder chosen (a non-modal dialog,
 * "storeFolderDialog") becomes the folder's annotation store (remembered per image folder), and
 * the writes that failed are done there. Thread: GUI.
 */
class StoreFolderController : public QObject
{
    Q_OBJECT
public:
    StoreFolderController(ProjectAutosave *autosave, QWidget *window);

    /// Whether messages are shown (off while the window closes).
    void setEnabled(bool enabled) { m_enabled = enabled; }
    /// Makes @p chosen (or a folder in it: ProjectAutosave::storeFolderFor) the store.
    bool useFolder(const QString &chosen);

Q_SIGNALS:
    void statusMessage(const QString &text);

private:
    void offer(const QString &message);
    void chooseFolder();

    ProjectAutosave *m_autosave;
    QWidget *m_window;
    bool m_enabled = true;
};

} // namespace dinosam::ui
