// The disk feature cache on its own, with synthetic encoder outputs: float16 round trip,
// every kind of damaged or foreign file recomputed (never trusted), LRU eviction under the
// byte budget, and several processes writing and reading one folder at once.
#include "pipeline/contenthash.h"
#include "pipeline/diskfeaturecache.h"

#include <QCoreApplication>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <ATen/ATen.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

namespace fs = std::filesystem;
using namespace dinosam;

namespace {

constexpr char kTag[] = "dinov2_vits14|1234|abcdef";
constexpr char kSamTag[] = "sam2.1_hiera_tiny|99|beef";

/// Deterministic features for `seed` (what an encoder would return for one image).
DinoFeatures dinoFor(int seed, bool withKeys = true)
{
    at::manual_seed(seed);
    DinoFeatures f;
    f.modelId = "dinov2_vits14";
    f.imageSize = {320, 240};
    f.inputSize = {224, 168};
    f.gridH = 12;
    f.gridW = 16;
    f.numRegisters = 4;
    f.clsToken = at::randn({1, 32});
    f.patchTokens = at::randn({1, 12 * 16, 32}) * 3;
    f.lastAttnCls = at::softmax(at::randn({1, 6, 1 + 4 + 12 * 16}), -1);
    if (withKeys)
        f.lastKeys = at::randn({1, 6, 1 + 4 + 12 * 16, 8});
    return f;
}

Sam2Features samFor(int seed, int side = 64)
{
    at::manual_seed(1000 + seed);
    Sam2Features f;
    f.modelId = "sam2.1_hiera_tiny";
    f.imageSize = {320, 240};
    f.imageEmbed = at::randn({1, 16, side, side});
    f.highResFeat0 = at::randn({1, 4, 2 * side, 2 * side});
    f.highResFeat1 = at::randn({1, 8, side, side});
    return f;
}

double maxRelDiff(const at::Tensor &a, const at::Tensor &b)
{
    return ((a - b).abs() / (b.abs() + 1e-3)).max().item<double>();
}

std::string readBytes(const fs::path &file)
{
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

void writeBytes(const fs::path &file, const std::string &bytes)
{
    std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
}

std::string contentKey(int i) { return "m" + std::to_string(i) + "0123456789abcdef"; }

/// Child-process mode (DINOSAM_DFC_WRITER=dir): stores and loads the shared entries in a
/// loop, exits 0 when every load it got was intact.
int writerMain(const char *dir)
{
    DiskFeatureCache cache(dir, uint64_t(1) << 40);
    for (int round = 0; round < 12; ++round) {
        for (int i = 0; i < 3; ++i) {
            cache.storeSam2(kSamTag, contentKey(i), samFor(i, 32));
            const auto got = cache.loadSam2(kSamTag, contentKey(i));
            if (!got)
                return 3; // stored a moment ago, never evicted (huge budget): must be there
            if (!at::allclose(got->imageEmbed, samFor(i, 32).imageEmbed, 1e-2, 1e-2))
                return 4;
        }
    }
    return cache.stats().rejected == 0 ? 0 : 5;
}

} // namespace

class TestDiskFeatureCache : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void dinoRoundTripIsFloat16();
    void samRoundTripAndLargeValues();
    void keysSeparateEntries();
    void damagedFilesAreRecomputed_data();
    void damagedFilesAreRecomputed();
    void lyingSizesAreRejected();
    void evictionKeepsTheBudget();
    void evictionTouchesOnlyCacheFiles();
    void concurrentWritersNeverCorrupt();
    void unwritableFolderIsOnlyCounted();
    void checkpointTagFollowsContent();
};

