#pragma once
#include <QGraphicsView>

class QGraphicsPixmapItem;
class QGraphicsRectItem;

namespace dinosam::ui {

/**
 * One of the three image panels: shows an image, zooms with the wheel (around the
 * cursor), pans by dragging, and in an editing tool reports clicks and dragged boxes
 * in image pixel coordinates. Thread: GUI.
 */
class ImagePanel : public QGraphicsView
{
    Q_OBJECT
public:
    enum class Tool { Navigate, PositivePoint, NegativePoint, Box };

    explicit ImagePanel(QWidget *parent = nullptr);

    /// Replaces the picture; the zoom is kept when the size is unchanged, else fitted.
    void setImage(const QImage &image);
    /// Outlined rectangles over the picture (image pixels), one colour each.
    void setBoxes(const QList<QRectF> &boxes, const QList<QColor> &colors);
    /// Prompt markers (image pixels): green for positive, red for negative.
    void setMarkers(const QList<QPointF> &points, const QList<bool> &positive);
    void setTool(Tool tool);
    Tool tool() const { return m_tool; }

    /// Multiplies the zoom, keeping the scene point under the view centre in place.
    void zoomBy(double factor);
    void fitToWindow();
    double zoom() const { return transform().m11(); }
    bool hasImage() const;

Q_SIGNALS:
    /// The user zoomed in this panel (wheel or keys); factor relative to before.
    void zoomed(double factor);
    /// A click in Navigate, PositivePoint or NegativePoint tool (image pixels).
    void imageClicked(const QPointF &imagePos);
    /// A box drawn in Box tool (image pixels, normalised, inside the image).
    void boxDrawn(const QRectF &imageRect);

protected:
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    QGraphicsPixmapItem *m_pixmap = nullptr;
    QList<QGraphicsItem *> m_boxItems;
    QList<QGraphicsItem *> m_markerItems;
    QGraphicsRectItem *m_rubberBand = nullptr;
    QPointF m_pressScenePos;
    QPoint m_pressViewPos;
    qint64 m_imageKey = 0;
    Tool m_tool = Tool::Navigate;
    bool m_fitted = true; ///< follow the window size until the user zooms
};

} // namespace dinosam::ui
