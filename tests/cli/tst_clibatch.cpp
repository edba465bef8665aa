// `dinosam` batches that survive and scale: resume after kill -9, --force, --shard K/N over one
// shared save folder, and `dinosam merge-coco`. Through QProcess, like a user or a cluster task.
#include "fixtures.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace {

constexpr int kExitImageFailed = 1;
constexpr int kExitUsage = 2;

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
    QByteArray log() const { return ("stdout:\n" + out + "\nstderr:\n" + err).toLocal8Bit(); }
};

QStringList modelArgs(int threads = 2)
{
    return {QStringLiteral("--dino-checkpoint"), dinosam::test::fixturePath("models/dinov2_vits14_reg4_random.pth"),
            QStringLiteral("--dino-model"),      QStringLiteral("dinov2_vits14_reg4"),
            QStringLiteral("--sam2-checkpoint"), dinosam::test::fixturePath("models/sam2.1_hiera_tiny_random.pt"),
            QStringLiteral("--threads"),         QString::number(threads),
            QStringLiteral("--min-area"),        QStringLiteral("50")};
}

void startCli(QProcess &p, const QStringList &args)
{
    p.start(QStringLiteral(DINOSAM_CLI_PATH), args);
}

Run finish(QProcess &p)
{
    Run r;
    if (!p.waitForStarted(10000) || !p.waitForFinished(540000)) {
        p.kill();
        p.waitForFinished();
        r.err = QStringLiteral("dinosam did not finish");
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromLocal8Bit(p.readAllStandardOutput());
    r.err = QString::fromLocal8Bit(p.readAllStandardError());
    return r;
}

Run runCli(const QStringList &args)
{
    QProcess p;
    startCli(p, args);
    return finish(p);
}

/// A 160 x 120 image whose pixels depend on `content` only. Files with the same content share one
/// encoding (the pipeline's caches are keyed by content), so a test pays the encoders once per
/// content; contents 0 and 1 are encoded by the first test that needs them and kept in the
/// disk cache (XDG_CACHE_HOME of this test) for the later ones.
bool writeImage(const QString &file, int content)
{
    cv::Mat bgr(120, 160, CV_8UC3, cv::Scalar(40 + 5 * content, 30, 20));
    cv::circle(bgr, {30 + 12 * content, 60}, 22, cv::Scalar(230, 200, 40 + 20 * content), cv::FILLED);
    cv::rectangle(bgr, cv::Rect(100, 15 + 5 * content, 40, 60), cv::Scalar(20, 220, 200), cv::FILLED);
    return cv::imwrite(file.toStdString(), bgr);
}

/// img1.png ... imgN.png in `dir` with the given contents.
QStringList writeImages(const QString &dir, const std::vector<int> &contents)
{
    QStringList files;
    for (size_t i = 0; i < contents.size(); ++i) {
        const QString file = dir + QStringLiteral("/img%1.png").arg(i + 1);
        if (!writeImage(file, contents[i]))
            return {};
        files << file;
    }
    return files;
}

QStringList doneMarkers(const QString &saveDir)
{
    return QDir(saveDir + QStringLiteral("/.dinosam-done")).entryList({QStringLiteral("*.done")}, QDir::Files,
                                                                     QDir::Name);
}

/// Files AtomicFile left behind (".name.tmp-XXXXXX") anywhere under `dir`.
QStringList temporaries(const QString &dir)
{
    QStringList found;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString f = it.next();
        if (f.contains(QStringLiteral(".tmp-")))
            found << f;
    }
    return found;
}

QByteArray readAll(const QString &file)
{
    QFile f(file);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

/// Image names ("img3.png") that the progress lines of a run report as segmented.
QStringList segmentedNames(const QString &out)
{
    QStringList names;
    static const QRegularExpression line(QStringLiteral("^\\[\\d+/\\d+\\] (\\S+): "),
                                         QRegularExpression::MultilineOption);
    auto it = line.globalMatch(out);
    while (it.hasNext())
        names << it.next().captured(1);
    return names;
}

} // namespace

