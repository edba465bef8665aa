#include "mainwindow.h"

#include "aboutdialog.h"
#include "actionregistry.h"
#include "appsettings.h"
#include "documentstore.h"
#include "exportcontroller.h"
#include "helpdialog.h"
#include "histogramplot.h"
#include "imagebrowser.h"
#include "installedmodels.h"
#include "imagepreviewloader.h"
#include "importcontroller.h"
#include "labelcontroller.h"
#include "lockcontroller.h"
#include "languagemanager.h"
#include "objectlistwidget.h"
#include "parameterpanel.h"
#include "projectautosave.h"
#include "prompteditor.h"
#include "scoreplot.h"
#include "segmentationdocument.h"
#include "segmentationsession.h"
#include "similarcontroller.h"
#include "settingsdialog.h"
#include "studioactions.h"
#include "storefoldercontroller.h"
#include "studiostatusbar.h"
#include "threepanelview.h"
#include "timingplot.h"
#include "videocontroller.h"
#include "videopanel.h"
#include "welcomedialog.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QMimeData>
#include <QScrollArea>
#include <QStandardPaths>
#include <QTabWidget>
#include <QToolBar>
#include <QToolButton>
#include <QUndoGroup>
#include <QVBoxLayout>

namespace dinosam::ui {

namespace {

QString fileNameOf(const QString &path)
{
    return QFileInfo(path).fileName();
}

} // namespace

MainWindow::MainWindow(std::shared_ptr<InferenceEngine> engine, LanguageManager *languages,
                       QWidget *parent)
    : QMainWindow(parent)
    , m_engine(std::move(engine))
    , m_languages(languages)
    , m_session(new SegmentationSession(m_engine, this))
    , m_previewLoader(new ImagePreviewLoader(this))
    , m_documents(new DocumentStore(this))
    , m_autosave(new ProjectAutosave(this))
    , m_actions(new ActionRegistry(this))
    , m_view(new ThreePanelView(this))
    , m_browser(new ImageBrowser(this))
    , m_params(new ParameterPanel(this))
    , m_objects(new ObjectListWidget(this))
    , m_histogram(new HistogramPlot(this))
    , m_scores(new ScorePlot(this))
    , m_timings(new TimingPlot(this))
    , m_export(new ExportController(m_session, this))
    , m_prompts(new PromptEditor(m_session, m_view, [this] { return m_params->params(); }, this))
    , m_plotTabs(new QTabWidget(this))
{
    setObjectName(QStringLiteral("DinoSamStudio"));
    setAcceptDrops(true);

    QStringList dino, sam2;
    for (const std::string &id : m_engine->dinoModels())
        dino << QString::fromStdString(id);
    for (const std::string &id : m_engine->sam2Models())
        sam2 << QString::fromStdString(id);
    m_params->setModelChoices(dino, sam2);
    m_params->setParams(withInstalledModels(AppSettings().params())); // only reg4 there: use it
    AppSettings().setParams(m_params->params());                       // and remember it

    activate(QString());
    createActions();
    createVideoMode();
    createMenus();
    createDocks();
    m_status = new StudioStatusBar(action(QStringLiteral("cancel")), this);
    setStatusBar(m_status);

    connect(m_session, &SegmentationSession::segmentationReady, this, &MainWindow::onSegmentationReady);
    connect(m_session, &SegmentationSession::failed, this, &MainWindow::onFailed);
    connect(m_session, &SegmentationSession::progress, this, &MainWindow::onProgress);
    connect(m_session, &SegmentationSession::busyChanged, this, &MainWindow::onBusyChanged);
    connect(m_export, &ExportController::finished, this, &MainWindow::exportFinished);
    connect(m_export, &ExportController::statusMessage, this,
            [this](const QString &text) { setStatus([text] { return text; }); });
    connect(m_prompts, &PromptEditor::statusMessage, this,
            [this](const QString &text) { setStatus([text] { return text; }); });
    connect(m_params, &ParameterPanel::paramsChanged, this, &MainWindow::onParamsChanged);
    connect(m_params->methodCombo(), &QComboBox::currentIndexChanged, this, &MainWindow::updateMethodHints);
    connect(m_browser, &ImageBrowser::imageActivated, this, &MainWindow::showImage);
    connect(m_documents, &DocumentStore::currentObjectsChanged, this, &MainWindow::onObjectsChanged);
    connect(m_previewLoader, &ImagePreviewLoader::ready, this, [this](const QString &path, const QImage &image) {
        if (path != m_currentPath)
            return;
        if (m_document->result() && m_document->image().isNull()) { // a restored annotation's picture
            m_document->setPicture(image);
            showDocument();
            return;
        }
        // Only while the masks of that image have not arrived yet.
        if (m_document->result())
            return;
        m_document->setImageOnly(path, image);
        m_view->setImages(image, image, image);
    });
    connect(m_autosave, &ProjectAutosave::saved, this, [this](const QString &path, bool edited) {
        m_browser->setAnnotationState(path, edited ? ImageBrowser::AnnotationState::Edited
                                                   : ImageBrowser::AnnotationState::Annotated);
    });
    connect(m_autosave, &ProjectAutosave::problem, this, [this](const QString &message) {
        setStatus([message] { return message; });
        if (!m_closing && isVisible()) { // not modal: it may come from a timer's save mid-edit
            auto *box = new QMessageBox(QMessageBox::Warning, tr("Annotations"), message, QMessageBox::Ok, this);
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();
        }
    });
    // In video mode the list shows the frame's tracks: the VideoController takes its edits.
    connect(m_objects, &ObjectListWidget::visibilityToggled, this, [this](int index, bool visible) {
        if (!m_video->isActive())
            m_document->setObjectVisible(index, visible);
    });
    connect(m_objects, &ObjectListWidget::labelEdited, this, [this](const QList<int> &rows, const QString &label) {
        if (!m_video->isActive())
            m_document->setLabel(rows, label);
    });
    connect(m_objects, &ObjectListWidget::selectionEdited, this, [this](const QList<int> &rows, int current) {
        if (!m_video->isActive())
            m_document->setSelection(rows, current);
    });
    connect(m_histogram, &HistogramPlot::thresholdDragged, m_params, &ParameterPanel::setThreshold);
    connect(m_histogram, &HistogramPlot::thresholdReleased, m_params->compressor(), &SignalCompressor::flush);
    m_histogram->setThreshold(m_params->params().attentionThreshold);

    retranslate();
    updateMethodHints();
    const AppSettings settings;
    if (!restoreGeometry(settings.windowGeometry()))
        resize(1500, 900);
    restoreState(settings.windowState());
    applySettings();
}

MainWindow::~MainWindow()
{
    m_session->shutdown();
}

QAction *MainWindow::action(const QString &name) const
{
    return m_actions->action(name);
}

// --- actions, menus, docks -------------------------------------------------------

void MainWindow::createActions()
{
    StudioActions::registerAll(*m_actions, style());
    auto on = [this](const char *id, auto &&slot) {
        connect(action(QString::fromLatin1(id)), &QAction::triggered, this, std::forward<decltype(slot)>(slot));
    };
    on("openImage", [this] { openImageDialog(); });
    on("openFolder", [this] { openFolderDialog(); });
    on("openVideo", [this] { m_video->openDialog(false); });
    on("openFrames", [this] { m_video->openDialog(true); });
    on("export", [this] { m_video->isActive() ? m_video->exportDialog() : m_export->showDialog(exportSources()); });
    on("quit", [this] { close(); });
    on("next", [this] { m_browser->selectNext(); });
    on("previous", [this] { m_browser->selectPrevious(); });
    // Undo and redo follow the shown image's stack. Their text stays "Undo"/"Redo"
    // (the command goes into the tool tip), so the buttons keep their width.
    QUndoGroup *undoGroup = m_documents->undoGroup();
    on("undo", [undoGroup] { undoGroup->undo(); });
    on("redo", [undoGroup] { undoGroup->redo(); });
    connect(undoGroup, &QUndoGroup::canUndoChanged, action(QStringLiteral("undo")), &QAction::setEnabled);
    connect(undoGroup, &QUndoGroup::canRedoChanged, action(QStringLiteral("redo")), &QAction::setEnabled);
    connect(undoGroup, &QUndoGroup::undoTextChanged, this, &MainWindow::updateUndoTexts);
    connect(undoGroup, &QUndoGroup::redoTextChanged, this, &MainWindow::updateUndoTexts);
    action(QStringLiteral("undo"))->setEnabled(undoGroup->canUndo());
    action(QStringLiteral("redo"))->setEnabled(undoGroup->canRedo());
    on("selectAll", [this] {
        QList<int> all;
        for (int i = 0; i < m_document->objectCount(); ++i)
            all << i;
        m_document->setSelection(all, m_document->selectedIndex());
    });
    on("delete", [this] { m_video->isActive() ? m_video->removeSelected() : deleteSelected(); });
    on("merge", [this] { mergeSelected(); });
    on("settings", [this] { showSettings(); });
    on("cancel", [this] { cancelRun(); });
    on("zoomIn", [this] { m_view->zoomIn(); });
    on("zoomOut", [this] { m_view->zoomOut(); });
    on("fit", [this] { m_view->fitToWindow(); });
    on("actualSize", [this] { m_view->actualSize(); });
    on("gettingStarted", [this] { showHelp(); });
    on("setupModels", [this] { showWelcome(); });
    on("about", [this] { showAbout(); });
    on("aboutQt", [] { QApplication::aboutQt(); });

    m_toolGroup = new QActionGroup(this);
    const ImagePanel::Tool tools[] = {ImagePanel::Tool::Navigate, ImagePanel::Tool::PositivePoint,
                                      ImagePanel::Tool::NegativePoint, ImagePanel::Tool::Box};
    const QStringList toolIds = StudioActions::toolIds();
    for (int i = 0; i < toolIds.size(); ++i) {
        QAction *a = action(toolIds[i]);
        m_toolGroup->addAction(a);
        const ImagePanel::Tool tool = tools[i];
        connect(a, &QAction::triggered, this, [this, tool] { setTool(tool); });
    }
    action(QStringLiteral("toolNavigate"))->setChecked(true);
    for (const QString &id : m_actions->ids())
        addAction(action(id)); // shortcuts work with menus and tool bar hidden
    auto current = [this] { return m_document; };
    m_labels = new LabelController(m_actions, m_autosave, m_objects, m_documents, current, this);
    m_locks = new LockController(m_actions, m_objects, current, this);
    m_import = new ImportController(m_actions, m_autosave, m_documents, m_browser, this);
    m_storeFolder = new StoreFolderController(m_autosave, this);
    auto status = [this](const QString &t) { setStatus([t] { return t; }); };
    connect(m_labels, &LabelController::statusMessage, this, status);
    connect(m_locks, &LockController::statusMessage, this, status);
    connect(m_import, &ImportController::statusMessage, this, status);
    connect(m_storeFolder, &StoreFolderController::statusMessage, this, status);
}

void MainWindow::createMenus()
{
    auto add = [this](QMenu *menu, std::initializer_list<const char *> ids) {
        for (const char *id : ids)
            id[0] ? (void)menu->addAction(action(QString::fromLatin1(id))) : (void)menu->addSeparator();
    };
    m_fileMenu = menuBar()->addMenu(QString());
    add(m_fileMenu, {"openImage", "openFolder", "openVideo", "openFrames"});
    m_recentMenu = m_fileMenu->addMenu(QString());
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::rebuildRecentMenu);
    add(m_fileMenu, {"", "importAnnotations", "export", "", "quit"});

