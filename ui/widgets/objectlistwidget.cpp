#include "objectlistwidget.h"

#include <QEvent>
#include <QHeaderView>
#include <QLocale>
#include <QPainter>
#include <QPixmap>

namespace dinosam::ui {

namespace {
QIcon swatch(const QColor &color)
{
    QPixmap pm(14, 14);
    pm.fill(color);
    QPainter p(&pm);
    p.setPen(Qt::black);
    p.drawRect(0, 0, 13, 13);
    return QIcon(pm);
}
} // namespace

ObjectListWidget::ObjectListWidget(QWidget *parent)
    : QTreeWidget(parent)
{
    setColumnCount(4);
    setRootIsDecorated(false);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setUniformRowHeights(true);
    setAllColumnsShowFocus(true);
    header()->setStretchLastSection(true);
    retranslate();
    // Both signals are re-emitted queued: their receivers edit the document, which
    // refills this list, and an item must not be deleted inside its own setData().
    connect(this, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem *item, int column) {
        if (m_filling || column != 0)
            return;
        const int index = indexOfTopLevelItem(item);
        const bool visible = item->checkState(0) == Qt::Checked;
        QMetaObject::invokeMethod(this, [this, index, visible] { Q_EMIT visibilityToggled(index, visible); },
                                  Qt::QueuedConnection);
    });
    connect(this, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *current) {
        if (m_filling)
            return;
        const int index = current ? indexOfTopLevelItem(current) : -1;
        QMetaObject::invokeMethod(this, [this, index] { Q_EMIT currentObjectChanged(index); },
                                  Qt::QueuedConnection);
    });
}

void ObjectListWidget::retranslate()
{
    setHeaderLabels({tr("Object"), tr("SAM2 score"), tr("DINOv2 conf."), tr("Area (px)")});
}

void ObjectListWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QTreeWidget::changeEvent(event);
}

void ObjectListWidget::setObjects(const std::vector<DocumentObject> &objects)
{
    m_filling = true;
    const int current = currentIndex().isValid() ? currentIndex().row() : -1;
    // Same count (visibility, refinement, undo of those): update the rows in place.
    if (topLevelItemCount() != static_cast<int>(objects.size()))
        clear();
    const QLocale locale;
    for (size_t i = 0; i < objects.size(); ++i) {
        const DocumentObject &o = objects[i];
        QTreeWidgetItem *item = topLevelItem(static_cast<int>(i));
        if (!item)
            item = new QTreeWidgetItem(this);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(0, o.visible ? Qt::Checked : Qt::Unchecked);
        item->setIcon(0, swatch(o.color));
        item->setText(0, tr("Object %1").arg(i + 1));
        item->setText(1, locale.toString(o.object->samScore, 'f', 3));
        item->setText(2, locale.toString(o.object->dinoConfidence, 'f', 3));
        item->setText(3, locale.toString(static_cast<qlonglong>(o.object->area)));
        for (int c = 1; c < 4; ++c)
            item->setTextAlignment(c, Qt::AlignRight | Qt::AlignVCenter);
    }
    if (current >= 0 && current < topLevelItemCount())
        setCurrentItem(topLevelItem(current));
    m_filling = false;
}

QList<int> ObjectListWidget::selectedRows() const
{
    QList<int> out;
    for (QTreeWidgetItem *item : selectedItems())
        out << indexOfTopLevelItem(item);
    std::sort(out.begin(), out.end());
    return out;
}

void ObjectListWidget::setCurrentIndex(int index)
{
    m_filling = true;
    if (index >= 0 && index < topLevelItemCount())
        setCurrentItem(topLevelItem(index));
    else
        clearSelection();
    m_filling = false;
}

} // namespace dinosam::ui
