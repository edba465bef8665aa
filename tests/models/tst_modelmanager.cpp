// End-to-end tests of the model manager against a local HTTP server serving
// the team's random-weight fixture checkpoints (official key layout).
#include "fixtures.h"
#include "testhttpserver.h"

#include "modelmanager/checkpointverifier.h"
#include "modelmanager/modelmanager.h"
#include "models/catalog/modelcatalog.h"
#include "models/catalog/verifiedstamp.h"

#include <QCryptographicHash>
#include <QDir>
#include <QLockFile>
#include <QNetworkProxy>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QtTest>

#include <chrono>
#include <filesystem>

using namespace dinosam;
using dinosam::test::TestHttpServer;

namespace {

const QString kDinoId = QStringLiteral("dinov2_vits14_reg4");
const QString kSamId = QStringLiteral("sam2.1_hiera_tiny");
const char *kDinoFixture = "models/dinov2_vits14_reg4_random.pth";
const char *kSamFixture = "models/sam2.1_hiera_tiny_random.pt";

QByteArray urlPath(const QString &id)
{
    return "/" + QByteArray::fromStdString(ModelCatalog::find(id.toStdString())->relativeUrl);
}

bool hasValidStamp(const QString &path)
{
    return readValidStamp(path.toStdString()).has_value();
}

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
    void officialCatalogRefusesOtherFileNamingBothHashes();
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
    void installOfWrongHashLeavesInstalledFileAlone();
    void installOwnCheckpointIsUnverified();
    void renamedJpegIsReportedUnderItsName();
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
    std::unique_ptr<ModelManager> makeManager(const QList<ModelSpec> &catalog);
    QList<ModelSpec> catalogWithPublished(const QString &id, const QString &sha, qint64 size) const;
    /// The catalogue with the fixtures' hashes and sizes in place of Meta's for kDinoId and
    /// kSamId: the test server then serves "official" files.
    QList<ModelSpec> fixtureCatalog() const
    {
        QList<ModelSpec> c = catalogWithPublished(kDinoId, m_dinoSha, m_dino.size());
        for (ModelSpec &s : c)
            if (s.id == kSamId) {
                s.sha256 = sha256Hex(m_sam);
                s.sizeBytes = m_sam.size();
            }
        return c;
    }

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
    m_server.addFile(urlPath(kDinoId), m_dino);
    m_server.addFile(urlPath(kSamId), m_sam);
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
    QList<ModelSpec> catalog = ModelSpec::builtin();
    for (ModelSpec &s : catalog)
        if (s.id == id) {
            s.sha256 = sha;
            s.sizeBytes = size;
        }
    return catalog;
}

void TestModelManager::catalogMatchesMetaReleases()
{
    const QList<ModelSpec> catalog = ModelSpec::builtin();
    QCOMPARE(catalog.size(), 16); // the one catalogue, in Qt types
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
    for (const ModelSpec &s : catalog) {
        QVERIFY(!s.signature.empty());
        QVERIFY2(hex.match(s.sha256).hasMatch(), qPrintable(s.id));
        QCOMPARE(s.stateDictKey, s.isDino() ? QString() : QStringLiteral("model"));
    }
    ModelManager official;
    official.setMirror({});
    auto url = [&](const char *id) { return official.sourceUrl(*official.find(QLatin1String(id))).toString(); };
    QCOMPARE(url("dinov2_vits14"), QStringLiteral("https://dl.fbaipublicfiles.com/dinov2/dinov2_vits14/dinov2_vits14_pretrain.pth"));
    QCOMPARE(url("sam2.1_hiera_base_plus"),
             QStringLiteral("https://dl.fbaipublicfiles.com/segment_anything_2/092824/sam2.1_hiera_base_plus.pt"));
    // $DINOSAM_MODEL_URL_BASE replaces the base (what the CLI's no-network test uses).
    qputenv("DINOSAM_MODEL_URL_BASE", "http://127.0.0.1:9/");
    QCOMPARE(url("sam2_hiera_tiny"), QStringLiteral("http://127.0.0.1:9/segment_anything_2/072824/sam2_hiera_tiny.pt"));
    qunsetenv("DINOSAM_MODEL_URL_BASE");
}

