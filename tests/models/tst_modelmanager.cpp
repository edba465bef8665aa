// End-to-end tests of the model manager against a local HTTP server serving
// the team's random-weight fixture checkpoints (official key layout).
#include "fixtures.h"
#include "testhttpserver.h"

#include "modelmanager/checkpointverifier.h"
#include "modelmanager/modelcatalog.h"
#include "modelmanager/modelmanager.h"

#include <QCryptographicHash>
#include <QDir>
#include <QLockFile>
#include <QNetworkProxy>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QtTest>

using namespace dinosam;
using dinosam::test::TestHttpServer;

namespace {

const QString kDinoId = QStringLiteral("dinov2_vits14_reg4");
const QString kSamId = QStringLiteral("sam2.1_hiera_tiny");
const char *kDinoFixture = "models/dinov2_vits14_reg4_random.pth";
const char *kSamFixture = "models/sam2.1_hiera_tiny_random.pt";

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QString sha256Hex(const QByteArray &data)
{
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}

void flipByte(const QString &path, qint64 offset)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadWrite));
    QVERIFY(f.seek(offset));
    char c = 0;
    QCOMPARE(f.read(&c, 1), qint64(1));
    c = char(c ^ 0x5A);
    QVERIFY(f.seek(offset));
    QCOMPARE(f.write(&c, 1), qint64(1));
}

} // namespace

class TestModelManager : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void catalogMatchesMetaReleases();
    void defaultModelDirFollowsEnvironment();
    void httpsIsAvailable();

    void downloadVerifiesPublishedHashWithProgress();
    void downloadRecordsHashOnFirstUse();
    void downloadResumesWithRangeAfterDrop();
    void downloadResumesPartFileInNextCall();
    void serverIgnoringRangeRestarts();
    void stalePartLargerThanFileRestarts();
    void redirectIsFollowed();
    void corruptedDownloadIsRefused_data();
    void corruptedDownloadIsRefused();
    void notFoundIsReported();
    void fileUrlDownload();
    void concurrentDownloadIsRefused();

    void installCopiesAndVerifies();
    void installInfersIdFromOfficialFileName();
    void installRefusesWrongModel_data();
    void installRefusesWrongModel();
    void installNeedsIdForUnknownFileName();
    void verifyDetectsTamperedFile();

private:
    /// The server's requests, for failure messages.
    QString requestLog() const
    {
        QStringList lines;
        for (const TestHttpServer::Request &q : m_server.requests())
            lines << QStringLiteral("%1 %2 [%3] -> %4").arg(QString::fromLatin1(q.method), QString::fromLatin1(q.path),
                                                            QString::fromLatin1(q.range)).arg(q.status);
        return QStringLiteral("requests: ") + lines.join(QStringLiteral("; "));
    }
    /// A manager on m_dir, downloading from the test server, with the checkpoint verifier.
    std::unique_ptr<ModelManager> makeManager(const QList<ModelSpec> &catalog = ModelCatalog::builtin());
    QList<ModelSpec> catalogWithPublished(const QString &id, const QString &sha, qint64 size) const;

    TestHttpServer m_server;
    QByteArray m_dino;
    QByteArray m_sam;
    QString m_dinoSha;
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestModelManager::initTestCase()
{
    DINOSAM_REQUIRE_FIXTURE("models/dinov2_vits14_reg4_random.pth");
    DINOSAM_REQUIRE_FIXTURE("models/sam2.1_hiera_tiny_random.pt");
    QNetworkProxy::setApplicationProxy(QNetworkProxy::NoProxy); // 127.0.0.1 only, whatever the environment says
    m_dino = readAll(dinosam::test::fixturePath(QString::fromLatin1(kDinoFixture)));
    m_sam = readAll(dinosam::test::fixturePath(QString::fromLatin1(kSamFixture)));
    QVERIFY(m_dino.size() > 10'000'000);
    QVERIFY(m_sam.size() > 10'000'000);
    m_dinoSha = sha256Hex(m_dino);
    QVERIFY(m_server.start());
    // The official paths, so the mirror setting alone points the manager here.
    m_server.addFile("/" + ModelCatalog::find(kDinoId)->relativeUrl.toLatin1(), m_dino);
    m_server.addFile("/" + ModelCatalog::find(kSamId)->relativeUrl.toLatin1(), m_sam);
}

