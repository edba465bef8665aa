#pragma once
// Finds, downloads, installs and verifies DINOv2 / SAM2 checkpoints in the
// user's model folder. Torch-free: UI code may include it.
//
// Trust model. A file is placed in the model folder only after it passed:
//  1. its size and SHA-256, when the catalog knows the published values;
//  2. a zip check: a torch.save zip whose every record's CRC-32 matches;
//  3. the content verifier, when one is set (checkpointContentVerifier() reads
//     the state dict with the project's checkpoint reader and checks the
//     expected tensor names and shapes of ModelSpec::expectedTensors).
// Its SHA-256 is then recorded in "<file>.sha256". Where no published hash is
// known, that record is trust on first use: `verify` later detects any change.
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
    /// Uses the built-in catalog (ModelCatalog::builtin()).
    explicit ModelManager(QObject *parent = nullptr);
    /// Uses `catalog` instead (tests, custom mirrors of other models).
    explicit ModelManager(const QList<ModelSpec> &catalog, QObject *parent = nullptr);
    ~ModelManager() override;

    /// $DINOSAM_MODEL_DIR when set, else the user folder ModelLocator searches:
    /// %LOCALAPPDATA%/dinosam/models (Windows), $XDG_CACHE_HOME/dinosam/models,
    /// ~/.cache/dinosam/models.
    static QString defaultModelDir();
    QString modelDir() const { return m_modelDir; }
    /// Overrides the folder (created when something is placed in it).
    void setModelDir(const QString &dir);

    /// Replaces ModelCatalog::officialBaseUrl() in download URLs (a local
    /// mirror, a file: folder). Empty = official. $DINOSAM_MODEL_MIRROR sets the default.
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
    /// (via a .part copy, verified, then renamed). An empty `id` is inferred
    /// from the file name (an official file name) or, when the catalog knows
    /// published hashes, from the file's SHA-256.
    ModelResult install(const QString &sourceFile, const QString &id = {});

    /// Re-checks an installed model: SHA-256 against the published hash (or
    /// the recorded one), zip CRCs, content verifier.
    ModelResult verify(const QString &id) const;

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