void TestModelManager::defaultModelDirFollowsEnvironment()
{
    const QByteArray oldDir = qgetenv("DINOSAM_MODEL_DIR"), oldXdg = qgetenv("XDG_CACHE_HOME");
    qputenv("DINOSAM_MODEL_DIR", "/tmp/dinosam-test-models/");
    QCOMPARE(ModelManager::defaultModelDir(), QStringLiteral("/tmp/dinosam-test-models"));
    QCOMPARE(ModelManager().modelDir(), QStringLiteral("/tmp/dinosam-test-models"));
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
    QCOMPARE(official.sourceUrl(*official.find(kDinoId)).scheme(), QStringLiteral("https"));
}

void TestModelManager::downloadVerifiesPublishedHashWithProgress()
{
    auto m = makeManager(catalogWithPublished(kDinoId, m_dinoSha, m_dino.size()));
    QSignalSpy progress(m.get(), &ModelManager::downloadProgress);
    const ModelResult r = m->download(kDinoId);
    QVERIFY2(r.ok, qPrintable(r.message));
    QVERIFY2(r.message.contains(QLatin1String("match the published file")), qPrintable(r.message));
    QCOMPARE(r.sha256, m_dinoSha);
    QCOMPARE(r.path, m->filePath(kDinoId));
    QVERIFY(readAll(r.path) == m_dino);
    QVERIFY(!QFile::exists(r.path + QStringLiteral(".part")));
    QVERIFY(hasValidStamp(r.path));
    QCOMPARE(QString::fromStdString(readValidStamp(r.path.toStdString())->sha256), m_dinoSha);

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

void TestModelManager::officialCatalogRefusesOtherFileNamingBothHashes()
{
    // The fixture is not Meta's file: with the real published hash it is refused, no trust on first use.
    auto m = makeManager(ModelSpec::builtin());
    const ModelResult r = m->download(kSamId);
    QVERIFY(!r.ok);
    QVERIFY2(r.message.contains(QLatin1String("SHA-256 mismatch")), qPrintable(r.message));
    QVERIFY2(r.message.contains(sha256Hex(m_sam)), qPrintable(r.message));
    QVERIFY2(r.message.contains(m->find(kSamId)->sha256), qPrintable(r.message));
    QVERIFY2(r.message.contains(QLatin1String("sam2.1_hiera_tiny.pt")) && !r.message.contains(QLatin1String(".part")),
             qPrintable(r.message));
    QVERIFY(!QFile::exists(m->filePath(kSamId)));
    QVERIFY(!QFile::exists(m->filePath(kSamId) + QStringLiteral(".part")));
    QVERIFY(!m->isInstalled(kSamId));
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
    auto m = makeManager(fixtureCatalog());
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
    auto m = makeManager(fixtureCatalog());
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
    m_server.addRedirect("/moved" + urlPath(kDinoId), urlPath(kDinoId));
    auto m = makeManager(fixtureCatalog());
    m->setMirror(m_server.baseUrl().resolved(QUrl(QStringLiteral("moved/"))));
    const ModelResult r = m->download(kDinoId);
    QVERIFY2(r.ok, qPrintable(r.message + QLatin1Char(' ') + requestLog()));
    QVERIFY(readAll(r.path) == m_dino);
    QVERIFY2(m_server.requests().size() == 2 && m_server.requests().at(0).status == 302, qPrintable(requestLog()));
}

void TestModelManager::corruptedDownloadIsRefused_data()
{
    QTest::addColumn<qint64>("offset");
    // One wrong byte anywhere, tensor data or zip header: the published hash catches it.
    QTest::newRow("tensor data") << qint64(20'000'000);
    QTest::newRow("zip header") << qint64(0);
    QTest::newRow("last byte") << qint64(-2);
}

void TestModelManager::corruptedDownloadIsRefused()
{
    QFETCH(qint64, offset);
    m_server.corruptByteAt(offset >= 0 ? offset : m_dino.size() - 1);
    auto m = makeManager(catalogWithPublished(kDinoId, m_dinoSha, m_dino.size()));
    const ModelResult r = m->download(kDinoId);
    QVERIFY(!r.ok);
    QVERIFY2(r.message.contains(QLatin1String("SHA-256 mismatch")), qPrintable(r.message));
    QVERIFY2(r.message.contains(m_dinoSha), qPrintable(r.message)); // expected ...
    QVERIFY2(r.message.contains(QRegularExpression(QStringLiteral("has [0-9a-f]{64}"))), qPrintable(r.message)); // ... and got
    QVERIFY(!QFile::exists(m->filePath(kDinoId)));
    QVERIFY(!QFile::exists(m->filePath(kDinoId) + QStringLiteral(".part")));
    QVERIFY(!QFile::exists(QString::fromStdString(stampPath(m->filePath(kDinoId).toStdString()).string())));
}

void TestModelManager::notFoundIsReported()
{
    auto m = makeManager(fixtureCatalog());
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
    auto m = makeManager(fixtureCatalog());
    const ModelSpec *spec = m->find(kSamId);
    const QString mirrored = mirror.path() + QLatin1Char('/') + spec->relativeUrl;
    QVERIFY(QDir().mkpath(QFileInfo(mirrored).path()));
    QVERIFY(QFile::copy(dinosam::test::fixturePath(QString::fromLatin1(kSamFixture)), mirrored));
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
    auto m = makeManager(fixtureCatalog());
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
    auto m = makeManager(fixtureCatalog());
    const QString source = dinosam::test::fixturePath(QString::fromLatin1(kSamFixture));
    const ModelResult r = m->install(source, kSamId);
    QVERIFY2(r.ok, qPrintable(r.message));
    QCOMPARE(r.id, kSamId);
    QCOMPARE(r.path, m->filePath(kSamId));
    QCOMPARE(readAll(r.path), m_sam);
    QVERIFY(QFile::exists(source)); // copied, not moved
    QVERIFY(hasValidStamp(r.path));
    QVERIFY(m->isVerified(kSamId));
    QVERIFY(!m->isOwn(kSamId));
    QVERIFY(m->verify(kSamId).ok);
    // Installing again over an existing file replaces it atomically.
    QVERIFY(m->install(source, kSamId).ok);
}

void TestModelManager::installInfersIdFromOfficialFileName()
{
    QTemporaryDir downloads;
    const QString file = downloads.path() + QStringLiteral("/dinov2_vits14_reg4_pretrain.pth");
    QVERIFY(QFile::copy(dinosam::test::fixturePath(QString::fromLatin1(kDinoFixture)), file));
    auto m = makeManager(fixtureCatalog());
    const ModelResult r = m->install(file);
    QVERIFY2(r.ok, qPrintable(r.message));
    QCOMPARE(r.id, kDinoId);
    QVERIFY(m->isInstalled(kDinoId));
    // With Meta's hashes the same file, official name or not, is refused.
    auto official = makeManager(ModelSpec::builtin());
    official->setModelDir(m_dir->path() + QStringLiteral("/official"));
    const ModelResult refused = official->install(file);
    QVERIFY(!refused.ok);
    QVERIFY2(refused.message.contains(QLatin1String("SHA-256 mismatch")), qPrintable(refused.message));
    QVERIFY(!official->isInstalled(kDinoId));
}

void TestModelManager::installRefusesWrongModel_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("asId");
    QTest::addColumn<QString>("reason");
    const QString reg4 = QStringLiteral(" is DINOv2 ViT-S/14 (4 registers) (dinov2_vits14_reg4), not ");
    const QString tiny = QStringLiteral(" is SAM 2.1 Hiera tiny (sam2.1_hiera_tiny), not ");
    // One message naming what the file is, not a list of keys.
    QTest::newRow("DINOv2 as SAM2") << QString::fromLatin1(kDinoFixture) << kSamId << reg4 + "SAM 2.1 Hiera tiny";
    QTest::newRow("registers as plain") << QString::fromLatin1(kDinoFixture) << QStringLiteral("dinov2_vits14")
                                        << reg4 + "DINOv2 ViT-S/14";
    QTest::newRow("ViT-S as ViT-B") << QString::fromLatin1(kDinoFixture) << QStringLiteral("dinov2_vitb14_reg4")
                                    << reg4 + "DINOv2 ViT-B/14 (4 registers)";
    QTest::newRow("tiny as small") << QString::fromLatin1(kSamFixture) << QStringLiteral("sam2.1_hiera_small")
                                   << tiny + "SAM 2.1 Hiera small";
    QTest::newRow("SAM2.1 as SAM2") << QString::fromLatin1(kSamFixture) << QStringLiteral("sam2_hiera_tiny")
                                    << tiny + "SAM 2 Hiera tiny";
    QTest::newRow("SAM2.1 as DINOv2") << QString::fromLatin1(kSamFixture) << QStringLiteral("dinov2_vits14")
                                      << tiny + "DINOv2 ViT-S/14";
}

