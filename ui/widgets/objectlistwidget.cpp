#include "objectlistwidget.h"

#include <QCompleter>
#include <QEvent>
#include <QLineEdit>
#include <QStyledItemDelegate>
#include <QHeaderView>
#include <QLocale>
#include <QMouseEvent>
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

/// A padlock, closed (locked) or open and faint (a click locks it).
QPixmap padlock(bool closed)
{
    QPixmap pm(13, 13);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.setOpacity(closed ? 1.0 : 0.3);
    p.setPen(QPen(QColor(60, 60, 60), 1.6));
    // The shackle: closed, both legs in the body; open, the right leg lifted out.
    p.drawArc(QRectF(3.5, closed ? 1.5 : 0.0, 6, 7), 0, 180 * 16);
    p.drawLine(QPointF(3.5, closed ? 5.0 : 3.5), QPointF(3.5, 6.5));
    if (closed)
        p.drawLine(QPointF(9.5, 5), QPointF(9.5, 6.5));
    p.setPen(Qt::NoPen);
    p.setBrush(closed ? QColor(200, 150, 30) : QColor(120, 120, 120));
    p.drawRoundedRect(QRectF(1.5, 6, 10, 6.5), 1.5, 1.5); // the body
    return pm;
}

/// The label column's editor: a line edit completing the labels the list already has.
class LabelDelegate : public QStyledItemDelegate
{
public:
    LabelDelegate(std::function<QStringList()> labels, QObject *parent)
        : QStyledItemDelegate(parent), m_labels(std::move(labels))
    {
    }
    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &, const QModelIndex &) const override
    {
        auto *edit = new QLineEdit(parent);
        edit->setObjectName(QStringLiteral("labelEditor"));
        auto *completer = new QCompleter(m_labels(), edit);
        completer->setCaseSensitivity(Qt::CaseInsensitive);
        edit->setCompleter(completer);
        return edit;
    }

private:
    std::function<QStringList()> m_labels;
};
} // namespace

QIcon ObjectListWidget::lockIcon()
{
    return QIcon(padlock(true));
}

ObjectListWidget::ObjectListWidget(QWidget *parent)
    : QTreeWidget(parent)
{
    setColumnCount(6);
    // The label column is edited by a double click or F2 (with completion); edit() sends an
    // edit of any other column there.
    setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    setItemDelegateForColumn(kLabelColumn, new LabelDelegate([this] { return knownLabels(); }, this));
    setRootIsDecorated(false);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setUniformRowHeights(true);
    setAllColumnsShowFocus(true);
    // Headers and numbers keep their full width in every language ("SAM2-Bewertung").
    header()->setStretchLastSection(false);
    header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    header()->setSectionResizeMode(0, QHeaderView::Stretch);
    header()->setMinimumSectionSize(40);
    retranslate();
    // Both signals are re-emitted queued: their receivers edit the document, which
    // refills this list, and an item must not be deleted inside its own setData().
    connect(this, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem *item, int column) {
        if (m_filling)
            return;
        if (column == kLabelColumn) {
            // Typed on one of several selected rows: the label goes to all of them.
            const int index = indexOfTopLevelItem(item);
            QList<int> rows = selectedRows();
            if (!rows.contains(index))
                rows = {index};
            const QString label = item->text(kLabelColumn).trimmed();
            QMetaObject::invokeMethod(this, [this, rows, label] { Q_EMIT labelEdited(rows, label); },
                                      Qt::QueuedConnection);
            return;
        }
        if (column != 0)
            return;
        const int index = indexOfTopLevelItem(item);
        const bool visible = item->checkState(0) == Qt::Checked;
        QMetaObject::invokeMethod(this, [this, index, visible] { Q_EMIT visibilityToggled(index, visible); },
                                  Qt::QueuedConnection);
    });
    // The whole selection goes to the document (not only the current row: resetting the
    // selection whenever the current row changed made multi-selection impossible).
    connect(this, &QTreeWidget::itemSelectionChanged, this, [this] {
        if (m_filling)
            return;
        // Direct, so Delete and Merge right after a click see it; the document's answer
        // only re-selects the same rows (same count: no item is deleted meanwhile).
        const int current = currentItem() && currentItem()->isSelected() ? indexOfTopLevelItem(currentItem()) : -1;
        Q_EMIT selectionEdited(selectedRows(), current);
    });
}