class TestCliBatch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void shardUsage();
    void emptyShardLoadsNothing();
    void precomputeFillsTheCacheForLaterRuns();
    void resumeAfterKill();
    void shardsShareOneFolderAndMerge();
    void mergeCocoRenumbers();
    void mergeCocoRefuses_data();
    void mergeCocoRefuses();
    void bigImageIsSegmentedInTiles();
    void tilingOffRefusesAnImageOver100MP();

private:
    QTemporaryDir m_home;
};

void TestCliBatch::initTestCase()
{
    // Children inherit it: the default feature cache goes to a folder of this test, not ~/.cache.
    QVERIFY(m_home.isValid());
    qputenv("XDG_CACHE_HOME", m_home.filePath(QStringLiteral("cache")).toLocal8Bit());
    QVERIFY2(QFileInfo(QStringLiteral(DINOSAM_CLI_PATH)).isExecutable(), DINOSAM_CLI_PATH);
    DINOSAM_REQUIRE_FIXTURE("models/dinov2_vits14_reg4_random.pth");
    DINOSAM_REQUIRE_FIXTURE("models/sam2.1_hiera_tiny_random.pt");
}

void TestCliBatch::shardUsage()
{
    for (const char *bad : {"3/3", "1", "-1/2", "0/0", "x/y"}) {
        const Run r = runCli({QStringLiteral("--shard"), QString::fromLatin1(bad), QStringLiteral("a.jpg")});
        QCOMPARE(r.exitCode, kExitUsage);
        QVERIFY2(r.err.contains(QStringLiteral("--shard")), r.log().constData());
    }
    const Run h = runCli({QStringLiteral("--help")});
    for (const char *o : {"--shard", "--force", "merge-coco"})
        QVERIFY2(h.out.contains(QLatin1String(o)), o);
}

void TestCliBatch::emptyShardLoadsNothing()
{
    // 2 images over 5 shards: shard 0 has none ([0, floor(2/5))), so it exits 0 at once without any model
    // (no model options given: loading one would fail with exit 3).
    QTemporaryDir in, out;
    QCOMPARE(writeImages(in.path(), {0, 1}).size(), 2);
    const Run r = runCli({QStringLiteral("--shard"), QStringLiteral("0/5"), QStringLiteral("--save-dir"), out.path(),
                          QStringLiteral("--model-dir"), out.filePath(QStringLiteral("none")), in.path()});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(QStringLiteral("Shard 0/5: 0 of 2 images")), r.log().constData());
    QVERIFY2(r.out.contains(QStringLiteral("0 of 0 images segmented")), r.log().constData());
}

