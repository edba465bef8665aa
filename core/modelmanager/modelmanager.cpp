#include "modelmanager/modelmanager.h"

#include "modelmanager/modelcatalog.h"
#include "modelmanager/modelplacement.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QNetworkAccessManager>

namespace dinosam {

ModelManager::ModelManager(QObject *parent) : ModelManager(ModelCatalog::builtin(), parent) {}

ModelManager::ModelManager(const QList<ModelSpec> &catalog, QObject *parent)
    : QObject(parent), m_catalog(catalog), m_modelDir(defaultModelDir())
{
    const QString mirror = qEnvironmentVariable("DINOSAM_MODEL_MIRROR");
    if (!mirror.isEmpty())
        setMirror(QUrl::fromUserInput(mirror));
}

ModelManager::~ModelManager()
{
    for (ModelDownload *d : std::as_const(m_active))
        d->disconnect(this);
}

QString ModelManager::defaultModelDir()
{
    // The same folders, in the same order, as pipeline/modellocator.cpp searches,
    // so what is downloaded here is what the pipeline finds.
    const QString env = qEnvironmentVariable("DINOSAM_MODEL_DIR");
    if (!env.isEmpty())
        return QDir::cleanPath(env);
#ifdef Q_OS_WIN
    const QString local = qEnvironmentVariable("LOCALAPPDATA");
    if (!local.isEmpty())
        return QDir::cleanPath(local + QStringLiteral("/dinosam/models"));
#endif
    const QString xdg = qEnvironmentVariable("XDG_CACHE_HOME");
    if (!xdg.isEmpty())
        return QDir::cleanPath(xdg + QStringLiteral("/dinosam/models"));
    return QDir::cleanPath(QDir::homePath() + QStringLiteral("/.cache/dinosam/models"));
}

void ModelManager::setModelDir(const QString &dir)
{
    m_modelDir = QDir::cleanPath(dir);
}

void ModelManager::setMirror(const QUrl &baseUrl)
{
    m_mirror = baseUrl;
    if (!m_mirror.isEmpty() && !m_mirror.path().endsWith(QLatin1Char('/')))
        m_mirror.setPath(m_mirror.path() + QLatin1Char('/'));
}

QUrl ModelManager::sourceUrl(const ModelSpec &spec) const
{
    const QUrl base = m_mirror.isEmpty() ? ModelCatalog::officialBaseUrl() : m_mirror;
    return base.resolved(QUrl(spec.relativeUrl));
}

void ModelManager::setRetryPolicy(int maxAttempts, int retryDelayMs)
{
    m_maxAttempts = qMax(1, maxAttempts);
    m_retryDelayMs = qMax(0, retryDelayMs);
}

const ModelSpec *ModelManager::find(const QString &id) const
{
    for (const ModelSpec &s : m_catalog)
        if (s.id == id)
            return &s;
    return nullptr;
}

QString ModelManager::filePath(const QString &id) const
{
    const ModelSpec *spec = find(id);
    return spec ? m_modelDir + QLatin1Char('/') + spec->fileName : QString();
}

bool ModelManager::isInstalled(const QString &id) const
{
    const QString path = filePath(id);
    return !path.isEmpty() && QFileInfo(path).isFile();
}

qint64 ModelManager::partialBytes(const QString &id) const
{
    const QString path = filePath(id);
    const QFileInfo part(path + QStringLiteral(".part"));
    return !path.isEmpty() && part.isFile() ? part.size() : 0;
}

bool ModelManager::ensureModelDir(QString *error) const
{
    if (QDir().mkpath(m_modelDir))
        return true;
    if (error)
        *error = QStringLiteral("cannot create the model folder %1").arg(m_modelDir);
    return false;
}

ModelDownload *ModelManager::startDownload(const QString &id, QString *error)
{
    const ModelSpec *spec = find(id);
    if (!spec) {
        if (error)
            *error = QStringLiteral("unknown model '%1' (see `dinosam models list`)").arg(id);
        return nullptr;
    }
    for (ModelDownload *d : std::as_const(m_active))
        if (d->spec().id == id) {
            if (error)
                *error = QStringLiteral("%1 is already downloading").arg(id);
            return nullptr;
        }
    if (!ensureModelDir(error))
        return nullptr;
    if (!m_network)
        m_network = new QNetworkAccessManager(this);

    ModelDownload::Options options;
    options.maxAttempts = m_maxAttempts;
    options.retryDelayMs = m_retryDelayMs;
    options.verifier = m_verifier;
    auto *job = new ModelDownload(*spec, sourceUrl(*spec), filePath(id), m_network, options, this);
    m_active.append(job);
    connect(job, &ModelDownload::progress, this,
            [this, id](qint64 received, qint64 total) { Q_EMIT downloadProgress(id, received, total); });
    connect(job, &ModelDownload::retrying, this, [this, id](int attempt, qint64 resumeAt, const QString &reason) {
        Q_EMIT downloadRetrying(id, attempt, resumeAt, reason);
    });
    connect(job, &ModelDownload::finished, this, [this, job] {
        m_active.removeAll(job);
        job->deleteLater();
    });
    QMetaObject::invokeMethod(job, &ModelDownload::start, Qt::QueuedConnection);
    return job;
}

ModelResult ModelManager::download(const QString &id)
{
    QString error;
    ModelDownload *job = startDownload(id, &error);
    if (!job) {
        ModelResult r;
        r.id = id;
        r.path = filePath(id);
        r.message = error;
        return r;
    }
    ModelResult result;
    QEventLoop loop;
    connect(job, &ModelDownload::finished, &loop, [&](const ModelResult &r) {
        result = r;
        loop.quit();
    });
    loop.exec();
    return result;
}

ModelResult ModelManager::install(const QString &sourceFile, const QString &requestedId)
{
    ModelResult r;
    r.id = requestedId;
    const QFileInfo source(sourceFile);
    if (!source.isFile()) {
        r.message = QStringLiteral("%1: no such file").arg(sourceFile);
        return r;
    }
    const ModelSpec *spec = nullptr;
    if (!requestedId.isEmpty()) {
        spec = find(requestedId);
        if (!spec) {
            r.message = QStringLiteral("unknown model '%1' (see `dinosam models list`)").arg(requestedId);
            return r;
        }
    } else {
        for (const ModelSpec &s : m_catalog)
            if (s.fileName == source.fileName())
                spec = &s;
        if (!spec) {
            QString error;
            const QString sha = sha256OfFile(sourceFile, &error);
            for (const ModelSpec &s : m_catalog)
                if (!sha.isEmpty() && s.sha256 == sha)
                    spec = &s;
        }
        if (!spec) {
            r.message = QStringLiteral("cannot tell which model %1 is (not an official file name or known hash); "
                                       "name it with --as ID")
                            .arg(source.fileName());
            return r;
        }
    }
    r.id = spec->id;
    r.path = filePath(spec->id);
    QString error;
    if (!ensureModelDir(&error)) {
        r.message = error;
        return r;
    }
    if (QFileInfo(r.path).exists() && QFileInfo(r.path).canonicalFilePath() == source.canonicalFilePath()) {
        // Installing the installed file itself: verify it and record its hash.
        r = detail::verifyInstalled(*spec, r.path, m_verifier);
        if (r.ok && readSidecarSha256(r.path).isEmpty())
            writeSidecarSha256(r.path, r.sha256);
        return r;
    }
    QLockFile lock(r.path + QStringLiteral(".lock"));
    if (!lock.tryLock(0)) {
        r.message = QStringLiteral("%1 is being downloaded or installed by another process (lock %2)")
                        .arg(spec->id, lock.fileName());
        return r;
    }
    const QString part = r.path + QStringLiteral(".part");
    QFile::remove(part);
    if (!QFile::copy(sourceFile, part)) {
        r.message = QStringLiteral("cannot copy %1 to %2").arg(sourceFile, part);
        QFile::remove(part);
        return r;
    }
    QFile(part).setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup |
                               QFileDevice::ReadOther);
    return detail::placeVerified(*spec, part, r.path, m_verifier);
}

ModelResult ModelManager::verify(const QString &id) const
{
    const ModelSpec *spec = find(id);
    if (!spec) {
        ModelResult r;
        r.id = id;
        r.message = QStringLiteral("unknown model '%1' (see `dinosam models list`)").arg(id);
        return r;
    }
    return detail::verifyInstalled(*spec, filePath(id), m_verifier);
}

} // namespace dinosam
