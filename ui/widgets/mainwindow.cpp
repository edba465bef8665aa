#include "mainwindow.h"

#include "aboutdialog.h"
#include "appsettings.h"
#include "exportdialog.h"
#include "histogramplot.h"
#include "imagebrowser.h"
#include "languagemanager.h"
#include "objectlistwidget.h"
#include "parameterpanel.h"
#include "scoreplot.h"
#include "segmentationdocument.h"
#include "imagepreviewloader.h"
#include "segmentationsession.h"
#include "settingsdialog.h"
#include "threepanelview.h"
#include "timingplot.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QProgressDialog>
#include <QPushButton>
#include <QScrollArea>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace dinosam::ui {

MainWindow::MainWindow(std::shared_ptr<InferenceEngine> engine, LanguageManager *languages,
                       QWidget *parent)
    : QMainWindow(parent)
    , m_engine(std::move(engine))
    , m_languages(languages)
    , m_session(new SegmentationSession(m_engine, this))
    , m_previewLoader(new ImagePreviewLoader(this))
    , m_document(new SegmentationDocument(this))
    , m_view(new ThreePanelView(this))
    , m_browser(new ImageBrowser(this))
    , m_params(new ParameterPanel(this))
    , m_objects(new ObjectListWidget(this))
    , m_histogram(new HistogramPlot(this))
    , m_scores(new ScorePlot(this))
    , m_timings(new TimingPlot(this))
    , m_plotTabs(new QTabWidget(this))
    , m_statusLabel(new QLabel(this))
    , m_timingLabel(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_cancelButton(new QToolButton(this))
{
    setObjectName(QStringLiteral("DinoSamStudio"));
    setAcceptDrops(true);
    setCentralWidget(m_view);

    QStringList dino, sam2;
    for (const std::string &id : m_engine->dinoModels())
        dino << QString::fromStdString(id);
    for (const std::string &id : m_engine->sam2Models())
        sam2 << QString::fromStdString(id);
    m_params->setModelChoices(dino, sam2);
    m_params->setParams(AppSettings().params());

    createActions();
    createMenus();
    createDocks();

    m_progress->setRange(0, 1000);
    m_progress->setMaximumWidth(200);
    m_progress->hide();
    m_cancelButton->setDefaultAction(action(QStringLiteral("cancel")));
    m_cancelButton->hide();
    statusBar()->addWidget(m_statusLabel, 1);
    statusBar()->addPermanentWidget(m_timingLabel);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancelButton);

    connect(m_session, &SegmentationSession::segmentationReady, this, &MainWindow::onSegmentationReady);
    connect(m_session, &SegmentationSession::refineReady, this, &MainWindow::onRefineReady);
    connect(m_session, &SegmentationSession::failed, this, &MainWindow::onFailed);
    connect(m_session, &SegmentationSession::progress, this, &MainWindow::onProgress);
    connect(m_session, &SegmentationSession::busyChanged, this, &MainWindow::onBusyChanged);
    connect(m_session, &SegmentationSession::exportFinished, this, &MainWindow::onExportFinished);
    connect(m_params, &ParameterPanel::paramsChanged, this, &MainWindow::onParamsChanged);
    connect(m_browser, &ImageBrowser::imageActivated, this, &MainWindow::showImage);
    connect(m_previewLoader, &ImagePreviewLoader::ready, this, [this](const QString &path, const QImage &image) {
        // Only while the masks of that image have not arrived yet.
        if (path != m_currentPath || m_document->result())
            return;
        m_document->setImageOnly(path, image);
        m_view->setImages(image, image, image);
    });
    connect(m_document, &SegmentationDocument::objectsChanged, this, &MainWindow::onObjectsChanged);
    connect(m_document, &SegmentationDocument::selectionChanged, this, [this](int index) {
        m_objects->setCurrentIndex(index);
        updateMarkers();
    });
    connect(m_objects, &QTreeWidget::itemSelectionChanged, this, &MainWindow::updateMarkers);
    connect(m_objects, &ObjectListWidget::visibilityToggled, m_document, &SegmentationDocument::setObjectVisible);
    connect(m_objects, &ObjectListWidget::currentObjectChanged, m_document, &SegmentationDocument::setSelectedIndex);
    connect(m_view, &ThreePanelView::imageClicked, this, &MainWindow::onImageClicked);
    connect(m_view, &ThreePanelView::boxDrawn, this, &MainWindow::onBoxDrawn);
    connect(m_histogram, &HistogramPlot::thresholdDragged, m_params, &ParameterPanel::setThreshold);
    connect(m_histogram, &HistogramPlot::thresholdReleased, m_params->compressor(), &SignalCompressor::flush);

    retranslate();
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
    const auto it = m_actions.find(name);
    return it == m_actions.end() ? nullptr : it->second;
}