void TestModelManager::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_server.clearRequests();
    m_server.dropAfter(-1, 0);
    m_server.corruptByteAt(-1);
}

void TestModelManager::cleanup()
{
    m_dir.reset();
}

std::unique_ptr<ModelManager> TestModelManager::makeManager(const QList<ModelSpec> &catalog)
{
    auto m = std::make_unique<ModelManager>(catalog);
    m->setModelDir(m_dir->path() + QStringLiteral("/models"));
    m->setMirror(m_server.baseUrl());
    m->setRetryPolicy(3, 0);
    m->setContentVerifier(checkpointContentVerifier());
    return m;
}

QList<ModelSpec> TestModelManager::catalogWithPublished(const QString &id, const QString &sha, qint64 size) const
{
    QList<ModelSpec> catalog = ModelCatalog::builtin();
    for (ModelSpec &s : catalog)
        if (s.id == id) {
            s.sha256 = sha;
            s.sizeBytes = size;
        }
    return catalog;
}

void TestModelManager::catalogMatchesMetaReleases()
{
    const QList<ModelSpec> &catalog = ModelCatalog::builtin();
    QCOMPARE(catalog.size(), 16); // DINOv2 S/B/L/g x {plain, reg4}, SAM2 and SAM2.1 x 4 sizes
    QSet<QString> ids;
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
    for (const ModelSpec &s : catalog) {
        QVERIFY2(!ids.contains(s.id), qPrintable(s.id));
        ids.insert(s.id);
        QVERIFY(!s.expectedTensors.isEmpty());
        // Honest catalog: either a real 64-hex hash (and size) or nothing.
        QVERIFY2(s.sha256.isEmpty() || hex.match(s.sha256).hasMatch(), qPrintable(s.id));
        QCOMPARE(s.sha256.isEmpty(), s.sizeBytes == 0);
        QCOMPARE(s.stateDictKey, s.family == ModelFamily::Sam2 ? QStringLiteral("model") : QString());
    }
    ModelManager official;
    official.setMirror({});
    auto url = [&](const char *id) { return official.sourceUrl(*ModelCatalog::find(QLatin1String(id))).toString(); };
    QCOMPARE(url("dinov2_vits14"), QStringLiteral("https://dl.fbaipublicfiles.com/dinov2/dinov2_vits14/dinov2_vits14_pretrain.pth"));
    QCOMPARE(url("dinov2_vitg14_reg4"),
             QStringLiteral("https://dl.fbaipublicfiles.com/dinov2/dinov2_vitg14/dinov2_vitg14_reg4_pretrain.pth"));
    QCOMPARE(url("sam2_hiera_tiny"), QStringLiteral("https://dl.fbaipublicfiles.com/segment_anything_2/072824/sam2_hiera_tiny.pt"));
    QCOMPARE(url("sam2.1_hiera_base_plus"),
             QStringLiteral("https://dl.fbaipublicfiles.com/segment_anything_2/092824/sam2.1_hiera_base_plus.pt"));
    QCOMPARE(ModelCatalog::findByFileName(QStringLiteral("sam2.1_hiera_large.pt"))->id, QStringLiteral("sam2.1_hiera_large"));
    QVERIFY(!ModelCatalog::find(QStringLiteral("dinov2_vith14")));
}

void TestModelManager::defaultModelDirFollowsEnvironment()
{
    const QByteArray oldDir = qgetenv("DINOSAM_MODEL_DIR"), oldXdg = qgetenv("XDG_CACHE_HOME");
    qputenv("DINOSAM_MODEL_DIR", "/tmp/dinosam-test-models/");
    QCOMPARE(ModelManager::defaultModelDir(), QStringLiteral("/tmp/dinosam-test-models"));
    qunsetenv("DINOSAM_MODEL_DIR");
#ifndef Q_OS_WIN
    qputenv("XDG_CACHE_HOME", "/tmp/xdg-cache");
    QCOMPARE(ModelManager::defaultModelDir(), QStringLiteral("/tmp/xdg-cache/dinosam/models"));
    qunsetenv("XDG_CACHE_HOME");
    QCOMPARE(ModelManager::defaultModelDir(), QDir::homePath() + QStringLiteral("/.cache/dinosam/models"));
#endif
    if (!oldDir.isNull())
        qputenv("DINOSAM_MODEL_DIR", oldDir);
    if (!oldXdg.isNull())
        qputenv("XDG_CACHE_HOME", oldXdg);
}