    m_editMenu = menuBar()->addMenu(QString());
    add(m_editMenu, {"undo", "redo", "", "selectAll", "delete", "merge", "lock", "unlock", "", "editLabels", "",
                     "cancel", "settings"});

    m_viewMenu = menuBar()->addMenu(QString());
    add(m_viewMenu, {"previous", "next", "", "zoomIn", "zoomOut", "fit", "actualSize", "", "colorByLabel", ""});

    menuBar()->addMenu(m_video->menu());
    m_toolsMenu = menuBar()->addMenu(QString());
    for (QAction *a : m_toolGroup->actions())
        m_toolsMenu->addAction(a);

    m_helpMenu = menuBar()->addMenu(QString());
    add(m_helpMenu, {"gettingStarted", "setupModels", "", "about", "aboutQt"});

    m_toolBar = addToolBar(QString());
    m_toolBar->setObjectName(QStringLiteral("mainToolBar"));
    for (const char *name : {"openImage", "openFolder", "export", "", "previous", "next", "", "undo", "redo", "delete", "merge", ""})
        name[0] ? (void)m_toolBar->addAction(action(QString::fromLatin1(name))) : (void)m_toolBar->addSeparator();
    for (QAction *a : m_toolGroup->actions())
        m_toolBar->addAction(a);
}