QAction *MainWindow::makeAction(const QString &name, const QKeySequence &shortcut, QStyle::StandardPixmap icon)
{
    auto *a = new QAction(this);
    a->setObjectName(name);
    if (!shortcut.isEmpty())
        a->setShortcut(shortcut);
    if (icon != QStyle::SP_CustomBase)
        a->setIcon(style()->standardIcon(icon));
    m_actions[name] = a;
    return a;
}

void MainWindow::createActions()
{
    connect(makeAction(QStringLiteral("openImage"), QKeySequence::Open, QStyle::SP_DialogOpenButton),
            &QAction::triggered, this, &MainWindow::openImageDialog);
    connect(makeAction(QStringLiteral("openFolder"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O), QStyle::SP_DirOpenIcon),
            &QAction::triggered, this, &MainWindow::openFolderDialog);
    connect(makeAction(QStringLiteral("export"), QKeySequence(Qt::CTRL | Qt::Key_E), QStyle::SP_DialogSaveButton),
            &QAction::triggered, this, &MainWindow::showExportDialog);
    connect(makeAction(QStringLiteral("quit"), QKeySequence::Quit), &QAction::triggered, this, &QWidget::close);
    connect(makeAction(QStringLiteral("next"), QKeySequence(Qt::Key_PageDown), QStyle::SP_ArrowForward),
            &QAction::triggered, m_browser, &ImageBrowser::selectNext);
    connect(makeAction(QStringLiteral("previous"), QKeySequence(Qt::Key_PageUp), QStyle::SP_ArrowBack),
            &QAction::triggered, m_browser, &ImageBrowser::selectPrevious);

    QAction *undo = m_document->undoStack()->createUndoAction(this);
    undo->setObjectName(QStringLiteral("undo"));
    undo->setShortcut(QKeySequence::Undo);
    undo->setIcon(style()->standardIcon(QStyle::SP_ArrowBack));
    m_actions[QStringLiteral("undo")] = undo;
    QAction *redo = m_document->undoStack()->createRedoAction(this);
    redo->setObjectName(QStringLiteral("redo"));
    redo->setShortcuts({QKeySequence::Redo, QKeySequence(Qt::CTRL | Qt::Key_Y)});
    redo->setIcon(style()->standardIcon(QStyle::SP_ArrowForward));
    m_actions[QStringLiteral("redo")] = redo;

    connect(makeAction(QStringLiteral("delete"), QKeySequence::Delete, QStyle::SP_TrashIcon),
            &QAction::triggered, this, &MainWindow::deleteSelected);
    QAction *merge = makeAction(QStringLiteral("merge"), QKeySequence(Qt::CTRL | Qt::Key_M));
    merge->setIcon(QIcon(QStringLiteral(":/icons/merge.png")));
    connect(merge, &QAction::triggered, this, &MainWindow::mergeSelected);
    connect(makeAction(QStringLiteral("settings"), QKeySequence(Qt::CTRL | Qt::Key_Comma)),
            &QAction::triggered, this, &MainWindow::showSettings);
    connect(makeAction(QStringLiteral("cancel"), QKeySequence(Qt::Key_Escape), QStyle::SP_BrowserStop),
            &QAction::triggered, this, &MainWindow::cancelRun);
    connect(makeAction(QStringLiteral("zoomIn"), QKeySequence::ZoomIn), &QAction::triggered, m_view, &ThreePanelView::zoomIn);
    connect(makeAction(QStringLiteral("zoomOut"), QKeySequence::ZoomOut), &QAction::triggered, m_view, &ThreePanelView::zoomOut);
    connect(makeAction(QStringLiteral("fit"), QKeySequence(Qt::CTRL | Qt::Key_0)), &QAction::triggered, m_view, &ThreePanelView::fitToWindow);
    connect(makeAction(QStringLiteral("about"), QKeySequence(Qt::Key_F1)), &QAction::triggered, this, &MainWindow::showAbout);
    connect(makeAction(QStringLiteral("aboutQt"), {}), &QAction::triggered, qApp, &QApplication::aboutQt);

    m_toolGroup = new QActionGroup(this);
    const std::pair<const char *, ImagePanel::Tool> tools[] = {
        {"toolNavigate", ImagePanel::Tool::Navigate},
        {"toolPositive", ImagePanel::Tool::PositivePoint},
        {"toolNegative", ImagePanel::Tool::NegativePoint},
        {"toolBox", ImagePanel::Tool::Box}};
    const QKeySequence keys[] = {QKeySequence(Qt::Key_V), QKeySequence(Qt::Key_A), QKeySequence(Qt::Key_S), QKeySequence(Qt::Key_B)};
    const char *icons[] = {":/icons/navigate.png", ":/icons/point-positive.png", ":/icons/point-negative.png", ":/icons/box.png"};
    for (int i = 0; i < 4; ++i) {
        QAction *a = makeAction(QString::fromLatin1(tools[i].first), keys[i]);
        a->setIcon(QIcon(QString::fromLatin1(icons[i])));
        a->setCheckable(true);
        m_toolGroup->addAction(a);
        const ImagePanel::Tool tool = tools[i].second;
        connect(a, &QAction::triggered, this, [this, tool] { setTool(tool); });
    }
    action(QStringLiteral("toolNavigate"))->setChecked(true);
}

