#include "labeleditordialog.h"

#include <QColorDialog>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace dinosam::ui {

namespace {
QColor toQColor(cv::Vec3b c) { return QColor(c[0], c[1], c[2]); }

QIcon swatch(const QColor &color)
{
    QPixmap pm(28, 16);
    pm.fill(color);
    QPainter p(&pm);
    p.setPen(Qt::black);
    p.drawRect(0, 0, 27, 15);
    return QIcon(pm);
}
} // namespace

LabelEditorDialog::LabelEditorDialog(const LabelSet &labels, const std::map<std::string, int> &uses,
                                     const std::string &defaultLabel, QWidget *parent)
    : QDialog(parent)
    , m_defaultOriginal(defaultLabel)
    , m_table(new QTableWidget(this))
    , m_message(new QLabel(this))
    , m_delete(new QPushButton(tr("&Delete"), this))
{
    setObjectName(QStringLiteral("labelEditor"));
    setWindowTitle(tr("Edit Labels"));
    for (const Label &l : labels.labels()) {
        const auto it = uses.find(l.name);
        m_rows.push_back({l.name, l, it == uses.end() ? 0 : it->second});
    }
    m_table->setColumnCount(4);
    m_table->setHorizontalHeaderLabels({tr("Colour"), tr("Name"), tr("Key"), tr("Objects")});
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                             QAbstractItemView::AnyKeyPressed);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(NameColumn, QHeaderView::Stretch);
    m_message->setWordWrap(true);
    m_message->setObjectName(QStringLiteral("labelEditorMessage"));

    auto *add = new QPushButton(tr("&Add"), this);
    add->setObjectName(QStringLiteral("addLabel"));
    m_delete->setObjectName(QStringLiteral("deleteLabel"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto *row = new QHBoxLayout;
    row->addWidget(add);
    row->addWidget(m_delete);
    row->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Click a colour to change it; double-click a name to rename the label on "
                                    "every object."), this));
    layout->addWidget(m_table, 1);
    layout->addLayout(row);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    resize(460, 380);

    connect(add, &QPushButton::clicked, this, &LabelEditorDialog::addLabel);
    connect(m_delete, &QPushButton::clicked, this, &LabelEditorDialog::deleteSelected);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_table, &QTableWidget::cellClicked, this, [this](int r, int column) {
        if (column == ColorColumn)
            chooseColor(r);
    });
    connect(m_table, &QTableWidget::itemChanged, this, [this](QTableWidgetItem *item) {
        // Queued: fill() replaces the items, and an item must not go inside its own setData().
        if (!m_filling && item->column() == NameColumn)
            QMetaObject::invokeMethod(this, [this, r = item->row()] { nameEdited(r); }, Qt::QueuedConnection);
    });
    connect(m_table, &QTableWidget::itemSelectionChanged, this,
            [this] { m_delete->setEnabled(!m_table->selectedItems().isEmpty()); });
    fill();
}

void LabelEditorDialog::fill()
{
    m_filling = true;
    const int current = m_table->currentRow();
    m_table->setRowCount(int(m_rows.size()));
    const QLocale locale;
    for (int r = 0; r < int(m_rows.size()); ++r) {
        const Row &row = m_rows[size_t(r)];
        auto *color = new QTableWidgetItem(swatch(toQColor(row.label.color)), QString());
        color->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        color->setToolTip(tr("Click to choose the colour"));
        m_table->setItem(r, ColorColumn, color);
        auto *name = new QTableWidgetItem(QString::fromStdString(row.label.name));
        if (row.label.name == defaultLabel())
            name->setToolTip(tr("The label for new objects"));
        m_table->setItem(r, NameColumn, name);
        auto *key = new QComboBox(m_table);
        key->setObjectName(QStringLiteral("labelKey%1").arg(r));
        key->addItem(tr("none"), 0);
        for (int digit = 1; digit <= 9; ++digit)
            key->addItem(QString::number(digit), digit);
        key->setCurrentIndex(row.label.shortcut);
        connect(key, &QComboBox::activated, this, [this, r, key] {
            QMetaObject::invokeMethod(this, [this, r, k = key->currentData().toInt()] { setKey(r, k); },
                                      Qt::QueuedConnection); // fill() replaces this box
        });
        m_table->setCellWidget(r, KeyColumn, key);
        auto *uses = new QTableWidgetItem(locale.toString(row.uses));
        uses->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        uses->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_table->setItem(r, UsesColumn, uses);
    }
    if (current >= 0 && current < m_table->rowCount())
        m_table->selectRow(current);
    m_delete->setEnabled(!m_table->selectedItems().isEmpty());
    m_filling = false;
}

void LabelEditorDialog::say(const QString &text)
{
    m_message->setText(text);
}

void LabelEditorDialog::selectRow(int row)
{
    m_table->selectRow(row);
}

