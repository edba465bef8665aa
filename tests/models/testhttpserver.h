#pragma once
// A small HTTP/1.1 server for the model manager's tests, listening on
// 127.0.0.1 only: GET with "Range: bytes=N-[M]", 404 for unknown paths, and
// faults on request (drop the connection after N body bytes, flip one byte).
// One request per connection ("Connection: close"). Runs on the test's thread.
#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QUrl>

class QTcpServer;
class QTcpSocket;

namespace dinosam::test {

class TestHttpServer : public QObject
{
    Q_OBJECT
public:
    struct Request
    {
        QByteArray method;
        QByteArray path;
        QByteArray range;   ///< the Range header's value, empty when absent
        int status = 0;     ///< what was answered
    };

    explicit TestHttpServer(QObject *parent = nullptr);
    /// Listens on 127.0.0.1 at a free port. Returns false when it cannot.
    bool start();
    /// "http://127.0.0.1:<port>/"
    QUrl baseUrl() const;

    /// Serves `content` at `path` ("/dinov2/x.pth").
    void addFile(const QByteArray &path, const QByteArray &content);
    /// Answers `path` with "302 Found" to `location` (a path on this server or a URL).
    void addRedirect(const QByteArray &path, const QByteArray &location) { m_redirects.insert(path, location); }

    /// The next `times` responses with a body end after `bytes` body bytes:
    /// the headers announce the full length, then the connection is closed.
    void dropAfter(qint64 bytes, int times = 1);
    /// Every response flips (XOR 0xFF) the file byte at `offset`; -1 turns it off.
    void corruptByteAt(qint64 offset) { m_corruptAt = offset; }
    /// When false, Range headers are ignored (200 with the whole file).
    void setRangeSupported(bool supported) { m_rangeSupported = supported; }

    const QList<Request> &requests() const { return m_requests; }
    void clearRequests() { m_requests.clear(); }

private:
    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);
    void respond(QTcpSocket *socket, const QByteArray &head);

    QTcpServer *m_server;
    QHash<QByteArray, QByteArray> m_files;
    QHash<QByteArray, QByteArray> m_redirects;
    QHash<QTcpSocket *, QByteArray> m_pending;
    QList<Request> m_requests;
    qint64 m_dropAfter = -1;
    int m_dropTimes = 0;
    qint64 m_corruptAt = -1;
    bool m_rangeSupported = true;
};

} // namespace dinosam::test