void MainWindow::createMenus()
{
    m_fileMenu = menuBar()->addMenu(QString());
    m_fileMenu->addAction(action(QStringLiteral("openImage")));
    m_fileMenu->addAction(action(QStringLiteral("openFolder")));
    m_recentMenu = m_fileMenu->addMenu(QString());
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::rebuildRecentMenu);
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(action(QStringLiteral("export")));
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(action(QStringLiteral("quit")));

    m_editMenu = menuBar()->addMenu(QString());
    m_editMenu->addAction(action(QStringLiteral("undo")));
    m_editMenu->addAction(action(QStringLiteral("redo")));
    m_editMenu->addSeparator();
    m_editMenu->addAction(action(QStringLiteral("delete")));
    m_editMenu->addAction(action(QStringLiteral("merge")));
    m_editMenu->addSeparator();
    m_editMenu->addAction(action(QStringLiteral("cancel")));
    m_editMenu->addAction(action(QStringLiteral("settings")));

    m_viewMenu = menuBar()->addMenu(QString());
    m_viewMenu->addAction(action(QStringLiteral("previous")));
    m_viewMenu->addAction(action(QStringLiteral("next")));
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(action(QStringLiteral("zoomIn")));
    m_viewMenu->addAction(action(QStringLiteral("zoomOut")));
    m_viewMenu->addAction(action(QStringLiteral("fit")));
    m_viewMenu->addSeparator();

    m_toolsMenu = menuBar()->addMenu(QString());
    for (QAction *a : m_toolGroup->actions())
        m_toolsMenu->addAction(a);

    m_helpMenu = menuBar()->addMenu(QString());
    m_helpMenu->addAction(action(QStringLiteral("about")));
    m_helpMenu->addAction(action(QStringLiteral("aboutQt")));

    m_toolBar = addToolBar(QString());
    m_toolBar->setObjectName(QStringLiteral("mainToolBar"));
    for (const char *name : {"openImage", "openFolder", "export", "", "previous", "next", "", "undo", "redo", "delete", "merge", ""})
        name[0] ? (void)m_toolBar->addAction(action(QString::fromLatin1(name))) : (void)m_toolBar->addSeparator();
    for (QAction *a : m_toolGroup->actions())
        m_toolBar->addAction(a);
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
    objectsLayout->addWidget(m_objects, 1);
    auto *buttons = new QHBoxLayout;
    for (const char *name : {"delete", "merge", "undo", "redo"}) {
        auto *b = new QToolButton(objectsBox);
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
    resizeDocks({m_browserDock}, {170}, Qt::Horizontal);

    for (QDockWidget *d : {m_browserDock, m_paramsDock, m_objectsDock, m_plotsDock})
        m_viewMenu->addAction(d->toggleViewAction());
}