void TestDiskFeatureCache::dinoRoundTripIsFloat16()
{
    QTemporaryDir dir;
    DiskFeatureCache cache(dir.path().toStdString(), uint64_t(1) << 30);
    QVERIFY(!cache.loadDino(kTag, contentKey(1), 224));
    const DinoFeatures f = dinoFor(1);
    cache.storeDino(kTag, contentKey(1), 224, f);
    const fs::path file = cache.fileFor("dino", kTag, contentKey(1), 224);
    QVERIFY(fs::is_regular_file(file));
    // float16: about half of the float32 bytes.
    const double fp32 = double(f.clsToken.nbytes() + f.patchTokens.nbytes() + f.lastAttnCls.nbytes() +
                               f.lastKeys.nbytes());
    QVERIFY2(double(fs::file_size(file)) < 0.55 * fp32, qPrintable(QString::number(fs::file_size(file))));
    const auto got = cache.loadDino(kTag, contentKey(1), 224);
    QVERIFY(got);
    QCOMPARE(got->imageSize, f.imageSize);
    QCOMPARE(got->inputSize, f.inputSize);
    QCOMPARE(got->gridH, 12);
    QCOMPARE(got->gridW, 16);
    QCOMPARE(got->numRegisters, 4);
    QCOMPARE(got->modelId, std::string("dinov2_vits14"));
    QCOMPARE(got->patchTokens.sizes().vec(), f.patchTokens.sizes().vec());
    QCOMPARE(got->patchTokens.scalar_type(), at::kFloat);
    // float16 keeps 11 significant bits: relative error <= 2^-11 (+ the 1e-3 floor).
    QVERIFY(maxRelDiff(got->patchTokens, f.patchTokens) < 1e-3);
    QVERIFY(maxRelDiff(got->lastKeys, f.lastKeys) < 1e-3);
    QVERIFY((got->lastAttnCls - f.lastAttnCls).abs().max().item<double>() < 1e-4);
    QCOMPARE(cache.stats().hits, uint64_t(1));
    QCOMPARE(cache.stats().misses, uint64_t(1));
    // Undefined keys (attention-only encoders) stay undefined.
    cache.storeDino(kTag, contentKey(2), 224, dinoFor(2, false));
    const auto noKeys = cache.loadDino(kTag, contentKey(2), 224);
    QVERIFY(noKeys && !noKeys->lastKeys.defined());
}

void TestDiskFeatureCache::samRoundTripAndLargeValues()
{
    QTemporaryDir dir;
    DiskFeatureCache cache(dir.path().toStdString(), uint64_t(1) << 30);
    Sam2Features f = samFor(1);
    f.highResFeat1 = f.highResFeat1 * 1e5; // beyond float16 (65504): must be kept as float32
    cache.storeSam2(kSamTag, contentKey(1), f);
    const auto got = cache.loadSam2(kSamTag, contentKey(1));
    QVERIFY(got);
    QCOMPARE(got->imageSize, f.imageSize);
    QVERIFY(maxRelDiff(got->imageEmbed, f.imageEmbed) < 1e-3);
    QVERIFY(at::equal(got->highResFeat1, f.highResFeat1)); // float32: exact
    QVERIFY(at::isfinite(got->highResFeat1).all().item<bool>());
}

void TestDiskFeatureCache::keysSeparateEntries()
{
    QTemporaryDir dir;
    DiskFeatureCache cache(dir.path().toStdString(), uint64_t(1) << 30);
    cache.storeDino(kTag, contentKey(1), 224, dinoFor(1));
    QVERIFY(!cache.loadDino(kTag, contentKey(1), 448));                    // input size
    QVERIFY(!cache.loadDino("dinov2_vits14|1234|other", contentKey(1), 224)); // checkpoint
    QVERIFY(!cache.loadDino(kTag, contentKey(2), 224));                    // image
    QVERIFY(!cache.loadSam2(kTag, contentKey(1)));                         // kind
    QVERIFY(cache.loadDino(kTag, contentKey(1), 224));
    QCOMPARE(cache.stats().rejected, uint64_t(0));
}

void TestDiskFeatureCache::damagedFilesAreRecomputed_data()
{
    QTest::addColumn<QString>("damage");
    for (const char *d : {"truncated", "truncated to header", "empty", "bit flip in data", "bit flip in header",
                          "foreign file", "other entry's file", "older format"})
        QTest::newRow(d) << QString::fromLatin1(d);
}

void TestDiskFeatureCache::damagedFilesAreRecomputed()
{
    QFETCH(QString, damage);
    QTemporaryDir dir;
    DiskFeatureCache cache(dir.path().toStdString(), uint64_t(1) << 30);
    cache.storeDino(kTag, contentKey(1), 224, dinoFor(1));
    cache.storeDino(kTag, contentKey(2), 224, dinoFor(2));
    const fs::path file = cache.fileFor("dino", kTag, contentKey(1), 224);
    std::string bytes = readBytes(file);
    QVERIFY(bytes.size() > 10000);
    if (damage == "truncated")
        bytes.resize(bytes.size() / 2);
    else if (damage == "truncated to header")
        bytes.resize(100);
    else if (damage == "empty")
        bytes.clear();
    else if (damage == "bit flip in data")
        bytes[bytes.size() / 2] ^= 0x10;
    else if (damage == "bit flip in header")
        bytes[9] ^= 0x01;
    else if (damage == "foreign file")
        bytes = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(5000, 'x');
    else if (damage == "other entry's file") // valid file, wrong name: its key disagrees
        bytes = readBytes(cache.fileFor("dino", kTag, contentKey(2), 224));
    else if (damage == "older format") {
        bytes[8] = 0; // version 0 with a correct checksum
        const std::string body = bytes.substr(0, bytes.size() - 32);
        bytes = body + contentHash(body.data(), body.size());
    }
    writeBytes(file, bytes);
    QVERIFY(!cache.loadDino(kTag, contentKey(1), 224));
    QCOMPARE(cache.stats().rejected, uint64_t(1));
    QVERIFY(!fs::exists(file)); // removed, so the next store writes a good one
    cache.storeDino(kTag, contentKey(1), 224, dinoFor(1));
    QVERIFY(cache.loadDino(kTag, contentKey(1), 224));
}