void TestCliBatch::resumeAfterKill()
{
    QTemporaryDir in, out;
    // img1 is in the disk cache (precompute test): done at once. img2..img4 share a new content,
    // so the run is in img2's encoders (seconds) when the kill comes.
    const QStringList images = writeImages(in.path(), {0, 2, 2, 2});
    QCOMPARE(images.size(), 4);
    QStringList args = modelArgs();
    args << QStringLiteral("--save-dir") << out.path() << QStringLiteral("--format") << QStringLiteral("all")
         << in.path();

    // 1. kill -9 as soon as the first image is done.
    QProcess first;
    startCli(first, args);
    QVERIFY(first.waitForStarted(10000));
    QTRY_VERIFY_WITH_TIMEOUT(!doneMarkers(out.path()).isEmpty() || first.state() == QProcess::NotRunning, 300000);
    first.kill(); // SIGKILL: no handler runs, whatever was in flight is cut off
    QVERIFY(first.waitForFinished(30000));
    const QStringList doneBefore = doneMarkers(out.path());
    QVERIFY2(!doneBefore.isEmpty() && doneBefore.size() < 4,
             qPrintable(QStringLiteral("done before the kill: %1 (the run was too fast to interrupt?)")
                            .arg(doneBefore.join(QLatin1Char(' ')))));
    QHash<QString, QByteArray> markersBefore;
    QHash<QString, QDateTime> summaryTimes;
    for (const QString &m : doneBefore) {
        markersBefore.insert(m, readAll(out.filePath(QStringLiteral(".dinosam-done/") + m)));
        const QString base = QFileInfo(m).completeBaseName();
        summaryTimes.insert(base, QFileInfo(out.filePath(base + QStringLiteral("_summary.txt"))).lastModified());
    }

    // 2. The re-run skips the finished images, does the rest, and leaves no temporaries.
    const Run resumed = runCli(args);
    QCOMPARE(resumed.exitCode, 0);
    const int left = 4 - int(doneBefore.size());
    QVERIFY2(resumed.out.contains(QStringLiteral("Skipping %1 image").arg(doneBefore.size())), resumed.log().constData());
    QVERIFY2(resumed.out.contains(QStringLiteral("%1 of %1 image").arg(left)), resumed.log().constData());
    QCOMPARE(segmentedNames(resumed.out).size(), left);
    for (const QString &name : segmentedNames(resumed.out))
        QVERIFY2(!doneBefore.contains(QFileInfo(name).completeBaseName() + QStringLiteral(".done")), qPrintable(name));
    QCOMPARE(doneMarkers(out.path()).size(), 4);
    for (auto it = markersBefore.cbegin(); it != markersBefore.cend(); ++it) // untouched
        QCOMPARE(readAll(out.filePath(QStringLiteral(".dinosam-done/") + it.key())), it.value());
    for (auto it = summaryTimes.cbegin(); it != summaryTimes.cend(); ++it)
        QCOMPARE(QFileInfo(out.filePath(it.key() + QStringLiteral("_summary.txt"))).lastModified(), it.value());
    for (int i = 1; i <= 4; ++i) {
        const QString base = out.filePath(QStringLiteral("img%1").arg(i));
        for (const char *suffix : {"_summary.txt", "_coco.json", "_visualization.jpg"})
            QVERIFY2(QFileInfo(base + QLatin1String(suffix)).size() > 0, qPrintable(base + QLatin1String(suffix)));
        QVERIFY(!QJsonDocument::fromJson(readAll(base + QStringLiteral("_coco.json"))).isNull());
    }
    // The batch's coco.json covers the images of both runs (rebuilt from the per-image files).
    QStringList cocoImages;
    for (const QJsonValue &im : QJsonDocument::fromJson(readAll(out.filePath(QStringLiteral("coco.json"))))
                                    .object()[QStringLiteral("images")].toArray())
        cocoImages << im.toObject()[QStringLiteral("file_name")].toString();
    cocoImages.sort();
    QCOMPARE(cocoImages, QStringList({QStringLiteral("img1.png"), QStringLiteral("img2.png"), QStringLiteral("img3.png"),
                                      QStringLiteral("img4.png")}));
    QVERIFY2(temporaries(out.path()).isEmpty(), qPrintable(temporaries(out.path()).join(QLatin1Char('\n'))));

    // 3. Everything done: nothing runs; a deleted output makes its image run again.
    const Run again = runCli(args);
    QCOMPARE(again.exitCode, 0);
    QVERIFY2(again.out.contains(QStringLiteral("Skipping 4 images")), again.log().constData());
    QVERIFY(QFile::remove(out.filePath(QStringLiteral("img2_coco.json"))));
    const Run repaired = runCli(args);
    QCOMPARE(repaired.exitCode, 0);
    QCOMPARE(segmentedNames(repaired.out), QStringList{QStringLiteral("img2.png")});
    QVERIFY2(repaired.out.contains(QStringLiteral("img2_coco.json is missing")), repaired.log().constData());
    QVERIFY(QFileInfo::exists(out.filePath(QStringLiteral("img2_coco.json"))));

    // 4. Other settings redo everything (the markers say 0.6); so does --force.
    QStringList changed = args;
    changed.insert(0, QStringLiteral("--threshold"));
    changed.insert(1, QStringLiteral("0.5"));
    const Run otherSettings = runCli(changed);
    QCOMPARE(otherSettings.exitCode, 0);
    QCOMPARE(segmentedNames(otherSettings.out).size(), 4);
    QVERIFY2(otherSettings.out.contains(QStringLiteral("settings differ")), otherSettings.log().constData());
    changed.insert(0, QStringLiteral("--force"));
    const Run forced = runCli(changed);
    QCOMPARE(forced.exitCode, 0);
    QCOMPARE(segmentedNames(forced.out).size(), 4);
    QVERIFY2(!forced.out.contains(QStringLiteral("Skipping")), forced.log().constData());
}

