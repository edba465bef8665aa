// The session's threading contract, driven with a fake engine of controllable latency.
#include "fakeengine.h"
#include "fixtures.h"
#include "segmentationsession.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace dinosam;
using namespace dinosam::ui;

namespace {
QString image(const char *name)
{
    return test::fixturePath(QStringLiteral("images/") + QString::fromLatin1(name));
}
} // namespace

class TestSegmentationSession : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        DINOSAM_REQUIRE_FIXTURE("images/truck.jpg");
        DINOSAM_REQUIRE_FIXTURE("images/groceries.jpg");
    }

    void firstResultArrives()
    {
        auto engine = std::make_shared<test::FakeEngine>();
        SegmentationSession session(engine);
        QSignalSpy ready(&session, &SegmentationSession::segmentationReady);
        QSignalSpy progress(&session, &SegmentationSession::progress);
        SegmentationParams params;
        params.numObjects = 4;
        params.minArea = 0;
        const quint64 id = session.requestSegmentation(image("truck.jpg"), params);
        QTRY_COMPARE(ready.count(), 1);
        const auto outcome = ready.at(0).at(0).value<EngineOutcome>();
        QCOMPARE(outcome.id, id);
        QVERIFY(outcome.ok);
        QCOMPARE(outcome.image.size(), QSize(1800, 1200));
        QCOMPARE(outcome.overlay.size(), QSize(1800, 1200));
        QCOMPARE(outcome.heatmap.size(), QSize(1800, 1200));
        QCOMPARE(int(outcome.result->objects.size()), 4);
        QVERIFY(progress.count() >= 1);
        QTRY_VERIFY(!session.isBusy());
    }

    // 50 parameter changes while the first (slow) run is going: the first starts at
    // once, the other 49 collapse into one pending run, and only the last is shown.
    void burstOfFiftyGivesAtMostTwoRunsAndLastWins()
    {
        auto engine = std::make_shared<test::FakeEngine>();
        engine->firstRunMs = 300;
        SegmentationSession session(engine);
        QSignalSpy ready(&session, &SegmentationSession::segmentationReady);
        SegmentationParams params;
        params.minArea = 0;
        quint64 lastId = 0;
        for (int i = 0; i < 50; ++i) {
            params.attentionThreshold = 0.30f + 0.01f * static_cast<float>(i);
            lastId = session.requestSegmentation(image("truck.jpg"), params);
            QCoreApplication::processEvents(); // the GUI keeps running between moves
        }
        QTRY_COMPARE(ready.count(), 1);
        QTRY_VERIFY(!session.isBusy());
        // Not busy: no job is in flight or pending, and the session drops any outcome that
        // is not its in-flight job's, so once queued events have run nothing else can arrive.
        QCoreApplication::processEvents();
        QCOMPARE(ready.count(), 1);
        QVERIFY2(session.segmentJobsStarted() <= 2,
                 qPrintable(QString::number(session.segmentJobsStarted())));
        QVERIFY(engine->segmentCalls.load() <= 2);
        const auto outcome = ready.at(0).at(0).value<EngineOutcome>();
        QCOMPARE(outcome.id, lastId);
        QCOMPARE(outcome.result->params.attentionThreshold, params.attentionThreshold);
    }

    // Requests spread over time: whatever arrives is always the newest request.
    void staleResultsNeverReachTheView()
    {
        auto engine = std::make_shared<test::FakeEngine>();
        engine->firstRunMs = 60;
        engine->cheapRunMs = 15;
        SegmentationSession session(engine);
        int delivered = 0;
        int stale = 0;
        connect(&session, &SegmentationSession::segmentationReady, this,
                [&](const EngineOutcome &o) {
                    ++delivered;
                    if (o.id != session.latestSegmentationId())
                        ++stale;
                });
        SegmentationParams params;
        params.minArea = 0;
        const QString paths[] = {image("truck.jpg"), image("groceries.jpg")};
        for (int i = 0; i < 40; ++i) {
            params.numObjects = 1 + i % 10;
            session.requestSegmentation(paths[(i / 7) % 2], params);
            QTest::qWait(i % 3 == 0 ? 25 : 3);
        }
        QTRY_VERIFY(!session.isBusy());
        QCoreApplication::processEvents(); // nothing can arrive once idle (see above)
        QCOMPARE(stale, 0);
        QVERIFY(delivered >= 1);
    }

    void switchingImageCancelsTheRunningOne()
    {
        auto engine = std::make_shared<test::FakeEngine>();
        engine->firstRunMs = 2000;
        SegmentationSession session(engine);
        QSignalSpy ready(&session, &SegmentationSession::segmentationReady);
        QSignalSpy started(&session, &SegmentationSession::jobStarted);
        SegmentationParams params;
        session.requestSegmentation(image("truck.jpg"), params);
        QTRY_COMPARE(started.count(), 1);
        QTRY_COMPARE(engine->segmentCalls.load(), 1); // the engine is inside the slow first run
        engine->firstRunMs = 40;
        const quint64 id = session.requestSegmentation(image("groceries.jpg"), params);
        QTRY_COMPARE(ready.count(), 1);
        QCOMPARE(ready.at(0).at(0).value<EngineOutcome>().id, id);
        QCOMPARE(engine->cancelledCalls.load(), 1);
    }

    void corruptImageFailsAndSessionGoesOn()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString bad = dir.filePath(QStringLiteral("broken.jpg"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("\xff\xd8\xff\xe0 this is not really a JPEG");
        f.close();
        auto engine = std::make_shared<test::FakeEngine>();
        SegmentationSession session(engine);
        QSignalSpy failed(&session, &SegmentationSession::failed);
        QSignalSpy ready(&session, &SegmentationSession::segmentationReady);
        session.requestSegmentation(bad, SegmentationParams{});
        QTRY_COMPARE(failed.count(), 1);
        QCOMPARE(failed.at(0).at(1).toString(), bad);
        QVERIFY(!failed.at(0).at(2).toString().isEmpty());
        session.requestSegmentation(image("groceries.jpg"), SegmentationParams{});
        QTRY_COMPARE(ready.count(), 1);
    }

    void prefetchedImageIsAnsweredWithoutANewRun()
    {
        auto engine = std::make_shared<test::FakeEngine>();
        SegmentationSession session(engine);
        QSignalSpy ready(&session, &SegmentationSession::segmentationReady);
        SegmentationParams params;
        session.requestSegmentation(image("truck.jpg"), params);
        QTRY_COMPARE(ready.count(), 1);
        session.setPrefetch(image("groceries.jpg"), params);
        QTRY_COMPARE(engine->completedSegments.load(), 2);
        QTRY_VERIFY(!session.isBusy());
        const int runsBefore = engine->segmentCalls.load();
        const quint64 id = session.requestSegmentation(image("groceries.jpg"), params);
        QTRY_COMPARE(ready.count(), 2);
        QCOMPARE(ready.at(1).at(0).value<EngineOutcome>().id, id);
        QCOMPARE(ready.at(1).at(0).value<EngineOutcome>().imagePath, image("groceries.jpg"));
        QCOMPARE(engine->segmentCalls.load(), runsBefore);
    }

    void requestDuringPrefetchAdoptsIt()
    {
        auto engine = std::make_shared<test::FakeEngine>();
        engine->firstRunMs = 300;
        SegmentationSession session(engine);
        QSignalSpy started(&session, &SegmentationSession::jobStarted);
        QSignalSpy ready(&session, &SegmentationSession::segmentationReady);
        SegmentationParams params;
        session.setPrefetch(image("groceries.jpg"), params);
        QTRY_COMPARE(started.count(), 1);
        const quint64 id = session.requestSegmentation(image("groceries.jpg"), params);
        QTRY_COMPARE(ready.count(), 1);
        QCOMPARE(ready.at(0).at(0).value<EngineOutcome>().id, id);
        QCOMPARE(engine->segmentCalls.load(), 1);
    }

    void refineReturnsTheObject()
    {
        auto engine = std::make_shared<test::FakeEngine>();
        SegmentationSession session(engine);
        QSignalSpy refined(&session, &SegmentationSession::refineReady);
        Prompt prompt;
        prompt.box = cv::Rect2f(100, 100, 200, 100);
        session.requestRefine(image("truck.jpg"), SegmentationParams{}, prompt, 2, 7);
        QTRY_COMPARE(refined.count(), 1);
        const auto outcome = refined.at(0).at(0).value<EngineOutcome>();
        QCOMPARE(outcome.targetUid, 2);
        QCOMPARE(outcome.documentGeneration, quint64(7));
        QVERIFY(outcome.object);
        QVERIFY(outcome.object->box.x >= 99 && outcome.object->box.width <= 202);
    }

    void exportWritesFilesAndReportsFailures()
    {
        QTemporaryDir out;
        QTemporaryDir in;
        QVERIFY(out.isValid() && in.isValid());
        const QString bad = in.filePath(QStringLiteral("broken.png"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not a png");
        f.close();
        auto engine = std::make_shared<test::FakeEngine>();
        SegmentationSession session(engine);
        QSignalSpy done(&session, &SegmentationSession::exportFinished);
        auto request = std::make_shared<ExportRequest>();
        request->paths = {image("groceries.jpg"), bad, image("truck.jpg")};
        request->outputDir = out.path();
        SegmentationParams params;
        params.numObjects = 3;
        params.minArea = 0;
        session.requestExport(request, params);
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 20000);
        const auto report = done.at(0).at(0).value<EngineOutcome>().exportReport;
        QVERIFY(report);
        QCOMPARE(report->imagesDone, 2);
        QCOMPARE(report->failures.size(), 1);
        QCOMPARE(report->failures.at(0).first, bad);
        QVERIFY(!report->cancelled);
        for (const QString &file : report->files)
            QVERIFY2(QFileInfo::exists(file), qPrintable(file));
        QVERIFY(QFileInfo::exists(out.filePath(QStringLiteral("coco.json")))); // one COCO file for the batch
        QVERIFY(QFileInfo::exists(out.filePath(QStringLiteral("truck_masks/mask_002.png"))));
        QVERIFY(QFileInfo::exists(out.filePath(QStringLiteral("groceries_overlay.png"))));
        QImage mask(out.filePath(QStringLiteral("truck_masks/mask_000.png")));
        QCOMPARE(mask.size(), QSize(1800, 1200));
    }

    void destroyingMidRunJoinsCleanly()
    {
        auto engine = std::make_shared<test::FakeEngine>();
        engine->firstRunMs = 20000;
        {
            SegmentationSession session(engine);
            QSignalSpy started(&session, &SegmentationSession::jobStarted);
            session.requestSegmentation(image("truck.jpg"), SegmentationParams{});
            QTRY_COMPARE(started.count(), 1);
            QTRY_COMPARE(engine->segmentCalls.load(), 1);
        } // destructor cancels and joins; a 20 s run would time the test out
        QCOMPARE(engine->cancelledCalls.load(), 1);
        QCOMPARE(engine->completedSegments.load(), 0);
    }
};

QTEST_GUILESS_MAIN(TestSegmentationSession)
#include "tst_segmentationsession.moc"
