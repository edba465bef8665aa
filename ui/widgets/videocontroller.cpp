#include "videocontroller.h"

#include "actionregistry.h"
#include "objectlistwidget.h"
#include "segmentationsession.h"
#include "studioactions.h"
#include "threepanelview.h"
#include "videodocument.h"
#include "videopanel.h"
#include "videotimeline.h"

#include "tracking/trackrecorder.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QTimer>

#include <algorithm>

namespace dinosam::ui {

VideoController::VideoController(const Parts &parts, QObject *parent)
    : QObject(parent)
    , m_parts(parts)
    , m_doc(new VideoDocument(this))
    , m_panel(new VideoPanel(parts.actions))
    , m_menu(new QMenu)
    , m_play(new QTimer(this))
{
    m_panel->hide();
    for (const QString &id : StudioActions::videoIds())
        m_menu->addAction(m_parts.actions->action(id));
    auto on = [this](const char *id, auto &&slot) {
        connect(m_parts.actions->action(QString::fromLatin1(id)), &QAction::triggered, this,
                std::forward<decltype(slot)>(slot));
    };
    on("videoPlay", [this] { togglePlay(); });
    on("videoPreviousFrame", [this] { showFrame(m_current - 1); });
    on("videoNextFrame", [this] { showFrame(m_current + 1); });
    on("videoDiscover", [this] { discover(); });
    on("videoPropagateBackward", [this] { propagate(true); });
    on("videoPropagateForward", [this] { propagate(false); });
    on("videoExport", [this] { exportDialog(); });
    connect(m_panel->cancelButton(), &QPushButton::clicked, this, &VideoController::cancel);
    connect(m_panel->timeline(), &VideoTimeline::frameRequested, this, &VideoController::showFrame);
    connect(m_panel->timeline(), &VideoTimeline::trackClicked, this, &VideoController::setSelectedObject);
    connect(m_play, &QTimer::timeout, this, [this] {
        if (m_current + 1 >= m_doc->frameCount()) {
            togglePlay(); // the end: stop
            return;
        }
        const bool follow = m_follow;
        showFrame(m_current + 1);
        m_follow = follow;
    });

    SegmentationSession *session = m_parts.session;
    connect(session, &SegmentationSession::videoFinished, this, &VideoController::onFinished);
    connect(session, &SegmentationSession::videoFrameTracked, this, &VideoController::onFrameTracked);
    connect(session, &SegmentationSession::failed, this,
            [this](quint64 id, const QString &, const QString &message, ErrorKind kind) { onFailed(id, message, kind); });
    connect(session, &SegmentationSession::progress, this, [this](quint64 id, double fraction, const QString &) {
        if (ownsRequest(id))
            m_panel->progressBar()->setValue(int(fraction * 1000));
    });

    connect(m_parts.view, &ThreePanelView::imageClicked, this, &VideoController::onImageClicked);
    connect(m_parts.view, &ThreePanelView::boxDrawn, this, &VideoController::onBoxDrawn);
    ObjectListWidget *list = m_parts.objects;
    connect(list, &ObjectListWidget::selectionEdited, this, [this](const QList<int> &, int current) {
        if (!m_active)
            return;
        const auto objects = m_doc->objectsOn(m_current);
        setSelectedObject(current >= 0 && current < int(objects.size()) ? objects[size_t(current)].uid : 0);
    });
    connect(list, &ObjectListWidget::labelEdited, this, [this](const QList<int> &rows, const QString &label) {
        if (!m_active)
            return;
        const auto objects = m_doc->objectsOn(m_current);
        for (int row : rows)
            if (row >= 0 && row < int(objects.size())) {
                const int64_t id = objects[size_t(row)].uid;
                m_doc->setLabel(id, label);
                VideoRequest r;
                r.op = VideoOp::SetLabel;
                r.objectId = id;
                r.label = label.toStdString();
                request(r);
            }
        refresh();
    });
    connect(list, &ObjectListWidget::visibilityToggled, this, [this](int row, bool visible) {
        if (!m_active)
            return;
        const auto objects = m_doc->objectsOn(m_current);
        if (row >= 0 && row < int(objects.size()))
            m_doc->setVisible(objects[size_t(row)].uid, visible);
        refresh();
    });
    retranslate();
}

VideoController::~VideoController()
{
    delete m_menu; // not parented: the window's menu bar only shows it
}

QString VideoController::name() const
{
    return m_active ? m_doc->name() : QString();
}

void VideoController::retranslate()
{
    m_menu->setTitle(tr("&Video"));
    if (m_active)
        m_panel->frameLabel()->setText(tr("Frame %1 / %2").arg(m_current + 1).arg(m_doc->frameCount()));
}

void VideoController::showMessage(const QString &text)
{
    Q_EMIT statusMessage(text);
    Q_EMIT failed(text);
    if (m_parts.window && m_parts.window->isVisible()) { // not modal: tests and scripts go on
        auto *box = new QMessageBox(QMessageBox::Warning, tr("Video"), text, QMessageBox::Ok, m_parts.window);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }
}

bool VideoController::modelsReady()
{
    const EngineStatus status = m_parts.session->engine()->status(m_parts.params());
    if (!status.ready)
        showMessage(tr("The models are not ready:\n%1").arg(QString::fromStdString(status.message)));
    return status.ready;
}

// --- opening and closing -----------------------------------------------------------

void VideoController::openDialog(bool folder)
{
    QString path;
    if (folder) {
        path = QFileDialog::getExistingDirectory(m_parts.window, tr("Open Frame Folder as Video"));
    } else {
        const QString filter = tr("Videos (*.mp4 *.avi *.mov *.mkv *.webm *.m4v *.mpg *.mpeg *.wmv);;All files (*)");
        path = QFileDialog::getOpenFileName(m_parts.window, tr("Open Video"), QString(), filter);
    }
    if (!path.isEmpty())
        open(path);
}

bool VideoController::open(const QString &path)
{
    try {
        m_doc->open(path); // the GUI's own reader: frames for display
    } catch (const std::exception &e) {
        showMessage(tr("Could not open %1:\n%2").arg(QDir::toNativeSeparators(path), QString::fromUtf8(e.what())));
        return false;
    }
    if (!m_active) {
        m_active = true;
        Q_EMIT entered(); // the window cancels the images' work: before the video's first request
    }
    m_parts.session->cancelVideo();
    m_requests.clear();
    m_superseded.clear();
    m_repropagation.reset();
    m_addingObject = 0;
    VideoRequest r;
    r.op = VideoOp::Open;
    r.path = path.toStdString();
    request(r);
    m_current = 0;
    m_selected = 0;
    m_prompt = {};
    m_promptFrame = -1;
    m_panel->timeline()->setFrameCount(m_doc->frameCount());
    m_panel->show();
    m_parts.objects->setNumberByUid(true); // track ids: the same object has the same name on every frame
    updateTimeline();
    showFrame(0);
    m_parts.view->fitToWindow();
    Q_EMIT statusMessage(tr("%1: %n frame(s). Discover objects on a frame (Ctrl+D), then propagate (Ctrl+→).", nullptr,
                            m_doc->frameCount())
                             .arg(m_doc->name()));
    return true;
}

void VideoController::close()
{
    if (!m_active)
        return;
    m_parts.session->cancelVideo();
    m_requests.clear();
    m_play->stop();
    m_parts.actions->action(QStringLiteral("videoPlay"))->setChecked(false);
    m_doc->close();
    m_active = false;
    m_panel->hide();
    m_panel->setBusy(false);
    m_parts.view->setMarkers({}, {});
    m_parts.view->setTitle(ThreePanelView::Heatmap, QString());
    m_parts.view->setTitle(ThreePanelView::Masks, QString());
    m_parts.objects->setNumberByUid(false);
    updateActions();
    Q_EMIT left();
}

// --- requests ----------------------------------------------------------------------

quint64 VideoController::request(VideoRequest r)
{
    const VideoOp op = r.op;
    const quint64 id = m_parts.session->requestVideo(std::make_shared<const VideoRequest>(std::move(r)), m_parts.params());
    m_requests.insert(id, op);
    m_panel->setBusy(true);
    updateActions();
    return id;
}

quint64 VideoController::discover()
{
    if (!m_active || !modelsReady())
        return 0;
    VideoRequest r;
    r.op = VideoOp::Discover;
    r.frame = m_current;
    Q_EMIT statusMessage(tr("Discovering objects on frame %1…").arg(m_current + 1));
    return request(r);
}

quint64 VideoController::propagate(bool backward)
{
    if (!m_active || m_doc->objectIds().empty())
        return 0;
    VideoRequest r;
    r.op = VideoOp::Propagate;
    r.frame = m_current;
    r.backward = backward;
    m_follow = true;
    Q_EMIT statusMessage(backward ? tr("Tracking backward from frame %1…").arg(m_current + 1)
                                  : tr("Tracking forward from frame %1…").arg(m_current + 1));
    return request(r);
}

void VideoController::correct(const Prompt &prompt)
{
    if (!m_active || prompt.empty() || !modelsReady())
        return;
    if (m_addingObject) {
        Q_EMIT statusMessage(tr("Adding the object… click again when it is shown."));
        return;
    }
    const bool backward = m_doc->keyframe() >= 0 && m_current < m_doc->keyframe();
    // A newer correction on the same frame makes the propagation of the older one moot.
    if (m_repropagation && m_repropagation->frame == m_current && m_repropagation->backward == backward) {
        m_superseded << m_repropagation->id;
        m_parts.session->cancelVideoRequest(m_repropagation->id);
    }
    VideoRequest c;
    c.op = VideoOp::Correct;
    c.frame = m_current;
    c.objectId = m_selected;
    c.prompt = prompt;
    const quint64 correctId = request(c);
    if (m_selected == 0)
        m_addingObject = correctId;
    VideoRequest p;
    p.op = VideoOp::Propagate;
    p.frame = m_current;
    p.backward = backward;
    m_repropagation = Repropagation{request(p), m_current, backward};
    Q_EMIT statusMessage(m_selected ? tr("Correcting object %1 on frame %2, then tracking again from there…")
                                          .arg(m_selected)
                                          .arg(m_current + 1)
                                    : tr("Adding an object on frame %1, then tracking it from there…").arg(m_current + 1));
}

void VideoController::removeSelected()
{
    if (!m_active || m_selected == 0)
        return;
    VideoRequest r;
    r.op = VideoOp::RemoveObject;
    r.objectId = m_selected;
    request(r);
    m_doc->removeObject(m_selected);
    m_selected = 0;
    m_prompt = {};
    updateTimeline();
    refresh();
}

quint64 VideoController::exportTo(const QString &dir)
{
    if (!m_active || m_doc->objectIds().empty())
        return 0;
    VideoRequest r;
    r.op = VideoOp::Export;
    r.outputDir = dir.toStdString();
    Q_EMIT statusMessage(tr("Exporting the tracks to %1…").arg(QDir::toNativeSeparators(dir)));
    return request(r);
}

void VideoController::exportDialog()
{
    const QString dir = QFileDialog::getExistingDirectory(m_parts.window, tr("Export Tracks To"));
    if (!dir.isEmpty())
        exportTo(dir);
}

void VideoController::cancel()
{
    m_parts.session->cancelVideo();
    Q_EMIT statusMessage(tr("Cancelled; the frames tracked so far are kept."));
}

// --- answers -----------------------------------------------------------------------

void VideoController::onFrameTracked(quint64 id, const VideoFrameMasks &masks)
{
    if (!ownsRequest(id) || !m_active)
        return;
    m_doc->applyFrame(masks);
    updateTimeline();
    if (m_follow && !isPlaying()) {
        showFrame(int(masks.frame));
        m_follow = true; // showFrame() is the user's move otherwise
    } else if (masks.frame == m_current) {
        refresh();
    }
}

void VideoController::onFinished(const EngineOutcome &outcome)
{
    if (!ownsRequest(outcome.id))
        return;
    const VideoOp op = m_requests.take(outcome.id);
    const bool superseded = m_superseded.removeAll(outcome.id) > 0;
    if (outcome.id == m_addingObject)
        m_addingObject = 0;
    if (m_repropagation && m_repropagation->id == outcome.id)
        m_repropagation.reset();
    const VideoReport *report = outcome.videoReport.get();
    if (report && m_active) {
        m_doc->addObjects(report->added);
        for (const VideoFrameMasks &frame : report->frames)
            m_doc->applyFrame(frame);
        switch (op) {
        case VideoOp::Discover:
            m_doc->setHeatmap(int(report->frames.empty() ? m_current : report->frames.front().frame), outcome.heatmap);
            if (m_selected == 0 && !report->added.empty())
                m_selected = report->added.front().id;
            Q_EMIT statusMessage(tr("Discovery: %n object(s) found, %1 new track(s). Propagate to track them.", nullptr,
                                    int(report->discovered))
                                     .arg(report->added.size()));
            break;
        case VideoOp::Propagate:
            if (!superseded)
                Q_EMIT statusMessage(report->cancelled ? tr("Stopped after %n frame(s); they are kept.", nullptr,
                                                            int(report->framesTracked))
                                     : report->stopped.empty()
                                         ? tr("Tracked %n frame(s).", nullptr, int(report->framesTracked))
                                         : tr("Tracked %n frame(s), then stopped: %1", nullptr, int(report->framesTracked))
                                               .arg(QString::fromStdString(report->stopped)));
            break;
        case VideoOp::Correct:
            if (!report->added.empty()) { // the new object: later clicks refine it
                m_selected = report->added.front().id;
                if (m_promptObject == 0)
                    m_promptObject = m_selected;
            }
            break;
        case VideoOp::Export: {
            QStringList files;
            for (const std::string &f : report->files)
                files << QString::fromStdString(f);
            Q_EMIT statusMessage(tr("Exported the tracks of %n object(s): %1", nullptr, int(m_doc->objectIds().size()))
                                     .arg(files.join(QStringLiteral(", "))));
            Q_EMIT exportFinished(files);
            break;
        }
        case VideoOp::Open:
        case VideoOp::RemoveObject:
        case VideoOp::SetLabel:
            break;
        }
        updateTimeline();
        refresh();
    } else if (outcome.cancelled && !superseded) {
        // Cancelled before the worker started it: nothing changed, the tracks so far stand.
        Q_EMIT statusMessage(op == VideoOp::Propagate ? tr("Cancelled before the first frame; the frames tracked so far are kept.")
                                                      : tr("Cancelled."));
    }
    if (!isBusy()) {
        m_panel->setBusy(false);
        m_follow = false;
    }
    updateActions();
    Q_EMIT requestFinished(outcome.id, op, true);
}

void VideoController::onFailed(quint64 id, const QString &message, ErrorKind)
{
    if (!ownsRequest(id))
        return;
    const VideoOp op = m_requests.take(id);
    if (id == m_addingObject)
        m_addingObject = 0;
    if (!isBusy())
        m_panel->setBusy(false);
    updateActions();
    if (op == VideoOp::Open) {
        close(); // the worker cannot track this video: nothing in video mode would work
        showMessage(tr("Could not open the video for tracking:\n%1").arg(message));
    } else {
        showMessage(message);
    }
    Q_EMIT requestFinished(id, op, false);
}

// --- showing -----------------------------------------------------------------------

void VideoController::showFrame(int frame)
{
    if (!m_active || m_doc->frameCount() == 0)
        return;
    m_current = std::clamp(frame, 0, m_doc->frameCount() - 1);
    m_follow = false;
    refresh();
}

void VideoController::setSelectedObject(qint64 id)
{
    if (!m_active)
        return;
    m_selected = m_doc->hasObject(id) ? id : 0;
    refresh();
}

void VideoController::togglePlay()
{
    QAction *play = m_parts.actions->action(QStringLiteral("videoPlay"));
    if (m_play->isActive() || !m_active) {
        m_play->stop();
    } else {
        if (m_current + 1 >= m_doc->frameCount())
            showFrame(0); // from the start again
        const double fps = m_doc->fps() > 0 ? std::min(m_doc->fps(), 30.0) : 10.0;
        m_play->start(int(1000 / fps));
    }
    play->setChecked(m_play->isActive());
}

bool VideoController::isPlaying() const
{
    return m_play->isActive();
}

void VideoController::refresh()
{
    if (!m_active)
        return;
    QImage frame;
    QImage masks;
    std::vector<DocumentObject> objects;
    try {
        frame = m_doc->frameImage(m_current);
        objects = m_doc->objectsOn(m_current);
        masks = m_doc->overlay(m_current, objects, m_selected);
    } catch (const std::exception &e) { // a damaged frame: say so, keep the window usable
        m_parts.view->setMessage(tr("Frame %1 cannot be read:\n%2").arg(m_current + 1).arg(QString::fromUtf8(e.what())));
        return;
    }
    m_parts.view->setMessage(QString());
    // The middle panel: this frame's discovery map, else the keyframe's (where the tracks began).
    const int mapFrame = m_doc->discoveryFrames().contains(m_current) ? m_current : m_doc->keyframe();
    const QImage heat = mapFrame >= 0 ? m_doc->heatmap(mapFrame) : QImage();
    m_parts.view->setImages(frame, heat.isNull() ? frame : heat, masks);
    m_parts.view->setTitle(ThreePanelView::Heatmap, heat.isNull() ? tr("Frame %1 (no discovery yet)").arg(m_current + 1)
                                                                  : tr("Discovery map of frame %1").arg(mapFrame + 1));
    m_parts.view->setTitle(ThreePanelView::Masks, tr("Tracked masks of frame %1").arg(m_current + 1));
    m_parts.view->setRegionBoxes({}, {});
    m_parts.objects->setObjects(objects);
    int row = -1;
    for (size_t i = 0; i < objects.size(); ++i)
        if (objects[i].uid == m_selected)
            row = int(i);
    m_parts.objects->setSelection(row >= 0 ? QList<int>{row} : QList<int>{}, row);
    m_panel->timeline()->setCurrentFrame(m_current);
    m_panel->timeline()->setSelectedTrack(m_selected);
    m_panel->frameLabel()->setText(tr("Frame %1 / %2").arg(m_current + 1).arg(m_doc->frameCount()));
    updateMarkers();
    updateActions();
    Q_EMIT frameShown(m_current);
}

void VideoController::updateTimeline()
{
    QList<VideoTimeline::Track> tracks;
    for (int64_t id : m_doc->objectIds()) {
        VideoTimeline::Track t;
        t.id = id;
        t.color = m_doc->color(id);
        const QString label = m_doc->label(id);
        t.label = label.isEmpty() ? tr("Object %1").arg(id) : QStringLiteral("%1 %2").arg(id).arg(label);
        t.spans = m_doc->presence(id);
        tracks << t;
    }
    VideoTimeline *timeline = m_panel->timeline();
    timeline->setTracks(tracks);
    timeline->setTrackedRuns(m_doc->trackedRuns());
    timeline->setMarkedFrames(m_doc->discoveryFrames());
}

void VideoController::updateActions()
{
    const bool objects = m_active && !m_doc->objectIds().empty();
    // Opening, labels and removals are quick: only tracking work keeps the buttons off.
    bool idle = true;
    for (VideoOp op : m_requests)
        idle = idle && (op == VideoOp::Open || op == VideoOp::SetLabel || op == VideoOp::RemoveObject);
    auto enable = [this](const char *id, bool on) { m_parts.actions->action(QString::fromLatin1(id))->setEnabled(on); };
    enable("videoPlay", m_active);
    enable("videoPreviousFrame", m_active && m_current > 0);
    enable("videoNextFrame", m_active && m_current + 1 < m_doc->frameCount());
    enable("videoDiscover", m_active && idle);
    enable("videoPropagateBackward", objects && idle && m_current > 0);
    enable("videoPropagateForward", objects && idle && m_current + 1 < m_doc->frameCount());
    enable("videoExport", objects && idle);
    if (m_active) {
        enable("delete", m_selected != 0);
        enable("merge", false); // tracks are not merged
    }
}

void VideoController::updateMarkers()
{
    QList<QPointF> points;
    QList<bool> positive;
    if (m_promptFrame == m_current && m_promptObject == m_selected)
        for (size_t i = 0; i < m_prompt.points.size(); ++i) {
            points << QPointF(m_prompt.points[i].x, m_prompt.points[i].y);
            positive << (m_prompt.labels[i] == 1);
        }
    m_parts.view->setMarkers(points, positive);
}

// --- prompts -----------------------------------------------------------------------

void VideoController::onImageClicked(const QPointF &pos, Qt::KeyboardModifiers)
{
    if (!m_active)
        return;
    const ImagePanel::Tool tool = m_parts.view->panel(ThreePanelView::Masks)->tool();
    if (tool == ImagePanel::Tool::Navigate) {
        setSelectedObject(m_doc->objectAt(m_current, pos));
        return;
    }
    if (tool == ImagePanel::Tool::Box)
        return;
    if (m_promptFrame != m_current || m_promptObject != m_selected) {
        m_prompt = {};
        m_promptFrame = m_current;
        m_promptObject = m_selected;
    }
    m_prompt.points.emplace_back(float(pos.x()), float(pos.y()));
    m_prompt.labels.push_back(tool == ImagePanel::Tool::PositivePoint ? 1 : 0);
    updateMarkers();
    correct(m_prompt);
}

void VideoController::onBoxDrawn(const QRectF &rect)
{
    if (!m_active)
        return;
    if (m_promptFrame != m_current || m_promptObject != m_selected) {
        m_prompt = {};
        m_promptFrame = m_current;
        m_promptObject = m_selected;
    }
    m_prompt.box = cv::Rect2f(float(rect.x()), float(rect.y()), float(rect.width()), float(rect.height()));
    correct(m_prompt);
}

} // namespace dinosam::ui
