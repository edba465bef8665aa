#pragma once
// One checkpoint download: HTTP(S) or file: URL -> "<file>.part" (resumed with
// an HTTP Range request when a .part exists or the connection drops), then
// size/SHA-256/content verification and an atomic rename into place.
#include "modelmanager/modelfilecheck.h"
#include "modelmanager/modelresult.h"

#include <QFile>
#include <QLockFile>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <memory>

class QNetworkAccessManager;
class QNetworkReply;

namespace dinosam {

/// Created by ModelManager::startDownload(); lives on the thread that created it
/// and is driven by its event loop. Emits progress() while bytes arrive and
/// finished() exactly once. A server that cannot be reached at all (no network,
/// DNS failure, connection refused) fails the first attempt at once, without
/// retries. After a network failure the .part file is kept so
/// that the next download resumes; after a verification failure it is deleted.
/// The final checks (SHA-256, zip CRCs, the content verifier) run on this thread
/// once the transfer ends and take seconds for the large checkpoints: a GUI
/// should own its ModelManager in a worker thread. A "<file>.lock" (QLockFile)
/// keeps two processes from downloading or installing the same model at once.
class ModelDownload : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        int maxAttempts = 4;        ///< network attempts in total, each resuming where the last stopped
        int retryDelayMs = 2000;    ///< wait before attempt n is n x this
        ContentVerifier verifier;   ///< optional deeper content check
        int transferTimeoutMs = 30000; ///< an attempt with no data for this long fails (and is retried)
    };

    /// `network` is not owned and must outlive the download.
    ModelDownload(const ModelSpec &spec, const QUrl &source, const QString &finalPath,
                  QNetworkAccessManager *network, const Options &options, QObject *parent = nullptr);
    ~ModelDownload() override;

    const ModelSpec &spec() const { return m_spec; }
    QUrl source() const { return m_source; }
    QString partPath() const { return m_finalPath + QStringLiteral(".part"); }
    bool isFinished() const { return m_finished; }
    /// Valid once finished() was emitted.
    const ModelResult &result() const { return m_result; }

public Q_SLOTS:
    /// Starts the first attempt (call once).
    void start();
    /// Stops the transfer; the .part is kept for a later resume. finished() follows.
    void cancel();

Q_SIGNALS:
    /// `received` counts bytes of the whole file (resumed bytes included);
    /// `total` is -1 while unknown.
    void progress(qint64 received, qint64 total);
    /// A network attempt failed and another, resuming at `resumeAt`, follows.
    void retrying(int attempt, qint64 resumeAt, const QString &reason);
    void finished(const dinosam::ModelResult &result);

private:
    void startAttempt();
    bool beginBody();
    void onReadyRead();
    void onReplyFinished();
    void retryOrFail(const QString &reason);
    void finish(bool ok, const QString &message);

    ModelSpec m_spec;
    QUrl m_source;
    QString m_finalPath;
    QNetworkAccessManager *m_network;
    Options m_options;
    QPointer<QNetworkReply> m_reply;
    QFile m_part;
    int m_attempt = 0;
    qint64 m_offset = 0;        // bytes already in the .part when this attempt's body began
    qint64 m_total = -1;
    bool m_bodyStarted = false;
    bool m_bodyRejected = false;
    bool m_cancelled = false;
    bool m_finished = false;
    QString m_writeError;
    ModelResult m_result;
    std::unique_ptr<QLockFile> m_lock;
};

} // namespace dinosam
