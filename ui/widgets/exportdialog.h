#pragma once
#include "export/exportoptions.h"

#include <QDialog>

class QCheckBox;
class QLineEdit;
class QRadioButton;

namespace dinosam::ui {

/// What the user picked in the export dialog.
struct ExportChoice
{
    QString outputDir;
    ExportOptions options;
    bool overlay = true;
    bool wholeFolder = false; ///< false: the image being shown (with its edits)
};

/// Asks what to export (masks, overlays, COCO, cut-outs, original layout) and for
/// which images. Thread: GUI.
class ExportDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ExportDialog(QWidget *parent = nullptr);

    ExportChoice choice() const;
    void setChoice(const ExportChoice &choice);
    void setFolderAvailable(bool available, int imageCount);

private:
    void updateOk();

    QLineEdit *m_dir;
    QCheckBox *m_masks;
    QCheckBox *m_overlay;
    QCheckBox *m_coco;
    QCheckBox *m_cutouts;
    QCheckBox *m_layout;
    QRadioButton *m_current;
    QRadioButton *m_folder;
    QPushButton *m_ok = nullptr;
};

} // namespace dinosam::ui