void MainWindow::createVideoMode()
{
    VideoController::Parts parts;
    parts.session = m_session;
    parts.view = m_view;
    parts.objects = m_objects;
    parts.actions = m_actions;
    parts.params = [this] { return m_params->params(); };
    parts.window = this;
    m_video = new VideoController(parts, this);
    // The three panels, with the video mode's timeline strip under them (hidden for images).
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_video->panel());
    setCentralWidget(central);
    connect(m_video, &VideoController::statusMessage, this, [this](const QString &t) { setStatus([t] { return t; }); });
    connect(m_video, &VideoController::entered, this, [this] {
        // The images' work and state give way: nothing of theirs may paint over the video.
        m_session->cancelAll();
        m_session->setPrefetch(QString(), m_params->params());
        m_currentPath.clear();
        activate(QString());
        m_view->setRegionBoxes({}, {});
        m_view->setMessage(QString());
        clearPlots();
        m_plotsDock->setProperty("visibleForImages", m_plotsDock->isVisible());
        m_plotsDock->hide(); // the plots are of an image's discovery
        retranslate(); // the title
    });
    connect(m_video, &VideoController::left, this, [this] {
        m_plotsDock->setVisible(m_plotsDock->property("visibleForImages").toBool());
        retranslate();
    });
}

void MainWindow::createDocks()
{
    m_browserDock = new QDockWidget(this);
    m_browserDock->setObjectName(QStringLiteral("browserDock"));
    m_browserDock->setWidget(m_browser);
    addDockWidget(Qt::LeftDockWidgetArea, m_browserDock);

    m_paramsDock = new QDockWidget(this);
    m_paramsDock->setObjectName(QStringLiteral("paramsDock"));
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(m_params);
    scroll->setWidgetResizable(true);
    m_paramsDock->setWidget(scroll);
    addDockWidget(Qt::RightDockWidgetArea, m_paramsDock);

    m_objectsDock = new QDockWidget(this);
    m_objectsDock->setObjectName(QStringLiteral("objectsDock"));
    auto *objectsBox = new QWidget(this);
    auto *objectsLayout = new QVBoxLayout(objectsBox);
    objectsLayout->setContentsMargins(0, 0, 0, 0);
    objectsLayout->addWidget(m_labels->bar());
    objectsLayout->addWidget(m_objects, 1);
    auto *buttons = new QHBoxLayout;
    for (const char *name : {"delete", "merge", "undo", "redo"}) {
        auto *b = new QToolButton(objectsBox);
        b->setObjectName(QString::fromLatin1(name) + QStringLiteral("Button"));
        b->setDefaultAction(action(QString::fromLatin1(name)));
        b->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        buttons->addWidget(b);
    }
    buttons->addStretch(1);
    objectsLayout->addLayout(buttons);
    m_objectsDock->setWidget(objectsBox);
    addDockWidget(Qt::RightDockWidgetArea, m_objectsDock);

    m_plotsDock = new QDockWidget(this);
    m_plotsDock->setObjectName(QStringLiteral("plotsDock"));
    m_plotTabs->addTab(m_histogram, QString());
    m_plotTabs->addTab(m_scores, QString());
    m_plotTabs->addTab(m_timings, QString());
    m_plotsDock->setWidget(m_plotTabs);
    addDockWidget(Qt::BottomDockWidgetArea, m_plotsDock);
    resizeDocks({m_plotsDock}, {190}, Qt::Vertical);
    // The right docks as wide as the object list's six columns need ("Object 10" included).
    resizeDocks({m_browserDock, m_paramsDock}, {170, 460}, Qt::Horizontal);

    m_similar = new SimilarController(this, m_session, m_documents, [this] { return m_browser->paths(); },
                                      [this] { return m_params->params(); });
    tabifyDockWidget(m_paramsDock, m_similar->dock()); // a tab beside the parameters
    m_paramsDock->raise();
    m_plotTabs->addTab(m_similar->histogram(), QString());
    connect(m_similar, &SimilarController::similarityViewChanged, this, [this] {
        if (m_document->result())
            showDocument();
    });
    for (QDockWidget *d : {m_browserDock, m_paramsDock, m_similar->dock(), m_objectsDock, m_plotsDock})
        m_viewMenu->addAction(d->toggleViewAction());
}

