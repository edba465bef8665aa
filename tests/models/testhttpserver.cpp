#include "testhttpserver.h"

#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>

namespace dinosam::test {

TestHttpServer::TestHttpServer(QObject *parent) : QObject(parent), m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &TestHttpServer::onNewConnection);
}

bool TestHttpServer::start()
{
    return m_server->listen(QHostAddress::LocalHost, 0);
}

QUrl TestHttpServer::baseUrl() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(m_server->serverPort()));
}

void TestHttpServer::addFile(const QByteArray &path, const QByteArray &content)
{
    m_files.insert(path, content);
}

void TestHttpServer::dropAfter(qint64 bytes, int times)
{
    m_dropAfter = bytes;
    m_dropTimes = times;
}

void TestHttpServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        m_pending.insert(socket, {});
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_pending.remove(socket);
            socket->deleteLater();
        });
    }
}

void TestHttpServer::onReadyRead(QTcpSocket *socket)
{
    if (!m_pending.contains(socket)) {
        socket->readAll(); // already answered
        return;
    }
    QByteArray &buffer = m_pending[socket];
    buffer += socket->readAll();
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0)
        return;
    const QByteArray head = buffer.left(end);
    m_pending.remove(socket);
    respond(socket, head);
}

void TestHttpServer::respond(QTcpSocket *socket, const QByteArray &head)
{
    const QList<QByteArray> lines = head.split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    Request request;
    request.method = requestLine.value(0);
    request.path = requestLine.value(1);
    for (const QByteArray &line : lines.mid(1)) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().toLower() == "range")
            request.range = line.mid(colon + 1).trimmed();
    }

    auto send = [&](int status, const QByteArray &reason, const QList<QByteArray> &headers, const QByteArray &body,
                    qint64 announcedLength) {
        request.status = status;
        m_requests.append(request);
        QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
        for (const QByteArray &h : headers)
            out += h + "\r\n";
        out += "Content-Length: " + QByteArray::number(announcedLength) + "\r\nConnection: close\r\n\r\n";
        socket->write(out);
        socket->write(body);
        socket->disconnectFromHost(); // after the buffered bytes are written
    };

    if (request.method != "GET") {
        send(405, "Method Not Allowed", {}, {}, 0);
        return;
    }
    if (const auto redirect = m_redirects.constFind(request.path); redirect != m_redirects.constEnd()) {
        send(302, "Found", {"Location: " + *redirect}, {}, 0);
        return;
    }
    const auto file = m_files.constFind(request.path);
    if (file == m_files.constEnd()) {
        const QByteArray body = "not found\n";
        send(404, "Not Found", {"Content-Type: text/plain"}, body, body.size());
        return;
    }
    const QByteArray &content = *file;
    const qint64 size = content.size();
    qint64 first = 0, last = size - 1;
    bool partial = false;
    static const QRegularExpression rangeRe(QStringLiteral("^bytes=(\\d+)-(\\d*)$"));
    const auto m = rangeRe.match(QString::fromLatin1(request.range));
    if (m_rangeSupported && m.hasMatch()) {
        first = m.captured(1).toLongLong();
        if (!m.captured(2).isEmpty())
            last = qMin(size - 1, m.captured(2).toLongLong());
        if (first >= size || first > last) {
            send(416, "Range Not Satisfiable", {"Content-Range: bytes */" + QByteArray::number(size)}, {}, 0);
            return;
        }
        partial = true;
    }
    QByteArray body = content.mid(first, last - first + 1);
    if (m_corruptAt >= first && m_corruptAt <= last)
        body[m_corruptAt - first] = char(body.at(m_corruptAt - first) ^ 0xFF);
    const qint64 announced = body.size();
    if (m_dropTimes > 0 && m_dropAfter >= 0 && m_dropAfter < body.size()) {
        --m_dropTimes;
        body.truncate(m_dropAfter);
    }
    QList<QByteArray> headers = {"Content-Type: application/octet-stream", "Accept-Ranges: bytes"};
    if (partial)
        headers << "Content-Range: bytes " + QByteArray::number(first) + '-' + QByteArray::number(last) + '/' +
                       QByteArray::number(size);
    if (partial)
        send(206, "Partial Content", headers, body, announced);
    else
        send(200, "OK", headers, body, announced);
}

} // namespace dinosam::test