void TestDiskFeatureCache::lyingSizesAreRejected()
{
    // A file whose checksum is right but whose shapes claim more data than there is (or less):
    // sizes are checked against the file, nothing is allocated from them blindly.
    QTemporaryDir dir;
    DiskFeatureCache cache(dir.path().toStdString(), uint64_t(1) << 30);
    cache.storeSam2(kSamTag, contentKey(1), samFor(1, 16));
    const fs::path file = cache.fileFor("sam2", kSamTag, contentKey(1), 0);
    const std::string good = readBytes(file);
    const std::string body = good.substr(0, good.size() - 32);
    // The first tensor's first dim (1) sits right after: header, key, meta, count, flags.
    const std::string key = std::string("sam2|v1|") + kSamTag + "|" + contentKey(1) + "|0";
    const size_t dimAt = 8 + 12 + 4 + key.size() + 4 + 2 * 4 + 4 + 3;
    int64_t dim = 0;
    std::memcpy(&dim, body.data() + dimAt, 8);
    QCOMPARE(dim, int64_t(1));
    for (const int64_t lie : {int64_t(2), int64_t(1) << 40, int64_t(-1), int64_t(0)}) {
        std::string bad = body;
        std::memcpy(bad.data() + dimAt, &lie, 8);
        writeBytes(file, bad + contentHash(bad.data(), bad.size()));
        QVERIFY2(!cache.loadSam2(kSamTag, contentKey(1)), qPrintable(QString::number(lie)));
    }
    QCOMPARE(cache.stats().rejected, uint64_t(4));
}

void TestDiskFeatureCache::evictionKeepsTheBudget()
{
    QTemporaryDir dir;
    const fs::path root = dir.path().toStdString();
    uint64_t entry = 0;
    {
        DiskFeatureCache probe(root / "probe", uint64_t(1) << 30);
        probe.storeSam2(kSamTag, contentKey(0), samFor(0));
        entry = probe.diskBytes();
    }
    QVERIFY(entry > 100000);
    const uint64_t budget = entry * 3 + entry / 2; // room for 3 entries
    DiskFeatureCache cache(root / "cache", budget);
    const auto old = fs::file_time_type::clock::now() - std::chrono::hours(10);
    for (int i = 0; i < 3; ++i) {
        cache.storeSam2(kSamTag, contentKey(i), samFor(i));
        // Distinct ages without waiting: entry i was used i hours after entry 0.
        fs::last_write_time(cache.fileFor("sam2", kSamTag, contentKey(i), 0), old + std::chrono::hours(i));
    }
    QCOMPARE(cache.diskBytes(), 3 * entry);
    QVERIFY(cache.loadSam2(kSamTag, contentKey(0))); // a hit makes entry 0 the most recent
    cache.storeSam2(kSamTag, contentKey(3), samFor(3)); // over budget: down to 90 % of it
    QVERIFY(cache.diskBytes() <= budget * 9 / 10);
    QVERIFY(cache.stats().evictions >= 1);
    QVERIFY(fs::exists(cache.fileFor("sam2", kSamTag, contentKey(3), 0))); // just written
    QVERIFY(fs::exists(cache.fileFor("sam2", kSamTag, contentKey(0), 0))); // recently used
    QVERIFY(!fs::exists(cache.fileFor("sam2", kSamTag, contentKey(1), 0))); // least recently used
    // A budget below one entry still keeps the entry just written.
    DiskFeatureCache tiny(root / "cache", entry / 2);
    tiny.storeSam2(kSamTag, contentKey(4), samFor(4));
    QVERIFY(fs::exists(tiny.fileFor("sam2", kSamTag, contentKey(4), 0)));
    QCOMPARE(tiny.diskBytes(), entry);
}