void TestModelManager::httpsIsAvailable()
{
    // Meta's URLs are https: Qt's TLS backend (Debian: libqt6network6 + libssl3;
    // Windows/macOS: the tls plugin the deploy script copies) must be there.
    QVERIFY2(QSslSocket::supportsSsl(), "Qt has no TLS backend: downloads from https:// would fail");
    ModelManager official;
    official.setMirror({});
    QCOMPARE(official.sourceUrl(*ModelCatalog::find(kDinoId)).scheme(), QStringLiteral("https"));
}

void TestModelManager::downloadVerifiesPublishedHashWithProgress()
{
    auto m = makeManager(catalogWithPublished(kDinoId, m_dinoSha, m_dino.size()));
    QSignalSpy progress(m.get(), &ModelManager::downloadProgress);
    const ModelResult r = m->download(kDinoId);
    QVERIFY2(r.ok, qPrintable(r.message));
    QVERIFY2(r.message.contains(QLatin1String("published hash")), qPrintable(r.message));
    QCOMPARE(r.sha256, m_dinoSha);
    QCOMPARE(r.path, m->filePath(kDinoId));
    QVERIFY(readAll(r.path) == m_dino);
    QVERIFY(!QFile::exists(r.path + QStringLiteral(".part")));
    QCOMPARE(readSidecarSha256(r.path), m_dinoSha);

    QVERIFY(progress.size() >= 2);
    qint64 previous = -1;
    for (const QList<QVariant> &p : std::as_const(progress)) {
        QCOMPARE(p.at(0).toString(), kDinoId);
        QVERIFY(p.at(1).toLongLong() >= previous);
        previous = p.at(1).toLongLong();
        QCOMPARE(p.at(2).toLongLong(), qint64(m_dino.size()));
    }
    QCOMPARE(previous, qint64(m_dino.size()));
    QCOMPARE(m_server.requests().size(), 1);
    QVERIFY(m_server.requests().first().range.isEmpty());
    QVERIFY(m->verify(kDinoId).ok);
}

void TestModelManager::downloadRecordsHashOnFirstUse()
{
    auto m = makeManager();
    QVERIFY(ModelCatalog::find(kSamId)->sha256.isEmpty()); // no published hash in this build
    const ModelResult r = m->download(kSamId);
    QVERIFY2(r.ok, qPrintable(r.message));
    QVERIFY2(r.message.contains(QLatin1String("recorded")), qPrintable(r.message));
    QCOMPARE(r.sha256, sha256Hex(m_sam));
    QCOMPARE(readSidecarSha256(m->filePath(kSamId)), sha256Hex(m_sam));
    const ModelResult v = m->verify(kSamId);
    QVERIFY2(v.ok, qPrintable(v.message));
    QVERIFY2(v.message.contains(QLatin1String("recorded when it was installed")), qPrintable(v.message));
}

void TestModelManager::downloadResumesWithRangeAfterDrop()
{
    const qint64 cut = 10 * 1024 * 1024;
    m_server.dropAfter(cut, 1);
    auto m = makeManager(catalogWithPublished(kDinoId, m_dinoSha, m_dino.size()));
    QSignalSpy retries(m.get(), &ModelManager::downloadRetrying);
    const ModelResult r = m->download(kDinoId);
    QVERIFY2(r.ok, qPrintable(r.message));
    QVERIFY(readAll(r.path) == m_dino);
    QVERIFY2(retries.size() == 1 && m_server.requests().size() == 2, qPrintable(requestLog()));
    const qint64 resumeAt = retries.first().at(2).toLongLong();
    QVERIFY2(resumeAt > 0 && resumeAt <= cut, qPrintable(QString::number(resumeAt))); // normally == cut
    QVERIFY(m_server.requests().at(0).range.isEmpty());
    QCOMPARE(m_server.requests().at(1).range, "bytes=" + QByteArray::number(resumeAt) + '-');
    QCOMPARE(m_server.requests().at(1).status, 206);
}

