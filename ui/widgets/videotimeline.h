#pragma once
#include <QColor>
#include <QList>
#include <QPair>
#include <QString>
#include <QWidget>

namespace dinosam::ui {

/**
 * The video mode's timeline: a frame ruler with the scrubber (click or drag to go to a
 * frame; ←/→, Home/End when it has the focus), the tracked frames as a grey strip, the
 * frames discovery ran on as marks, and one row per object with a coloured bar where the
 * object is present. Paints only: it owns no video data. Thread: GUI.
 */
class VideoTimeline : public QWidget
{
    Q_OBJECT
public:
    struct Track
    {
        qint64 id = 0;
        QColor color;
        QString label;                 ///< shown at the row's start
        QList<QPair<int, int>> spans;  ///< [first, last] frames present
    };

    explicit VideoTimeline(QWidget *parent = nullptr);

    void setFrameCount(int count);
    int frameCount() const { return m_count; }
    /// Moves the scrubber (no signal).
    void setCurrentFrame(int frame);
    int currentFrame() const { return m_current; }
    void setTracks(const QList<Track> &tracks);
    const QList<Track> &tracks() const { return m_tracks; }
    void setTrackedRuns(const QList<QPair<int, int>> &runs);
    void setMarkedFrames(const QList<int> &frames);
    void setSelectedTrack(qint64 id);

    /// The frame under x (widget coordinates), clamped to the video; and a frame's centre x.
    int frameAt(int x) const;
    int xOf(int frame) const;
    /// The vertical centre of @p id's row (for tests and clicks), -1 if not shown.
    int rowCenter(qint64 id) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    /// The user asked for a frame (click, drag, keys).
    void frameRequested(int frame);
    /// The user clicked an object's row.
    void trackClicked(qint64 id);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    QRect barArea() const;  ///< where frames map to x (right of the labels)
    int rowHeight() const;
    void request(int frame);

    int m_count = 0;
    int m_current = 0;
    QList<Track> m_tracks;
    QList<QPair<int, int>> m_tracked;
    QList<int> m_marked;
    qint64 m_selected = 0;
};

} // namespace dinosam::ui