void MainWindow::retranslate()
{
    setWindowTitle(m_currentPath.isEmpty() ? tr("DinoSam Studio")
                                           : tr("%1 — DinoSam Studio").arg(QFileInfo(m_currentPath).fileName()));
    const std::pair<const char *, QString> texts[] = {
        {"openImage", tr("&Open Image…")},
        {"openFolder", tr("Open &Folder…")},
        {"export", tr("&Export…")},
        {"quit", tr("&Quit")},
        {"next", tr("&Next Image")},
        {"previous", tr("&Previous Image")},
        {"delete", tr("&Delete Object")},
        {"merge", tr("&Merge Objects")},
        {"settings", tr("&Settings…")},
        {"cancel", tr("&Cancel Computation")},
        {"zoomIn", tr("Zoom &In")},
        {"zoomOut", tr("Zoom &Out")},
        {"fit", tr("&Fit to Window")},
        {"about", tr("&About DinoSam Studio")},
        {"aboutQt", tr("About &Qt")},
        {"toolNavigate", tr("&Navigate and Select")},
        {"toolPositive", tr("Add &Positive Point")},
        {"toolNegative", tr("Add N&egative Point")},
        {"toolBox", tr("Draw &Box")},
    };
    for (const auto &[name, text] : texts) {
        QAction *a = action(QString::fromLatin1(name));
        a->setText(text);
        QString tip = QString(text).remove(QLatin1Char('&')).remove(QStringLiteral("…"));
        if (!a->shortcut().isEmpty())
            tip += QStringLiteral(" (") + a->shortcut().toString(QKeySequence::NativeText) + QLatin1Char(')');
        a->setToolTip(tip);
    }
    action(QStringLiteral("undo"))->setToolTip(tr("Undo (%1)").arg(QKeySequence(QKeySequence::Undo).toString(QKeySequence::NativeText)));
    action(QStringLiteral("redo"))->setToolTip(tr("Redo (%1)").arg(QKeySequence(QKeySequence::Redo).toString(QKeySequence::NativeText)));
    m_fileMenu->setTitle(tr("&File"));
    m_recentMenu->setTitle(tr("Open &Recent"));
    m_editMenu->setTitle(tr("&Edit"));
    m_viewMenu->setTitle(tr("&View"));
    m_toolsMenu->setTitle(tr("&Tools"));
    m_helpMenu->setTitle(tr("&Help"));
    m_toolBar->setWindowTitle(tr("Main Toolbar"));
    m_browserDock->setWindowTitle(tr("Images"));
    m_paramsDock->setWindowTitle(tr("Parameters"));
    m_objectsDock->setWindowTitle(tr("Objects"));
    m_plotsDock->setWindowTitle(tr("Plots"));
    m_plotTabs->setTabText(0, tr("Attention histogram"));
    m_plotTabs->setTabText(1, tr("Scores"));
    m_plotTabs->setTabText(2, tr("Stage times"));
    if (m_statusLabel->text().isEmpty() || !m_document->hasImage())
        m_statusLabel->setText(tr("Open an image or a folder (Ctrl+O, Ctrl+Shift+O) or drop files here."));
    if (!m_engineMessage.isEmpty())
        checkEngine();
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QMainWindow::changeEvent(event);
}

void MainWindow::applySettings()
{
    const AppSettings settings;
    EngineSettings es;
    es.modelDir = settings.modelDir().toStdString();
    const SegmentationParams p = m_params->params();
    for (const std::string &id : m_engine->dinoModels())
        if (const QString f = settings.checkpointPath(QString::fromStdString(id)); !f.isEmpty())
            es.checkpoints.emplace_back(id, f.toStdString());
    for (const std::string &id : m_engine->sam2Models())
        if (const QString f = settings.checkpointPath(QString::fromStdString(id)); !f.isEmpty())
            es.checkpoints.emplace_back(id, f.toStdString());
    es.threads = settings.threads();
    es.cacheBytes = static_cast<std::size_t>(settings.cacheMegabytes()) * 1024 * 1024;
    m_engine->configure(es);
    (void)p;
    if (checkEngine() && !m_currentPath.isEmpty())
        requestCurrent();
}