void TestModelManager::downloadResumesPartFileInNextCall()
{
    const qint64 cut = 7 * 1024 * 1024 + 123;
    m_server.dropAfter(cut, 1);
    auto m = makeManager();
    m->setRetryPolicy(1, 0);
    ModelResult r = m->download(kDinoId);
    QVERIFY2(!r.ok, qPrintable(requestLog()));
    QVERIFY2(r.message.contains(QLatin1String("resume")), qPrintable(r.message));
    QVERIFY(!m->isInstalled(kDinoId));
    // Normally exactly `cut`; Qt may drop the last buffered chunk when the peer
    // closes, and resuming from what was written is what matters.
    const qint64 kept = m->partialBytes(kDinoId);
    QVERIFY2(kept > 0 && kept <= cut,
             qPrintable(QStringLiteral("partial %1, cut %2; %3").arg(kept).arg(cut).arg(requestLog())));

    r = m->download(kDinoId);
    QVERIFY2(r.ok, qPrintable(r.message));
    QCOMPARE(m->partialBytes(kDinoId), qint64(0));
    QVERIFY(readAll(r.path) == m_dino);
    QVERIFY2(m_server.requests().size() == 2, qPrintable(requestLog()));
    QCOMPARE(m_server.requests().at(1).range, "bytes=" + QByteArray::number(kept) + '-');
}

void TestModelManager::serverIgnoringRangeRestarts()
{
    const qint64 cut = 5 * 1024 * 1024;
    m_server.dropAfter(cut, 1);
    m_server.setRangeSupported(false);
    auto m = makeManager(catalogWithPublished(kDinoId, m_dinoSha, m_dino.size()));
    const ModelResult r = m->download(kDinoId);
    m_server.setRangeSupported(true);
    QVERIFY2(r.ok, qPrintable(r.message + QLatin1Char(' ') + requestLog()));
    QVERIFY(readAll(r.path) == m_dino); // the 200 body replaced the .part instead of being appended
    QVERIFY2(m_server.requests().size() == 2, qPrintable(requestLog()));
    QVERIFY(!m_server.requests().at(1).range.isEmpty()); // asked to resume...
    QCOMPARE(m_server.requests().at(1).status, 200);     // ...got the whole file
}

void TestModelManager::stalePartLargerThanFileRestarts()
{
    auto m = makeManager();
    QVERIFY(QDir().mkpath(m->modelDir()));
    {
        QFile stale(m->filePath(kDinoId) + QStringLiteral(".part")); // e.g. left by a different, larger file
        QVERIFY(stale.open(QIODevice::WriteOnly));
        QVERIFY(stale.resize(m_dino.size() + 1000));
    }
    const ModelResult r = m->download(kDinoId);
    QVERIFY2(r.ok, qPrintable(r.message + QLatin1Char(' ') + requestLog()));
    QVERIFY(readAll(r.path) == m_dino);
    QVERIFY2(m_server.requests().size() == 2, qPrintable(requestLog()));
    QCOMPARE(m_server.requests().at(0).status, 416);
    QVERIFY(m_server.requests().at(1).range.isEmpty());
}

void TestModelManager::redirectIsFollowed()
{
    const ModelSpec *spec = ModelCatalog::find(kDinoId);
    m_server.addRedirect("/moved/" + spec->relativeUrl.toLatin1(), "/" + spec->relativeUrl.toLatin1());
    auto m = makeManager();
    m->setMirror(m_server.baseUrl().resolved(QUrl(QStringLiteral("moved/"))));
    const ModelResult r = m->download(kDinoId);
    QVERIFY2(r.ok, qPrintable(r.message + QLatin1Char(' ') + requestLog()));
    QVERIFY(readAll(r.path) == m_dino);
    QVERIFY2(m_server.requests().size() == 2 && m_server.requests().at(0).status == 302, qPrintable(requestLog()));
}

void TestModelManager::corruptedDownloadIsRefused_data()
{
    QTest::addColumn<bool>("published");
    QTest::addColumn<qint64>("offset");
    QTest::addColumn<QString>("reason");
    // A byte inside tensor data: the hash catches it, or without a hash the zip CRC-32.
    QTest::newRow("published hash") << true << qint64(20'000'000) << QStringLiteral("SHA-256 mismatch");
    QTest::newRow("no hash, tensor data") << false << qint64(20'000'000) << QStringLiteral("CRC-32");
    QTest::newRow("no hash, zip header") << false << qint64(0) << QStringLiteral("not a zip file");
}