void LabelEditorDialog::nameEdited(int r)
{
    if (r < 0 || r >= int(m_rows.size()) || !m_table->item(r, NameColumn))
        return;
    Row &row = m_rows[size_t(r)];
    const std::string name = LabelSet::normalizedName(m_table->item(r, NameColumn)->text().toStdString());
    const bool taken = std::any_of(m_rows.begin(), m_rows.end(), [&](const Row &o) {
        return &o != &row && o.label.name == name;
    });
    if (name.empty() || taken) {
        say(name.empty() ? tr("A label needs a name.")
                         : tr("There is a label %1 already.").arg(QString::fromStdString(name)));
    } else {
        row.label.name = name;
        say(QString());
    }
    fill(); // the accepted name, normalised, or the old one back
}

void LabelEditorDialog::setKey(int r, int key)
{
    if (r < 0 || r >= int(m_rows.size()))
        return;
    for (Row &o : m_rows)
        if (key != 0 && o.label.shortcut == key)
            o.label.shortcut = 0; // a key belongs to one label
    m_rows[size_t(r)].label.shortcut = key;
    fill();
}

void LabelEditorDialog::chooseColor(int r)
{
    if (r < 0 || r >= int(m_rows.size()))
        return;
    auto *dialog = new QColorDialog(toQColor(m_rows[size_t(r)].label.color), this);
    dialog->setObjectName(QStringLiteral("labelColorDialog"));
    dialog->setWindowTitle(tr("Colour of %1").arg(QString::fromStdString(m_rows[size_t(r)].label.name)));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const std::string name = m_rows[size_t(r)].label.name;
    connect(dialog, &QColorDialog::colorSelected, this, [this, name](const QColor &c) {
        for (Row &row : m_rows)
            if (row.label.name == name && c.isValid())
                row.label.color = cv::Vec3b(uchar(c.red()), uchar(c.green()), uchar(c.blue()));
        fill();
    });
    dialog->open();
}

void LabelEditorDialog::addLabel()
{
    LabelSet set = labels();
    std::string name = tr("label").toStdString();
    for (int n = 2; set.contains(name); ++n)
        name = tr("label %1").arg(n).toStdString();
    const size_t i = set.add(name); // a new colour and the first free key
    m_rows.push_back({{}, set.at(i), 0});
    fill();
    const int r = int(m_rows.size()) - 1;
    m_table->selectRow(r);
    m_table->editItem(m_table->item(r, NameColumn));
}

void LabelEditorDialog::deleteSelected()
{
    const int r = m_table->currentRow();
    if (r < 0 || r >= int(m_rows.size()))
        return;
    const Row &row = m_rows[size_t(r)];
    const QString name = QString::fromStdString(row.label.name);
    if (!row.original.empty() && row.original == m_defaultOriginal) {
        say(tr("%1 is the label for new objects: choose another one for new objects before deleting it.").arg(name));
        return;
    }
    if (row.uses == 0) {
        removeRow(r);
        return;
    }
    auto *box = new QMessageBox(QMessageBox::Question, tr("Delete Label"),
                                tr("%n object(s) are labelled %1. Delete the label? They get the label for new "
                                   "objects, %2.", nullptr, row.uses)
                                    .arg(name, QString::fromStdString(defaultLabel())),
                                QMessageBox::Yes | QMessageBox::No, this);
    box->setObjectName(QStringLiteral("confirmDeleteLabel"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    const std::string original = row.label.name;
    connect(box, &QMessageBox::finished, this, [this, box, original](int) {
        if (box->clickedButton() != box->button(QMessageBox::Yes))
            return;
        for (int i = 0; i < int(m_rows.size()); ++i)
            if (m_rows[size_t(i)].label.name == original) {
                removeRow(i);
                return;
            }
    });
    box->open();
}

void LabelEditorDialog::removeRow(int r)
{
    if (!m_rows[size_t(r)].original.empty())
        m_deleted.push_back(m_rows[size_t(r)].original);
    m_rows.erase(m_rows.begin() + r);
    say(QString());
    fill();
}

LabelSet LabelEditorDialog::labels() const
{
    LabelSet set;
    for (const Row &row : m_rows)
        set.add(row.label);
    return set;
}

std::map<std::string, std::string> LabelEditorDialog::renames() const
{
    std::map<std::string, std::string> out;
    for (const Row &row : m_rows)
        if (!row.original.empty() && row.original != row.label.name)
            out[row.original] = row.label.name;
    for (const std::string &name : m_deleted)
        if (std::none_of(m_rows.begin(), m_rows.end(), [&](const Row &row) { return row.label.name == name; }))
            out[name] = std::string(); // (a label added again under the old name keeps its objects)
    return out;
}

std::string LabelEditorDialog::defaultLabel() const
{
    for (const Row &row : m_rows)
        if (!row.original.empty() && row.original == m_defaultOriginal)
            return row.label.name;
    return m_defaultOriginal;
}

} // namespace dinosam::ui
