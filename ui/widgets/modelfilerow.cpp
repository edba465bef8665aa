#include "modelfilerow.h"

#include "modelmanager/checkpointverifier.h"
#include "modelmanager/modelmanager.h"
#include "models/catalog/modelcatalog.h"

#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
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
    , m_useAs(new QPushButton(this))
    , m_status(new QLabel(this))
{
    m_status->setObjectName(QStringLiteral("modelStatus"));
    m_useAs->setObjectName(QStringLiteral("useAsButton"));
    m_useAs->hide();
    m_useAs->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed); // never squeezed by the wrapped status
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_path, 0, 0);
    layout->addWidget(m_browse, 0, 1);
    layout->addWidget(m_download, 0, 2);
    layout->addWidget(m_verify, 0, 3);
    auto *statusRow = new QHBoxLayout; // the button as wide as its text, next to the line it answers
    statusRow->addWidget(m_status, 1);
    statusRow->addWidget(m_useAs, 0, Qt::AlignTop);
    layout->addLayout(statusRow, 1, 0, 1, 4);
    layout->setColumnStretch(0, 1);
    connect(m_browse, &QPushButton::clicked, this, &ModelFileRow::browse);
    connect(m_download, &QPushButton::clicked, this, &ModelFileRow::download);
    connect(m_verify, &QPushButton::clicked, this, &ModelFileRow::verify);
    connect(m_useAs, &QPushButton::clicked, this, [this] {
        // Copies: the receiver changes this row, and with it m_identified.
        const QString id = m_identified, file = effectivePath();
        if (!id.isEmpty())
            Q_EMIT useAsRequested(id, file);
    });
    connect(m_path, &QLineEdit::textChanged, this, &ModelFileRow::refreshStatus);
    setModelId(modelId);
}

void ModelFileRow::setModelId(const QString &modelId)
{
    m_id = modelId;
    const ModelSpec *spec = m_manager->find(modelId);
    m_path->setPlaceholderText(tr("%1 in the model folder").arg(spec ? spec->fileName : modelId));
    refreshStatus();
}

void ModelFileRow::setOtherKindAccepted(bool accepted)
{
    m_otherKindAccepted = accepted;
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

void ModelFileRow::showStatus(const QString &text, bool problem)
{
    m_status->setText(text);
    m_status->setStyleSheet(problem ? QStringLiteral("color: #b00020;") : QString());
}

void ModelFileRow::refreshStatus()
{
    const QString file = effectivePath();
    const QFileInfo info(file);
    m_useAs->hide();
    if (file.isEmpty() || !info.isFile()) {
        m_identified.clear();
        m_checkedFile.clear();
        showStatus(tr("Missing: %1. Download it, or choose the file with Browse.").arg(QDir::toNativeSeparators(file)),
                   true);
        return;
    }
    const ModelSpec *spec = m_manager->find(m_id);
    const QString found = tr("Found: %1 (%2 MB)")
                              .arg(QDir::toNativeSeparators(file), QLocale().toString(info.size() / (1024.0 * 1024.0), 'f', 1));
    if (!spec) {
        m_identified.clear();
        showStatus(found, false);
        return;
    }
    // The shapes of its tensors say what the file is (no tensor data is read); read again
    // only when the file or the model changed.
    if (file != m_checkedFile || info.size() != m_checkedSize || info.lastModified() != m_checkedTime || m_id != m_checkedFor) {
        const ContentCheck check = identifyCheckpointFile(file, *spec);
        m_checkedOk = check.ok;
        m_checkedMessage = check.message;
        m_identified = check.identifiedId;
        m_checkedFile = file;
        m_checkedSize = info.size();
        m_checkedTime = info.lastModified();
        m_checkedFor = m_id;
    }
    const ModelEntry *actual = ModelCatalog::find(m_identified.toStdString());
    if (m_checkedOk) {
        showStatus(actual ? tr("%1: %2.").arg(found, QString::fromStdString(actual->displayName)) : found, false);
        return;
    }
    if (!actual) { // not a checkpoint, damaged, or of no official size
        showStatus(m_checkedMessage, true);
        return;
    }
    m_useAs->setText(tr("Use as %1").arg(m_identified)); // before it is shown: its size follows the text
    const QString name = info.fileName();
    const QString is = QStringLiteral("%1 (%2)").arg(QString::fromStdString(actual->displayName), m_identified);
    if (actual->isDino() != spec->isDino()) {
        const QString kind = actual->isDino() ? QStringLiteral("DINOv2") : QStringLiteral("SAM2");
        showStatus(tr("%1 is a %2 checkpoint, %3, not %4: choose it as the %2 model.").arg(name, kind, is, spec->displayName),
                   true);
        m_useAs->setVisible(m_otherKindAccepted);
    } else {
        showStatus(tr("%1 is %2, not %3.").arg(name, is, spec->displayName), true);
        m_useAs->show();
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
        // What the file is comes first: a file of another variant is named, not just "hash differs".
        const ContentCheck content = result.ok && spec && m_manager->contentVerifier()
            ? m_manager->contentVerifier()(path(), *spec)
            : ContentCheck::success();
        if (!content.ok) {
            result.ok = false;
            result.message = content.message;
        } else if (result.ok && spec && !spec->sha256.isEmpty() && spec->sha256 != result.sha256) {
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
    refreshStatus();
    if (result.ok)
        QMessageBox::information(this, tr("Verify"),
                                 tr("%1\nSHA-256: %2\n%3").arg(QDir::toNativeSeparators(result.path), result.sha256, result.message));
    else
        QMessageBox::warning(this, tr("Verify"), result.message);
}

} // namespace dinosam::ui
