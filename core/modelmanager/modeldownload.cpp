#include "modelmanager/modeldownload.h"

#include "modelmanager/modelplacement.h"

#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QTimer>

namespace dinosam {
namespace {

bool isHttp(const QUrl &url)
{
    return url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https");
}

// The server cannot be reached at all (no network, no DNS, nothing listening):
// retrying will not help within seconds, so the download fails at once.
bool isUnreachable(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyNotFoundError:
        return true;
    default:
        return false;
    }
}

// Transient HTTP statuses worth another attempt.
bool isTransientStatus(int status)
{
    return status == 408 || status == 429 || status >= 500;
}

} // namespace

ModelDownload::ModelDownload(const ModelSpec &spec, const QUrl &source, const QString &finalPath,
                             QNetworkAccessManager *network, const Options &options, QObject *parent)
    : QObject(parent), m_spec(spec), m_source(source), m_finalPath(finalPath), m_network(network), m_options(options)
{
    m_result.id = spec.id;
    m_result.path = finalPath;
    if (m_options.maxAttempts < 1)
        m_options.maxAttempts = 1;
}

ModelDownload::~ModelDownload()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

void ModelDownload::start()
{
    if (m_attempt != 0 || m_finished)
        return;
    m_lock = std::make_unique<QLockFile>(m_finalPath + QStringLiteral(".lock"));
    if (!m_lock->tryLock(0)) {
        const QString path = m_lock->fileName();
        m_lock.reset();
        finish(false, QStringLiteral("%1 is being downloaded or installed by another process (lock %2)").arg(m_spec.id, path));
        return;
    }
    startAttempt();
}

void ModelDownload::cancel()
{
    if (m_finished)
        return;
    m_cancelled = true;
    if (m_reply)
        m_reply->abort(); // onReplyFinished() reports
    else
        finish(false, QStringLiteral("download of %1 cancelled").arg(m_spec.id));
}

void ModelDownload::startAttempt()
{
    ++m_attempt;
    m_bodyStarted = false;
    m_bodyRejected = false;
    m_writeError.clear();
    const QFileInfo part(partPath());
    m_offset = part.isFile() ? part.size() : 0;

    QNetworkRequest request(m_source);
    // No transparent gzip: byte ranges must address the file itself.
    request.setRawHeader("Accept-Encoding", "identity");
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("DinoSam/" DINOSAM_VERSION));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    // A stalled connection fails this attempt (and is resumed by the next) instead of hanging.
    request.setTransferTimeout(m_options.transferTimeoutMs);
    if (m_offset > 0 && isHttp(m_source))
        request.setRawHeader("Range", "bytes=" + QByteArray::number(m_offset) + '-');

    m_reply = m_network->get(request);
    connect(m_reply, &QNetworkReply::readyRead, this, &ModelDownload::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &ModelDownload::onReplyFinished);
    connect(m_reply, &QNetworkReply::downloadProgress, this, [this](qint64 received, qint64) {
        if (m_bodyStarted && !m_bodyRejected)
            Q_EMIT progress(m_offset + received, m_total);
    });
}

// Decides, from the response headers, whether the body continues the .part
// (206 at our offset) or replaces it (200, file: URLs, a 206 elsewhere).
bool ModelDownload::beginBody()
{
    m_bodyStarted = true;
    const QVariant statusAttr = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    const int status = statusAttr.isValid() ? statusAttr.toInt() : 200;
    if (status >= 300) {
        m_bodyRejected = true; // error page: never written into the .part
        return false;
    }
    const qint64 length = m_reply->header(QNetworkRequest::ContentLengthHeader).isValid()
                              ? m_reply->header(QNetworkRequest::ContentLengthHeader).toLongLong()
                              : -1;
    bool append = false;
    if (status == 206) {
        static const QRegularExpression contentRange(QStringLiteral("^bytes (\\d+)-(\\d+)/(\\d+|\\*)"));
        const auto m = contentRange.match(QString::fromLatin1(m_reply->rawHeader("Content-Range")));
        if (m.hasMatch() && m.captured(1).toLongLong() == m_offset) {
            append = true;
            m_total = m.captured(3) == QLatin1String("*") ? (length >= 0 ? m_offset + length : -1)
                                                          : m.captured(3).toLongLong();
        }
    }
    if (!append) {
        // The server sends the whole file (or a range we did not ask for): start over.
        if (status == 206) {
            m_bodyRejected = true;
            m_offset = 0;
            QFile::remove(partPath());
            return false;
        }
        m_offset = 0;
        m_total = length;
    }
    if (m_total < 0 && m_spec.sizeBytes > 0)
        m_total = m_spec.sizeBytes;
    m_part.setFileName(partPath());
    if (!m_part.open(append ? (QIODevice::WriteOnly | QIODevice::Append) : (QIODevice::WriteOnly | QIODevice::Truncate))) {
        m_writeError = QStringLiteral("cannot write %1: %2").arg(partPath(), m_part.errorString());
        m_bodyRejected = true;
        m_reply->abort();
        return false;
    }
    return true;
}

