// `dinosam track` end to end (QProcess, random-weight fixture models, the 6 bedroom
// fixture frames): the outputs agree with each other (mask PNGs, tracks JSON, MOT CSV,
// COCO video RLE, overlay), re-discovery adds non-overlapping objects from where they
// were found, and bad input (truncated video, no frames, mixed sizes, unwritable save
// folder, Ctrl-C) is reported clearly with what was tracked kept.
#include "fixtures.h"

#include "export/maskrle.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <signal.h>
#include <sys/types.h>
#include <filesystem>
#include <map>
#include <set>

namespace fs = std::filesystem;

namespace {

constexpr int kExitImageFailed = 1;
constexpr int kExitUsage = 2;
constexpr int kExitSetupFailed = 3;
constexpr int kExitInterrupted = 130;
constexpr int kBedroomFrames = 6;

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

/// The fixture models; `objects`: discovery's --num-objects (each tracked object costs a
/// memory attention + decoder pass per frame, ~1 s here, so most tests track one).
QStringList modelArgs(int objects = 1)
{
    return {QStringLiteral("--dino-checkpoint"), dinosam::test::fixturePath("models/dinov2_vits14_reg4_random.pth"),
            QStringLiteral("--dino-model"),      QStringLiteral("dinov2_vits14_reg4"),
            QStringLiteral("--sam2-checkpoint"), dinosam::test::fixturePath("models/sam2.1_hiera_tiny_random.pt"),
            QStringLiteral("--threads"),         QStringLiteral("2"),
            QStringLiteral("--no-disk-cache"),   QStringLiteral("--num-objects"),
            QString::number(objects)};
}

QString bedroom() { return dinosam::test::fixturePath("videos/bedroom"); }

Run finish(QProcess &p)
{
    Run r;
    if (!p.waitForFinished(540000)) {
        p.kill();
        p.waitForFinished();
        r.err = QStringLiteral("dinosam did not finish");
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out += QString::fromLocal8Bit(p.readAllStandardOutput());
    r.err += QString::fromLocal8Bit(p.readAllStandardError());
    return r;
}

Run runTrack(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(DINOSAM_CLI_PATH), QStringList{QStringLiteral("track")} + args);
    if (!p.waitForStarted(10000))
        return {-1, {}, QStringLiteral("dinosam did not start")};
    return finish(p);
}

QJsonObject readJson(const QString &file)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

QString bedroomFrame(int i)
{
    return dinosam::test::fixturePath(QStringLiteral("videos/bedroom/%1.jpg").arg(i, 5, 10, QLatin1Char('0')));
}

/// A folder with the first `frames` bedroom frames (fewer frames: a faster test).
QString bedroomFolder(const QTemporaryDir &tmp, int frames)
{
    const QString dir = tmp.filePath(QStringLiteral("bedroom"));
    QDir().mkpath(dir);
    for (int i = 0; i < frames; ++i)
        QFile::copy(bedroomFrame(i), dir + QStringLiteral("/") + QFileInfo(bedroomFrame(i)).fileName());
    return dir;
}

QString frameDir(int frame) { return QStringLiteral("frame_%1").arg(frame, 6, 10, QLatin1Char('0')); }
QString maskName(int id) { return QStringLiteral("mask_%1.png").arg(id, 3, 10, QLatin1Char('0')); }

/// The bedroom frames as an MJPG AVI at half size (a real video file for the reader).
bool writeBedroomVideo(const QString &file, int frames = kBedroomFrames)
{
    cv::VideoWriter writer(file.toStdString(), cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 10.0, cv::Size(480, 270));
    if (!writer.isOpened())
        return false;
    for (int i = 0; i < frames; ++i) {
        const cv::Mat bgr = cv::imread(bedroomFrame(i % kBedroomFrames).toStdString());
        if (bgr.empty())
            return false;
        cv::Mat half;
        cv::resize(bgr, half, cv::Size(480, 270), 0, 0, cv::INTER_AREA);
        writer.write(half);
    }
    return true;
}

double iou(const cv::Mat &a, const cv::Mat &b)
{
    cv::Mat inter, uni;
    cv::bitwise_and(a, b, inter);
    cv::bitwise_or(a, b, uni);
    const int n = cv::countNonZero(inter), u = cv::countNonZero(uni);
    return u ? double(n) / u : 0.0;
}

/// Checks that every output of a run in `dir` agrees: each tracks-file point has its PNG with that
/// box and area and no other PNG exists; the MOT rows are the same points; the COCO video RLE of
/// each frame is the PNG. Returns the tracks file.
QJsonObject checkConsistentOutputs(const QString &dir, const QString &name, int expectedFrames)
{
    const QJsonObject tracks = readJson(dir + "/" + name + "_tracks.json");
    [&] { QVERIFY2(!tracks.isEmpty(), "no tracks file"); }();
    const QString masks = dir + "/" + name + "_masks";
    const int tracked = tracks.value("frames_tracked").toInt();
    // Each tracked frame has a folder; the frames tracked are contiguous here.
    [&] {
        QCOMPARE(QDir(masks).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size(), tracked);
        QCOMPARE(tracks.value("frames").toInt(), expectedFrames);
    }();
    std::map<std::pair<int, int>, QJsonArray> points; // (frame, id) -> box
    std::set<QString> listed;
    for (const auto &o : tracks.value("objects").toArray()) {
        const QJsonObject obj = o.toObject();
        const int id = obj.value("id").toInt();
        const QJsonArray track = obj.value("track").toArray();
        [&] { QCOMPARE(obj.value("frames_present").toInt(), int(track.size())); }();
        for (const auto &pv : track) {
            const QJsonObject p = pv.toObject();
            const int frame = p.value("frame").toInt();
            const QString file = masks + "/" + frameDir(frame) + "/" + maskName(id);
            listed.insert(file);
            const cv::Mat m = cv::imread(file.toStdString(), cv::IMREAD_GRAYSCALE);
            const QJsonArray box = p.value("box").toArray();
            [&] {
                QVERIFY2(!m.empty(), qPrintable("missing " + file));
                const cv::Rect r = cv::boundingRect(m);
                QCOMPARE(QJsonArray({r.x, r.y, r.width, r.height}), box);
                QCOMPARE(p.value("area").toInt(), cv::countNonZero(m));
                const double score = p.value("score").toDouble();
                QVERIFY(score > 0.5 && score <= 1.0); // present: sigmoid of a positive logit
            }();
            points[{frame, id}] = box;
        }
    }
    // No PNG that the tracks file does not list.
    for (const auto &f : QDir(masks).entryList(QDir::Dirs | QDir::NoDotAndDotDot))
        for (const auto &png : QDir(masks + "/" + f).entryList(QDir::Files))
            [&] { QVERIFY2(listed.count(masks + "/" + f + "/" + png), qPrintable("unlisted " + png)); }();

    // MOT CSV: the same points, 1-based frames, sorted by frame then id.
    QFile mot(dir + "/" + name + "_tracks_mot.csv");
    [&] { QVERIFY(mot.open(QIODevice::ReadOnly)); }();
    const QStringList rows = QString::fromUtf8(mot.readAll()).split('\n', Qt::SkipEmptyParts);
    [&] { QCOMPARE(size_t(rows.size()), points.size()); }();
    std::pair<int, int> previous{-1, -1};
    for (const auto &row : rows) {
        const QStringList c = row.split(',');
        [&] {
            QCOMPARE(c.size(), 10);
            const std::pair<int, int> key{c[0].toInt() - 1, c[1].toInt()};
            QVERIFY(key > previous);
            previous = key;
            QVERIFY2(points.count(key), qPrintable(row));
            QCOMPARE(QJsonArray({c[2].toInt(), c[3].toInt(), c[4].toInt(), c[5].toInt()}), points[key]);
        }();
    }

    // COCO video: one video of expectedFrames, per-frame RLE = the PNG, null where absent.
    const QJsonObject coco = readJson(dir + "/" + name + "_coco_video.json");
    const QJsonObject video = coco.value("videos").toArray().at(0).toObject();
    [&] {
        QCOMPARE(video.value("length").toInt(), expectedFrames);
        QCOMPARE(video.value("file_names").toArray().size(), expectedFrames);
        QCOMPARE(coco.value("annotations").toArray().size(), tracks.value("objects").toArray().size());
    }();
    const cv::Size size(video.value("width").toInt(), video.value("height").toInt());
    for (const auto &av : coco.value("annotations").toArray()) {
        const QJsonObject a = av.toObject();
        const int id = a.value("id").toInt();
        const QJsonArray segs = a.value("segmentations").toArray();
        [&] { QCOMPARE(segs.size(), expectedFrames); }();
        for (int f = 0; f < segs.size(); ++f) {
            const bool present = points.count({f, id}) > 0;
            [&] { QCOMPARE(!segs.at(f).isNull(), present); }();
            if (!present)
                continue;
            std::vector<uint32_t> counts;
            for (const auto &c : segs.at(f).toObject().value("counts").toArray())
                counts.push_back(uint32_t(c.toInteger()));
            const cv::Mat decoded = dinosam::decodeMaskRle(counts, size);
            const cv::Mat png =
                cv::imread(QString(masks + "/" + frameDir(f) + "/" + maskName(id)).toStdString(), cv::IMREAD_GRAYSCALE);
            [&] {
                QVERIFY(decoded.size() == png.size());
                const cv::Mat differs = decoded != png;
                QCOMPARE(cv::countNonZero(differs), 0);
            }();
        }
    }
    // Atomic writes leave no temporary file behind.
    for (const auto &f : QDir(dir).entryList(QDir::Files | QDir::Hidden))
        [&] { QVERIFY2(!f.contains("tmp"), qPrintable("left over: " + f)); }();
    return tracks;
}

} // namespace

