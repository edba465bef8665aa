#pragma once
#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;

namespace dinosam {
class ModelManager;
}

namespace dinosam::ui {

/**
 * One model in the settings dialog: its checkpoint file (empty = the model folder's
 * official file name), Browse, Download (with progress, into the model folder) and
 * Verify (SHA-256 and checkpoint structure). Thread: GUI.
 */
class ModelFileRow : public QWidget
{
    Q_OBJECT
public:
    ModelFileRow(ModelManager *manager, const QString &modelId, QWidget *parent = nullptr);

    QString modelId() const { return m_id; }
    QString path() const;
    void setPath(const QString &path);
    /// Re-reads whether the file exists and shows it.
    void refreshStatus();
    QLineEdit *pathEdit() const { return m_path; }

private:
    void browse();
    void download();
    void verify();
    QString effectivePath() const;

    ModelManager *m_manager; // not owned
    QString m_id;
    QLineEdit *m_path;
    QPushButton *m_browse;
    QPushButton *m_download;
    QPushButton *m_verify;
    QLabel *m_status;
};

} // namespace dinosam::ui
