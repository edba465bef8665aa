#pragma once
#include <QDialog>

class QComboBox;
class QLineEdit;
class QSpinBox;

namespace dinosam {
class ModelManager;
}

namespace dinosam::ui {

class ModelFileRow;

/**
 * Model files (folder, per-model file, download, SHA-256 check), threads, cache
 * size and language. Reads AppSettings on construction and writes them in accept().
 * Thread: GUI.
 */
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    /// @param modelIds the DINOv2 and SAM2 models currently chosen (one row each).
    SettingsDialog(const QStringList &modelIds, QWidget *parent = nullptr);
    ~SettingsDialog() override;

    void accept() override;

private:
    ModelManager *m_manager;
    QLineEdit *m_modelDir;
    QList<ModelFileRow *> m_rows;
    QSpinBox *m_threads;
    QSpinBox *m_cache;
    QComboBox *m_language;
};

} // namespace dinosam::ui
