#pragma once
#include "enginejob.h"
#include "imagepanel.h"

#include <QMainWindow>

#include <functional>
#include <map>
#include <memory>
#include <optional>

class QAction;
class QActionGroup;
class QMenu;
class QTabWidget;
class QDockWidget;
class QToolBar;

namespace dinosam::ui {

class ActionRegistry;
class DocumentStore;
class ExportController;
class ProjectAutosave;
class ImportController;
class LabelController;
class LockController;
class StoreFolderController;
class SimilarController;
class HistogramPlot;
class ImageBrowser;
class ImagePreviewLoader;
class LanguageManager;
class ObjectListWidget;
class ParameterPanel;
class PromptEditor;
class ScorePlot;
class SegmentationDocument;
class SegmentationSession;
class StudioStatusBar;
class ThreePanelView;
class TimingPlot;
class VideoController;
struct ExportChoice;
struct ExportSources;

/**
 * DinoSam Studio's main window: image browser, parameter panel, three-panel view,
 * object list, plots and status bar, wired to one SegmentationSession. The actions
 * live in an ActionRegistry (StudioActions is their table), exports in an
 * ExportController, point and box prompts in a PromptEditor, the per-image documents
 * in a DocumentStore (going to another image and back keeps the edits and their undo
 * history), messages and progress in a StudioStatusBar; this class wires them.
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
    /// Re-reads the settings and passes them to the engine. Only a change of the engine
    /// settings (model files, folder, threads, cache, device) rebuilds anything, and
    /// the current image is re-run then only when the user has not edited it.
    void applySettings();
    /// Shows the first-run welcome when the chosen models are missing (returns whether shown).
    bool showWelcomeIfNeeded();
    /// Switches to these models (e.g. just installed by the welcome) and runs the current image.
    void useModels(const QString &dinoId, const QString &sam2Id);

    SegmentationSession *session() const { return m_session; }
    /// The document of the image shown (never null).
    SegmentationDocument *document() const { return m_document; }
    /// The document kept for @p path, or null.
    SegmentationDocument *documentOf(const QString &path) const;
    DocumentStore *documents() const { return m_documents; }
    ProjectAutosave *autosave() const { return m_autosave; }
    SimilarController *similar() const { return m_similar; }
    LabelController *labels() const { return m_labels; }
    ImportController *importer() const { return m_import; }
    ParameterPanel *parameterPanel() const { return m_params; }
    ImageBrowser *browser() const { return m_browser; }
    ThreePanelView *view() const { return m_view; }
    ObjectListWidget *objectList() const { return m_objects; }
    HistogramPlot *histogram() const { return m_histogram; }
    TimingPlot *timingPlot() const { return m_timings; }
    ActionRegistry *actions() const { return m_actions; }
    /// The video mode (File ▸ Open Video…).
    VideoController *video() const { return m_video; }
    QAction *action(const QString &name) const;
    QString currentImage() const { return m_currentPath; }
    /// Why the engine cannot run (models not ready, or a model problem); empty when it can.
    QString engineMessage() const { return m_engineMessage.isEmpty() ? m_modelProblem : m_engineMessage; }
    QString statusText() const;
    QString timingText() const;
    /// Worker time (engine + rendering) of the segmentation shown last.
    double lastWorkerMs() const { return m_lastWorkerMs; }
    /// Of lastWorkerMs(), the time spent inside the engine (pipeline) call.
    double lastEngineMs() const { return m_lastEngineMs; }
    /// How often the engine was (re)configured; for tests of "nothing changed".
    int engineConfigurations() const { return m_engineConfigurations; }

Q_SIGNALS:
    /// Masks are shown: a result arrived (its request id), or an image's kept result
    /// was shown again without a run (id 0).
    void segmentationShown(quint64 id);
    /// An image could not be segmented (a problem of this image, not of the models).
    void imageFailed(const QString &path, const QString &message);
    /// A model could not be used: shown once, images are not marked broken.
    void modelProblem(const QString &message);
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
    void createVideoMode();
    void retranslate();
    void updateUndoTexts();
    void updateMethodHints();

    void activate(const QString &path);
    void showDocument();
    ExportSources exportSources() const;

    void showImage(const QString &path);
    void requestCurrent();
    void updatePrefetch();
    bool checkEngine();
    void onParamsChanged();
    void onSegmentationReady(const dinosam::ui::EngineOutcome &outcome);
    void onFailed(quint64 id, const QString &path, const QString &message, dinosam::ui::ErrorKind kind);
    void onProgress(quint64 id, double fraction, const QString &stage);
    void onBusyChanged(bool busy);
    void onObjectsChanged();
    void setTool(ImagePanel::Tool tool);
    void openImageDialog();
    void openFolderDialog();
    void showSettings();
    void showAbout();
    void showHelp();
    void showWelcome();
    void rebuildRecentMenu();
    void deleteSelected();
    void mergeSelected();
    void cancelRun();
    /// Shows a status text that is rebuilt (re-translated) on a language change.
    void setStatus(std::function<QString()> text);
    void showObjectCount();
    void clearPlots();

    std::shared_ptr<InferenceEngine> m_engine;
    LanguageManager *m_languages;
    SegmentationSession *m_session;
    ImagePreviewLoader *m_previewLoader;
    DocumentStore *m_documents;
    ProjectAutosave *m_autosave;
    LabelController *m_labels = nullptr;
    LockController *m_locks = nullptr;
    ImportController *m_import = nullptr;
    StoreFolderController *m_storeFolder = nullptr;
    SimilarController *m_similar = nullptr;
    VideoController *m_video = nullptr;
    SegmentationDocument *m_document = nullptr; // the current one of m_documents
    ActionRegistry *m_actions;
    ThreePanelView *m_view;
    ImageBrowser *m_browser;
    ParameterPanel *m_params;
    ObjectListWidget *m_objects;
    HistogramPlot *m_histogram;
    ScorePlot *m_scores;
    TimingPlot *m_timings;
    ExportController *m_export;
    PromptEditor *m_prompts;
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
    StudioStatusBar *m_status = nullptr;
    QActionGroup *m_toolGroup;

    QString m_currentPath;
    QString m_engineMessage;  // models not ready (status())
    QString m_modelProblem;   // a model failed to load: shown once, not per image
    std::optional<EngineSettings> m_appliedSettings;
    qint64 m_histogramSource = 0; // cache key of the heat-map whose attention the histogram shows
    double m_lastWorkerMs = 0;
    double m_lastEngineMs = 0;
    int m_engineConfigurations = 0;
    bool m_closing = false;
};

} // namespace dinosam::ui
