// The studio's interactive tracking session on the real models (random-weight fixture
// checkpoints) and the first 3 bedroom frames: discovery adds tracks, propagation in both
// directions, corrections that stick through later propagations, cancel, remove, export in
// the CLI's layout, and reading the tracks runs no model. Random weights make meaningless
// masks: the checks are about the session's behaviour. One pipeline and one session serve
// every function (the weights load once); each function opens the video afresh.
#include "fixtures.h"
#include "pipeline/pipeline.h"
#include "tracking/videosession.h"
#include "video/framereader.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <stdexcept>

using namespace dinosam;

namespace {
constexpr int kFrames = 3;

bool sameMask(const cv::Mat &a, const cv::Mat &b)
{
    return a.size() == b.size() && a.type() == b.type() && cv::countNonZero(a != b) == 0;
}

cv::Mat maskOf(const TrackRecorder &tracks, int64_t frame, int64_t id)
{
    for (const auto &[objectId, mask] : tracks.masksOn(frame))
        if (objectId == id)
            return mask;
    return {};
}

QJsonObject readJson(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}
} // namespace

class TestVideoSession : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_frames;
    std::unique_ptr<Pipeline> m_pipeline;
    std::unique_ptr<VideoSession> m_session;
    SegmentationParams m_params;

    /// Opens the 3 frames and discovers on `keyframe`; returns the first new track's id (0: none).
    int64_t openAndDiscover(int64_t keyframe)
    {
        m_session->open(FrameReader::open(m_frames.toStdString()), "bedroom");
        const VideoDiscovery found = m_session->discover(keyframe, m_params);
        return found.added.empty() ? 0 : found.added.front();
    }

