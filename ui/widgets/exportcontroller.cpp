#include "exportcontroller.h"

#include "appsettings.h"
#include "segmentationsession.h"

#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QMessageBox>
#include <QProgressDialog>
#include <QWidget>

namespace dinosam::ui {

ExportController::ExportController(SegmentationSession *session, QWidget *window)
    : QObject(window)
    , m_session(session)
    , m_window(window)
{
    connect(m_session, &SegmentationSession::progress, this, &ExportController::onProgress);
    connect(m_session, &SegmentationSession::exportFinished, this, &ExportController::onFinished);
}

void ExportController::showDialog(const ExportSources &sources)
{
    const int count = static_cast<int>(sources.folderPaths.size());
    if (count == 0 && !sources.currentResult) {
        QMessageBox::information(m_window, tr("Export"), tr("Open an image first."));
        return;
    }
    ExportDialog dialog(m_window);
    dialog.setFolderAvailable(count > 1, count);
    ExportChoice initial;
    initial.outputDir = sources.lastFolder.isEmpty() ? QDir::homePath()
                                                     : sources.lastFolder + QStringLiteral("/dinosam-export");
    dialog.setChoice(initial);
    if (dialog.exec() == QDialog::Accepted)
        start(dialog.choice(), sources);
}

quint64 ExportController::start(const ExportChoice &choice, const ExportSources &sources)
{
    auto request = std::make_shared<ExportRequest>();
    request->outputDir = choice.outputDir;
    request->options = choice.options;
    AppSettings().applyExportSettings(request->options); // COCO encoding, polygon tolerance, JPEG quality
    request->formats = choice.formats;
    if (sources.currentResult && !sources.currentPath.isEmpty()) {
        request->currentResult = sources.currentResult;
        request->paths << sources.currentPath;
    }
    if (choice.wholeFolder) {
        for (const QString &p : sources.folderPaths)
            if (p != sources.currentPath || !request->currentResult)
                request->paths << p;
        request->editedResults = sources.editedResults;
    } else if (request->paths.isEmpty() && !sources.currentPath.isEmpty()) {
        request->paths << sources.currentPath;
    }
    if (request->paths.isEmpty())
        return 0;
    m_exportId = m_session->requestExport(request, sources.params);
    delete m_progress;
    m_progress = new QProgressDialog(tr("Exporting…"), tr("Cancel"), 0, 1000, m_window);
    m_progress->setWindowModality(Qt::WindowModal);
    m_progress->setMinimumDuration(300);
    m_progress->setAutoClose(false);
    m_progress->setAutoReset(false);
    connect(m_progress, &QProgressDialog::canceled, m_session, &SegmentationSession::cancelExport);
    m_progress->setValue(0);
    return m_exportId;
}

void ExportController::onProgress(quint64 id, double fraction, const QString &stage)
{
    if (id != m_exportId || !m_progress)
        return;
    m_progress->setValue(static_cast<int>(fraction * 1000));
    if (!stage.isEmpty())
        m_progress->setLabelText(tr("Exporting %1…").arg(stage));
}

void ExportController::onFinished(const EngineOutcome &outcome)
{
    if (outcome.id != m_exportId)
        return;
    m_exportId = 0;
    if (m_progress) {
        m_progress->hide();
        m_progress->deleteLater();
        m_progress = nullptr;
    }
    const ExportReport report = outcome.exportReport ? *outcome.exportReport : ExportReport{};
    QString text = tr("%n image(s) exported, %1 files written.", nullptr, report.imagesDone)
                       .arg(QLocale().toString(report.files.size()));
    if (report.cancelled)
        text += QLatin1Char('\n') + tr("The export was cancelled.");
    if (!report.stopReason.isEmpty())
        text += QLatin1Char('\n') + tr("The export stopped: %1").arg(report.stopReason);
    for (const QString &note : report.notes)
        text += QStringLiteral("\n• ") + note;
    if (!report.failures.isEmpty()) {
        text += QLatin1Char('\n') + tr("%n image(s) failed:", nullptr, int(report.failures.size()));
        for (const auto &f : report.failures)
            text += QStringLiteral("\n• ") + QFileInfo(f.first).fileName() + QStringLiteral(": ") + f.second;
    }
    Q_EMIT statusMessage(text.section(QLatin1Char('\n'), 0, 0));
    if (!m_closing && m_window->isVisible()) {
        auto *box = new QMessageBox(report.failures.isEmpty() ? QMessageBox::Information : QMessageBox::Warning,
                                    tr("Export"), text, QMessageBox::Ok, m_window);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->setObjectName(QStringLiteral("exportSummary"));
        box->open();
    }
    Q_EMIT finished(report);
}

} // namespace dinosam::ui
