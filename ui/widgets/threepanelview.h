#pragma once
#include "imagepanel.h"

#include <QWidget>

#include <array>

class QLabel;

namespace dinosam::ui {

/**
 * Original | discovery map (attention heat-map) or similarity map, with region boxes |
 * coloured masks, side by side, with zoom and pan synchronised across the three. Thread: GUI.
 */
class ThreePanelView : public QWidget
{
    Q_OBJECT
public:
    enum Panel { Original = 0, Heatmap = 1, Masks = 2 };
    /// What the middle panel shows (its title says it).
    enum class MapKind { Discovery, Similarity };

    explicit ThreePanelView(QWidget *parent = nullptr);

    ImagePanel *panel(Panel which) const { return m_panels[static_cast<size_t>(which)]; }
    void setImages(const QImage &original, const QImage &heatmap, const QImage &masks);
    void setMapKind(MapKind kind);
    MapKind mapKind() const { return m_mapKind; }
    QString title(Panel which) const;
    void setMasks(const QImage &masks);
    void setRegionBoxes(const QList<QRectF> &boxes, const QList<QColor> &colors);
    void setMarkers(const QList<QPointF> &points, const QList<bool> &positive);
    void setTool(ImagePanel::Tool tool);
    void setMessage(const QString &message); ///< shown over the views when not empty
    /// A panel's title instead of its default (already translated); empty: the default again.
    void setTitle(Panel which, const QString &title);

public Q_SLOTS:
    void zoomIn();
    void zoomOut();
    void fitToWindow();
    /// 100 %: one image pixel per screen pixel.
    void actualSize();

Q_SIGNALS:
    void imageClicked(const QPointF &imagePos, Qt::KeyboardModifiers modifiers);
    void boxDrawn(const QRectF &imageRect);

protected:
    void changeEvent(QEvent *event) override;

private:
    void syncFrom(ImagePanel *source);
    /// The panel under the cursor (zoom keys zoom there), else the masks panel.
    ImagePanel *activePanel() const;
    void retranslate();

    std::array<ImagePanel *, 3> m_panels{};
    std::array<QLabel *, 3> m_titles{};
    std::array<QString, 3> m_customTitles;
    QLabel *m_message = nullptr;
    MapKind m_mapKind = MapKind::Discovery;
    bool m_syncing = false;
};

} // namespace dinosam::ui