void TestModelManager::corruptedDownloadIsRefused()
{
    QFETCH(bool, published);
    QFETCH(qint64, offset);
    QFETCH(QString, reason);
    m_server.corruptByteAt(offset);
    auto m = makeManager(published ? catalogWithPublished(kDinoId, m_dinoSha, m_dino.size()) : ModelCatalog::builtin());
    const ModelResult r = m->download(kDinoId);
    QVERIFY(!r.ok);
    QVERIFY2(r.message.contains(reason), qPrintable(r.message));
    QVERIFY(!QFile::exists(m->filePath(kDinoId)));
    QVERIFY(!QFile::exists(m->filePath(kDinoId) + QStringLiteral(".part")));
    QVERIFY(!QFile::exists(sidecarPath(m->filePath(kDinoId))));
}

void TestModelManager::notFoundIsReported()
{
    QList<ModelSpec> catalog = ModelCatalog::builtin();
    auto m = makeManager(catalog);
    const ModelResult r = m->download(QStringLiteral("dinov2_vitl14")); // not served
    QVERIFY(!r.ok);
    QVERIFY2(r.message.contains(QLatin1String("HTTP 404")), qPrintable(r.message));
    QVERIFY(r.message.contains(QLatin1String("dinov2_vitl14_pretrain.pth")));
    QVERIFY(!QFile::exists(m->filePath(QStringLiteral("dinov2_vitl14"))));
    QVERIFY(!QFile::exists(m->filePath(QStringLiteral("dinov2_vitl14")) + QStringLiteral(".part")));
    QCOMPARE(m_server.requests().size(), 1); // 404 is final: no retry
}

void TestModelManager::fileUrlDownload()
{
    QTemporaryDir mirror;
    const ModelSpec *spec = ModelCatalog::find(kSamId);
    const QString mirrored = mirror.path() + QLatin1Char('/') + spec->relativeUrl;
    QVERIFY(QDir().mkpath(QFileInfo(mirrored).path()));
    QVERIFY(QFile::copy(dinosam::test::fixturePath(QString::fromLatin1(kSamFixture)), mirrored));
    auto m = makeManager();
    m->setMirror(QUrl::fromLocalFile(mirror.path()));
    QCOMPARE(m->sourceUrl(*spec), QUrl::fromLocalFile(mirrored));
    QSignalSpy progress(m.get(), &ModelManager::downloadProgress);
    const ModelResult r = m->download(kSamId);
    QVERIFY2(r.ok, qPrintable(r.message));
    QCOMPARE(readAll(r.path), m_sam);
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.last().at(1).toLongLong(), qint64(m_sam.size()));
    QVERIFY(m_server.requests().isEmpty());

    // A missing file: URL fails cleanly.
    QFile::remove(mirrored);
    QFile::remove(r.path);
    const ModelResult missing = m->download(kSamId);
    QVERIFY(!missing.ok);
    QVERIFY(!QFile::exists(r.path));
}

void TestModelManager::concurrentDownloadIsRefused()
{
    auto m = makeManager();
    QVERIFY(QDir().mkpath(m->modelDir()));
    {
        QLockFile other(m->filePath(kDinoId) + QStringLiteral(".lock")); // another process's download
        QVERIFY(other.tryLock(0));
        const ModelResult r = m->download(kDinoId);
        QVERIFY(!r.ok);
        QVERIFY2(r.message.contains(QLatin1String("another process")), qPrintable(r.message));
        QVERIFY(!m->install(dinosam::test::fixturePath(QString::fromLatin1(kDinoFixture)), kDinoId).ok);
        QVERIFY(m_server.requests().isEmpty());
    }
    // In-process: a second start while the first runs is refused too.
    QString error;
    ModelDownload *first = m->startDownload(kDinoId, &error);
    QVERIFY(first);
    QVERIFY(!m->startDownload(kDinoId, &error));
    QVERIFY(error.contains(QLatin1String("already downloading")));
    QSignalSpy done(first, &ModelDownload::finished);
    QVERIFY(done.wait(60000));
    QVERIFY(m->isInstalled(kDinoId));
    QVERIFY(!QFile::exists(m->filePath(kDinoId) + QStringLiteral(".lock")));
}

void TestModelManager::installCopiesAndVerifies()
{
    auto m = makeManager();
    const QString source = dinosam::test::fixturePath(QString::fromLatin1(kSamFixture));
    const ModelResult r = m->install(source, kSamId);
    QVERIFY2(r.ok, qPrintable(r.message));
    QCOMPARE(r.id, kSamId);
    QCOMPARE(r.path, m->filePath(kSamId));
    QCOMPARE(readAll(r.path), m_sam);
    QVERIFY(QFile::exists(source)); // copied, not moved
    QCOMPARE(readSidecarSha256(r.path), sha256Hex(m_sam));
    QVERIFY(m->verify(kSamId).ok);
    // Installing again over an existing file replaces it atomically.
    QVERIFY(m->install(source, kSamId).ok);
}

