#include "exportdialog.h"

#include "export/exportformatregistry.h"

#include <QCoreApplication>

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

#include <algorithm>

namespace dinosam::ui {

ExportDialog::ExportDialog(QWidget *parent)
    : QDialog(parent)
    , m_dir(new QLineEdit(this))
    , m_current(new QRadioButton(tr("The image being shown, with its edits"), this))
    , m_folder(new QRadioButton(this))
{
    setWindowTitle(tr("Export"));
    auto *browse = new QPushButton(tr("&Browse…"), this);
    auto *dirRow = new QHBoxLayout;
    dirRow->addWidget(m_dir, 1);
    dirRow->addWidget(browse);
    auto *what = new QGroupBox(tr("Files"), this);
    auto *whatLayout = new QVBoxLayout(what);
    // One check box per registered format: a new format appears here by itself.
    for (const ExportFormatInfo &f : ExportFormatRegistry::instance().formats()) {
        auto *c = new QCheckBox(QCoreApplication::translate("ExportFormat", f.displayName.c_str()), this);
        c->setObjectName(QStringLiteral("format_") + QString::fromStdString(f.id));
        c->setToolTip(QString::fromStdString(f.filesDescription));
        whatLayout->addWidget(c);
        connect(c, &QCheckBox::toggled, this, &ExportDialog::updateOk);
        m_formats.emplace_back(f.id, c);
    }
    auto *which = new QGroupBox(tr("Images"), this);
    auto *whichLayout = new QVBoxLayout(which);
    whichLayout->addWidget(m_current);
    whichLayout->addWidget(m_folder);
    m_current->setChecked(true);
    setFolderAvailable(false, 0);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("&Export"));
    auto *form = new QFormLayout;
    form->addRow(tr("Output folder:"), dirRow);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(what);
    layout->addWidget(which);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_dir, &QLineEdit::textChanged, this, &ExportDialog::updateOk);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Export to folder"), m_dir->text());
        if (!dir.isEmpty())
            m_dir->setText(dir);
    });
    updateOk();
}

void ExportDialog::updateOk()
{
    bool any = false;
    for (const auto &f : m_formats)
        any = any || f.second->isChecked();
    m_ok->setEnabled(any && !m_dir->text().trimmed().isEmpty());
}

void ExportDialog::setFolderAvailable(bool available, int imageCount)
{
    m_folder->setText(tr("All %n images in the browser (each is segmented with the current settings)",
                         nullptr, imageCount));
    m_folder->setEnabled(available);
    if (!available)
        m_current->setChecked(true);
}

QCheckBox *ExportDialog::formatBox(const std::string &id) const
{
    for (const auto &f : m_formats)
        if (f.first == id)
            return f.second;
    return nullptr;
}

ExportChoice ExportDialog::choice() const
{
    ExportChoice c;
    c.outputDir = m_dir->text().trimmed();
    c.options = m_options;
    c.formats.clear();
    for (const auto &f : m_formats)
        if (f.second->isChecked())
            c.formats.push_back(f.first);
    c.wholeFolder = m_folder->isChecked();
    return c;
}

void ExportDialog::setChoice(const ExportChoice &c)
{
    m_dir->setText(c.outputDir);
    m_options = c.options;
    for (const auto &f : m_formats)
        f.second->setChecked(std::find(c.formats.begin(), c.formats.end(), f.first) != c.formats.end());
    (c.wholeFolder && m_folder->isEnabled() ? m_folder : m_current)->setChecked(true);
}

} // namespace dinosam::ui
