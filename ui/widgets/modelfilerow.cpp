#include "modelfilerow.h"

#include "modelmanager/modelmanager.h"

#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>

namespace dinosam::ui {

ModelFileRow::ModelFileRow(ModelManager *manager, const QString &modelId, QWidget *parent)
    : QWidget(parent)
    , m_manager(manager)
    , m_id(modelId)
    , m_path(new QLineEdit(this))
    , m_browse(new QPushButton(tr("Browse…"), this))
    , m_download(new QPushButton(tr("Download"), this))
    , m_verify(new QPushButton(tr("Verify"), this))
    , m_status(new QLabel(this))
{
    m_path->setPlaceholderText(tr("%1 in the model folder").arg(m_manager->find(modelId)
                                                                    ? m_manager->find(modelId)->fileName
                                                                    : modelId));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_path, 0, 0);
    layout->addWidget(m_browse, 0, 1);
    layout->addWidget(m_download, 0, 2);
    layout->addWidget(m_verify, 0, 3);
    layout->addWidget(m_status, 1, 0, 1, 4);
    layout->setColumnStretch(0, 1);
    connect(m_browse, &QPushButton::clicked, this, &ModelFileRow::browse);
    connect(m_download, &QPushButton::clicked, this, &ModelFileRow::download);
    connect(m_verify, &QPushButton::clicked, this, &ModelFileRow::verify);
    connect(m_path, &QLineEdit::textChanged, this, &ModelFileRow::refreshStatus);
    refreshStatus();
}

QString ModelFileRow::path() const
{
    return m_path->text().trimmed();
}

void ModelFileRow::setPath(const QString &path)
{
    m_path->setText(path);
}

QString ModelFileRow::effectivePath() const
{
    return path().isEmpty() ? m_manager->filePath(m_id) : path();
}

void ModelFileRow::refreshStatus()
{
    const QString file = effectivePath();
    if (!file.isEmpty() && QFileInfo(file).isFile()) {
        m_status->setText(tr("Found: %1 (%2 MB)")
                              .arg(QDir::toNativeSeparators(file))
                              .arg(QFileInfo(file).size() / (1024.0 * 1024.0), 0, 'f', 1));
        m_status->setStyleSheet(QString());
    } else {
        m_status->setText(tr("Missing: %1. Download it, or choose the file with Browse.")
                              .arg(QDir::toNativeSeparators(file)));
        m_status->setStyleSheet(QStringLiteral("color: #b00020;"));
    }
}

void ModelFileRow::browse()
{
    const QString file = QFileDialog::getOpenFileName(
        this, tr("Checkpoint for %1").arg(m_id), QFileInfo(effectivePath()).absolutePath(),
        tr("PyTorch checkpoints (*.pt *.pth);;All files (*)"));
    if (!file.isEmpty())
        setPath(file);
}

void ModelFileRow::download()
{
    QString error;
    ModelDownload *job = m_manager->startDownload(m_id, &error);
    if (!job) {
        QMessageBox::warning(this, tr("Download"), error);
        return;
    }
    auto *progress = new QProgressDialog(tr("Downloading %1…").arg(m_id), tr("Cancel"), 0, 100, this);
    progress->setAttribute(Qt::WA_DeleteOnClose);
    progress->setWindowModality(Qt::WindowModal);
    progress->setMinimumDuration(0);
    connect(progress, &QProgressDialog::canceled, job, &ModelDownload::cancel);
    connect(job, &ModelDownload::progress, progress, [progress](qint64 received, qint64 total) {
        if (total > 0) {
            progress->setMaximum(1000);
            progress->setValue(static_cast<int>(1000.0 * received / total));
        } else {
            progress->setMaximum(0);
        }
    });
    connect(job, &ModelDownload::finished, this, [this, progress](const ModelResult &result) {
        progress->close();
        refreshStatus();
        if (result.ok)
            QMessageBox::information(this, tr("Download"),
                                     tr("%1 is installed.\nSHA-256: %2\n%3").arg(m_id, result.sha256, result.message));
        else
            QMessageBox::warning(this, tr("Download failed"), result.message);
    });
}

void ModelFileRow::verify()
{
    QApplication::setOverrideCursor(Qt::WaitCursor);
    ModelResult result;
    if (path().isEmpty()) {
        result = m_manager->verify(m_id);
    } else {
        QString error;
        result.path = path();
        result.sha256 = sha256OfFile(path(), &error);
        result.ok = !result.sha256.isEmpty();
        const ModelSpec *spec = m_manager->find(m_id);
        if (result.ok && spec && !spec->sha256.isEmpty() && spec->sha256 != result.sha256) {
            result.ok = false;
            result.message = tr("The SHA-256 differs from the published one (%1).").arg(spec->sha256);
        } else if (!result.ok) {
            result.message = error;
        } else {
            result.message = spec && !spec->sha256.isEmpty() ? tr("Matches the published SHA-256.")
                                                             : tr("No published SHA-256 to compare with.");
        }
    }
    QApplication::restoreOverrideCursor();
    if (result.ok)
        QMessageBox::information(this, tr("Verify"),
                                 tr("%1\nSHA-256: %2\n%3").arg(QDir::toNativeSeparators(result.path), result.sha256, result.message));
    else
        QMessageBox::warning(this, tr("Verify"), result.message);
}

} // namespace dinosam::ui
