#include "imagepanel.h"

#include <QGraphicsPixmapItem>
#include <QGraphicsRectItem>
#include <QGraphicsScene>
#include <QMouseEvent>
#include <QScrollBar>
#include <QWheelEvent>

#include <cmath>

namespace dinosam::ui {

ImagePanel::ImagePanel(QWidget *parent)
    : QGraphicsView(parent)
{
    setScene(new QGraphicsScene(this));
    m_pixmap = scene()->addPixmap(QPixmap());
    m_pixmap->setTransformationMode(Qt::SmoothTransformation);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setResizeAnchor(QGraphicsView::AnchorViewCenter);
    setRenderHint(QPainter::SmoothPixmapTransform);
    setBackgroundBrush(palette().color(QPalette::Dark));
    setMinimumSize(160, 120);
}

bool ImagePanel::hasImage() const
{
    return !m_pixmap->pixmap().isNull();
}

void ImagePanel::setImage(const QImage &image)
{
    // Slider moves re-send the unchanged original and heat-map: skip the pixmap upload.
    if (image.cacheKey() == m_imageKey && !image.isNull())
        return;
    m_imageKey = image.cacheKey();
    const QSize oldSize = m_pixmap->pixmap().size();
    m_pixmap->setPixmap(QPixmap::fromImage(image));
    scene()->setSceneRect(QRectF(QPointF(0, 0), QSizeF(image.size())));
    if (image.size() != oldSize || m_fitted)
        fitToWindow();
}

void ImagePanel::setBoxes(const QList<QRectF> &boxes, const QList<QColor> &colors)
{
    qDeleteAll(m_boxItems);
    m_boxItems.clear();
    for (int i = 0; i < boxes.size(); ++i) {
        QPen pen(i < colors.size() ? colors[i] : QColor(Qt::white));
        pen.setCosmetic(true);
        pen.setWidth(2);
        m_boxItems << scene()->addRect(boxes[i], pen);
    }
}

void ImagePanel::setMarkers(const QList<QPointF> &points, const QList<bool> &positive)
{
    qDeleteAll(m_markerItems);
    m_markerItems.clear();
    for (int i = 0; i < points.size(); ++i) {
        const bool pos = i < positive.size() ? positive[i] : true;
        auto *item = scene()->addEllipse(QRectF(-6, -6, 12, 12), QPen(Qt::white, 2),
                                         QBrush(pos ? QColor(40, 200, 60) : QColor(220, 40, 40)));
        item->setFlag(QGraphicsItem::ItemIgnoresTransformations);
        item->setPos(points[i]);
        m_markerItems << item;
    }
}

void ImagePanel::setTool(Tool tool)
{
    m_tool = tool;
    setDragMode(tool == Tool::Navigate ? QGraphicsView::ScrollHandDrag : QGraphicsView::NoDrag);
    viewport()->setCursor(tool == Tool::Navigate ? Qt::OpenHandCursor : Qt::CrossCursor);
}

void ImagePanel::zoomBy(double factor)
{
    const double next = zoom() * factor;
    if (next < 0.01 || next > 64)
        return;
    m_fitted = false;
    const ViewportAnchor anchor = transformationAnchor();
    setTransformationAnchor(QGraphicsView::AnchorViewCenter);
    scale(factor, factor);
    setTransformationAnchor(anchor);
}

void ImagePanel::fitToWindow()
{
    if (!hasImage())
        return;
    fitInView(m_pixmap, Qt::KeepAspectRatio);
    m_fitted = true;
}

void ImagePanel::wheelEvent(QWheelEvent *event)
{
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0 || !hasImage())
        return;
    const double factor = std::pow(1.2, steps);
    m_fitted = false;
    scale(factor, factor); // anchored under the mouse
    Q_EMIT zoomed(factor);
    event->accept();
}

void ImagePanel::mousePressEvent(QMouseEvent *event)
{
    m_pressViewPos = event->position().toPoint();
    m_pressScenePos = mapToScene(m_pressViewPos);
    if (m_tool == Tool::Box && event->button() == Qt::LeftButton && hasImage()) {
        QPen pen(Qt::yellow, 2, Qt::DashLine);
        pen.setCosmetic(true);
        m_rubberBand = scene()->addRect(QRectF(m_pressScenePos, QSizeF()), pen);
        event->accept();
        return;
    }
    QGraphicsView::mousePressEvent(event);
}

void ImagePanel::mouseMoveEvent(QMouseEvent *event)
{
    if (m_rubberBand) {
        m_rubberBand->setRect(QRectF(m_pressScenePos, mapToScene(event->position().toPoint())).normalized());
        event->accept();
        return;
    }
    QGraphicsView::mouseMoveEvent(event);
}

void ImagePanel::mouseReleaseEvent(QMouseEvent *event)
{
    const QPointF scenePos = mapToScene(event->position().toPoint());
    const QRectF bounds = scene()->sceneRect();
    if (m_rubberBand) {
        const QRectF rect = QRectF(m_pressScenePos, scenePos).normalized().intersected(bounds);
        delete m_rubberBand;
        m_rubberBand = nullptr;
        if (rect.width() >= 2 && rect.height() >= 2)
            Q_EMIT boxDrawn(rect);
        event->accept();
        return;
    }
    QGraphicsView::mouseReleaseEvent(event);
    // A click, not a drag (pan): report it in image pixels.
    const bool click = (event->position().toPoint() - m_pressViewPos).manhattanLength() < 4;
    if (click && event->button() == Qt::LeftButton && hasImage() && bounds.contains(scenePos))
        Q_EMIT imageClicked(scenePos);
    if (m_tool == Tool::Navigate)
        viewport()->setCursor(Qt::OpenHandCursor);
}

void ImagePanel::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    if (m_fitted)
        fitToWindow();
}

} // namespace dinosam::ui