void ModelDownload::onReadyRead()
{
    if (!m_bodyStarted && !beginBody())
        return;
    if (m_bodyRejected) {
        m_reply->readAll();
        return;
    }
    const QByteArray data = m_reply->readAll();
    if (m_part.write(data) != data.size()) {
        m_writeError = QStringLiteral("cannot write %1: %2").arg(partPath(), m_part.errorString());
        m_bodyRejected = true;
        m_reply->abort();
    }
}

void ModelDownload::onReplyFinished()
{
    QNetworkReply *reply = m_reply;
    if (!reply)
        return;
    if (!m_bodyStarted && reply->error() == QNetworkReply::NoError)
        beginBody(); // empty body
    else if (m_bodyStarted && !m_bodyRejected && reply->bytesAvailable() > 0)
        onReadyRead();
    if (m_part.isOpen())
        m_part.close();
    const QVariant statusAttr = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    const int status = statusAttr.isValid() ? statusAttr.toInt() : 0;
    const QString reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
    const QNetworkReply::NetworkError error = reply->error();
    const QString errorString = reply->errorString();
    reply->disconnect(this);
    reply->deleteLater();
    m_reply = nullptr;

    if (m_cancelled) {
        finish(false, QStringLiteral("download of %1 cancelled; %2 kept for resuming").arg(m_spec.id, partPath()));
        return;
    }
    if (!m_writeError.isEmpty()) {
        finish(false, m_writeError);
        return;
    }
    if (status == 416) {
        // Our .part is not a prefix the server can continue (e.g. the file changed): start over once.
        QFile::remove(partPath());
        retryOrFail(QStringLiteral("HTTP 416 (range not satisfiable) from %1").arg(m_source.toString()));
        return;
    }
    if (status >= 400) {
        const QString what = QStringLiteral("HTTP %1 %2 from %3").arg(status).arg(reason, m_source.toString());
        if (isTransientStatus(status)) {
            retryOrFail(what);
        } else {
            QFile::remove(partPath());
            finish(false, what);
        }
        return;
    }
    if (m_bodyRejected && status == 206) { // a range we did not ask for: restart from 0
        retryOrFail(QStringLiteral("server answered an unexpected range"));
        return;
    }
    if (error != QNetworkReply::NoError) {
        if (error == QNetworkReply::ContentNotFoundError || error == QNetworkReply::ContentAccessDenied ||
            error == QNetworkReply::ProtocolUnknownError) {
            finish(false, QStringLiteral("%1: %2").arg(m_source.toString(), errorString));
            return;
        }
        if (isUnreachable(error) && m_attempt == 1 && !m_bodyStarted) {
            finish(false, QStringLiteral("cannot reach %1 (%2): no network connection, or the server is down")
                              .arg(m_source.host().isEmpty() ? m_source.toString() : m_source.host(), errorString));
            return;
        }
        retryOrFail(errorString);
        return;
    }
    const qint64 have = QFileInfo(partPath()).size();
    if (m_total >= 0 && have < m_total) {
        retryOrFail(QStringLiteral("connection closed after %1 of %2 bytes").arg(have).arg(m_total));
        return;
    }
    Q_EMIT progress(have, have);
    detail::PlacementCheck check;
    check.displayName = m_spec.fileName;
    m_result = detail::placeVerified(m_spec, partPath(), m_finalPath, m_options.verifier, check);
    finish(m_result.ok, m_result.message);
}

void ModelDownload::retryOrFail(const QString &reason)
{
    if (m_attempt >= m_options.maxAttempts) {
        const qint64 kept = QFileInfo(partPath()).isFile() ? QFileInfo(partPath()).size() : 0;
        finish(false, kept > 0 ? QStringLiteral("download of %1 failed after %2 attempt(s): %3; %4 bytes kept in %5, "
                                                 "run the download again to resume")
                                     .arg(m_spec.id)
                                     .arg(m_attempt)
                                     .arg(reason)
                                     .arg(kept)
                                     .arg(partPath())
                               : QStringLiteral("download of %1 failed after %2 attempt(s): %3")
                                     .arg(m_spec.id)
                                     .arg(m_attempt)
                                     .arg(reason));
        return;
    }
    const qint64 resumeAt = QFileInfo(partPath()).isFile() ? QFileInfo(partPath()).size() : 0;
    Q_EMIT retrying(m_attempt + 1, resumeAt, reason);
    QTimer::singleShot(m_options.retryDelayMs * m_attempt, this, [this] {
        if (m_cancelled)
            finish(false, QStringLiteral("download of %1 cancelled").arg(m_spec.id));
        else
            startAttempt();
    });
}

void ModelDownload::finish(bool ok, const QString &message)
{
    if (m_finished)
        return;
    m_finished = true;
    m_lock.reset(); // unlocks and removes the lock file
    m_result.ok = ok;
    m_result.message = message;
    m_result.id = m_spec.id;
    m_result.path = m_finalPath;
    Q_EMIT finished(m_result);
}

} // namespace dinosam