bool MainWindow::checkEngine()
{
    const EngineStatus status = m_engine->status(m_params->params());
    if (status.ready) {
        m_engineMessage.clear();
        m_view->setMessage(QString());
        return true;
    }
    m_engineMessage = QString::fromStdString(status.message);
    m_view->setMessage(tr("The models are not ready, so images cannot be segmented yet.\n%1\n"
                          "Open Edit ▸ Settings (Ctrl+,) to download the models or choose the files.")
                           .arg(m_engineMessage));
    return false;
}

int MainWindow::openFolder(const QString &folder)
{
    const int n = m_browser->openFolder(folder);
    AppSettings().setLastFolder(folder);
    if (n > 0)
        m_browser->setCurrentRow(0);
    else
        m_statusLabel->setText(tr("No images in %1").arg(QDir::toNativeSeparators(folder)));
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
    const int n = m_browser->addFiles(files);
    if (!files.isEmpty())
        m_browser->setCurrentPath(files.front());
    return n;
}

void MainWindow::showImage(const QString &path)
{
    if (path.isEmpty() || path == m_currentPath)
        return;
    m_currentPath = path;
    AppSettings().addRecentFile(path);
    retranslate(); // title
    // The picture follows from a background decode (the pipeline's decoder), the masks
    // from the worker; whichever comes first is shown.
    m_previewLoader->request(path);
    m_document->setImageOnly(path, QImage());
    m_view->setImages(QImage(), QImage(), QImage());
    m_view->setRegionBoxes({}, {});
    m_objects->setObjects({});
    m_prompts.clear();
    updateMarkers();
    if (checkEngine())
        requestCurrent();
}

void MainWindow::requestCurrent()
{
    if (m_currentPath.isEmpty())
        return;
    m_session->requestSegmentation(m_currentPath, m_params->params());
    m_statusLabel->setText(tr("Segmenting %1…").arg(QFileInfo(m_currentPath).fileName()));
}

void MainWindow::updatePrefetch()
{
    const QString next = m_browser->nextPath();
    if (!next.isEmpty() && m_engineMessage.isEmpty())
        m_session->setPrefetch(next, m_params->params());
}

void MainWindow::onParamsChanged()
{
    AppSettings().setParams(m_params->params());
    m_histogram->setThreshold(m_params->params().attentionThreshold);
    if (checkEngine())
        requestCurrent();
}

void MainWindow::onSegmentationReady(const EngineOutcome &outcome)
{
    if (outcome.imagePath != m_currentPath || m_closing)
        return;
    m_document->setResult(outcome);
    m_prompts.clear();
    m_promptsGeneration = m_document->generation();
    m_browser->clearItemError(outcome.imagePath);
    m_view->setImages(outcome.image, outcome.heatmap, m_document->overlay());
    QList<QRectF> boxes;
    QList<QColor> colors;
    const SegmentationResult &result = *outcome.result;
    for (size_t i = 0; i < result.regions.size(); ++i) {
        const cv::Rect2f &b = result.regions[i].box;
        boxes << QRectF(b.x, b.y, b.width, b.height);
        colors << QColor(255, 255, 255);
    }
    m_view->setRegionBoxes(boxes, colors);
    m_objects->setObjects(m_document->objects());
    m_scores->setObjects(m_document->objects());
    if (m_histogramSource != outcome.heatmap.cacheKey() || outcome.heatmap.isNull()) {
        m_histogram->setAttention(result.discoveryMap); // a new attention map
        m_histogramSource = outcome.heatmap.cacheKey();
    }
    m_histogram->setThreshold(result.params.attentionThreshold);
    m_timings->setTimings(result.timings);
    const StageTimings &t = result.timings;
    m_timingLabel->setText(tr("DINOv2 %1 ms · SAM2 enc. %2 ms · discovery %3 ms · SAM2 dec. %4 ms · total %5 ms")
                               .arg(t.dinoMs, 0, 'f', 0).arg(t.sam2EncodeMs, 0, 'f', 0)
                               .arg(t.discoveryMs, 0, 'f', 0).arg(t.sam2DecodeMs, 0, 'f', 0)
                               .arg(outcome.elapsedMs, 0, 'f', 0));
    m_lastWorkerMs = outcome.elapsedMs;
    m_lastEngineMs = outcome.engineMs;
    m_statusLabel->setText(tr("%1: %n object(s)", nullptr, static_cast<int>(result.objects.size()))
                               .arg(QFileInfo(outcome.imagePath).fileName()));
    updateMarkers();
    updatePrefetch();
    Q_EMIT segmentationShown(outcome.id);
    Q_EMIT masksUpdated();
}