private Q_SLOTS:
    void initTestCase()
    {
        DINOSAM_REQUIRE_FIXTURE("models/dinov2_vits14_reg4_random.pth");
        DINOSAM_REQUIRE_FIXTURE("models/sam2.1_hiera_tiny_random.pt");
        DINOSAM_REQUIRE_FIXTURE("videos/bedroom/00002.jpg");
        QVERIFY(m_dir.isValid());
        m_frames = m_dir.filePath(QStringLiteral("bedroom"));
        QVERIFY(QDir().mkpath(m_frames));
        for (int i = 0; i < kFrames; ++i) {
            const QString name = QStringLiteral("%1.jpg").arg(i, 5, 10, QLatin1Char('0'));
            QVERIFY(QFile::copy(test::fixturePath(QStringLiteral("videos/bedroom/") + name), m_frames + '/' + name));
        }
        PipelineConfig config;
        config.checkpoints["dinov2_vits14_reg4"] = test::fixtureFile("models/dinov2_vits14_reg4_random.pth");
        config.checkpoints["sam2.1_hiera_tiny"] = test::fixtureFile("models/sam2.1_hiera_tiny_random.pt");
        config.modelDir = "/nonexistent"; // never pick up a user's real checkpoints
        config.threads = 2;
        m_pipeline = std::make_unique<Pipeline>(config);
        m_session = std::make_unique<VideoSession>(*m_pipeline, config);
        m_params.dinoModel = "dinov2_vits14_reg4";
        m_params.sam2Model = "sam2.1_hiera_tiny";
        m_params.numObjects = 1; // each object costs a memory attention + decoder pass per frame
    }

    void discoveryAddsTracksOnTheKeyframe()
    {
        m_session->open(FrameReader::open(m_frames.toStdString()), "bedroom");
        QCOMPARE(m_session->frameCount(), int64_t(kFrames));
        QCOMPARE(m_session->keyframe(), int64_t(-1));
        const uint64_t before = m_session->modelRuns();
        const VideoDiscovery found = m_session->discover(1, m_params);
        QVERIFY2(!found.result.objects.empty(), "discovery found nothing on the keyframe");
        QCOMPARE(found.added.size(), found.result.objects.size()); // nothing tracked yet: all are new
        QCOMPARE(m_session->keyframe(), int64_t(1));
        QVERIFY(m_session->modelRuns() > before);
        const TrackRecorder &tracks = m_session->tracks();
        QCOMPARE(tracks.objects().size(), found.added.size());
        QCOMPARE(tracks.objects().at(found.added.front()).firstFrame, int64_t(1));
        QVERIFY(!maskOf(tracks, 1, found.added.front()).empty());
        QVERIFY(tracks.masksOn(0).empty()); // not tracked yet

        // The same frame again: the objects are tracked there already, none is added twice.
        const VideoDiscovery again = m_session->discover(1, m_params);
        QCOMPARE(again.added.size(), size_t(0));
        QCOMPARE(tracks.objects().size(), found.added.size());
    }

    void propagationRecordsEveryFrameAndReadingRunsNoModel()
    {
        const int64_t id = openAndDiscover(0);
        QVERIFY(id > 0);
        std::vector<int64_t> order;
        size_t lastTotal = 0;
        VideoPropagateObserver observer;
        observer.frameTracked = [&](int64_t frame, size_t done, size_t total) {
            order.push_back(frame);
            QCOMPARE(done, order.size());
            lastTotal = total;
        };
        const VideoPropagateOutcome outcome = m_session->propagate(0, /*backward=*/false, observer);
        QCOMPARE(outcome.framesTracked, size_t(kFrames));
        QVERIFY(!outcome.cancelled);
        QVERIFY(outcome.stopped.empty());
        QCOMPARE(order, (std::vector<int64_t>{0, 1, 2}));
        QCOMPARE(lastTotal, size_t(kFrames));
        const TrackRecorder &tracks = m_session->tracks();
        QCOMPARE(tracks.frames(), (std::set<int64_t>{0, 1, 2}));

        // Scrubbing: every frame's masks come from the RLE cache, no model runs.
        const uint64_t runs = m_session->modelRuns();
        for (int round = 0; round < 3; ++round)
            for (int64_t f = kFrames - 1; f >= 0; --f)
                for (const auto &[objectId, mask] : tracks.masksOn(f)) {
                    QCOMPARE(mask.size(), cv::Size(960, 540));
                    QVERIFY(objectId >= 1);
                }
        QCOMPARE(m_session->modelRuns(), runs);
    }

    void backwardFromALaterKeyframe()
    {
        QVERIFY(openAndDiscover(2) > 0);
        std::vector<int64_t> order;
        VideoPropagateObserver observer;
        observer.frameTracked = [&](int64_t frame, size_t, size_t total) {
            order.push_back(frame);
            QCOMPARE(total, size_t(3));
        };
        const VideoPropagateOutcome outcome = m_session->propagate(2, /*backward=*/true, observer);
        QCOMPARE(outcome.framesTracked, size_t(3));
        QCOMPARE(order, (std::vector<int64_t>{2, 1, 0}));
        QCOMPARE(m_session->tracks().frames(), (std::set<int64_t>{0, 1, 2}));
    }

    void correctionsStickThroughLaterPropagations()
    {
        const int64_t id = openAndDiscover(0);
        QVERIFY(id > 0);
        m_session->propagate(0, false);
        const cv::Mat tracked = maskOf(m_session->tracks(), 1, id);

        // A box on frame 1 away from what was tracked there: a different mask.
        Prompt box;
        box.box = cv::Rect2f(600, 300, 300, 200);
        const cv::Mat corrected = m_session->correct(1, id, box);
        QVERIFY2(!corrected.empty(), "SAM2 says the corrected object is absent");
        QVERIFY2(!sameMask(corrected, tracked), "the correction changed nothing: pick another box");
        QVERIFY(sameMask(maskOf(m_session->tracks(), 1, id), corrected));

        // Re-propagation from the corrected frame, then a whole pass from frame 0 across it:
        // the corrected frame is a conditioning frame and keeps the corrected mask (under
        // Meta's default the second pass would overwrite it).
        m_session->propagate(1, false);
        QVERIFY(sameMask(maskOf(m_session->tracks(), 1, id), corrected));
        const VideoPropagateOutcome again = m_session->propagate(0, false);
        QCOMPARE(again.framesTracked, size_t(kFrames));
        QVERIFY2(sameMask(maskOf(m_session->tracks(), 1, id), corrected), "the correction was overwritten");

        // Points correct a frame too (negative click inside the corrected mask, on frame 2).
        const cv::Mat before2 = maskOf(m_session->tracks(), 2, id);
        if (!before2.empty()) {
            const cv::Rect b = cv::boundingRect(before2);
            Prompt click;
            click.points = {cv::Point2f(b.x + b.width / 2.f, b.y + b.height / 2.f)};
            click.labels = {0};
            m_session->correct(2, id, click);
            m_session->propagate(0, false);
            QVERIFY(sameMask(maskOf(m_session->tracks(), 1, id), corrected));
        }
    }

    void cancelKeepsTheFramesSoFar()
    {
        QVERIFY(openAndDiscover(0) > 0);
        VideoPropagateObserver observer;
        observer.keepGoing = [] { return false; }; // stop after the first frame
        const VideoPropagateOutcome outcome = m_session->propagate(0, false, observer);
        QVERIFY(outcome.cancelled);
        QCOMPARE(outcome.framesTracked, size_t(1));
        QCOMPARE(m_session->tracks().frames(), (std::set<int64_t>{0}));
    }

    void addedAndRemovedObjects()
    {
        const int64_t discovered = openAndDiscover(0);
        QVERIFY(discovered > 0);
        Prompt box;
        box.box = cv::Rect2f(50, 50, 250, 200);
        const int64_t added = m_session->addObject(0, box, "lamp", m_params.sam2Model);
        QVERIFY(added != discovered);
        QCOMPARE(m_session->tracks().objects().at(added).label, std::string("lamp"));
        m_session->setLabel(added, "bed");
        QCOMPARE(m_session->tracks().objects().at(added).label, std::string("bed"));
        m_session->removeObject(discovered);
        QVERIFY(!m_session->tracks().hasObject(discovered));
        m_session->propagate(0, false);
        for (int64_t f = 0; f < kFrames; ++f)
            for (const auto &[objectId, mask] : m_session->tracks().masksOn(f))
                QCOMPARE(objectId, added);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, m_session->removeObject(discovered));
    }

    void exportWritesTheCliLayout()
    {
        const int64_t id = openAndDiscover(0);
        QVERIFY(id > 0);
        m_session->propagate(0, false);
        QTemporaryDir out;
        const auto files = m_session->exportTracks(out.path().toStdString(), ExportOptions{});
        QCOMPARE(files.size(), size_t(4));
        for (const auto &f : files)
            QVERIFY2(std::filesystem::exists(f), f.c_str());
        const QJsonObject tracks = readJson(out.filePath(QStringLiteral("bedroom_tracks.json")));
        QCOMPARE(tracks.value(QStringLiteral("frames")).toInt(), kFrames);
        QCOMPARE(tracks.value(QStringLiteral("frames_tracked")).toInt(), kFrames);
        QCOMPARE(tracks.value(QStringLiteral("keyframe")).toInt(), 0);
        const QJsonArray objects = tracks.value(QStringLiteral("objects")).toArray();
        QCOMPARE(objects.size(), qsizetype(m_session->tracks().objects().size()));
        const QJsonObject coco = readJson(out.filePath(QStringLiteral("bedroom_coco_video.json")));
        QCOMPARE(coco.value(QStringLiteral("annotations")).toArray().size(), objects.size());
        // One PNG per object present per frame, equal to the session's mask.
        for (int64_t f = 0; f < kFrames; ++f)
            for (const auto &[objectId, mask] : m_session->tracks().masksOn(f)) {
                const QString png = out.filePath(QStringLiteral("bedroom_masks/frame_%1/mask_%2.png")
                                                     .arg(f, 6, 10, QLatin1Char('0'))
                                                     .arg(objectId, 3, 10, QLatin1Char('0')));
                const cv::Mat read = cv::imread(png.toStdString(), cv::IMREAD_GRAYSCALE);
                QVERIFY2(sameMask(read, mask), qPrintable(png));
            }
        QVERIFY(QFileInfo::exists(out.filePath(QStringLiteral("bedroom_tracks_mot.csv"))));
    }

    void badRequestsAreRefused()
    {
        m_session->open(FrameReader::open(m_frames.toStdString()), "bedroom");
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, m_session->propagate(0, false)); // nothing to track
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, m_session->discover(kFrames, m_params));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, m_session->correct(0, 42, Prompt{}));
        const int64_t id = m_session->discover(0, m_params).added.front();
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, m_session->correct(0, id, Prompt{})); // empty prompt
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, m_session->correct(0, id, cv::Mat(10, 10, CV_8U)));
        SegmentationParams other = m_params;
        other.sam2Model = "sam2.1_hiera_small";
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, m_session->discover(0, other)); // tracks of another model
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, m_session->open(nullptr, "none"));
    }
};

QTEST_GUILESS_MAIN(TestVideoSession)
#include "tst_videosession.moc"
