#pragma once
// Finds, downloads, installs and verifies DINOv2 / SAM2 checkpoints in the
// user's model folder. Torch-free: UI code may include it.
//
// Trust model. An official file is placed in the model folder only when:
//  1. its size and SHA-256 equal the published values of the catalogue
//     (models/catalog/modelcatalog.h); a mismatch is refused naming both hashes;
//  2. it is a torch.save zip whose every record's CRC-32 matches;
//  3. the content verifier, when one is set (checkpointContentVerifier()), finds
//     the tensors of the model's signature (and names the variant otherwise).
// It is then stamped "<file>.verified" (models/catalog/verifiedstamp.h), keyed by
// size and mtime, so the pipeline does not rehash it at every start.
// There is no trust on first use for official files. The one exception is the
// user's own checkpoint (e.g. fine-tuned weights), installed with an explicit id
// and `own`: checked by zip and content only, stamped "own", shown as unverified.
#include "modelmanager/modeldownload.h"
#include "modelmanager/modelfilecheck.h"
#include "modelmanager/modelresult.h"
#include "modelmanager/modelspec.h"

#include <QList>
#include <QObject>
#include <QUrl>

class QNetworkAccessManager;

namespace dinosam {

/// Use from one thread (the one that created it; it needs that thread's event
/// loop for downloads). Never throws; failures are ModelResult values.
class ModelManager : public QObject
{
    Q_OBJECT
public:
    /// Uses the built-in catalogue (ModelSpec::builtin()).
    explicit ModelManager(QObject *parent = nullptr);
    /// Uses `catalog` instead (tests, custom mirrors of other models).
    explicit ModelManager(const QList<ModelSpec> &catalog, QObject *parent = nullptr);
    ~ModelManager() override;

    /// The one model-folder policy's install folder (models/catalog/modelfolders.h):
    /// $DINOSAM_MODEL_DIR when set, else %LOCALAPPDATA%/dinosam/models (Windows),
    /// $XDG_CACHE_HOME/dinosam/models, ~/.cache/dinosam/models.
    static QString defaultModelDir();
    QString modelDir() const { return m_modelDir; }
    /// Overrides the folder (created when something is placed in it).
    void setModelDir(const QString &dir);

    /// Replaces the base of the download URLs (a local mirror, a file: folder).
    /// Empty = ModelCatalog::urlBase(): $DINOSAM_MODEL_URL_BASE when set, else Meta's server.
    void setMirror(const QUrl &baseUrl);
    QUrl mirror() const { return m_mirror; }
    /// Where `spec` is downloaded from.
    QUrl sourceUrl(const ModelSpec &spec) const;

    void setContentVerifier(const ContentVerifier &verifier) { m_verifier = verifier; }
    ContentVerifier contentVerifier() const { return m_verifier; }
    /// Network attempts per download and the base delay between them (see ModelDownload::Options).
    void setRetryPolicy(int maxAttempts, int retryDelayMs);

    const QList<ModelSpec> &catalog() const { return m_catalog; }
    /// The catalog entry with this id, or nullptr.
    const ModelSpec *find(const QString &id) const;
    /// <modelDir>/<fileName> (whether it exists or not); empty for an unknown id.
    QString filePath(const QString &id) const;
    /// The model file exists in the model folder (not verified: see verify()).
    bool isInstalled(const QString &id) const;
    /// Bytes of an interrupted download waiting in "<file>.part" (0 when none).
    qint64 partialBytes(const QString &id) const;

    /// Starts downloading `id` asynchronously. The manager owns the job and
    /// deletes it after finished(); connect to its signals before returning to
    /// the event loop. Returns nullptr (and emits nothing) for an unknown id
    /// or when `id` is already downloading; `error` says which.
    ModelDownload *startDownload(const QString &id, QString *error = nullptr);
    /// Downloads `id`, running a local event loop until done. Progress is
    /// reported through downloadProgress().
    ModelResult download(const QString &id);

    /// Copies a checkpoint the user already has into the model folder as `id`
    /// (via a .part copy, verified, then renamed; an installed file is replaced only
    /// by one that passed). An empty `id` is inferred from the file's SHA-256, else
    /// its official file name. Without `own` the file must be the official one (size
    /// and SHA-256). With `own` (needs an explicit `id`: its architecture) it is the
    /// user's own checkpoint: checked by content only and stamped as unverified.
    /// Messages name the file by the user's file name.
    ModelResult install(const QString &sourceFile, const QString &id = {}, bool own = false);

    /// Re-checks an installed model, reading the whole file: SHA-256 against the
    /// published hash (or, for an own checkpoint, the hash it was installed with),
    /// zip CRCs, content verifier; refreshes its stamp.
    ModelResult verify(const QString &id) const;
    /// Installed and accepted without reading it again when its "verified" stamp is
    /// valid: the published size and SHA-256 (hashed once, then stamped), or stamped own.
    bool isVerified(const QString &id) const;
    /// The file is stamped as the user's own (unverified) checkpoint, unchanged since.
    bool isOwn(const QString &id) const;

Q_SIGNALS:
    void downloadProgress(const QString &id, qint64 received, qint64 total);
    void downloadRetrying(const QString &id, int attempt, qint64 resumeAt, const QString &reason);

private:
    bool ensureModelDir(QString *error) const;

    QList<ModelSpec> m_catalog;
    QString m_modelDir;
    QUrl m_mirror;
    ContentVerifier m_verifier;
    int m_maxAttempts = 4;
    int m_retryDelayMs = 2000;
    QNetworkAccessManager *m_network = nullptr; // created on first download
    QList<ModelDownload *> m_active;
};

} // namespace dinosam