void MainWindow::retranslate()
{
    if (m_video && m_video->isActive())
        setWindowTitle(tr("%1 — DinoSam Studio").arg(m_video->name()));
    else
        setWindowTitle(m_currentPath.isEmpty() ? tr("DinoSam Studio")
                                               : tr("%1 — DinoSam Studio").arg(fileNameOf(m_currentPath)));
    if (m_video)
        m_video->retranslate();
    StudioActions::retranslate(*m_actions);
    updateUndoTexts();
    m_fileMenu->setTitle(tr("&File"));
    m_recentMenu->setTitle(tr("Open &Recent"));
    m_editMenu->setTitle(tr("&Edit"));
    m_viewMenu->setTitle(tr("&View"));
    m_toolsMenu->setTitle(tr("&Tools"));
    m_helpMenu->setTitle(tr("&Help"));
    m_toolBar->setWindowTitle(tr("Main Toolbar"));
    m_browserDock->setWindowTitle(tr("Images"));
    if (m_similar)
        m_similar->retranslate();
    if (m_labels)
        m_labels->retranslate();
    m_paramsDock->setWindowTitle(tr("Parameters"));
    m_objectsDock->setWindowTitle(tr("Objects"));
    m_plotsDock->setWindowTitle(tr("Plots"));
    m_plotTabs->setTabText(1, tr("Scores"));
    m_plotTabs->setTabText(2, tr("Stage times"));
    m_plotTabs->setTabText(3, tr("Similarity histogram"));
    updateMethodHints();
    if (m_status && m_status->statusText().isEmpty())
        setStatus([] { return tr("Open an image or a folder (Ctrl+O, Ctrl+Shift+O) or drop files here."); });
    if (!m_engineMessage.isEmpty() || !m_modelProblem.isEmpty())
        checkEngine();
}

void MainWindow::updateUndoTexts()
{
    const QString undoKey = action(QStringLiteral("undo"))->shortcut().toString(QKeySequence::NativeText);
    const QString redoKey = action(QStringLiteral("redo"))->shortcut().toString(QKeySequence::NativeText);
    const QString undoText = m_documents->undoGroup()->undoText();
    const QString redoText = m_documents->undoGroup()->redoText();
    action(QStringLiteral("undo"))->setToolTip(undoText.isEmpty() ? tr("Undo (%1)").arg(undoKey)
                                                                 : tr("Undo %1 (%2)").arg(undoText, undoKey));
    action(QStringLiteral("redo"))->setToolTip(redoText.isEmpty() ? tr("Redo (%1)").arg(redoKey)
                                                                 : tr("Redo %1 (%2)").arg(redoText, redoKey));
}

void MainWindow::updateMethodHints()
{
    // Spectral discovery (normalised cut) does not use the threshold: say so.
    const bool spectral = m_params->params().method == DiscoveryMethod::Spectral;
    m_plotTabs->setTabText(0, spectral ? tr("Attention histogram (not used by spectral discovery)")
                                       : tr("Attention histogram"));
    m_histogram->setEnabled(!spectral);
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QMainWindow::changeEvent(event);
}

