#pragma once
#include "export/exportoptions.h"

#include <QDialog>

#include <string>
#include <vector>

class QCheckBox;
class QLineEdit;
class QRadioButton;

namespace dinosam::ui {

/// What the user picked in the export dialog.
struct ExportChoice
{
    QString outputDir;
    /// Format ids from core/export's ExportFormatRegistry.
    std::vector<std::string> formats = {"seed", "coco", "cutouts", "overlay"};
    ExportOptions options; ///< the formats' settings (COCO shape, polygon tolerance, labels)
    bool wholeFolder = false; ///< false: the image being shown (with its edits)
};

/// Asks what to export (one check box per format of the export registry) and for which
/// images. Thread: GUI.
class ExportDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ExportDialog(QWidget *parent = nullptr);

    ExportChoice choice() const;
    void setChoice(const ExportChoice &choice);
    void setFolderAvailable(bool available, int imageCount);
    /// The check box of format `id` (nullptr for an unknown id); for tests.
    QCheckBox *formatBox(const std::string &id) const;

private:
    void updateOk();

    QLineEdit *m_dir;
    std::vector<std::pair<std::string, QCheckBox *>> m_formats; ///< registry order
    ExportOptions m_options; ///< carried through choice()/setChoice()
    QRadioButton *m_current;
    QRadioButton *m_folder;
    QPushButton *m_ok = nullptr;
};

} // namespace dinosam::ui