void TestCliBatch::shardsShareOneFolderAndMerge()
{
    // Three shards at once into one save folder, as array tasks on a shared file system.
    QTemporaryDir in, out;
    const QStringList images = writeImages(in.path(), {0, 1, 2, 0, 1}); // all in the disk cache by now
    QCOMPARE(images.size(), 5);
    constexpr int kShards = 3;
    QProcess shards[kShards];
    for (int k = 0; k < kShards; ++k) {
        QStringList args = modelArgs(1);
        args << QStringLiteral("--shard") << QStringLiteral("%1/%2").arg(k).arg(kShards) << QStringLiteral("--save-dir")
             << out.path() << QStringLiteral("--format") << QStringLiteral("coco") << QStringLiteral("--num-objects")
             << QStringLiteral("2") << in.path();
        startCli(shards[k], args);
    }
    QMap<QString, int> seen;
    for (int k = 0; k < kShards; ++k) {
        const Run r = finish(shards[k]);
        QVERIFY2(r.exitCode == 0, r.log().constData());
        const QStringList names = segmentedNames(r.out);
        QCOMPARE(names.size(), k == 0 ? 1 : 2); // floor(k*5/3): 0, 1, 3, 5
        for (const QString &n : names)
            ++seen[n];
    }
    QCOMPARE(seen.size(), 5);
    for (auto it = seen.cbegin(); it != seen.cend(); ++it)
        QVERIFY2(it.value() == 1, qPrintable(it.key()));
    QCOMPARE(doneMarkers(out.path()).size(), 5);

    const QString merged = out.filePath(QStringLiteral("merged.json"));
    const Run m = runCli({QStringLiteral("merge-coco"), QStringLiteral("-o"), merged, out.path()});
    QVERIFY2(m.exitCode == 0, m.log().constData());
    QVERIFY2(m.out.contains(QStringLiteral("Merged 5 images")), m.log().constData());
    const QJsonObject root = QJsonDocument::fromJson(readAll(merged)).object();
    const QJsonArray imagesOut = root.value(QStringLiteral("images")).toArray();
    QCOMPARE(imagesOut.size(), 5);
    QSet<QString> fileNames;
    for (int i = 0; i < imagesOut.size(); ++i) {
        QCOMPARE(imagesOut[i].toObject().value(QStringLiteral("id")).toInteger(), i + 1);
        fileNames.insert(imagesOut[i].toObject().value(QStringLiteral("file_name")).toString());
    }
    QCOMPARE(fileNames.size(), 5);
    const QJsonArray anns = root.value(QStringLiteral("annotations")).toArray();
    for (int i = 0; i < anns.size(); ++i) {
        const QJsonObject a = anns[i].toObject();
        QCOMPARE(a.value(QStringLiteral("id")).toInteger(), i + 1);
        QVERIFY(a.value(QStringLiteral("image_id")).toInteger() >= 1 && a.value(QStringLiteral("image_id")).toInteger() <= 5);
        QCOMPARE(a.value(QStringLiteral("category_id")).toInteger(), 1);
    }
    // Merging again into the same folder skips its own earlier output.
    const Run again = runCli({QStringLiteral("merge-coco"), QStringLiteral("-o"), merged, out.path()});
    QVERIFY2(again.exitCode == 0, again.log().constData());
}

