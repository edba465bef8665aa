#include "videotimeline.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace dinosam::ui {

namespace {
constexpr int kRulerHeight = 22;
constexpr int kLabelWidth = 110;
constexpr int kMaxRowsAtFullHeight = 6;
} // namespace

VideoTimeline::VideoTimeline(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("videoTimeline"));
    setFocusPolicy(Qt::StrongFocus);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setMouseTracking(false);
}

void VideoTimeline::setFrameCount(int count)
{
    m_count = std::max(0, count);
    m_current = std::clamp(m_current, 0, std::max(0, m_count - 1));
    update();
}

void VideoTimeline::setCurrentFrame(int frame)
{
    m_current = std::clamp(frame, 0, std::max(0, m_count - 1));
    update();
}

void VideoTimeline::setTracks(const QList<Track> &tracks)
{
    const bool rowsChanged = tracks.size() != m_tracks.size();
    m_tracks = tracks;
    if (rowsChanged)
        updateGeometry();
    update();
}

void VideoTimeline::setTrackedRuns(const QList<QPair<int, int>> &runs)
{
    m_tracked = runs;
    update();
}

void VideoTimeline::setMarkedFrames(const QList<int> &frames)
{
    m_marked = frames;
    update();
}

void VideoTimeline::setSelectedTrack(qint64 id)
{
    m_selected = id;
    update();
}

int VideoTimeline::rowHeight() const
{
    // Rows shrink when there are many objects, so the strip keeps its height.
    const int n = std::max<int>(1, int(m_tracks.size()));
    return n <= kMaxRowsAtFullHeight ? 14 : std::max(2, 14 * kMaxRowsAtFullHeight / n);
}

QSize VideoTimeline::sizeHint() const
{
    const int rows = std::max<int>(1, int(m_tracks.size()));
    return {600, kRulerHeight + 6 + rows * rowHeight() + 4}; // rows shrink first, then the strip grows
}

QSize VideoTimeline::minimumSizeHint() const
{
    return {200, sizeHint().height()};
}

QRect VideoTimeline::barArea() const
{
    return QRect(kLabelWidth, 0, std::max(1, width() - kLabelWidth - 8), height());
}

int VideoTimeline::frameAt(int x) const
{
    if (m_count <= 1)
        return 0;
    const QRect a = barArea();
    const double t = double(x - a.left()) / double(a.width());
    return std::clamp(int(std::floor(t * m_count)), 0, m_count - 1);
}

int VideoTimeline::xOf(int frame) const
{
    const QRect a = barArea();
    if (m_count <= 0)
        return a.left();
    return a.left() + int((frame + 0.5) * a.width() / m_count);
}

int VideoTimeline::rowCenter(qint64 id) const
{
    for (int i = 0; i < m_tracks.size(); ++i)
        if (m_tracks[i].id == id)
            return kRulerHeight + 6 + i * rowHeight() + rowHeight() / 2;
    return -1;
}

void VideoTimeline::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    const QRect a = barArea();
    const double perFrame = m_count > 0 ? double(a.width()) / m_count : a.width();
    auto spanRect = [&](int first, int last, int top, int h) {
        const int x0 = a.left() + int(first * perFrame);
        const int x1 = a.left() + int((last + 1) * perFrame);
        return QRect(x0, top, std::max(1, x1 - x0), h);
    };

    // Ruler: ticks at a step that keeps labels apart, tracked frames as a grey strip below.
    p.setPen(palette().color(QPalette::Text));
    const QFontMetrics fm(font());
    int step = 1; // 1, 2, 5, 10, 20, 50, ... frames between labels that do not touch
    for (int k = 0; m_count > 0 && step * perFrame < fm.horizontalAdvance(QString::number(m_count)) + 12; ++k)
        step = (k % 3 == 1 ? 5 : 2) * step / (k % 3 == 1 ? 2 : 1);
    for (int f = 0; f < m_count; f += step) {
        const int x = a.left() + int(f * perFrame);
        p.drawLine(x, 0, x, 5);
        p.drawText(x + 2, fm.ascent() + 1, QString::number(f + 1));
    }
    p.fillRect(QRect(a.left(), kRulerHeight - 5, a.width(), 4), palette().color(QPalette::Midlight));
    for (const auto &[first, last] : m_tracked)
        p.fillRect(spanRect(first, last, kRulerHeight - 5, 4), palette().color(QPalette::Mid));
    for (int f : m_marked) { // discovery frames
        const int x = xOf(f);
        const QPolygon tri({QPoint(x - 4, kRulerHeight - 6), QPoint(x + 4, kRulerHeight - 6), QPoint(x, kRulerHeight)});
        p.setBrush(palette().color(QPalette::Highlight));
        p.setPen(Qt::NoPen);
        p.drawPolygon(tri);
    }

    // One row per object: its label, then a bar where it is present.
    const int rh = rowHeight();
    for (int i = 0; i < m_tracks.size(); ++i) {
        const Track &t = m_tracks[i];
        const int top = kRulerHeight + 6 + i * rh;
        if (t.id == m_selected)
            p.fillRect(QRect(0, top, width(), rh), palette().color(QPalette::AlternateBase));
        if (rh >= fm.height() - 4) {
            p.setPen(palette().color(QPalette::Text));
            p.drawText(QRect(4, top, kLabelWidth - 8, rh), Qt::AlignVCenter | Qt::AlignLeft,
                       fm.elidedText(t.label, Qt::ElideRight, kLabelWidth - 8));
        }
        for (const auto &[first, last] : t.spans)
            p.fillRect(spanRect(first, last, top + 1, std::max(1, rh - 2)), t.color);
    }

    // The scrubber across everything.
    if (m_count > 0) {
        const QRect cur = spanRect(m_current, m_current, 0, height());
        QColor c = palette().color(QPalette::Highlight);
        c.setAlpha(70);
        p.fillRect(cur, c);
        p.setPen(QPen(palette().color(QPalette::Highlight), 2));
        p.drawLine(xOf(m_current), 0, xOf(m_current), height());
    }
    if (hasFocus()) {
        p.setPen(QPen(palette().color(QPalette::Highlight), 1, Qt::DotLine));
        p.setBrush(Qt::NoBrush);
        p.drawRect(rect().adjusted(0, 0, -1, -1));
    }
}

void VideoTimeline::request(int frame)
{
    if (m_count <= 0)
        return;
    frame = std::clamp(frame, 0, m_count - 1);
    Q_EMIT frameRequested(frame);
}

void VideoTimeline::mousePressEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    if (pos.x() < kLabelWidth) {
        for (const Track &t : m_tracks)
            if (std::abs(pos.y() - rowCenter(t.id)) <= rowHeight() / 2)
                Q_EMIT trackClicked(t.id);
        return;
    }
    request(frameAt(pos.x()));
}

void VideoTimeline::mouseMoveEvent(QMouseEvent *event)
{
    if (event->buttons() & Qt::LeftButton && event->position().x() >= kLabelWidth)
        request(frameAt(int(event->position().x())));
}

void VideoTimeline::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Left:
        request(m_current - 1);
        break;
    case Qt::Key_Right:
        request(m_current + 1);
        break;
    case Qt::Key_Home:
        request(0);
        break;
    case Qt::Key_End:
        request(m_count - 1);
        break;
    default:
        QWidget::keyPressEvent(event);
    }
}

} // namespace dinosam::ui
