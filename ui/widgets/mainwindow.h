#pragma once
#include "enginejob.h"
#include "imagepanel.h"

#include <QMainWindow>
#include <QStyle>

#include <map>
#include <memory>

class QAction;
class QActionGroup;
class QLabel;
class QMenu;
class QProgressBar;
class QProgressDialog;
class QToolButton;
class QTabWidget;
class QDockWidget;
class QToolBar;

namespace dinosam::ui {

class HistogramPlot;
class ImageBrowser;
class ImagePreviewLoader;
class LanguageManager;
class ObjectListWidget;
class ParameterPanel;
class ScorePlot;
class SegmentationDocument;
class SegmentationSession;
class ThreePanelView;
class TimingPlot;
struct ExportChoice;

/**
 * DinoSam Studio's main window: image browser, parameter panel, three-panel view,
 * object list, plots and status bar, wired to one SegmentationSession.
 * Thread: GUI. Closing the window cancels running work and joins the worker.
 */
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    /// @param engine shared with the worker thread; @param languages may be null.
    MainWindow(std::shared_ptr<InferenceEngine> engine, LanguageManager *languages = nullptr,
               QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Opens a folder, image files, or a mix (drag and drop, command line). Returns images added.
    int openPaths(const QStringList &paths);
    int openFolder(const QString &folder);
    /// Exports without the dialog (the dialog's accept calls this too).
    void startExport(const ExportChoice &choice);
    /// Re-reads the settings and passes them to the engine; re-runs the current image.
    void applySettings();

    SegmentationSession *session() const { return m_session; }
    SegmentationDocument *document() const { return m_document; }
    ParameterPanel *parameterPanel() const { return m_params; }
    ImageBrowser *browser() const { return m_browser; }
    ThreePanelView *view() const { return m_view; }
    ObjectListWidget *objectList() const { return m_objects; }
    HistogramPlot *histogram() const { return m_histogram; }
    QAction *action(const QString &name) const;
    QString currentImage() const { return m_currentPath; }
    QString engineMessage() const { return m_engineMessage; }
    /// Worker time (engine + rendering) of the segmentation shown last.
    double lastWorkerMs() const { return m_lastWorkerMs; }
    /// Of lastWorkerMs(), the time spent inside the engine (pipeline) call.
    double lastEngineMs() const { return m_lastEngineMs; }

Q_SIGNALS:
    /// New masks are shown (a segmentation arrived, or an edit changed them).
    void masksUpdated();
    void segmentationShown(quint64 id);
    void imageFailed(const QString &path, const QString &message);
    void exportFinished(const dinosam::ui::ExportReport &report);

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void createActions();
    void createMenus();
    void createDocks();
    void retranslate();
    QAction *makeAction(const QString &name, const QKeySequence &shortcut, QStyle::StandardPixmap icon = QStyle::SP_CustomBase);

    void showImage(const QString &path);
    void requestCurrent();
    void updatePrefetch();
    bool checkEngine();
    void onParamsChanged();
    void onSegmentationReady(const dinosam::ui::EngineOutcome &outcome);
    void onRefineReady(const dinosam::ui::EngineOutcome &outcome);
    void onFailed(quint64 id, const QString &path, const QString &message);
    void onProgress(quint64 id, double fraction, const QString &stage);
    void onBusyChanged(bool busy);
    void onExportFinished(const dinosam::ui::EngineOutcome &outcome);
    void onObjectsChanged();
    void onImageClicked(const QPointF &pos);
    void onBoxDrawn(const QRectF &rect);
    void refineSelected(const Prompt &prompt);
    void updateMarkers();
    void setTool(ImagePanel::Tool tool);
    void openImageDialog();
    void openFolderDialog();
    void showExportDialog();
    void showSettings();
    void showAbout();
    void rebuildRecentMenu();
    void deleteSelected();
    void mergeSelected();
    void cancelRun();

    std::shared_ptr<InferenceEngine> m_engine;
    LanguageManager *m_languages;
    SegmentationSession *m_session;
    ImagePreviewLoader *m_previewLoader;
    SegmentationDocument *m_document;
    ThreePanelView *m_view;
    ImageBrowser *m_browser;
    ParameterPanel *m_params;
    ObjectListWidget *m_objects;
    HistogramPlot *m_histogram;
    ScorePlot *m_scores;
    TimingPlot *m_timings;
    QTabWidget *m_plotTabs;
    QDockWidget *m_browserDock;
    QDockWidget *m_paramsDock;
    QDockWidget *m_objectsDock;
    QDockWidget *m_plotsDock;
    QToolBar *m_toolBar;
    QMenu *m_fileMenu;
    QMenu *m_recentMenu;
    QMenu *m_editMenu;
    QMenu *m_viewMenu;
    QMenu *m_toolsMenu;
    QMenu *m_helpMenu;
    QLabel *m_statusLabel;
    QLabel *m_timingLabel;
    QProgressBar *m_progress;
    QToolButton *m_cancelButton;
    QProgressDialog *m_exportProgress = nullptr;
    QActionGroup *m_toolGroup;
    std::map<QString, QAction *> m_actions;

    QString m_currentPath;
    QString m_engineMessage;
    quint64 m_exportId = 0;
    qint64 m_histogramSource = 0; // cache key of the heat-map whose attention the histogram shows
    double m_lastWorkerMs = 0;
    double m_lastEngineMs = 0;
    std::map<int, Prompt> m_prompts;   // per object uid, this generation
    quint64 m_promptsGeneration = 0;
    bool m_closing = false;
};

} // namespace dinosam::ui
