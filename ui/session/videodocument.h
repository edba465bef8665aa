#pragma once
// The video mode's GUI-side state: the frames, read by its own FrameReader (scrubbing decodes
// here, never on the worker, so it goes on while a propagation runs), and the tracks as the
// worker reported them, kept as RLE in a TrackRecorder: showing a tracked frame runs no model.
#include "documentobject.h"
#include "videorequest.h"

#include <QColor>
#include <QImage>
#include <QMap>
#include <QObject>
#include <QSet>
#include <QString>

#include <memory>
#include <vector>

namespace dinosam {
class FrameReader;
class TrackRecorder;
}

namespace dinosam::ui {

/**
 * Frames, tracks, colours and discovery heat-maps of the open video. Colours follow the
 * order objects were added (objectColor(n)) and stay when others are removed.
 * Thread: GUI. Errors: open() and frameRgb() throw FrameReadError (the message names the file).
 */
class VideoDocument : public QObject
{
    Q_OBJECT
public:
    explicit VideoDocument(QObject *parent = nullptr);
    ~VideoDocument() override;

    /// Opens a video file or a folder of frames for display; the previous video's tracks go.
    void open(const QString &path);
    void close();
    bool isOpen() const { return m_reader != nullptr; }
    QString path() const { return m_path; }
    /// The video's name (a file's base name, a folder's name), as the exported files are named.
    QString name() const { return m_name; }
    int frameCount() const;
    QSize frameSize() const;
    double fps() const;

    /// Frame @p frame, RGB CV_8UC3 (shared with the reader's small cache: read-only).
    cv::Mat frameRgb(int frame);
    QImage frameImage(int frame);

    void addObjects(const std::vector<VideoObjectInfo> &objects);
    /// The worker's masks of one frame replace what was known of it.
    void applyFrame(const VideoFrameMasks &masks);
    void removeObject(int64_t id);
    void setLabel(int64_t id, const QString &label);
    void setVisible(int64_t id, bool visible);
    bool isVisible(int64_t id) const { return !m_hidden.contains(id); }

    /// Object ids in the order they were added.
    std::vector<int64_t> objectIds() const;
    bool hasObject(int64_t id) const;
    QColor color(int64_t id) const { return m_colors.value(id); }
    QString label(int64_t id) const;
    const TrackRecorder &tracks() const { return *m_tracks; }
    /// Runs of consecutive frames where @p id is present, [first, last].
    QList<QPair<int, int>> presence(int64_t id) const;
    /// Runs of consecutive tracked frames, [first, last].
    QList<QPair<int, int>> trackedRuns() const;

    /// The objects present on @p frame as the object list and the overlay show them (uid = track id).
    std::vector<DocumentObject> objectsOn(int frame) const;
    /// Frame @p frame with @p objects (objectsOn(frame)) drawn, the visible ones; @p selected outlined thicker.
    QImage overlay(int frame, const std::vector<DocumentObject> &objects, int64_t selected);
    /// The track whose mask covers @p pos on @p frame (the smallest), 0 if none.
    int64_t objectAt(int frame, const QPointF &pos) const;

    /// The first frame discovery ran on (-1: none yet), and where a discovery's heat-map is.
    int keyframe() const { return m_keyframe; }
    void setHeatmap(int frame, const QImage &heatmap);
    QImage heatmap(int frame) const { return m_heatmaps.value(frame); }
    QList<int> discoveryFrames() const { return m_heatmaps.keys(); }

Q_SIGNALS:
    /// Objects were added or removed, or their labels changed.
    void objectsChanged();
    /// The masks of @p frame changed.
    void frameChanged(int frame);

private:
    std::unique_ptr<FrameReader> m_reader;
    std::unique_ptr<TrackRecorder> m_tracks;
    QString m_path;
    QString m_name;
    QMap<int64_t, QColor> m_colors;
    std::vector<int64_t> m_order;
    QSet<int64_t> m_hidden;
    QMap<int, QImage> m_heatmaps;
    int m_keyframe = -1;
    int m_nextColor = 0;
};

} // namespace dinosam::ui