void TestCliBatch::precomputeFillsTheCacheForLaterRuns()
{
    QTemporaryDir in, out;
    QCOMPARE(writeImages(in.path(), {0, 1}).size(), 2);
    // The default folder under XDG_CACHE_HOME, named explicitly: later tests use it by default.
    const QString cache = m_home.filePath(QStringLiteral("cache/dinosam/features"));
    const QStringList cacheArgs{QStringLiteral("--cache-dir"), cache};
    auto cacheFiles = [&] { return QDir(cache).entryList({QStringLiteral("*.dsf")}, QDir::Files); };

    const Run pre = runCli(QStringList{QStringLiteral("precompute")} + modelArgs() + cacheArgs + QStringList{in.path()});
    QVERIFY2(pre.exitCode == 0, pre.log().constData());
    QVERIFY2(pre.out.contains(QStringLiteral("2 encoded, 0 already cached")), pre.log().constData());
    QCOMPARE(cacheFiles().size(), 4); // DINOv2 + SAM2 per image

    // A batch afterwards runs no encoder: everything comes from the disk cache, nothing is stored.
    const Run batch = runCli(modelArgs() + cacheArgs +
                             QStringList{QStringLiteral("--save-dir"), out.path(), QStringLiteral("--format"),
                                         QStringLiteral("coco"), in.path()});
    QVERIFY2(batch.exitCode == 0, batch.log().constData());
    static const QRegularExpression line(QStringLiteral("Feature cache: (\\d+) encoder outputs? read from disk, (\\d+) stored"));
    const auto m = line.match(batch.out);
    QVERIFY2(m.hasMatch(), batch.log().constData());
    QVERIFY2(m.captured(1).toInt() >= 2, batch.log().constData());
    QCOMPARE(m.captured(2).toInt(), 0);

    const Run again = runCli(QStringList{QStringLiteral("precompute")} + modelArgs() + cacheArgs + QStringList{in.path()});
    QVERIFY2(again.out.contains(QStringLiteral("0 encoded, 2 already cached")), again.log().constData());

    // --no-disk-cache: neither read nor written.
    QTemporaryDir out2;
    const Run off = runCli(modelArgs() + QStringList{QStringLiteral("--no-disk-cache"), QStringLiteral("--save-dir"),
                                                     out2.path(), QStringLiteral("--format"), QStringLiteral("coco"),
                                                     in.path()});
    QVERIFY2(off.exitCode == 0, off.log().constData());
    QVERIFY2(!off.out.contains(QStringLiteral("Feature cache")), off.log().constData());
    QCOMPARE(cacheFiles().size(), 4);
    const Run usage = runCli({QStringLiteral("precompute"), QStringLiteral("--no-disk-cache"), in.path()});
    QCOMPARE(usage.exitCode, kExitUsage);
    const Run noImage = runCli({QStringLiteral("precompute")});
    QCOMPARE(noImage.exitCode, kExitUsage);
}

void TestCliBatch::mergeCocoRenumbers()
{
    QTemporaryDir dir;
    const QString a = dir.filePath(QStringLiteral("a.json")), b = dir.filePath(QStringLiteral("b.json"));
    QVERIFY(writeFile(a, R"({"info": {"description": "first"}, "images": [{"id": 7, "file_name": "x.jpg", "width": 4, "height": 3},
        {"id": 9, "file_name": "y.jpg", "width": 4, "height": 3}],
        "categories": [{"id": 1, "name": "object"}],
        "annotations": [{"id": 5, "image_id": 9, "category_id": 1, "bbox": [0, 0, 1.5, 2], "area": 2},
                        {"id": 6, "image_id": 7, "category_id": 1, "bbox": [1, 1, 1, 1], "area": 1}]})"));
    QVERIFY(writeFile(b, R"({"images": [{"id": 1, "file_name": "z.jpg", "width": 8, "height": 6}],
        "categories": [{"id": 3, "name": "car"}, {"id": 4, "name": "object"}],
        "annotations": [{"id": 1, "image_id": 1, "category_id": 3, "area": 4},
                        {"id": 2, "image_id": 1, "category_id": 4, "area": 5}]})"));
    const QString merged = dir.filePath(QStringLiteral("m.json"));
    const Run r = runCli({QStringLiteral("merge-coco"), QStringLiteral("--output"), merged, a, b});
    QVERIFY2(r.exitCode == 0, r.log().constData());
    QVERIFY2(r.out.contains(QStringLiteral("Merged 3 images and 4 annotations from 2 files")), r.log().constData());
    const QJsonObject root = QJsonDocument::fromJson(readAll(merged)).object();
    QCOMPARE(root.value(QStringLiteral("info")).toObject().value(QStringLiteral("description")).toString(),
             QStringLiteral("first"));
    const QJsonArray images = root.value(QStringLiteral("images")).toArray();
    QCOMPARE(images.size(), 3);
    QCOMPARE(images[0].toObject().value(QStringLiteral("file_name")).toString(), QStringLiteral("x.jpg"));
    QCOMPARE(images[2].toObject().value(QStringLiteral("id")).toInteger(), 3);
    QCOMPARE(images[2].toObject().value(QStringLiteral("width")).toInteger(), 8);
    const QJsonArray cats = root.value(QStringLiteral("categories")).toArray();
    QCOMPARE(cats.size(), 2); // object (1), car (2)
    QCOMPARE(cats[1].toObject().value(QStringLiteral("name")).toString(), QStringLiteral("car"));
    const QJsonArray anns = root.value(QStringLiteral("annotations")).toArray();
    QCOMPARE(anns.size(), 4);
    // (id, image_id, category_id) after the merge.
    const int expected[4][3] = {{1, 2, 1}, {2, 1, 1}, {3, 3, 2}, {4, 3, 1}};
    for (int i = 0; i < 4; ++i) {
        const QJsonObject o = anns[i].toObject();
        QCOMPARE(o.value(QStringLiteral("id")).toInteger(), expected[i][0]);
        QCOMPARE(o.value(QStringLiteral("image_id")).toInteger(), expected[i][1]);
        QCOMPARE(o.value(QStringLiteral("category_id")).toInteger(), expected[i][2]);
    }
    QCOMPARE(anns[0].toObject().value(QStringLiteral("bbox")).toArray()[2].toDouble(), 1.5); // the rest kept
}

