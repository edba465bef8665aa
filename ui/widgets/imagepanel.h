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

    /// Multiplies the zoom, keeping the scene point under the cursor in place when the
    /// cursor is over this panel, else the one under the view centre. From fitted
    /// size up to kMaxZoom screen pixels per image pixel.
    void zoomBy(double factor);
    void fitToWindow();
    /// One image pixel per screen pixel (100 %).
    void actualSize();
    double zoom() const { return transform().m11(); }
    bool isFitted() const { return m_fitted; }
    bool hasImage() const;
    /// QImage::cacheKey() of the picture shown (0 before the first).
    qint64 imageKey() const { return m_imageKey; }
    /// Multiplies the zoom keeping the scene point at @p viewPos (viewport pixels) in place.
    void zoomAt(double factor, const QPointF &viewPos);
    /// Takes zoom, fitted state and scroll position from @p source (kept in step).
    void followView(const ImagePanel *source);

    static constexpr double kMaxZoom = 32.0;

Q_SIGNALS:
    /// The user zoomed in this panel (wheel or keys); factor relative to before.
    void zoomed(double factor);
    /// A click in Navigate, PositivePoint or NegativePoint tool (image pixels), with
    /// the keyboard modifiers held (Ctrl+click adds to the selection).
    void imageClicked(const QPointF &imagePos, Qt::KeyboardModifiers modifiers);
    /// A box drawn in Box tool (image pixels, normalised, inside the image).
    void boxDrawn(const QRectF &imageRect);

protected:
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    /// Crisp pixels when zoomed in (nearest neighbour from 2x), smooth below.
    void updateSmoothing();

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