// --- status bar ------------------------------------------------------------------

void MainWindow::setStatus(std::function<QString()> text)
{
    m_status->setStatus(std::move(text));
}

QString MainWindow::statusText() const
{
    return m_status->statusText();
}

QString MainWindow::timingText() const
{
    return m_status->timingText();
}

void MainWindow::showObjectCount()
{
    if (!m_document->result())
        return;
    const QString name = fileNameOf(m_document->imagePath());
    SegmentationDocument *doc = m_document;
    setStatus([doc, name] {
        const int n = doc->objectCount();
        return doc->isEdited() ? tr("%1: %n object(s), edited", nullptr, n).arg(name)
                               : tr("%1: %n object(s)", nullptr, n).arg(name);
    });
}

void MainWindow::clearPlots()
{
    m_histogram->setValues(cv::Mat());
    m_histogramSource = 0;
    m_timings->setTimings(StageTimings{});
    m_scores->setObjects({});
    m_status->clearTimings();
}

// --- settings and engine ---------------------------------------------------------

void MainWindow::applySettings()
{
    const AppSettings settings;
    std::vector<std::string> modelIds = m_engine->dinoModels();
    for (const std::string &id : m_engine->sam2Models())
        modelIds.push_back(id);
    const EngineSettings es = engineSettings(settings, modelIds);
    const SegmentationParams stored = settings.params();
    SegmentationParams p = m_params->params();
    const bool modelsChosen = p.dinoModel != stored.dinoModel || p.sam2Model != stored.sam2Model; // in Settings
    if (modelsChosen || p.dinoInputSize != stored.dinoInputSize || p.duplicateIou != stored.duplicateIou) {
        if (modelsChosen)
            m_modelProblem.clear(); // another model: try again
        p.dinoModel = stored.dinoModel;
        p.sam2Model = stored.sam2Model;
        p.dinoInputSize = stored.dinoInputSize;
        p.duplicateIou = stored.duplicateIou;
        m_params->setParams(p); // the panel keeps them for params(); a run follows below
    }
    const bool engineChanged = !m_appliedSettings || !(*m_appliedSettings == es);
    if (engineChanged) {
        // Only a change the engine needs rebuilds it (Settings ▸ OK with nothing changed,
        // or with only the language changed, keeps the caches and the user's work).
        m_engine->configure(es);
        m_appliedSettings = es;
        ++m_engineConfigurations;
        m_modelProblem.clear();
    }
    const bool needsRun = engineChanged
        || (m_document->result() && !(m_document->result()->params == m_params->params()));
    if (checkEngine() && needsRun && !m_currentPath.isEmpty() && !m_document->isEdited())
        requestCurrent();
}

bool MainWindow::checkEngine()
{
    const EngineStatus status = m_engine->status(m_params->params());
    if (!status.ready) {
        m_engineMessage = QString::fromStdString(status.message);
        m_view->setMessage(tr("The models are not ready, so images cannot be segmented yet.\n%1\n"
                              "Use Help ▸ Set Up Models… to download them, or choose the files in Edit ▸ Settings (Ctrl+,).")
                               .arg(m_engineMessage));
        return false;
    }
    m_engineMessage.clear();
    if (!m_modelProblem.isEmpty()) {
        m_view->setMessage(tr("A model could not be used, so no image is segmented:\n%1\n"
                              "Choose another file in Edit ▸ Settings (Ctrl+,).")
                               .arg(m_modelProblem));
        return false;
    }
    m_view->setMessage(QString());
    return true;
}

bool MainWindow::showWelcomeIfNeeded()
{
    if (m_engine->status(m_params->params()).ready)
        return false;
    showWelcome();
    return true;
}

void MainWindow::showWelcome()
{
    auto *dialog = new WelcomeDialog(nullptr, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &WelcomeDialog::modelsInstalled, this, [this](const QString &dino, const QString &sam2) {
        useModels(dino, sam2);
    });
    dialog->open();
}

void MainWindow::useModels(const QString &dinoId, const QString &sam2Id)
{
    SegmentationParams p = m_params->params();
    p.dinoModel = dinoId.toStdString();
    p.sam2Model = sam2Id.toStdString();
    m_params->setParams(p);
    AppSettings().setParams(m_params->params());
    m_modelProblem.clear();
    m_appliedSettings.reset(); // new files in the model folder: let the engine look again
    applySettings();
}

// --- documents -------------------------------------------------------------------

SegmentationDocument *MainWindow::documentOf(const QString &path) const
{
    return m_documents->find(path);
}

void MainWindow::activate(const QString &path)
{
    m_autosave->save(m_document); // leaving an image saves its annotation
    m_document = m_documents->activate(path);
    m_autosave->setCurrent(m_document);
    if (m_prompts)
        m_prompts->setDocument(m_document);
    if (m_labels)
        m_labels->documentShown();
    if (m_similar)
        m_similar->documentShown();
}

