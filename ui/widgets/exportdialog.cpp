#include "exportdialog.h"

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

namespace dinosam::ui {

ExportDialog::ExportDialog(QWidget *parent)
    : QDialog(parent)
    , m_dir(new QLineEdit(this))
    , m_masks(new QCheckBox(tr("&Masks (PNG, one per object)"), this))
    , m_overlay(new QCheckBox(tr("Mask &overlay image"), this))
    , m_coco(new QCheckBox(tr("&COCO annotations (JSON)"), this))
    , m_cutouts(new QCheckBox(tr("C&ut-outs (transparent PNG per object)"), this))
    , m_layout(new QCheckBox(tr("Original &layout (three-panel image and summary text)"), this))
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
    for (QCheckBox *c : {m_masks, m_overlay, m_coco, m_cutouts, m_layout}) {
        c->setChecked(true);
        whatLayout->addWidget(c);
        connect(c, &QCheckBox::toggled, this, &ExportDialog::updateOk);
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
    const bool any = m_masks->isChecked() || m_overlay->isChecked() || m_coco->isChecked()
        || m_cutouts->isChecked() || m_layout->isChecked();
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

ExportChoice ExportDialog::choice() const
{
    ExportChoice c;
    c.outputDir = m_dir->text().trimmed();
    c.options.masks = m_masks->isChecked();
    c.options.coco = m_coco->isChecked();
    c.options.cutouts = m_cutouts->isChecked();
    c.options.visualization = m_layout->isChecked();
    c.options.summary = m_layout->isChecked();
    c.overlay = m_overlay->isChecked();
    c.wholeFolder = m_folder->isChecked();
    return c;
}

void ExportDialog::setChoice(const ExportChoice &c)
{
    m_dir->setText(c.outputDir);
    m_masks->setChecked(c.options.masks);
    m_coco->setChecked(c.options.coco);
    m_cutouts->setChecked(c.options.cutouts);
    m_layout->setChecked(c.options.visualization || c.options.summary);
    m_overlay->setChecked(c.overlay);
    (c.wholeFolder && m_folder->isEnabled() ? m_folder : m_current)->setChecked(true);
}

} // namespace dinosam::ui