void TestCliBatch::mergeCocoRefuses_data()
{
    QTest::addColumn<QByteArray>("second"); // the second input (the first is valid)
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("exitCode");
    QTest::newRow("same image twice") << QByteArray(R"({"images": [{"id": 1, "file_name": "x.jpg"}], "annotations": []})")
                                      << "processed twice" << kExitImageFailed;
    QTest::newRow("not json") << QByteArray("{\"images\": [") << "not JSON" << kExitImageFailed;
    QTest::newRow("not coco") << QByteArray("[1, 2]") << "not a COCO file" << kExitImageFailed;
    QTest::newRow("no images") << QByteArray(R"({"annotations": []})") << "not a COCO file" << kExitImageFailed;
    QTest::newRow("dangling image_id")
        << QByteArray(R"({"images": [{"id": 1, "file_name": "q.jpg"}], "annotations": [{"id": 1, "image_id": 2}]})")
        << "refers to image 2" << kExitImageFailed;
    QTest::newRow("fractional id")
        << QByteArray(R"({"images": [{"id": 1.5, "file_name": "q.jpg"}], "annotations": []})") << "integer id"
        << kExitImageFailed;
    QTest::newRow("duplicate id")
        << QByteArray(R"({"images": [{"id": 1, "file_name": "q.jpg"}, {"id": 1, "file_name": "r.jpg"}], "annotations": []})")
        << "appears twice" << kExitImageFailed;
    QTest::newRow("unknown category")
        << QByteArray(R"({"images": [{"id": 1, "file_name": "q.jpg"}], "annotations": [{"id": 1, "image_id": 1, "category_id": 9}]})")
        << "category" << kExitImageFailed;
}

void TestCliBatch::mergeCocoRefuses()
{
    QFETCH(QByteArray, second);
    QFETCH(QString, message);
    QFETCH(int, exitCode);
    QTemporaryDir dir;
    const QString a = dir.filePath(QStringLiteral("a.json")), b = dir.filePath(QStringLiteral("b.json"));
    QVERIFY(writeFile(a, R"({"images": [{"id": 1, "file_name": "x.jpg"}], "annotations": []})"));
    QVERIFY(writeFile(b, second));
    const QString merged = dir.filePath(QStringLiteral("m.json"));
    const Run r = runCli({QStringLiteral("merge-coco"), QStringLiteral("-o"), merged, a, b});
    QCOMPARE(r.exitCode, exitCode);
    QVERIFY2(r.err.contains(message) && r.err.contains(QStringLiteral("b.json")), r.log().constData());
    QVERIFY(!QFileInfo::exists(merged)); // nothing written

    const Run noOutput = runCli({QStringLiteral("merge-coco"), a});
    QCOMPARE(noOutput.exitCode, kExitUsage);
    const Run missing = runCli({QStringLiteral("merge-coco"), QStringLiteral("-o"), merged, dir.filePath(QStringLiteral("nope"))});
    QCOMPARE(missing.exitCode, kExitImageFailed);
}