void MainWindow::onFailed(quint64, const QString &path, const QString &message)
{
    m_browser->setItemError(path, message);
    if (path == m_currentPath) {
        m_view->setMessage(tr("Could not segment %1:\n%2").arg(QFileInfo(path).fileName(), message));
        m_statusLabel->setText(tr("Error: %1").arg(message));
        m_objects->setObjects({});
    } else {
        m_statusLabel->setText(tr("Error in %1: %2").arg(QFileInfo(path).fileName(), message));
    }
    Q_EMIT imageFailed(path, message);
}

void MainWindow::onProgress(quint64 id, double fraction, const QString &stage)
{
    if (id == m_exportId && m_exportProgress) {
        m_exportProgress->setValue(static_cast<int>(fraction * 1000));
        if (!stage.isEmpty())
            m_exportProgress->setLabelText(tr("Exporting %1…").arg(stage));
        return;
    }
    m_progress->setValue(static_cast<int>(fraction * 1000));
    m_progress->setFormat(stage.isEmpty() ? QStringLiteral("%p%") : stage + QStringLiteral(" %p%"));
    m_progress->show();
    m_cancelButton->show();
}

void MainWindow::onBusyChanged(bool busy)
{
    if (!busy) {
        m_progress->hide();
        m_cancelButton->hide();
    }
}

void MainWindow::cancelRun()
{
    m_session->cancelAll();
    m_statusLabel->setText(tr("Cancelled. Change a setting or pick the image again to restart."));
}

void MainWindow::onObjectsChanged()
{
    m_view->setMasks(m_document->overlay());
    m_objects->setObjects(m_document->objects());
    m_objects->setCurrentIndex(m_document->selectedIndex());
    m_scores->setObjects(m_document->objects());
    updateMarkers();
    Q_EMIT masksUpdated();
}

void MainWindow::setTool(ImagePanel::Tool tool)
{
    m_view->setTool(tool);
    switch (tool) {
    case ImagePanel::Tool::Navigate:
        m_statusLabel->setText(tr("Drag to pan, wheel to zoom, click an object to select it."));
        break;
    case ImagePanel::Tool::PositivePoint:
    case ImagePanel::Tool::NegativePoint:
        m_statusLabel->setText(tr("Click to add a point to the selected object (no selection: a new object)."));
        break;
    case ImagePanel::Tool::Box:
        m_statusLabel->setText(tr("Drag a box around the object to re-segment it (no selection: a new object)."));
        break;
    }
}

void MainWindow::onImageClicked(const QPointF &pos)
{
    if (!m_document->hasImage() || !m_document->result())
        return;
    const ImagePanel::Tool tool = m_view->panel(ThreePanelView::Masks)->tool();
    if (tool == ImagePanel::Tool::Navigate) {
        m_document->setSelectedIndex(m_document->objectAt(pos));
        return;
    }
    if (tool == ImagePanel::Tool::Box)
        return;
    const int index = m_document->selectedIndex();
    const int uid = index >= 0 ? m_document->objects()[static_cast<size_t>(index)].uid : -1;
    Prompt prompt = m_prompts[uid];
    if (uid >= 0 && prompt.points.empty() && !prompt.box) {
        // Start from what produced the object: its box prompt, if any.
        const SegmentedObject &o = *m_document->objects()[static_cast<size_t>(index)].object;
        if (o.promptBox.area() > 0) {
            prompt.box = o.promptBox;
        }
    }
    prompt.points.emplace_back(static_cast<float>(pos.x()), static_cast<float>(pos.y()));
    prompt.labels.push_back(tool == ImagePanel::Tool::PositivePoint ? 1 : 0);
    m_prompts[uid] = prompt;
    refineSelected(prompt);
}