void TestModelManager::installInfersIdFromOfficialFileName()
{
    QTemporaryDir downloads;
    const QString file = downloads.path() + QStringLiteral("/dinov2_vits14_reg4_pretrain.pth");
    QVERIFY(QFile::copy(dinosam::test::fixturePath(QString::fromLatin1(kDinoFixture)), file));
    auto m = makeManager();
    const ModelResult r = m->install(file);
    QVERIFY2(r.ok, qPrintable(r.message));
    QCOMPARE(r.id, kDinoId);
    QVERIFY(m->isInstalled(kDinoId));
}

void TestModelManager::installRefusesWrongModel_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("asId");
    QTest::addColumn<QString>("reason");
    QTest::newRow("DINOv2 as SAM2") << QString::fromLatin1(kDinoFixture) << kSamId << QStringLiteral("model");
    QTest::newRow("registers as plain") << QString::fromLatin1(kDinoFixture) << QStringLiteral("dinov2_vits14")
                                        << QStringLiteral("unexpected register_tokens");
    QTest::newRow("ViT-S as ViT-B") << QString::fromLatin1(kDinoFixture) << QStringLiteral("dinov2_vitb14_reg4")
                                    << QStringLiteral("cls_token has shape [1, 1, 384], expected [1, 1, 768]");
    QTest::newRow("tiny as small") << QString::fromLatin1(kSamFixture) << QStringLiteral("sam2.1_hiera_small")
                                   << QStringLiteral("missing image_encoder.trunk.blocks.15.norm1.weight");
    QTest::newRow("SAM2.1 as DINOv2") << QString::fromLatin1(kSamFixture) << QStringLiteral("dinov2_vits14")
                                      << QStringLiteral("missing cls_token");
}

void TestModelManager::installRefusesWrongModel()
{
    QFETCH(QString, fixture);
    QFETCH(QString, asId);
    QFETCH(QString, reason);
    auto m = makeManager();
    const ModelResult r = m->install(dinosam::test::fixturePath(fixture), asId);
    QVERIFY(!r.ok);
    QVERIFY2(r.message.contains(reason), qPrintable(r.message));
    QVERIFY(!QFile::exists(m->filePath(asId)));
    QVERIFY(!QFile::exists(m->filePath(asId) + QStringLiteral(".part")));
}

void TestModelManager::installNeedsIdForUnknownFileName()
{
    auto m = makeManager();
    const ModelResult r = m->install(dinosam::test::fixturePath(QString::fromLatin1(kDinoFixture)));
    QVERIFY(!r.ok);
    QVERIFY2(r.message.contains(QLatin1String("--as")), qPrintable(r.message));
    QVERIFY(!QDir(m->modelDir()).exists() || QDir(m->modelDir()).isEmpty());

    const ModelResult missing = m->install(m_dir->path() + QStringLiteral("/nope.pth"), kDinoId);
    QVERIFY(!missing.ok);
    QVERIFY(missing.message.contains(QLatin1String("no such file")));
}

void TestModelManager::verifyDetectsTamperedFile()
{
    auto m = makeManager();
    QVERIFY(m->install(dinosam::test::fixturePath(QString::fromLatin1(kDinoFixture)), kDinoId).ok);
    const QString path = m->filePath(kDinoId);
    flipByte(path, 30'000'000);
    ModelResult r = m->verify(kDinoId);
    QVERIFY(!r.ok);
    QVERIFY2(r.message.contains(QLatin1String("SHA-256 mismatch")), qPrintable(r.message));
    QVERIFY(r.message.contains(QLatin1String("recorded")));
    // Without the record, the zip CRC still catches it.
    QVERIFY(QFile::remove(sidecarPath(path)));
    r = m->verify(kDinoId);
    QVERIFY(!r.ok);
    QVERIFY2(r.message.contains(QLatin1String("CRC-32")), qPrintable(r.message));
    QVERIFY(!m->verify(QStringLiteral("dinov2_vitl14")).ok); // not installed
}

QTEST_GUILESS_MAIN(TestModelManager)
#include "tst_modelmanager.moc"
