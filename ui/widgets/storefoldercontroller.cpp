#include "storefoldercontroller.h"

#include "projectautosave.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QPushButton>
#include <QStandardPaths>

namespace dinosam::ui {

StoreFolderController::StoreFolderController(ProjectAutosave *autosave, QWidget *window)
    : QObject(window)
    , m_autosave(autosave)
    , m_window(window)
{
    connect(m_autosave, &ProjectAutosave::writeFailed, this, &StoreFolderController::offer);
}

void StoreFolderController::offer(const QString &message)
{
    Q_EMIT statusMessage(message);
    if (!m_enabled || !m_window->isVisible())
        return;
    // Not modal: it may come from a timer's save in the middle of an edit.
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Annotations"), message, QMessageBox::NoButton, m_window);
    box->setObjectName(QStringLiteral("autosaveFailed"));
    box->setInformativeText(tr("Choose another folder for this folder's annotations, or close this message and "
                               "export your work."));
    QPushButton *choose = box->addButton(tr("Choose Another Folder…"), QMessageBox::AcceptRole);
    choose->setObjectName(QStringLiteral("chooseStoreFolder"));
    box->addButton(QMessageBox::Close);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, choose] {
        if (box->clickedButton() == choose)
            QMetaObject::invokeMethod(this, &StoreFolderController::chooseFolder, Qt::QueuedConnection);
    });
    box->open();
}

void StoreFolderController::chooseFolder()
{
    QString start = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (start.isEmpty() || !QFileInfo(start).isDir())
        start = QDir::homePath();
    auto *dialog = new QFileDialog(m_window, tr("Folder for the Annotations"), start);
    dialog->setObjectName(QStringLiteral("storeFolderDialog"));
    dialog->setFileMode(QFileDialog::Directory);
    dialog->setOption(QFileDialog::ShowDirsOnly);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &dir) { useFolder(dir); });
    dialog->open();
}

bool StoreFolderController::useFolder(const QString &chosen)
{
    const QString target = ProjectAutosave::storeFolderFor(chosen, m_autosave->folder());
    QString error;
    if (!m_autosave->setStoreFolder(target, &error)) {
        Q_EMIT statusMessage(error);
        auto *box = new QMessageBox(QMessageBox::Warning, tr("Annotations"), error, QMessageBox::Ok, m_window);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        return false;
    }
    Q_EMIT statusMessage(tr("Annotations of this folder are now saved in %1.").arg(QDir::toNativeSeparators(target)));
    return true;
}

} // namespace dinosam::ui