void TestDiskFeatureCache::evictionTouchesOnlyCacheFiles()
{
    QTemporaryDir dir;
    const fs::path root = dir.path().toStdString();
    writeBytes(root / "notes.txt", std::string(100000, 'n'));
    writeBytes(root / "0123456789abcdef0123456789abcdef.dsf.bak", std::string(1000, 'b'));
    writeBytes(root / "UPPERCASE0123456789ABCDEF0123456.dsf", std::string(1000, 'u'));
    // A temporary a killed writer left an hour ago goes; a fresh one (a live writer) stays.
    const fs::path staleTemp = root / ".0123456789abcdef0123456789abcdef.dsf.tmp-AbC123";
    const fs::path liveTemp = root / ".fedcba9876543210fedcba9876543210.dsf.tmp-XyZ789";
    writeBytes(staleTemp, "x");
    writeBytes(liveTemp, "x");
    fs::last_write_time(staleTemp, fs::file_time_type::clock::now() - std::chrono::hours(2));
    DiskFeatureCache cache(root, 1);
    cache.storeSam2(kSamTag, contentKey(0), samFor(0, 16));
    cache.storeSam2(kSamTag, contentKey(1), samFor(1, 16));
    QCOMPARE(cache.evictTo(0), 1); // the one the last store kept
    QCOMPARE(cache.diskBytes(), uint64_t(0));
    QVERIFY(fs::exists(root / "notes.txt"));
    QVERIFY(fs::exists(root / "0123456789abcdef0123456789abcdef.dsf.bak"));
    QVERIFY(fs::exists(root / "UPPERCASE0123456789ABCDEF0123456.dsf"));
    QVERIFY(!fs::exists(staleTemp));
    QVERIFY(fs::exists(liveTemp));
}

void TestDiskFeatureCache::concurrentWritersNeverCorrupt()
{
    // Three processes (two children and this one) store and load the same entries at once.
    QTemporaryDir dir;
    const QString path = dir.path();
    QProcess children[2];
    for (auto &c : children) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DINOSAM_DFC_WRITER"), path);
        c.setProcessEnvironment(env);
        c.start(QCoreApplication::applicationFilePath(), {});
        QVERIFY(c.waitForStarted(10000));
    }
    const int mine = writerMain(path.toLocal8Bit().constData());
    for (auto &c : children) {
        QVERIFY(c.waitForFinished(120000));
        QCOMPARE(c.exitStatus(), QProcess::NormalExit);
        QCOMPARE(c.exitCode(), 0);
    }
    QCOMPARE(mine, 0);
    // Afterwards: exactly the 3 entries, all valid, no temporary left.
    int files = 0;
    for (const auto &e : fs::directory_iterator(path.toStdString())) {
        QVERIFY2(e.path().extension() == ".dsf", e.path().c_str());
        ++files;
    }
    QCOMPARE(files, 3);
    DiskFeatureCache check(path.toStdString(), uint64_t(1) << 40);
    for (int i = 0; i < 3; ++i)
        QVERIFY(check.loadSam2(kSamTag, contentKey(i)));
    QCOMPARE(check.stats().rejected, uint64_t(0));
}

void TestDiskFeatureCache::unwritableFolderIsOnlyCounted()
{
    // The folder replaced by a file after start-up (works as root too, unlike permissions):
    // a store fails, is counted, and neither throws nor leaves anything.
    QTemporaryDir dir;
    const fs::path folder = fs::path(dir.path().toStdString()) / "cache";
    DiskFeatureCache cache(folder, uint64_t(1) << 30);
    fs::remove_all(folder);
    writeBytes(folder, "not a folder");
    cache.storeSam2(kSamTag, contentKey(0), samFor(0, 16));
    QCOMPARE(cache.stats().writeFailures, uint64_t(1));
    QCOMPARE(cache.stats().writes, uint64_t(0));
    QVERIFY(!cache.loadSam2(kSamTag, contentKey(0)));
    QCOMPARE(readBytes(folder), std::string("not a folder"));
}

void TestDiskFeatureCache::checkpointTagFollowsContent()
{
    QTemporaryDir dir;
    const fs::path root = dir.path().toStdString();
    std::string big(300000, '\0');
    for (size_t i = 0; i < big.size(); ++i)
        big[i] = char(i * 7);
    writeBytes(root / "a.pt", big);
    writeBytes(root / "copy.pt", big);
    std::string tail = big;
    tail[tail.size() - 10] ^= 1; // a zip's central directory (CRCs) is at the end
    writeBytes(root / "b.pt", tail);
    const auto a = DiskFeatureCache::checkpointTag("sam2.1_hiera_tiny", root / "a.pt");
    QVERIFY(!a.empty());
    QCOMPARE(DiskFeatureCache::checkpointTag("sam2.1_hiera_tiny", root / "copy.pt"), a); // path-independent
    QVERIFY(DiskFeatureCache::checkpointTag("sam2.1_hiera_tiny", root / "b.pt") != a);
    QVERIFY(DiskFeatureCache::checkpointTag("sam2.1_hiera_small", root / "a.pt") != a);
    QVERIFY(DiskFeatureCache::checkpointTag("sam2.1_hiera_tiny", root / "missing.pt").empty());
}

int main(int argc, char *argv[])
{
    if (const char *dir = std::getenv("DINOSAM_DFC_WRITER"))
        return writerMain(dir);
    QCoreApplication app(argc, argv);
    TestDiskFeatureCache test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_diskfeaturecache.moc"