ExportSources MainWindow::exportSources() const
{
    ExportSources s;
    s.currentPath = m_currentPath;
    s.currentResult = m_document->editedResult();
    s.folderPaths = m_browser->paths();
    s.editedResults = m_documents->editedResults(m_currentPath);
    s.params = m_params->params();
    s.lastFolder = AppSettings().lastFolder();
    return s;
}

/// Shows m_document in the panels, list and plots.
void MainWindow::showDocument()
{
    SegmentationDocument *doc = m_document;
    if (const auto result = doc->result()) {
        // The middle panel: the similarity map after a search of this image (while its dock
        // is shown), else the discovery map; the plots follow with their histogram.
        const auto similar = m_similar->similarityViewFor(doc->imagePath());
        const auto kind = similar ? ThreePanelView::MapKind::Similarity : ThreePanelView::MapKind::Discovery;
        if (kind != m_view->mapKind() && similar) // raise the histogram of the map shown
            m_plotTabs->setCurrentWidget(m_similar->histogram());
        else if (kind != m_view->mapKind() && m_plotTabs->currentWidget() == m_similar->histogram())
            m_plotTabs->setCurrentIndex(0);
        m_view->setMapKind(kind);
        m_view->setImages(doc->image(), similar ? similar->image : doc->heatmap(), doc->overlay());
        QList<QRectF> boxes = similar ? similar->boxes : QList<QRectF>();
        if (!similar)
            for (const auto &region : result->regions)
                boxes << QRectF(region.box.x, region.box.y, region.box.width, region.box.height);
        m_view->setRegionBoxes(boxes, QList<QColor>(boxes.size(), QColor(255, 255, 255)));
        if (m_histogramSource != doc->heatmap().cacheKey() || doc->heatmap().isNull()) {
            m_histogram->setValues(result->discoveryMap); // a new attention map
            m_histogramSource = doc->heatmap().cacheKey();
        }
        m_histogram->setThreshold(result->params.attentionThreshold);
        m_timings->setTimings(result->timings);
        const StageTimings &t = result->timings;
        m_status->setTimings(t, t.decodeImageMs + t.dinoMs + t.sam2EncodeMs + t.discoveryMs + t.sam2DecodeMs
                                    + t.postprocessMs);
    } else {
        m_view->setMapKind(ThreePanelView::MapKind::Discovery);
        m_view->setImages(doc->image(), doc->image(), doc->image());
        m_view->setRegionBoxes({}, {});
        clearPlots();
    }
    onObjectsChanged();
}

// --- opening images --------------------------------------------------------------

int MainWindow::openFolder(const QString &folder)
{
    m_autosave->save(m_document); // the previous folder's image
    m_autosave->setFolder(folder); // before the first image: its annotation may be restored
    const int n = m_browser->openFolder(folder);
    for (const QString &path : m_browser->paths())
        if (m_autosave->hasAnnotation(path))
            m_browser->setAnnotationState(path, ImageBrowser::AnnotationState::Annotated);
    AppSettings settings;
    settings.setLastFolder(folder);
    settings.addRecentFile(folder);
    if (n > 0)
        m_browser->setCurrentPath(m_browser->paths().front());
    else
        setStatus([folder] { return tr("No images in %1").arg(QDir::toNativeSeparators(folder)); });
    const QStringList skipped = m_browser->skippedFiles();
    if (!skipped.isEmpty())
        setStatus([skipped] { return tr("%n file(s) skipped (not a supported image): %1", nullptr, int(skipped.size()))
                                         .arg(skipped.join(QStringLiteral(", "))); });
    return n;
}

int MainWindow::openPaths(const QStringList &paths)
{
    if (paths.size() == 1 && QFileInfo(paths.front()).isDir())
        return openFolder(paths.front());
    QStringList files;
    for (const QString &p : paths) {
        if (QFileInfo(p).isDir()) {
            const QDir dir(p);
            for (const QString &n : dir.entryList(ImageBrowser::imageNameFilters(), QDir::Files, QDir::Name))
                files << dir.absoluteFilePath(n);
        } else {
            files << p;
        }
    }
    AppSettings settings;
    QStringList skipped;
    for (const QString &f : files) {
        if (ImageBrowser::isImageFile(f))
            settings.addRecentFile(f); // opened by the user, not browsed to
        else if (const QString reason = ImageBrowser::unsupportedReason(f); !reason.isEmpty())
            skipped << fileNameOf(f) + QStringLiteral(": ") + reason;
    }
    if (!skipped.isEmpty())
        setStatus([skipped] { return tr("Skipped %1").arg(skipped.join(QStringLiteral("; "))); });
    if (!files.isEmpty())
        settings.setLastFolder(QFileInfo(files.front()).absolutePath());
    const int n = m_browser->addFiles(files);
    if (!files.isEmpty())
        m_browser->setCurrentPath(files.front());
    return n;
}

