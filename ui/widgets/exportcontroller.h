#pragma once
#include "enginejob.h"
#include "exportdialog.h"

#include <QObject>
#include <QPointer>

class QProgressDialog;
class QWidget;

namespace dinosam::ui {

class SegmentationSession;

/// What the window can export right now (filled by the window for each export).
struct ExportSources
{
    QString currentPath;                                   ///< the image shown ("" = none)
    std::shared_ptr<const SegmentationResult> currentResult; ///< its edited result, if any
    QStringList folderPaths;                               ///< every image in the browser
    /// Edited results of other images kept in memory (exported as edited).
    QMap<QString, std::shared_ptr<const SegmentationResult>> editedResults;
    SegmentationParams params;                             ///< for images segmented on the way
    QString lastFolder;                                    ///< suggests <lastFolder>/dinosam-export
};

/**
 * Runs exports for the main window: the dialog, the job on the session, the
 * progress dialog (with Cancel) and the summary. Thread: GUI.
 */
class ExportController : public QObject
{
    Q_OBJECT
public:
    /// @param window parent of the dialogs; @param session runs the job (not owned).
    ExportController(SegmentationSession *session, QWidget *window);

    /// Asks what to export and starts it (nothing to export: says so).
    void showDialog(const ExportSources &sources);
    /// Exports without the dialog. Returns the job id (0: nothing to export).
    quint64 start(const ExportChoice &choice, const ExportSources &sources);
    /// The running export's id (0: none).
    quint64 runningId() const { return m_exportId; }
    /// The window is closing: no summary box any more.
    void setClosing(bool closing) { m_closing = closing; }

Q_SIGNALS:
    void finished(const dinosam::ui::ExportReport &report);
    /// A one-line summary for the status bar.
    void statusMessage(const QString &text);

private:
    void onProgress(quint64 id, double fraction, const QString &stage);
    void onFinished(const dinosam::ui::EngineOutcome &outcome);

    SegmentationSession *m_session;
    QWidget *m_window;
    QPointer<QProgressDialog> m_progress;
    quint64 m_exportId = 0;
    bool m_closing = false;
};

} // namespace dinosam::ui
