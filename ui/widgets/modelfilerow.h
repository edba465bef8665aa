#pragma once
#include <QDateTime>
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
 * Verify (SHA-256 and checkpoint structure). The status line names what the file is,
 * read from its tensor shapes (the content check of `dinosam models install`); a file of
 * another variant gets a "Use as <variant>" button. Thread: GUI.
 */
class ModelFileRow : public QWidget
{
    Q_OBJECT
public:
    ModelFileRow(ModelManager *manager, const QString &modelId, QWidget *parent = nullptr);

    QString modelId() const { return m_id; }
    /// Switches the row to another model (its file name, status and downloads).
    void setModelId(const QString &modelId);
    QString path() const;
    void setPath(const QString &path);
    /// The file the model would be read from: path(), or the official file in the model folder.
    QString effectivePath() const;
    /// Re-reads whether the file exists and what it is, and shows it.
    void refreshStatus();
    /// The catalogue id the file's contents are (empty: missing, unreadable or unknown).
    QString identifiedId() const { return m_identified; }
    /// Whether "Use as" is offered for a file of the other kind (DINOv2 in a SAM2 row):
    /// only where the dialog has a row to move it to.
    void setOtherKindAccepted(bool accepted);
    QLineEdit *pathEdit() const { return m_path; }
    QLabel *statusLabel() const { return m_status; }
    QPushButton *useAsButton() const { return m_useAs; }

Q_SIGNALS:
    /// The user chose to use the file as the model it actually is.
    void useAsRequested(const QString &actualId, const QString &file);

private:
    void browse();
    void download();
    void verify();
    void showStatus(const QString &text, bool problem);

    ModelManager *m_manager; // not owned
    QString m_id;
    QLineEdit *m_path;
    QPushButton *m_browse;
    QPushButton *m_download;
    QPushButton *m_verify;
    QPushButton *m_useAs;
    QLabel *m_status;
    QString m_identified;
    bool m_otherKindAccepted = false;
    // The last file read, so typing elsewhere does not read it again.
    QString m_checkedFile;
    qint64 m_checkedSize = -1;
    QDateTime m_checkedTime;
    QString m_checkedFor;
    bool m_checkedOk = false;
    QString m_checkedMessage;
};

} // namespace dinosam::ui