void MainWindow::showImage(const QString &path)
{
    if (path.isEmpty() || path == m_currentPath)
        return;
    m_video->close(); // an image shown: back to the image mode
    m_currentPath = path;
    retranslate(); // title
    activate(path);
    SegmentationDocument *doc = m_document;
    if (doc->result()) {
        // Seen before: shown as it was, with its edits and undo history (a document that only
        // has suggestions of a folder search gets its picture now).
        if (doc->image().isNull())
            m_previewLoader->request(path);
        showDocument();
        showObjectCount();
        if (!doc->isEdited() && !(doc->result()->params == m_params->params()) && checkEngine()) {
            requestCurrent();
        } else {
            updatePrefetch();
            Q_EMIT segmentationShown(0); // shown from memory, no run
        }
        return;
    }
    // The picture follows from a background decode (the pipeline's decoder), the masks
    // from the worker; whichever comes first is shown.
    m_previewLoader->request(path);
    if (m_autosave->restore(doc, path)) { // annotated before: shown as saved, no model run
        m_browser->setAnnotationState(path, doc->isEdited() ? ImageBrowser::AnnotationState::Edited
                                                            : ImageBrowser::AnnotationState::Annotated);
        showDocument();
        showObjectCount();
        updatePrefetch();
        Q_EMIT segmentationShown(0);
        return;
    }
    doc->setImageOnly(path, QImage());
    showDocument();
    if (checkEngine())
        requestCurrent();
}

void MainWindow::requestCurrent()
{
    if (m_currentPath.isEmpty())
        return;
    m_session->requestSegmentation(m_currentPath, m_params->params());
    const QString name = fileNameOf(m_currentPath);
    setStatus([name] { return tr("Segmenting %1…").arg(name); });
}

void MainWindow::updatePrefetch()
{
    const QString next = m_browser->nextPath();
    const SegmentationDocument *doc = documentOf(next);
    const bool done = doc && doc->result() && (doc->isEdited() || doc->result()->params == m_params->params());
    if (!next.isEmpty() && engineMessage().isEmpty() && !done)
        m_session->setPrefetch(next, m_params->params());
}

void MainWindow::onParamsChanged()
{
    const SegmentationParams p = m_params->params();
    AppSettings().setParams(p);
    m_histogram->setThreshold(p.attentionThreshold);
    updateMethodHints();
    if (!m_modelProblem.isEmpty() && m_document->result()
        && (m_document->result()->params.dinoModel != p.dinoModel || m_document->result()->params.sam2Model != p.sam2Model))
        m_modelProblem.clear(); // another model chosen: try again
    if (!m_modelProblem.isEmpty() && !m_document->result())
        m_modelProblem.clear();
    if (checkEngine())
        requestCurrent();
}

void MainWindow::onSegmentationReady(const EngineOutcome &outcome)
{
    if (m_closing)
        return;
    SegmentationDocument *doc = documentOf(outcome.imagePath);
    if (!doc || outcome.imagePath != m_currentPath)
        return;
    m_similar->discoveryRan(outcome.imagePath); // a new discovery map replaces the similarity map
    doc->setResult(outcome);
    m_browser->clearItemError(outcome.imagePath);
    m_prompts->reset();
    showDocument();
    m_lastWorkerMs = outcome.elapsedMs;
    m_lastEngineMs = outcome.engineMs;
    m_status->setTimings(outcome.result->timings, outcome.elapsedMs);
    showObjectCount();
    updatePrefetch();
    Q_EMIT segmentationShown(outcome.id);
}

void MainWindow::onFailed(quint64 id, const QString &path, const QString &message, ErrorKind kind)
{
    if (m_video->ownsRequest(id))
        return; // the video mode says it itself
    if (kind == ErrorKind::Model) {
        // Every image would fail the same way: say it once, mark no image as broken.
        const bool first = m_modelProblem.isEmpty();
        m_modelProblem = message;
        m_session->setPrefetch(QString(), m_params->params());
        checkEngine();
        setStatus([] { return tr("A model could not be used; see the message above the images."); });
        if (first)
            Q_EMIT modelProblem(message);
        return;
    }
    m_browser->setItemError(path, message);
    const QString name = fileNameOf(path);
    if (path == m_currentPath) {
        m_view->setMessage(tr("Could not segment %1:\n%2").arg(name, message));
        setStatus([message] { return tr("Error: %1").arg(message); });
        m_objects->setObjects({});
        clearPlots();
    } else {
        setStatus([name, message] { return tr("Error in %1: %2").arg(name, message); });
    }
    Q_EMIT imageFailed(path, message);
}

void MainWindow::onProgress(quint64 id, double fraction, const QString &stage)
{
    if (id == m_export->runningId())
        return; // the export's own progress dialog shows it
    m_status->showProgress(fraction, stage);
    if (stage == QLatin1String("discovery") && m_params->params().method == DiscoveryMethod::Spectral) {
        const QString name = fileNameOf(m_currentPath);
        setStatus([name] { return tr("%1: spectral discovery (normalised cut) takes a few seconds…").arg(name); });
    }
}

void MainWindow::onBusyChanged(bool busy)
{
    action(QStringLiteral("cancel"))->setEnabled(busy);
    if (!busy)
        m_status->hideProgress();
}

