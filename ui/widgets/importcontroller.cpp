#include "importcontroller.h"

#include "actionregistry.h"
#include "documentstore.h"
#include "imagebrowser.h"
#include "projectautosave.h"
#include "segmentationdocument.h"

#include "annotation/projectimport.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>

namespace dinosam::ui {

ImportController::ImportController(ActionRegistry *actions, ProjectAutosave *autosave, DocumentStore *documents,
                                   ImageBrowser *browser, QWidget *window)
    : QObject(window)
    , m_autosave(autosave)
    , m_documents(documents)
    , m_browser(browser)
    , m_window(window)
{
    connect(actions->action(QStringLiteral("importAnnotations")), &QAction::triggered, this,
            &ImportController::showDialog);
}

void ImportController::showDialog()
{
    if (m_autosave->folder().isEmpty()) {
        Q_EMIT statusMessage(tr("Open the image folder first: annotations are imported into its project."));
        return;
    }
    auto *dialog = new QFileDialog(m_window, tr("Import Annotations"), m_autosave->folder(),
                                   tr("labelme or COCO JSON (*.json);;All files (*)"));
    dialog->setObjectName(QStringLiteral("importAnnotationsDialog"));
    dialog->setFileMode(QFileDialog::ExistingFiles);
    dialog->setAcceptMode(QFileDialog::AcceptOpen);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::filesSelected, this, [this](const QStringList &files) {
        // After the dialog has gone: the report box is then on top.
        QMetaObject::invokeMethod(this, [this, files] { import(files); }, Qt::QueuedConnection);
    });
    dialog->open();
}

int ImportController::import(const QStringList &files)
{
    const auto store = m_autosave->store();
    if (!store || files.isEmpty())
        return 0;
    // What is open goes to the store first: the import adds to it, and the documents reload from it.
    for (SegmentationDocument *doc : m_documents->all())
        m_autosave->save(doc);
    m_autosave->waitForWrites();

    QApplication::setOverrideCursor(Qt::WaitCursor);
    std::vector<std::filesystem::path> paths;
    for (const QString &f : files)
        paths.emplace_back(f.toStdString());
    LabelSet labels = m_autosave->labels();
    const ProjectImportSummary summary = importIntoProject(*store, paths, labels);
    if (summary.labelsChanged)
        m_autosave->setLabels(labels);
    QStringList written;
    for (const auto &p : summary.written)
        written << QDir::cleanPath(QString::fromStdString(p.string()));
    for (const QString &path : m_browser->paths()) {
        if (!written.contains(QDir::cleanPath(QFileInfo(path).absoluteFilePath())))
            continue;
        m_browser->setAnnotationState(path, ImageBrowser::AnnotationState::Edited); // a person drew them
        if (SegmentationDocument *doc = m_documents->find(path))
            m_autosave->restore(doc, path);
    }
    QApplication::restoreOverrideCursor();

    QString text = tr("Imported %n object(s)", nullptr, summary.objects) + QLatin1Char(' ') +
                   tr("into %n image(s).", nullptr, summary.images);
    if (!summary.storeError.empty())
        text += QLatin1Char('\n') + tr("The annotations cannot be written: %1").arg(QString::fromStdString(summary.storeError));
    const int problems = summary.skipped + summary.unreadableFiles;
    if (problems > 0)
        text += QLatin1Char('\n') + tr("%n record(s) or file(s) could not be imported (see the details).", nullptr, problems);
    QStringList details;
    for (const std::string &m : summary.messages)
        details << QString::fromStdString(m);
    auto *box = new QMessageBox(problems > 0 || !summary.storeError.empty() ? QMessageBox::Warning
                                                                             : QMessageBox::Information,
                                tr("Import Annotations"), text, QMessageBox::Ok, m_window);
    box->setObjectName(QStringLiteral("importReport"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    if (!details.isEmpty())
        box->setDetailedText(details.join(QLatin1Char('\n')));
    box->open();
    Q_EMIT statusMessage(text.section(QLatin1Char('\n'), 0, 0));
    Q_EMIT imported(summary.objects, summary.images);
    return summary.objects;
}

} // namespace dinosam::ui