void MainWindow::onBoxDrawn(const QRectF &rect)
{
    if (!m_document->hasImage() || !m_document->result())
        return;
    const int index = m_document->selectedIndex();
    const int uid = index >= 0 ? m_document->objects()[static_cast<size_t>(index)].uid : -1;
    Prompt prompt = m_prompts[uid];
    prompt.box = cv::Rect2f(static_cast<float>(rect.x()), static_cast<float>(rect.y()),
                            static_cast<float>(rect.width()), static_cast<float>(rect.height()));
    m_prompts[uid] = prompt;
    refineSelected(prompt);
}

void MainWindow::refineSelected(const Prompt &prompt)
{
    const int index = m_document->selectedIndex();
    const int uid = index >= 0 ? m_document->objects()[static_cast<size_t>(index)].uid : -1;
    m_session->requestRefine(m_currentPath, m_params->params(), prompt, uid, m_document->generation());
    m_statusLabel->setText(tr("Re-segmenting with SAM2…"));
    updateMarkers();
}

void MainWindow::onRefineReady(const EngineOutcome &outcome)
{
    if (outcome.imagePath != m_currentPath || outcome.documentGeneration != m_document->generation())
        return; // the masks it applied to were replaced meanwhile
    const bool added = m_document->indexOfUid(outcome.targetUid) < 0;
    Prompt carried;
    if (added) {
        carried = m_prompts[-1];
        m_prompts.erase(-1);
    }
    m_document->applyRefinement(outcome.targetUid, *outcome.object);
    if (added && m_document->objectCount() > 0) {
        // The new object keeps its prompt, so further points refine it.
        m_prompts[m_document->objects().back().uid] = carried;
        m_document->setSelectedIndex(m_document->objectCount() - 1);
    }
    m_statusLabel->setText(tr("Object updated (score %1).").arg(outcome.object->samScore, 0, 'f', 3));
}

void MainWindow::updateMarkers()
{
    const int index = m_document->selectedIndex();
    const int uid = index >= 0 ? m_document->objects()[static_cast<size_t>(index)].uid : -1;
    QList<QPointF> points;
    QList<bool> positive;
    if (auto it = m_prompts.find(uid); it != m_prompts.end()) {
        for (size_t i = 0; i < it->second.points.size(); ++i) {
            points << QPointF(it->second.points[i].x, it->second.points[i].y);
            positive << (it->second.labels[i] != 0);
        }
    }
    m_view->setMarkers(points, positive);
    const bool hasSelection = !m_objects->selectedRows().isEmpty() || index >= 0;
    action(QStringLiteral("delete"))->setEnabled(hasSelection);
    action(QStringLiteral("merge"))->setEnabled(m_objects->selectedRows().size() >= 2);
}

void MainWindow::deleteSelected()
{
    QList<int> rows = m_objects->selectedRows();
    if (rows.isEmpty() && m_document->selectedIndex() >= 0)
        rows << m_document->selectedIndex();
    m_document->removeObjects(rows);
}

void MainWindow::mergeSelected()
{
    m_document->mergeObjects(m_objects->selectedRows());
}

void MainWindow::openImageDialog()
{
    const QString filter = tr("Images (%1)").arg(ImageBrowser::imageNameFilters().join(QLatin1Char(' ')));
    const QStringList files = QFileDialog::getOpenFileNames(this, tr("Open Image"), AppSettings().lastFolder(), filter);
    if (!files.isEmpty()) {
        AppSettings().setLastFolder(QFileInfo(files.front()).absolutePath());
        openPaths(files);
    }
}

void MainWindow::openFolderDialog()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Folder"), AppSettings().lastFolder());
    if (!dir.isEmpty())
        openFolder(dir);
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList files = AppSettings().recentFiles();
    for (int i = 0; i < files.size(); ++i) {
        const QString file = files[i];
        QAction *a = m_recentMenu->addAction(QStringLiteral("&%1 %2").arg(i + 1).arg(QFileInfo(file).fileName()));
        a->setToolTip(file);
        a->setEnabled(QFileInfo::exists(file));
        connect(a, &QAction::triggered, this, [this, file] { openPaths({file}); });
    }
    if (files.isEmpty())
        m_recentMenu->addAction(tr("(none)"))->setEnabled(false);
    m_recentMenu->addSeparator();
    connect(m_recentMenu->addAction(tr("Clear List")), &QAction::triggered, this, [] { AppSettings().clearRecentFiles(); });
}