class TestTrack : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        DINOSAM_REQUIRE_FIXTURE("videos/bedroom/00005.jpg");
        DINOSAM_REQUIRE_FIXTURE("models/sam2.1_hiera_tiny_random.pt");
        DINOSAM_REQUIRE_FIXTURE("models/dinov2_vits14_reg4_random.pth");
    }

    void tracksBackwardAndForwardFromAKeyframe()
    {
        // 3 frames, keyframe 1: one frame tracked backward, one forward; two objects at most.
        QTemporaryDir tmp;
        const int frameCount = 3;
        const QString input = bedroomFolder(tmp, frameCount);
        const QString saveDir = tmp.filePath("out");
        const Run r = runTrack(modelArgs(2) + QStringList{"--save-dir", saveDir, "--keyframe", "1", input});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        const auto found = QRegularExpression("keyframe 1: (\\d+) objects? discovered").match(r.out);
        QVERIFY2(found.hasMatch(), qPrintable(r.out));
        const QJsonObject tracks = checkConsistentOutputs(saveDir, "bedroom", frameCount);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(tracks.value("frames_tracked").toInt(), frameCount);
        QVERIFY(tracks.value("stopped").isNull());
        const QJsonArray objects = tracks.value("objects").toArray();
        QCOMPARE(objects.size(), found.captured(1).toInt());
        QVERIFY(!objects.isEmpty());
        for (const auto &o : objects) {
            QCOMPARE(o.toObject().value("first_frame").toInt(), 1);
            QCOMPARE(o.toObject().value("label").toString(), QStringLiteral("object"));
            // Present on the keyframe (its prompt) and tracked on both sides of it (the random
            // weights' object scores are all > 0: see the fixtures' README).
            std::set<int> frames;
            for (const auto &p : o.toObject().value("track").toArray())
                frames.insert(p.toObject().value("frame").toInt());
            QCOMPARE(frames, (std::set<int>{0, 1, 2}));
        }
        const QJsonObject coco = readJson(saveDir + "/bedroom_coco_video.json");
        QCOMPARE(coco.value("videos").toArray().at(0).toObject().value("file_names").toArray().at(0).toString(),
                 QStringLiteral("00000.jpg"));

        // The overlay: an MP4 of every frame, or (no encoder) PNG frames, said so.
        const QString mp4 = saveDir + "/bedroom_overlay.mp4";
        if (QFile::exists(mp4)) {
            cv::VideoCapture cap(mp4.toStdString());
            QVERIFY(cap.isOpened());
            int frames = 0;
            cv::Mat f;
            while (cap.read(f)) {
                QCOMPARE(f.cols, 960);
                QCOMPARE(f.rows, 540);
                ++frames;
            }
            QCOMPARE(frames, frameCount);
            QVERIFY2(r.out.contains("overlay: " + mp4), qPrintable(r.out));
        } else {
            QVERIFY2(r.err.contains("wrote the overlay as PNG frames"), qPrintable(r.err));
            QCOMPARE(QDir(saveDir + "/bedroom_overlay").entryList(QDir::Files).size(), frameCount);
        }
    }

    void overlayFramesShowTheMasks()
    {
        // A video file (MJPG AVI), overlay as PNG frames: each frame is tinted where a mask is.
        QTemporaryDir out;
        const QString video = out.filePath("clip.avi");
        QVERIFY2(writeBedroomVideo(video, 2), "OpenCV has no MJPG/AVI writer");
        const QString saveDir = out.filePath("results");
        const Run r = runTrack(modelArgs() + QStringList{"--save-dir", saveDir, "--overlay", "frames", video});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        checkConsistentOutputs(saveDir, "clip", 2);
        if (QTest::currentTestFailed())
            return;
        cv::VideoCapture cap(video.toStdString());
        for (int f = 0; f < 2; ++f) {
            cv::Mat original;
            QVERIFY(cap.read(original));
            const cv::Mat overlay =
                cv::imread(QString(saveDir + "/clip_overlay/" + frameDir(f) + ".png").toStdString(), cv::IMREAD_COLOR);
            QVERIFY(overlay.size() == original.size());
            cv::Mat any = cv::Mat::zeros(original.size(), CV_8U);
            for (const auto &png : QDir(saveDir + "/clip_masks/" + frameDir(f)).entryList(QDir::Files))
                any |= cv::imread(QString(saveDir + "/clip_masks/" + frameDir(f) + "/" + png).toStdString(),
                                  cv::IMREAD_GRAYSCALE);
            cv::Mat diff;
            cv::absdiff(overlay, original, diff);
            cv::cvtColor(diff, diff, cv::COLOR_BGR2GRAY);
            // Outside the masks (and their outlines) the frame is unchanged; inside it is tinted.
            cv::Mat nearMask;
            cv::dilate(any, nearMask, cv::Mat(), cv::Point(-1, -1), 4);
            const cv::Mat changed = diff > 2;
            const cv::Mat outside = ~nearMask;
            QCOMPARE(cv::countNonZero(changed & outside), 0);
            if (cv::countNonZero(any) > 0)
                QVERIFY(cv::mean(diff, any)[0] > 10.0);
        }
    }

    void rediscoveryAddsObjectsThatOverlapNoTrackedOne()
    {
        // --duplicate-iou 1: only a mask identical to a tracked one is a duplicate, so every object
        // re-discovery finds on frame 2 is new there; the rule itself is checked on the outputs.
        // 4 frames: discovery on 0, re-discovery on 2, frame 3 tracks old and new objects.
        QTemporaryDir tmp;
        const int frameCount = 4;
        const QString input = bedroomFolder(tmp, frameCount);
        const QString saveDir = tmp.filePath("out");
        const Run r = runTrack(modelArgs() + QStringList{"--save-dir", saveDir, "--rediscover-every", "2",
                                                         "--duplicate-iou", "1", input});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        const QRegularExpression line(QStringLiteral("frame 2: re-discovery found (\\d+) objects?, (\\d+) new"));
        const auto m = line.match(r.out);
        QVERIFY2(m.hasMatch(), qPrintable(r.out));
        const int found = m.captured(1).toInt();
        QVERIFY(found > 0);
        QCOMPARE(m.captured(2).toInt(), found);
        QCOMPARE(r.out.indexOf("re-discovery found"), r.out.lastIndexOf("re-discovery found")); // once
        const QJsonObject tracks = checkConsistentOutputs(saveDir, "bedroom", frameCount);
        if (QTest::currentTestFailed())
            return;
        const QJsonArray objects = tracks.value("objects").toArray();
        QCOMPARE(objects.size(), 1 + found);
        for (const auto &o : objects) {
            const QJsonObject obj = o.toObject();
            const int first = obj.value("first_frame").toInt();
            QVERIFY(first == 0 || first == 2);
            for (const auto &p : obj.value("track").toArray())
                QVERIFY2(p.toObject().value("frame").toInt() >= first, "tracked before it was found");
            if (first != 2)
                continue;
            // Tracked from there on: present on frame 3 (object scores of the random weights are > 0).
            QCOMPARE(obj.value("track").toArray().last().toObject().value("frame").toInt(), 3);
            // On frame 2 its mask overlaps no object tracked before it below the duplicate IoU.
            const int id = obj.value("id").toInt();
            const QString dir = saveDir + "/bedroom_masks/" + frameDir(2) + "/";
            const cv::Mat mine = cv::imread(QString(dir + maskName(id)).toStdString(), cv::IMREAD_GRAYSCALE);
            if (mine.empty())
                continue; // its own prompt gave no mask (object score <= 0): absent, nothing to compare
            for (int other = 1; other < id; ++other) {
                const cv::Mat theirs = cv::imread(QString(dir + maskName(other)).toStdString(), cv::IMREAD_GRAYSCALE);
                if (!theirs.empty())
                    QVERIFY(iou(mine, theirs) < 1.0);
            }
        }
    }

    void truncatedVideoStopsAtTheLastGoodFrame()
    {
        QTemporaryDir out;
        const QString video = out.filePath("cut.avi");
        QVERIFY2(writeBedroomVideo(video, 4), "OpenCV has no MJPG/AVI writer");
        fs::resize_file(video.toStdString(), fs::file_size(video.toStdString()) * 60 / 100);
        // The good frames, as OpenCV itself decodes them.
        int good = 0;
        {
            cv::VideoCapture cap(video.toStdString());
            cv::Mat f;
            while (cap.read(f) && !f.empty())
                ++good;
        }
        QVERIFY2(good >= 1 && good < 4, qPrintable(QString::number(good)));
        const QString saveDir = out.filePath("results");
        const Run r = runTrack(modelArgs() + QStringList{"--save-dir", saveDir, "--overlay", "none", video});
        QCOMPARE(r.exitCode, kExitImageFailed);
        QVERIFY2(r.err.contains("truncated or corrupt") &&
                     r.err.contains(QStringLiteral("stopped at the last good frame (%1)").arg(good - 1)),
                 qPrintable(r.err));
        const QJsonObject tracks = checkConsistentOutputs(saveDir, "cut", good);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(tracks.value("frames_tracked").toInt(), good);
        QVERIFY(tracks.value("stopped").toString().contains("truncated"));
    }

    void fullDiskStopsWithAClearMessageAndLeavesNoTemporaryFiles()
    {
        // A full disk, as a process sees it: every write past 2 KiB fails (RLIMIT_FSIZE, with
        // SIGXFSZ ignored so that write() returns EFBIG instead of the signal killing dinosam).
        QTemporaryDir tmp;
        const QString input = bedroomFolder(tmp, 2);
        const QString saveDir = tmp.filePath("out");
        QStringList args = QStringList{QStringLiteral(DINOSAM_CLI_PATH), "track"} + modelArgs() +
                           QStringList{"--save-dir", saveDir, "--overlay", "none", input};
        for (QString &a : args)
            a = QLatin1Char('\'') + a + QLatin1Char('\'');
        QProcess p;
        p.start(QStringLiteral("/bin/sh"),
                {QStringLiteral("-c"), QStringLiteral("trap '' XFSZ; ulimit -f 2; exec ") + args.join(' ')});
        QVERIFY(p.waitForStarted(10000));
        const Run r = finish(p);
        QCOMPARE(r.exitCode, kExitImageFailed);
        QVERIFY2(r.err.contains(QStringLiteral("cannot write")) && r.err.contains(QStringLiteral("File too large")),
                 qPrintable(r.err));
        QVERIFY2(!r.err.contains(QStringLiteral("Segmentation fault")), qPrintable(r.err));
        // Nothing half-written is left: every file there is complete (atomic writes).
        QDirIterator it(saveDir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString f = it.next();
            QVERIFY2(!QFileInfo(f).fileName().contains(QStringLiteral(".tmp-")), qPrintable(f));
            if (f.endsWith(QStringLiteral(".png")))
                QVERIFY2(!cv::imread(f.toStdString(), cv::IMREAD_UNCHANGED).empty(), qPrintable(f));
        }
    }

    void ctrlCKeepsWhatWasTracked()
    {
        QTemporaryDir out;
        QProcess p;
        bool sent = false;
        QString seen;
        // Interrupt once the second frame is tracked: the one in progress finishes, then it stops.
        QObject::connect(&p, &QProcess::readyReadStandardOutput, [&] {
            seen += QString::fromLocal8Bit(p.readAllStandardOutput());
            if (!sent && seen.contains("tracked 2 / 6")) {
                sent = true;
                ::kill(pid_t(p.processId()), SIGINT);
            }
        });
        p.start(QStringLiteral(DINOSAM_CLI_PATH),
                QStringList{"track"} + modelArgs() + QStringList{"--save-dir", out.path(), bedroom()});
        QVERIFY(p.waitForStarted(10000));
        Run r = finish(p);
        r.out = seen + r.out;
        QVERIFY2(sent, qPrintable(r.out + r.err));
        QCOMPARE(r.exitCode, kExitInterrupted);
        QVERIFY2(r.err.contains("interrupted (Ctrl-C)") && r.err.contains("the frames tracked are kept"),
                 qPrintable(r.err));
        const QJsonObject tracks = checkConsistentOutputs(out.path(), "bedroom", kBedroomFrames);
        if (QTest::currentTestFailed())
            return;
        const int tracked = tracks.value("frames_tracked").toInt();
        QVERIFY2(tracked >= 2 && tracked < kBedroomFrames, qPrintable(QString::number(tracked)));
        QVERIFY(tracks.value("stopped").toString().contains("interrupted"));
        // Frames 0 .. tracked-1 (forward from frame 0), nothing after.
        for (int f = 0; f < kBedroomFrames; ++f)
            QCOMPARE(QDir(out.path() + "/bedroom_masks/" + frameDir(f)).exists(), f < tracked);
    }

    void badInputIsRefusedClearly_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QStringList>("expected"); // any of these in stderr
        QTest::newRow("empty folder") << "empty" << kExitSetupFailed << QStringList{"holds no frames", "contains no images"};
        QTest::newRow("0-frame video") << "zero" << kExitSetupFailed
                                       << QStringList{"has no frames", "cannot open the video"};
        QTest::newRow("not a video") << "text" << kExitSetupFailed << QStringList{"cannot open the video"};
        QTest::newRow("mixed sizes") << "mixed" << kExitSetupFailed
                                     << QStringList{"00002.jpg: frame 2 is 480x270, the first frame 960x540"};
        QTest::newRow("save dir under a file") << "savefile" << kExitSetupFailed
                                               << QStringList{"cannot use the save folder"};
        QTest::newRow("keyframe past the end") << "keyframe" << kExitUsage << QStringList{"past the last frame"};
        QTest::newRow("rediscover 0") << "rediscover" << kExitUsage << QStringList{"--rediscover-every needs"};
        QTest::newRow("bad overlay") << "overlay" << kExitUsage << QStringList{"--overlay is video, frames or none"};
        QTest::newRow("two inputs") << "two" << kExitUsage << QStringList{"exactly one VIDEO"};
    }

    void badInputIsRefusedClearly()
    {
        QFETCH(QString, kind);
        QFETCH(int, exitCode);
        QFETCH(QStringList, expected);
        QTemporaryDir tmp;
        QString input = bedroom();
        QString saveDir = tmp.filePath("out");
        QStringList extra;
        if (kind == "empty") {
            input = tmp.filePath("frames");
            QVERIFY(QDir().mkpath(input));
        } else if (kind == "zero") {
            input = tmp.filePath("zero.avi");
            {
                cv::VideoWriter w(input.toStdString(), cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 10.0,
                                  cv::Size(64, 48));
                QVERIFY(w.isOpened());
            }
        } else if (kind == "text") {
            input = tmp.filePath("notes.mp4");
            QFile f(input);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("this is not a video\n");
        } else if (kind == "mixed") {
            input = tmp.filePath("frames");
            QVERIFY(QDir().mkpath(input));
            for (int i = 0; i < 4; ++i) {
                const QString name = QStringLiteral("%1.jpg").arg(i, 5, 10, QLatin1Char('0'));
                cv::Mat img = cv::imread(QString(bedroom() + "/" + name).toStdString());
                if (i == 2)
                    cv::resize(img, img, cv::Size(480, 270));
                QVERIFY(cv::imwrite(QString(input + "/" + name).toStdString(), img));
            }
        } else if (kind == "savefile") {
            QFile f(tmp.filePath("file"));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.close();
            saveDir = tmp.filePath("file/out");
        } else if (kind == "keyframe") {
            extra = {"--keyframe", "6"};
        } else if (kind == "rediscover") {
            extra = {"--rediscover-every", "0"};
        } else if (kind == "overlay") {
            extra = {"--overlay", "gif"};
        } else if (kind == "two") {
            extra = {bedroom()};
        }
        const Run r = runTrack(modelArgs() + extra + QStringList{"--save-dir", saveDir, input});
        QCOMPARE(r.exitCode, exitCode);
        bool any = false;
        for (const auto &e : expected)
            any = any || r.err.contains(e);
        QVERIFY2(any, qPrintable(r.err));
        QVERIFY2(!r.err.contains("terminate called"), qPrintable(r.err));
        if (kind == "mixed")
            QVERIFY2(r.err.contains("00002.jpg"), qPrintable(r.err));
        // Refused before anything is written (the save folder is not even made).
        if (kind != "savefile")
            QVERIFY(!QFileInfo::exists(saveDir + "/bedroom_tracks.json"));
    }
};

QTEST_GUILESS_MAIN(TestTrack)
#include "tst_track.moc"
