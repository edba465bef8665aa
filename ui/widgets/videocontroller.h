#pragma once
#include "enginejob.h"

#include <QHash>
#include <QObject>
#include <QPointF>
#include <QRectF>
#include <QStringList>

#include <functional>
#include <optional>

class QMenu;
class QTimer;
class QWidget;

namespace dinosam::ui {

class ActionRegistry;
class ObjectListWidget;
class SegmentationSession;
class ThreePanelView;
class VideoDocument;
class VideoPanel;

/**
 * The studio's video mode. open() switches the window to it: the three panels show the
 * current frame (original | the discovery map where discovery ran, else the frame | masks),
 * the VideoPanel under them the timeline and the tracking buttons, the object list the
 * objects of the frame. Discovery, propagation (with progress and Cancel), corrections and
 * export are requests to the session's worker (the GUI never waits on a model); showing a
 * frame reads the frame and the RLE masks kept in the VideoDocument, so scrubbing over
 * tracked frames runs no model and goes on while a propagation runs.
 *
 * Corrections: with an object selected (list, timeline or a click on its mask), a point or
 * a box on the frame shown corrects it there (no object selected: a new one) and propagates
 * again from that frame (backward when it lies before the keyframe); clicks on the same
 * frame add up, and a newer correction there replaces the propagation of the older one.
 * Thread: GUI.
 */
class VideoController : public QObject
{
    Q_OBJECT
public:
    struct Parts
    {
        SegmentationSession *session = nullptr;
        ThreePanelView *view = nullptr;
        ObjectListWidget *objects = nullptr;
        ActionRegistry *actions = nullptr;
        std::function<SegmentationParams()> params; ///< discovery's (the parameter panel's)
        QWidget *window = nullptr;                  ///< parent of dialogs and messages
    };
    explicit VideoController(const Parts &parts, QObject *parent = nullptr);
    ~VideoController() override;

    VideoPanel *panel() const { return m_panel; }
    QMenu *menu() const { return m_menu; }
    VideoDocument *document() const { return m_doc; }
    bool isActive() const { return m_active; }
    /// The video's name (for the title), empty outside video mode.
    QString name() const;
    int currentFrame() const { return m_current; }
    qint64 selectedObject() const { return m_selected; }

    /// Opens a video file or a folder of frames and enters video mode. False (with a
    /// message) when it cannot be read; the window then stays as it was.
    bool open(const QString &path);
    /// Leaves video mode (running video work is cancelled; the tracks are dropped).
    void close();
    /// File ▸ Open Video… (@p folder false) or Open Frame Folder as Video… (true).
    void openDialog(bool folder);

    void showFrame(int frame);
    /// Discovery on the frame shown. Returns the request id (0: nothing asked).
    quint64 discover();
    quint64 propagate(bool backward);
    /// Corrects the selected object on the frame shown (none: adds one), then propagates from there.
    void correct(const Prompt &prompt);
    void setSelectedObject(qint64 id);
    void removeSelected();
    /// Exports the tracks to @p dir. Returns the request id (0: nothing to export).
    quint64 exportTo(const QString &dir);
    void exportDialog();
    void cancel();
    void togglePlay();
    bool isPlaying() const;

    /// Video requests running or waiting.
    bool isBusy() const { return !m_requests.isEmpty(); }
    bool ownsRequest(quint64 id) const { return m_requests.contains(id); }
    void retranslate();

Q_SIGNALS:
    /// Video mode began (the window clears its image state) / ended.
    void entered();
    void left();
    void statusMessage(const QString &text);
    void frameShown(int frame);
    /// A request of this controller ended (ok false: it failed, the message was shown).
    void requestFinished(quint64 id, dinosam::ui::VideoOp op, bool ok);
    void exportFinished(const QStringList &files);
    void failed(const QString &message);

private:
    quint64 request(VideoRequest request);
    void onFinished(const dinosam::ui::EngineOutcome &outcome);
    void onFailed(quint64 id, const QString &message, dinosam::ui::ErrorKind kind);
    void onFrameTracked(quint64 id, const dinosam::ui::VideoFrameMasks &masks);
    void onImageClicked(const QPointF &pos, Qt::KeyboardModifiers modifiers);
    void onBoxDrawn(const QRectF &rect);
    void refresh();
    void updateTimeline();
    void updateActions();
    void updateMarkers();
    void showMessage(const QString &text);
    bool modelsReady();

    Parts m_parts;
    VideoDocument *m_doc;
    VideoPanel *m_panel;
    QMenu *m_menu;
    QTimer *m_play;
    bool m_active = false;
    int m_current = 0;
    qint64 m_selected = 0;
    bool m_follow = false; ///< show frames as a propagation tracks them, until the user moves
    QHash<quint64, VideoOp> m_requests; ///< running or waiting
    struct Repropagation
    {
        quint64 id = 0;
        int frame = 0;
        bool backward = false;
    };
    std::optional<Repropagation> m_repropagation; ///< the latest correction's propagation
    QList<quint64> m_superseded;                   ///< propagations stopped by a newer correction
    quint64 m_addingObject = 0;                    ///< a correction that adds an object, on its way
    Prompt m_prompt;                               ///< the clicks of the correction on its way
    int m_promptFrame = -1;
    qint64 m_promptObject = 0;
};

} // namespace dinosam::ui