void ObjectListWidget::mousePressEvent(QMouseEvent *event)
{
    // A click on a padlock toggles the lock of that row (of every selected row when it is one of
    // them) and leaves the selection as it is.
    const QModelIndex index = indexAt(event->position().toPoint());
    if (event->button() == Qt::LeftButton && index.isValid() && index.column() == kLockColumn
        && size_t(index.row()) < m_objects.size() && !m_objects[size_t(index.row())].suggested) {
        QList<int> rows = selectedRows();
        if (!rows.contains(index.row()))
            rows = {index.row()};
        const bool locked = !m_objects[size_t(index.row())].locked;
        QMetaObject::invokeMethod(this, [this, rows, locked] { Q_EMIT lockToggled(rows, locked); },
                                  Qt::QueuedConnection);
        event->accept();
        return;
    }
    QTreeWidget::mousePressEvent(event);
}

bool ObjectListWidget::edit(const QModelIndex &index, EditTrigger trigger, QEvent *event)
{
    if (index.isValid() && index.column() != kLabelColumn)
        return QTreeWidget::edit(index.siblingAtColumn(kLabelColumn), trigger, event);
    return QTreeWidget::edit(index, trigger, event);
}

void ObjectListWidget::retranslate()
{
    // The lock column's header is a padlock: a word there would take the object names' room.
    setHeaderLabels({tr("Object"), tr("SAM2 score"), tr("DINOv2 conf."), tr("Area (px)"), tr("Label"), QString()});
    headerItem()->setIcon(kLockColumn, lockIcon());
    headerItem()->setToolTip(kLockColumn, tr("Lock: a locked object is kept when the parameters change and cannot "
                                             "be deleted, merged or re-segmented until unlocked."));
}

void ObjectListWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        fillRows(); // "Object 1" and the number format follow the language
    }
    QTreeWidget::changeEvent(event);
}

void ObjectListWidget::setObjects(const std::vector<DocumentObject> &objects)
{
    m_objects = objects;
    fillRows();
}

void ObjectListWidget::fillRows()
{
    const std::vector<DocumentObject> &objects = m_objects;
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
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable | Qt::ItemIsEditable);
        item->setCheckState(0, o.visible ? Qt::Checked : Qt::Unchecked);
        item->setIcon(0, swatch(o.color));
        item->setText(0, o.suggested ? tr("Suggestion %1").arg(locale.toString(static_cast<int>(i + 1)))
                                     : tr("Object %1").arg(locale.toString(m_numberByUid ? o.uid : static_cast<int>(i + 1))));
        QFont font = item->font(0);
        font.setItalic(o.suggested);
        item->setFont(0, font);
        item->setText(1, locale.toString(o.object->samScore, 'f', 3));
        item->setText(2, locale.toString(o.object->dinoConfidence, 'f', 3));
        item->setText(3, locale.toString(static_cast<qlonglong>(o.object->area)));
        for (int c = 1; c < 4; ++c)
            item->setTextAlignment(c, Qt::AlignRight | Qt::AlignVCenter);
        item->setText(kLabelColumn, QString::fromStdString(o.object->label));
        item->setToolTip(kLabelColumn, tr("Double-click or press F2 to label; with several rows selected, "
                                          "the label goes to all of them."));
        // A suggestion can be locked once accepted, not before.
        item->setIcon(kLockColumn, o.suggested ? QIcon() : QIcon(padlock(o.locked)));
        item->setToolTip(kLockColumn, o.suggested ? QString()
                                      : o.locked  ? tr("Locked: kept, and not deleted, merged or re-segmented. "
                                                       "Click to unlock.")
                                                  : tr("Click to lock."));
    }
    if (current >= 0 && current < topLevelItemCount())
        setCurrentItem(topLevelItem(current), 0, QItemSelectionModel::NoUpdate);
    m_filling = false;
}

QStringList ObjectListWidget::knownLabels() const
{
    QStringList labels;
    for (const DocumentObject &o : m_objects)
        if (!o.object->label.empty())
            labels << QString::fromStdString(o.object->label);
    labels << m_extraLabels;
    labels.removeDuplicates();
    labels.sort(Qt::CaseInsensitive);
    return labels;
}

void ObjectListWidget::setExtraLabels(const QStringList &labels)
{
    m_extraLabels = labels;
}

void ObjectListWidget::setNumberByUid(bool on)
{
    m_numberByUid = on;
    fillRows();
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
    setSelection(index >= 0 ? QList<int>{index} : QList<int>{}, index);
}

void ObjectListWidget::setSelection(const QList<int> &rows, int current)
{
    m_filling = true;
    if (current >= 0 && current < topLevelItemCount())
        setCurrentItem(topLevelItem(current), 0, QItemSelectionModel::NoUpdate);
    for (int i = 0; i < topLevelItemCount(); ++i)
        topLevelItem(i)->setSelected(rows.contains(i));
    if (current >= 0 && current < topLevelItemCount())
        scrollToItem(topLevelItem(current));
    m_filling = false;
}

} // namespace dinosam::ui