/// A gray image with bright discs, some across where tile borders fall.
void writeBigImage(const QString &file, cv::Size size)
{
    cv::Mat bgr(size, CV_8UC3, cv::Scalar(40, 40, 40));
    for (int k = 0; k < 6; ++k)
        cv::circle(bgr, cv::Point(size.width * (k + 1) / 7, size.height * ((k % 3) + 1) / 4), size.height / 12,
                   cv::Scalar(60 + 30 * k, 200, 120), cv::FILLED);
    QVERIFY(cv::imwrite(file.toStdString(), bgr));
}

void TestCliBatch::bigImageIsSegmentedInTiles()
{
    // 6000x4000 (24 MP): tiled by default (3 x 4 tiles of 2048 with the overlap, plus the overview).
    QTemporaryDir dir;
    const QString image = dir.filePath(QStringLiteral("big.png"));
    writeBigImage(image, cv::Size(6000, 4000));
    if (QTest::currentTestFailed())
        return;
    const QString out = dir.filePath(QStringLiteral("out"));
    const Run r = runCli(modelArgs() + QStringList{QStringLiteral("--num-objects"), QStringLiteral("2"),
                                                   QStringLiteral("--save-dir"), out, image});
    QVERIFY2(r.exitCode == 0, r.log().constData());
    const auto tiles = QRegularExpression(QStringLiteral("(\\d+) tiles, (\\d+) pieces merged into (\\d+) objects"))
                           .match(r.out);
    QVERIFY2(tiles.hasMatch(), r.log().constData());
    QCOMPARE(tiles.captured(1).toInt(), 12);
    // Every mask is at the image's full size; the visualisation is the usual three panels.
    const QStringList masks = QDir(out + QStringLiteral("/big_masks")).entryList({QStringLiteral("mask_*.png")});
    QVERIFY2(!masks.isEmpty(), r.log().constData());
    for (const QString &m : masks) {
        const cv::Mat mask = cv::imread(QString(out + QStringLiteral("/big_masks/") + m).toStdString(), cv::IMREAD_UNCHANGED);
        QCOMPARE(mask.cols, 6000);
        QCOMPARE(mask.rows, 4000);
    }
    const cv::Mat vis = cv::imread(QString(out + QStringLiteral("/big_visualization.jpg")).toStdString());
    QVERIFY(!vis.empty());
    // Three panels of the image's shape, drawn at 16 MP (a picture, not data).
    QVERIFY2(std::abs(double(vis.cols) / 3 / vis.rows - 1.5) < 0.01, qPrintable(QStringLiteral("%1x%2").arg(vis.cols).arg(vis.rows)));
    QVERIFY(int64_t(vis.cols / 3) * vis.rows <= 16'000'000);
}

void TestCliBatch::tilingOffRefusesAnImageOver100MP()
{
    QTemporaryDir dir;
    const QString image = dir.filePath(QStringLiteral("huge.png"));
    writeBigImage(image, cv::Size(12000, 9000)); // 108 MP
    if (QTest::currentTestFailed())
        return;
    const Run r = runCli(modelArgs() + QStringList{QStringLiteral("--tile"), QStringLiteral("off"),
                                                   QStringLiteral("--save-dir"), dir.filePath(QStringLiteral("out")),
                                                   image});
    QCOMPARE(r.exitCode, 1); // the image failed, nothing crashed
    QVERIFY2(r.err.contains(QStringLiteral("too large")) && r.err.contains(QStringLiteral("12000x9000")),
             r.log().constData());
    const Run bad = runCli({QStringLiteral("--tile"), QStringLiteral("sometimes"), image});
    QCOMPARE(bad.exitCode, 2);
    QVERIFY2(bad.err.contains(QStringLiteral("--tile is auto or off")), bad.log().constData());
}

QTEST_GUILESS_MAIN(TestCliBatch)
#include "tst_clibatch.moc"
