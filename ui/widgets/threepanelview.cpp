#include "threepanelview.h"

#include <QCursor>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollBar>
#include <QSplitter>
#include <QVBoxLayout>

namespace dinosam::ui {

ThreePanelView::ThreePanelView(QWidget *parent)
    : QWidget(parent)
{
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setStyleSheet(QStringLiteral(
        "QLabel { background: #fff3cd; color: #533f03; padding: 6px; border: 1px solid #e0c060; }"));
    m_message->hide();
    outer->addWidget(m_message);
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    outer->addWidget(splitter, 1);
    for (size_t i = 0; i < m_panels.size(); ++i) {
        auto *box = new QWidget(splitter);
        auto *layout = new QVBoxLayout(box);
        layout->setContentsMargins(2, 2, 2, 2);
        layout->setSpacing(2);
        m_titles[i] = new QLabel(box);
        m_titles[i]->setAlignment(Qt::AlignCenter);
        // Long (translated) titles must not make one panel wider than the others.
        m_titles[i]->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
        m_panels[i] = new ImagePanel(box);
        m_panels[i]->setObjectName(QStringList{QStringLiteral("originalPanel"),
                                               QStringLiteral("heatmapPanel"),
                                               QStringLiteral("masksPanel")}[int(i)]);
        layout->addWidget(m_titles[i]);
        layout->addWidget(m_panels[i], 1);
        splitter->addWidget(box);
        splitter->setStretchFactor(static_cast<int>(i), 1);
        ImagePanel *panel = m_panels[i];
        connect(panel, &ImagePanel::zoomed, this, [this, panel] { syncFrom(panel); });
        connect(panel->horizontalScrollBar(), &QScrollBar::valueChanged, this,
                [this, panel] { syncFrom(panel); });
        connect(panel->verticalScrollBar(), &QScrollBar::valueChanged, this,
                [this, panel] { syncFrom(panel); });
        connect(panel, &ImagePanel::imageClicked, this, &ThreePanelView::imageClicked);
        connect(panel, &ImagePanel::boxDrawn, this, &ThreePanelView::boxDrawn);
    }
    retranslate();
}

void ThreePanelView::retranslate()
{
    const QString defaults[] = {tr("Original"),
                                m_mapKind == MapKind::Similarity ? tr("Similarity map") : tr("Discovery map"),
                                tr("Masks")};
    for (size_t i = 0; i < m_titles.size(); ++i)
        m_titles[i]->setText(m_customTitles[i].isEmpty() ? defaults[i] : m_customTitles[i]);
}

void ThreePanelView::setTitle(Panel which, const QString &title)
{
    m_customTitles[static_cast<size_t>(which)] = title;
    retranslate();
}

void ThreePanelView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void ThreePanelView::setImages(const QImage &original, const QImage &heatmap, const QImage &masks)
{
    m_panels[0]->setImage(original);
    m_panels[1]->setImage(heatmap);
    m_panels[2]->setImage(masks);
}

void ThreePanelView::setMapKind(MapKind kind)
{
    m_mapKind = kind;
    retranslate();
}

QString ThreePanelView::title(Panel which) const
{
    return m_titles[static_cast<size_t>(which)]->text();
}

void ThreePanelView::setMasks(const QImage &masks)
{
    m_panels[2]->setImage(masks);
}

void ThreePanelView::setRegionBoxes(const QList<QRectF> &boxes, const QList<QColor> &colors)
{
    m_panels[1]->setBoxes(boxes, colors);
}

void ThreePanelView::setMarkers(const QList<QPointF> &points, const QList<bool> &positive)
{
    m_panels[0]->setMarkers(points, positive);
    m_panels[2]->setMarkers(points, positive);
}

void ThreePanelView::setTool(ImagePanel::Tool tool)
{
    for (ImagePanel *p : m_panels)
        p->setTool(tool);
}

void ThreePanelView::setMessage(const QString &message)
{
    m_message->setText(message);
    m_message->setVisible(!message.isEmpty());
}

ImagePanel *ThreePanelView::activePanel() const
{
    for (ImagePanel *p : m_panels)
        if (p->viewport()->rect().contains(p->viewport()->mapFromGlobal(QCursor::pos())))
            return p;
    return m_panels[Masks];
}

void ThreePanelView::zoomIn()
{
    ImagePanel *p = activePanel();
    p->zoomBy(1.25);
    syncFrom(p);
}

void ThreePanelView::zoomOut()
{
    ImagePanel *p = activePanel();
    p->zoomBy(0.8);
    syncFrom(p);
}

void ThreePanelView::fitToWindow()
{
    for (ImagePanel *p : m_panels)
        p->fitToWindow();
}

void ThreePanelView::actualSize()
{
    ImagePanel *p = activePanel();
    p->actualSize();
    syncFrom(p);
}

void ThreePanelView::syncFrom(ImagePanel *source)
{
    if (m_syncing)
        return;
    m_syncing = true;
    for (ImagePanel *p : m_panels) {
        if (p == source)
            continue;
        p->followView(source);
    }
    m_syncing = false;
}

} // namespace dinosam::ui
