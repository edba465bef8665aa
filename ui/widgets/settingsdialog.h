#pragma once
#include <QDialog>
#include <QHash>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;

namespace dinosam {
class ModelManager;
}

namespace dinosam::ui {

class ModelFileRow;

/**
 * Models: per kind, which installed model to use (a combo of the installed ones), its
 * file (folder, per-model file, download, SHA-256 check, what the file actually is with a
 * "Use as <variant>" button); computation
 * (threads, cache size, device, DINOv2 input size, duplicate IoU); export (COCO
 * shape encoding, polygon tolerance, JPEG quality); language. Reads AppSettings on
 * construction and writes them in accept(). Thread: GUI.
 */
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    /// @param modelIds the DINOv2 and SAM2 models currently chosen (one row each).
    SettingsDialog(const QStringList &modelIds, QWidget *parent = nullptr);
    ~SettingsDialog() override;

    void accept() override;

    /// The model chosen for each row, in the order given.
    QStringList modelIds() const;

private:
    /// The file chosen for `id`: its row's, else one edited here, else the saved one.
    QString pathFor(const QString &id) const;
    /// Refills the combo of row `i` with the installed models of its kind (and the chosen one).
    void fillModelCombo(int i);
    void chooseModel(int i, const QString &id);
    void useAs(int i, QString actualId, QString file);

    ModelManager *m_manager;
    QLineEdit *m_modelDir;
    QList<ModelFileRow *> m_rows;
    QList<QComboBox *> m_modelCombos; ///< one per row
    QList<bool> m_dino;               ///< per row: a DINOv2 row (else SAM2)
    QHash<QString, QString> m_paths;  ///< files of models switched away from in this dialog
    QSpinBox *m_threads;
    QSpinBox *m_cache;
    QCheckBox *m_diskCache;
    QLineEdit *m_diskCacheDir;
    QSpinBox *m_diskCacheSize;
    QComboBox *m_device;
    QSpinBox *m_inputSize;
    QDoubleSpinBox *m_duplicateIou;
    QComboBox *m_cocoShape;
    QDoubleSpinBox *m_polygonTolerance;
    QSpinBox *m_jpegQuality;
    QComboBox *m_language;
};

} // namespace dinosam::ui