void MainWindow::showExportDialog()
{
    if (m_browser->count() == 0 && !m_document->result()) {
        QMessageBox::information(this, tr("Export"), tr("Open an image first."));
        return;
    }
    ExportDialog dialog(this);
    dialog.setFolderAvailable(m_browser->count() > 1, m_browser->count());
    ExportChoice initial;
    initial.outputDir = AppSettings().lastFolder().isEmpty() ? QDir::homePath()
                                                             : AppSettings().lastFolder() + QStringLiteral("/dinosam-export");
    dialog.setChoice(initial);
    if (dialog.exec() == QDialog::Accepted)
        startExport(dialog.choice());
}

void MainWindow::startExport(const ExportChoice &choice)
{
    auto request = std::make_shared<ExportRequest>();
    request->outputDir = choice.outputDir;
    request->options = choice.options;
    request->overlay = choice.overlay;
    if (m_document->result() && !m_currentPath.isEmpty()) {
        auto edited = std::make_shared<SegmentationResult>(*m_document->result());
        edited->objects = m_document->visibleObjects();
        request->currentResult = edited;
        request->paths << m_currentPath;
    }
    if (choice.wholeFolder) {
        for (const QString &p : m_browser->paths())
            if (p != m_currentPath || !request->currentResult)
                request->paths << p;
    } else if (request->paths.isEmpty() && !m_currentPath.isEmpty()) {
        request->paths << m_currentPath;
    }
    if (request->paths.isEmpty())
        return;
    m_exportId = m_session->requestExport(request, m_params->params());
    delete m_exportProgress;
    m_exportProgress = new QProgressDialog(tr("Exporting…"), tr("Cancel"), 0, 1000, this);
    m_exportProgress->setWindowModality(Qt::WindowModal);
    m_exportProgress->setMinimumDuration(300);
    m_exportProgress->setAutoClose(false);
    m_exportProgress->setAutoReset(false);
    connect(m_exportProgress, &QProgressDialog::canceled, m_session, &SegmentationSession::cancelExport);
    m_exportProgress->setValue(0);
}

void MainWindow::onExportFinished(const EngineOutcome &outcome)
{
    if (outcome.id != m_exportId)
        return;
    if (m_exportProgress) {
        m_exportProgress->hide();
        m_exportProgress->deleteLater();
        m_exportProgress = nullptr;
    }
    const ExportReport report = outcome.exportReport ? *outcome.exportReport : ExportReport{};
    QString text = tr("%n image(s) exported, %1 files written.", nullptr, report.imagesDone).arg(report.files.size());
    if (report.cancelled)
        text += QLatin1Char('\n') + tr("The export was cancelled.");
    if (!report.failures.isEmpty()) {
        text += QLatin1Char('\n') + tr("%n image(s) failed:", nullptr, int(report.failures.size()));
        for (const auto &f : report.failures)
            text += QStringLiteral("\n• ") + QFileInfo(f.first).fileName() + QStringLiteral(": ") + f.second;
    }
    m_statusLabel->setText(text.section(QLatin1Char('\n'), 0, 0));
    if (!m_closing && isVisible()) {
        auto *box = new QMessageBox(report.failures.isEmpty() ? QMessageBox::Information : QMessageBox::Warning,
                                    tr("Export"), text, QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->setObjectName(QStringLiteral("exportSummary"));
        box->open();
    }
    Q_EMIT exportFinished(report);
}

void MainWindow::showSettings()
{
    const SegmentationParams p = m_params->params();
    SettingsDialog dialog({QString::fromStdString(p.dinoModel), QString::fromStdString(p.sam2Model)}, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (m_languages)
        m_languages->apply(AppSettings().language());
    applySettings();
}

void MainWindow::showAbout()
{
    AboutDialog dialog(this);
    dialog.exec();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    m_closing = true;
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
