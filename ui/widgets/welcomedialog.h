#pragma once
#include "models/catalog/modelcatalog.h"

#include <QDialog>
#include <QPointer>

class QLabel;
class QProgressBar;
class QPushButton;

namespace dinosam {
class ModelDownload;
class ModelManager;
struct ModelResult;
}

namespace dinosam::ui {

/**
 * The first-run welcome: what DinoSam needs (two model files from Meta), the
 * recommended pair with its download size, one Download button with progress (both
 * files, resumable, checked), "I have the files…" to install files the user already
 * has, and what to do offline (which files, from where, into which folder).
 * Thread: GUI.
 */
class WelcomeDialog : public QDialog
{
    Q_OBJECT
public:
    /// The pair recommended to new users (object discovery is far better with registers).
    static QString recommendedDino() { return QString::fromStdString(ModelCatalog::defaultDinoModel()); }
    static QString recommendedSam2() { return QString::fromStdString(ModelCatalog::defaultSam2Model()); }

    /// @param manager the model manager to use (tests pass one with a local mirror);
    /// null = the built-in catalogue, the model folder of the settings.
    explicit WelcomeDialog(ModelManager *manager = nullptr, QWidget *parent = nullptr);
    ~WelcomeDialog() override;

    QPushButton *downloadButton() const { return m_download; }
    QPushButton *haveFilesButton() const { return m_haveFiles; }
    QProgressBar *progressBar() const { return m_progress; }
    QString statusText() const;
    /// Both recommended models are in the model folder.
    bool hasRecommendedModels() const;
    /// Installs files the user has (what "I have the files…" does after its file dialog).
    void installFiles(const QStringList &files);

Q_SIGNALS:
    /// The recommended models are now installed (downloaded or copied): use them.
    void modelsInstalled(const QString &dinoId, const QString &sam2Id);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void refresh();
    void startDownloads();
    void downloadNext();
    void onDownloadFinished(const dinosam::ModelResult &result);
    void chooseFiles();
    QString sizeText(qint64 bytes) const;
    qint64 totalBytes() const;

    ModelManager *m_manager;
    QLabel *m_intro;
    QLabel *m_models;
    QLabel *m_offline;
    QLabel *m_status;
    QProgressBar *m_progress;
    QPushButton *m_download;
    QPushButton *m_haveFiles;
    QPushButton *m_close;
    QStringList m_queue;        // ids still to download
    QPointer<ModelDownload> m_job;
    qint64 m_doneBytes = 0;     // of finished downloads in this run
    QString m_lastError;
};

} // namespace dinosam::ui
