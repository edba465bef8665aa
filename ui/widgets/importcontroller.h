#pragma once
// File ▸ Import Annotations…: labelme / COCO files into the open folder's annotations, with the
// same code as `dinosam import` (core/annotation/projectimport.h).
#include <QObject>
#include <QStringList>

class QWidget;

namespace dinosam::ui {

class ActionRegistry;
class DocumentStore;
class ImageBrowser;
class ProjectAutosave;

/**
 * Asks for JSON files (a non-modal file dialog, "importAnnotationsDialog"), imports them into the
 * folder's store (objects added to each image's saved ones), reports what was imported and every
 * broken record in a message box ("importReport"), marks the images in the browser and reloads the
 * open documents of the imported images (the one shown included) from the store. The open
 * documents are saved first, so nothing of theirs is lost; their undo history starts again.
 * Thread: GUI.
 */
class ImportController : public QObject
{
    Q_OBJECT
public:
    ImportController(ActionRegistry *actions, ProjectAutosave *autosave, DocumentStore *documents,
                     ImageBrowser *browser, QWidget *window);

    /// Opens the file dialog (or says that a folder must be open first).
    void showDialog();
    /// Imports @p files now. @returns the number of objects imported.
    int import(const QStringList &files);

Q_SIGNALS:
    void statusMessage(const QString &text);
    /// An import finished (for tests and the status bar).
    void imported(int objects, int images);

private:
    ProjectAutosave *m_autosave;
    DocumentStore *m_documents;
    ImageBrowser *m_browser;
    QWidget *m_window;
};

} // namespace dinosam::ui