void TestModelManager::installRefusesWrongModel()
{
    QFETCH(QString, fixture);
    QFETCH(QString, asId);
    QFETCH(QString, reason);
    auto m = makeManager(fixtureCatalog());
    for (bool own : {false, true}) { // official: hash mismatch + what it is; own: the content check alone
        const ModelResult r = m->install(dinosam::test::fixturePath(fixture), asId, own);
        QVERIFY(!r.ok);
        QVERIFY2(r.message.contains(reason), qPrintable(r.message));
        QVERIFY2(!r.message.contains(QLatin1String("missing ")), qPrintable(r.message));
        QCOMPARE(r.message.contains(QLatin1String("SHA-256 mismatch")), !own);
        QVERIFY(!QFile::exists(m->filePath(asId)));
        QVERIFY(!QFile::exists(m->filePath(asId) + QStringLiteral(".part")));
        QVERIFY(!QFile::exists(m->filePath(asId) + QStringLiteral(".install.part")));
    }
    // The settings dialog's check, from the shapes alone, says the same and names the variant.
    const ModelSpec *spec = m->find(asId);
    QVERIFY(spec);
    const ContentCheck quick = identifyCheckpointFile(dinosam::test::fixturePath(fixture), *spec);
    const ContentCheck full = checkpointContentVerifier()(dinosam::test::fixturePath(fixture), *spec);
    QVERIFY(!quick.ok);
    QCOMPARE(quick.message, full.message);
    QCOMPARE(quick.identifiedId, full.identifiedId);
    QVERIFY2(quick.message.contains(reason), qPrintable(quick.message));
    QVERIFY(!quick.identifiedId.isEmpty());
    QCOMPARE(identifyCheckpointFile(dinosam::test::fixturePath(fixture), *m->find(quick.identifiedId)).ok, true);
}