void MainWindow::cancelRun()
{
    if (!m_session->isBusy())
        return;
    if (m_video->isActive()) {
        m_video->cancel(); // says itself what is kept
        return;
    }
    m_session->cancelAll();
    m_status->hideProgress();
    setStatus([] { return tr("Cancelled. Change a setting or pick the image again to restart."); });
}

// --- objects and tools -----------------------------------------------------------

void MainWindow::onObjectsChanged()
{
    if (m_video->isActive())
        return; // the list shows the frame's tracks
    m_view->setMasks(m_document->overlay());
    m_objects->setObjects(m_document->objects());
    m_objects->setSelection(m_document->selection(), m_document->selectedIndex());
    m_scores->setObjects(m_document->objects());
    m_prompts->updateMarkers();
    action(QStringLiteral("delete"))->setEnabled(!m_document->selection().isEmpty());
    action(QStringLiteral("merge"))->setEnabled(m_document->selection().size() >= 2);
    m_locks->updateActions();
    if (m_document->result() && !m_session->isBusy())
        showObjectCount();
}

void MainWindow::setTool(ImagePanel::Tool tool)
{
    m_view->setTool(tool);
    switch (tool) {
    case ImagePanel::Tool::Navigate:
        setStatus([] { return tr("Drag to pan, wheel to zoom, click an object to select it (Ctrl+click: several)."); });
        break;
    case ImagePanel::Tool::PositivePoint:
    case ImagePanel::Tool::NegativePoint:
        setStatus([] { return tr("Click to add a point to the selected object (no selection: a new object)."); });
        break;
    case ImagePanel::Tool::Box:
        setStatus([] { return tr("Drag a box around the object to re-segment it (no selection: a new object)."); });
        break;
    }
}

void MainWindow::deleteSelected()
{
    if (m_locks->allow(LockController::Edit::Delete))
        m_document->removeObjects(m_document->selection());
}

void MainWindow::mergeSelected()
{
    if (m_locks->allow(LockController::Edit::Merge))
        m_document->mergeObjects(m_document->selection());
}

// --- dialogs ---------------------------------------------------------------------

void MainWindow::openImageDialog()
{
    const QString filter = tr("Images (%1)").arg(ImageBrowser::imageNameFilters().join(QLatin1Char(' ')));
    const QString start = AppSettings().lastFolder().isEmpty()
        ? QStandardPaths::writableLocation(QStandardPaths::PicturesLocation)
        : AppSettings().lastFolder();
    const QStringList files = QFileDialog::getOpenFileNames(this, tr("Open Image"), start, filter);
    if (!files.isEmpty())
        openPaths(files);
}

void MainWindow::openFolderDialog()
{
    // The last image folder, else Pictures (never the model folder or the working directory).
    QString start = AppSettings().lastFolder();
    if (start.isEmpty() || !QFileInfo(start).isDir())
        start = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    if (start.isEmpty() || !QFileInfo(start).isDir())
        start = QDir::homePath();
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Folder"), start);
    if (!dir.isEmpty())
        openFolder(dir);
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList files = AppSettings().recentFiles();
    for (int i = 0; i < files.size(); ++i) {
        const QString file = files[i];
        const QFileInfo info(file);
        const QString label = info.isDir() ? QDir::toNativeSeparators(file) + QDir::separator() : info.fileName();
        QAction *a = m_recentMenu->addAction(QStringLiteral("&%1 %2").arg(i + 1).arg(label));
        a->setToolTip(file);
        a->setEnabled(info.exists());
        connect(a, &QAction::triggered, this, [this, file] { openPaths({file}); });
    }
    if (files.isEmpty())
        m_recentMenu->addAction(tr("(none)"))->setEnabled(false);
    m_recentMenu->addSeparator();
    connect(m_recentMenu->addAction(tr("Clear List")), &QAction::triggered, this, [] { AppSettings().clearRecentFiles(); });
}

void MainWindow::startExport(const ExportChoice &choice)
{
    m_export->start(choice, exportSources());
}

void MainWindow::showSettings()
{
    const SegmentationParams p = m_params->params();
    SettingsDialog dialog({QString::fromStdString(p.dinoModel), QString::fromStdString(p.sam2Model)}, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (m_languages && m_languages->current() != LanguageManager::resolve(AppSettings().language()))
        m_languages->apply(AppSettings().language());
    applySettings();
}

void MainWindow::showAbout()
{
    AboutDialog dialog(this);
    dialog.exec();
}

void MainWindow::showHelp()
{
    auto *dialog = new HelpDialog(m_actions, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    m_closing = true;
    m_storeFolder->setEnabled(false);
    m_autosave->save(m_document); // the other images were saved when the user left them
    m_export->setClosing(true);
    AppSettings().setWindowGeometry(saveGeometry(), saveState());
    m_session->shutdown();
    QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    QStringList paths;
    for (const QUrl &url : event->mimeData()->urls())
        if (url.isLocalFile())
            paths << url.toLocalFile();
    if (!paths.isEmpty() && openPaths(paths) >= 0)
        event->acceptProposedAction();
}

} // namespace dinosam::ui
