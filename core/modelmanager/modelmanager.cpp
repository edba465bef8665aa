#include "modelmanager/modelmanager.h"

#include "modelmanager/modelplacement.h"
#include "models/catalog/modelfolders.h"
#include "models/catalog/verifiedstamp.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QNetworkAccessManager>

namespace dinosam {

ModelManager::ModelManager(QObject *parent) : ModelManager(ModelSpec::builtin(), parent) {}

ModelManager::ModelManager(const QList<ModelSpec> &catalog, QObject *parent)
    : QObject(parent), m_catalog(catalog), m_modelDir(defaultModelDir())
{
}

ModelManager::~ModelManager()
{
    for (ModelDownload *d : std::as_const(m_active))
        d->disconnect(this);
}

QString ModelManager::defaultModelDir()
{
    return QDir::cleanPath(QString::fromStdU16String(dinosam::defaultModelDir().u16string()));
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
    QUrl base = m_mirror;
    if (base.isEmpty()) {
        base = QUrl::fromUserInput(QString::fromStdString(ModelCatalog::urlBase()), QString(), QUrl::AssumeLocalFile);
        if (!base.path().endsWith(QLatin1Char('/')))
            base.setPath(base.path() + QLatin1Char('/'));
    }
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

ModelResult ModelManager::install(const QString &sourceFile, const QString &requestedId, bool own)
{
    ModelResult r;
    r.id = requestedId;
    const QFileInfo source(sourceFile);
    if (!source.isFile()) {
        r.message = QStringLiteral("%1: no such file").arg(sourceFile);
        return r;
    }
    if (own && requestedId.isEmpty()) {
        r.message = QStringLiteral("your own checkpoint needs an explicit model id for its architecture "
                                   "(dinosam models install FILE --as ID --own)");
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
        QString error;
        const QString sha = sha256OfFile(sourceFile, &error);
        for (const ModelSpec &s : m_catalog)
            if (!sha.isEmpty() && s.sha256 == sha)
                spec = &s;
        if (!spec)
            for (const ModelSpec &s : m_catalog)
                if (s.fileName == source.fileName())
                    spec = &s;
        if (!spec) {
            ContentCheck content = checkZipCheckpoint(sourceFile);
            if (content.ok && m_verifier && !m_catalog.isEmpty())
                content = m_verifier(sourceFile, m_catalog.first());
            QString what;
            if (!content.identifiedId.isEmpty())
                what = QStringLiteral(" Its contents are those of %1; if it is your own checkpoint, install it with "
                                      "`dinosam models install %2 --as %1 --own` (unverified).")
                           .arg(content.identifiedId, source.fileName());
            else if (!content.ok)
                what = QLatin1Char(' ') + content.message.replace(sourceFile, source.fileName()) + QLatin1Char('.');
            r.message = QStringLiteral("%1 is not one of the official files (its SHA-256 %2 is not in the catalogue) "
                                       "and its name is not an official file name.%3 Name the model with "
                                       "`dinosam models install %1 --as ID` or `dinosam models install ID %1`.")
                            .arg(source.fileName(), sha, what);
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
    detail::PlacementCheck check;
    check.own = own;
    check.displayName = source.fileName();
    if (QFileInfo(r.path).exists() && QFileInfo(r.path).canonicalFilePath() == source.canonicalFilePath()) {
        // Installing the installed file itself: verify it and stamp it.
        if (own) {
            r.message = QStringLiteral("%1 is already the installed file of %2; install your own checkpoint from "
                                       "another place").arg(source.fileName(), spec->id);
            return r;
        }
        return detail::verifyInstalled(*spec, r.path, m_verifier);
    }
    QLockFile lock(r.path + QStringLiteral(".lock"));
    if (!lock.tryLock(0)) {
        r.message = QStringLiteral("%1 is being downloaded or installed by another process (lock %2)")
                        .arg(spec->id, lock.fileName());
        return r;
    }
    const QString part = r.path + QStringLiteral(".install.part");
    QFile::remove(part);
    if (!QFile::copy(sourceFile, part)) {
        r.message = QStringLiteral("cannot copy %1 to %2").arg(sourceFile, part);
        QFile::remove(part);
        return r;
    }
    QFile(part).setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup |
                               QFileDevice::ReadOther);
    return detail::placeVerified(*spec, part, r.path, m_verifier, check);
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

bool ModelManager::isVerified(const QString &id) const
{
    const ModelSpec *spec = find(id);
    if (!spec || !isInstalled(id))
        return false;
    return verifyInstalledFile(std::filesystem::path(filePath(id).toStdU16String()), spec->sha256.toStdString(),
                               spec->sizeBytes, id.toStdString())
        .ok;
}

bool ModelManager::isOwn(const QString &id) const
{
    const QString path = filePath(id);
    if (path.isEmpty())
        return false;
    const auto stamp = readValidStamp(std::filesystem::path(path.toStdU16String()));
    return stamp && stamp->own;
}

} // namespace dinosam