void TestModelManager::installNeedsIdForUnknownFileName()
{
    auto m = makeManager(ModelSpec::builtin());
    const ModelResult r = m->install(dinosam::test::fixturePath(QString::fromLatin1(kDinoFixture)));
    QVERIFY(!r.ok);
    QVERIFY2(r.message.contains(QLatin1String("--as")) && r.message.contains(QLatin1String("install ID")),
             qPrintable(r.message));
    QVERIFY2(r.message.contains(QLatin1String("contents are those of dinov2_vits14_reg4")), qPrintable(r.message));
    QVERIFY(!QDir(m->modelDir()).exists() || QDir(m->modelDir()).isEmpty());

    const ModelResult missing = m->install(m_dir->path() + QStringLiteral("/nope.pth"), kDinoId);
    QVERIFY(!missing.ok);
    QVERIFY(missing.message.contains(QLatin1String("no such file")));
    QVERIFY(!m->install(dinosam::test::fixturePath(QString::fromLatin1(kDinoFixture)), {}, true).ok); // own needs an id
}

void TestModelManager::installOfWrongHashLeavesInstalledFileAlone()
{
    auto m = makeManager(fixtureCatalog());
    QVERIFY(m->install(dinosam::test::fixturePath(QString::fromLatin1(kDinoFixture)), kDinoId).ok);
    QTemporaryDir other;
    const QString bad = other.filePath(QStringLiteral("dinov2_vits14_reg4_pretrain.pth"));
    QVERIFY(QFile::copy(dinosam::test::fixturePath(QString::fromLatin1(kDinoFixture)), bad));
    QFile(bad).setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    flipByte(bad, 25'000'000);
    const ModelResult r = m->install(bad, kDinoId);
    QVERIFY(!r.ok);
    QVERIFY2(r.message.contains(m_dinoSha) && r.message.contains(sha256Hex(readAll(bad))), qPrintable(r.message));
    QCOMPARE(readAll(m->filePath(kDinoId)), m_dino); // untouched
    QVERIFY(m->isVerified(kDinoId));
}

void TestModelManager::installOwnCheckpointIsUnverified()
{
    auto m = makeManager(ModelSpec::builtin());
    const QString source = dinosam::test::fixturePath(QString::fromLatin1(kDinoFixture));
    const ModelResult refused = m->install(source, kDinoId);
    QVERIFY(!refused.ok);
    QVERIFY2(refused.message.contains(QLatin1String("--own")), qPrintable(refused.message));
    QVERIFY(!m->isInstalled(kDinoId));

    const ModelResult r = m->install(source, kDinoId, true);
    QVERIFY2(r.ok, qPrintable(r.message));
    QVERIFY2(r.message.contains(QLatin1String("UNVERIFIED")), qPrintable(r.message));
    QVERIFY(m->isOwn(kDinoId));
    QVERIFY(m->isVerified(kDinoId));
    const ModelResult v = m->verify(kDinoId);
    QVERIFY2(v.ok && v.message.contains(QLatin1String("UNVERIFIED")), qPrintable(v.message));
    // Changed after installing: neither own nor official any more.
    flipByte(m->filePath(kDinoId), 30'000'000);
    std::filesystem::last_write_time(m->filePath(kDinoId).toStdString(),
                                     std::filesystem::last_write_time(m->filePath(kDinoId).toStdString()) +
                                         std::chrono::seconds(2));
    QVERIFY(!m->isOwn(kDinoId));
    QVERIFY(!m->isVerified(kDinoId));
    QVERIFY(!m->verify(kDinoId).ok);
}

void TestModelManager::renamedJpegIsReportedUnderItsName()
{
    QTemporaryDir downloads;
    const QString file = downloads.filePath(QStringLiteral("holiday.pth"));
    QVERIFY(QFile::copy(QStringLiteral(DINOSAM_SAMPLE_IMAGE), file));
    auto m = makeManager(ModelSpec::builtin());
    for (const QString &id : {kDinoId, QString()}) {
        const ModelResult r = m->install(file, id);
        QVERIFY(!r.ok);
        QVERIFY2(r.message.contains(QLatin1String("holiday.pth")), qPrintable(r.message));
        QVERIFY2(!r.message.contains(QLatin1String(".part")), qPrintable(r.message));
        QVERIFY2(r.message.contains(QLatin1String("not a zip file")), qPrintable(r.message));
    }
    QVERIFY(!m->isInstalled(kDinoId));
}

void TestModelManager::verifyDetectsTamperedFile()
{
    auto m = makeManager(fixtureCatalog());
    QVERIFY(m->install(dinosam::test::fixturePath(QString::fromLatin1(kDinoFixture)), kDinoId).ok);
    const QString path = m->filePath(kDinoId);
    QVERIFY(m->isVerified(kDinoId));
    flipByte(path, 30'000'000);
    std::filesystem::last_write_time(path.toStdString(),
                                     std::filesystem::last_write_time(path.toStdString()) + std::chrono::seconds(2));
    QVERIFY(!hasValidStamp(path)); // the stamp no longer describes the file
    QVERIFY(!m->isVerified(kDinoId));
    const ModelResult r = m->verify(kDinoId);
    QVERIFY(!r.ok);
    QVERIFY2(r.message.contains(QLatin1String("SHA-256 mismatch")), qPrintable(r.message));
    QVERIFY(!m->verify(QStringLiteral("dinov2_vitl14")).ok); // not installed
}

QTEST_GUILESS_MAIN(TestModelManager)
#include "tst_modelmanager.moc"
