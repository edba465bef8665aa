// The session's speculation: after a result it asks the engine to decode ahead for the
// image shown, once per parameter set, and any user request pre-empts it.
#include "fakeengine.h"
#include "fixtures.h"
#include "segmentationsession.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QtTest>

#include <opencv2/imgproc.hpp>

#include <atomic>
#include <chrono>
#include <thread>

using namespace dinosam;
using namespace dinosam::ui;

namespace {

/// The fake engine, plus a speculation of controllable length that checks its cancel flag.
class SpeculatingEngine : public test::FakeEngine
{
public:
    std::atomic<int> speculateMs{100};
    std::atomic<int> speculations{0};
    std::atomic<int> speculationsStarted{0};

    bool supportsSpeculation() const override { return true; }
    bool speculate(const EngineImage &, const SegmentationParams &, const CancelFn &cancel) override
    {
        ++speculationsStarted;
        if (!workUnlessCancelled(cancel))
            return false;
        ++speculations;
        return true;
    }
    std::atomic<int> similarSpeculations{0};
    std::atomic<int> similarSpeculationsStarted{0};
    bool speculateSimilar(const EngineImage &, const EngineImage &, const cv::Mat &, const SimilarityParams &,
                          const std::vector<cv::Mat> &, const CancelFn &cancel) override
    {
        ++similarSpeculationsStarted;
        if (!workUnlessCancelled(cancel))
            return false;
        ++similarSpeculations;
        return true;
    }

private:
    /// Busy for speculateMs, checking the cancel flag as a real speculation does between batches.
    bool workUnlessCancelled(const CancelFn &cancel) const
    {
        const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(speculateMs.load());
        while (std::chrono::steady_clock::now() < end) {
            if (cancel())
                return false;
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        return true;
    }
};

/// Find similar with a disc on the truck photo as the example, searching `targets`.
std::shared_ptr<const SimilarRequest> similarRequest(const QStringList &targets, float threshold)
{
    auto r = std::make_shared<SimilarRequest>();
    r->exampleImage = targets.front();
    r->exampleMask = cv::Mat::zeros(1200, 1800, CV_8U);
    cv::circle(r->exampleMask, cv::Point(900, 600), 80, cv::Scalar(255), cv::FILLED);
    r->params.similarityThreshold = threshold;
    r->targets = targets;
    return r;
}

QString image(const char *name)
{
    return test::fixturePath(QStringLiteral("images/") + QString::fromLatin1(name));
}

SegmentationParams params(float threshold, int64_t minArea = 0)
{
    SegmentationParams p;
    p.attentionThreshold = threshold;
    p.minArea = minArea;
    return p;
}

} // namespace

class TestSpeculationSession : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { DINOSAM_REQUIRE_FIXTURE("images/truck.jpg"); }

    void speculatesOncePerParameterSet()
    {
        auto engine = std::make_shared<SpeculatingEngine>();
        SegmentationSession session(engine);
        QSignalSpy finished(&session, &SegmentationSession::speculationFinished);
        session.requestSegmentation(image("truck.jpg"), params(0.6f));
        QTRY_COMPARE(finished.count(), 1);
        QCOMPARE(finished.at(0).at(0).toString(), image("truck.jpg"));
        QCOMPARE(finished.at(0).at(1).toBool(), true);
        QTRY_VERIFY(!session.isBusy());

        // Another threshold: covered by the speculation, none runs.
        QSignalSpy ready(&session, &SegmentationSession::segmentationReady);
        session.requestSegmentation(image("truck.jpg"), params(0.3f));
        QTRY_COMPARE(ready.count(), 1);
        QTRY_VERIFY(!session.isBusy());
        QCOMPARE(engine->speculationsStarted.load(), 1);

        // Another minimum area: a new parameter set, speculated again.
        session.requestSegmentation(image("truck.jpg"), params(0.3f, 5000));
        QTRY_COMPARE(finished.count(), 2);
        QCOMPARE(engine->speculations.load(), 2);
    }

    void userRequestPreemptsSpeculation()
    {
        auto engine = std::make_shared<SpeculatingEngine>();
        engine->speculateMs = 20000; // far longer than any wait below
        SegmentationSession session(engine);
        QSignalSpy started(&session, &SegmentationSession::jobStarted);
        QSignalSpy finished(&session, &SegmentationSession::speculationFinished);
        QSignalSpy ready(&session, &SegmentationSession::segmentationReady);
        session.requestSegmentation(image("truck.jpg"), params(0.6f));
        QTRY_COMPARE(ready.count(), 1);
        QTRY_COMPARE(engine->speculationsStarted.load(), 1);
        QCOMPARE(started.last().at(1).value<JobKind>(), JobKind::Speculate);

        QElapsedTimer timer;
        timer.start();
        session.requestSegmentation(image("truck.jpg"), params(0.4f));
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 2, 10000);
        QVERIFY2(timer.elapsed() < 10000, "the slider move waited for the speculation");
        QCOMPARE(finished.first().at(1).toBool(), false); // pre-empted, not completed
        QCOMPARE(engine->speculations.load(), 0);
        // It resumes for the new parameters once the user's request is answered.
        QTRY_COMPARE(engine->speculationsStarted.load(), 2);
        session.cancelAll();
    }

    void speculatesAfterFindSimilarOnOneImage()
    {
        auto engine = std::make_shared<SpeculatingEngine>();
        SegmentationSession session(engine);
        QSignalSpy finished(&session, &SegmentationSession::speculationFinished);
        QSignalSpy similar(&session, &SegmentationSession::similarFinished);
        QSignalSpy started(&session, &SegmentationSession::jobStarted);
        session.requestFindSimilar(similarRequest({image("truck.jpg")}, 0.6f));
        QTRY_COMPARE(finished.count(), 1);
        QCOMPARE(similar.count(), 1);
        QCOMPARE(finished.at(0).at(1).toBool(), true);
        QCOMPARE(started.last().at(1).value<JobKind>(), JobKind::SpeculateSimilar);
        QTRY_VERIFY(!session.isBusy());

        // A slider move (another threshold of the same query): covered, none runs.
        session.requestFindSimilar(similarRequest({image("truck.jpg")}, 0.3f));
        QTRY_COMPARE(similar.count(), 2);
        QTRY_VERIFY(!session.isBusy());
        QCOMPARE(engine->similarSpeculationsStarted.load(), 1);

        // Another maximum number: a new query, speculated again.
        auto more = std::make_shared<SimilarRequest>(*similarRequest({image("truck.jpg")}, 0.3f));
        more->params.maxInstances = 9;
        session.requestFindSimilar(more);
        QTRY_COMPARE(finished.count(), 2);
        QCOMPARE(engine->similarSpeculations.load(), 2);

        // A folder run is not a slider's: no speculation.
        session.requestFindSimilar(similarRequest({image("truck.jpg"), image("groceries.jpg")}, 0.5f));
        QTRY_COMPARE(similar.count(), 4);
        QTRY_VERIFY(!session.isBusy());
        QCOMPARE(engine->similarSpeculationsStarted.load(), 2);
    }

    void findSimilarPreemptsItsSpeculation()
    {
        auto engine = std::make_shared<SpeculatingEngine>();
        engine->speculateMs = 20000;
        SegmentationSession session(engine);
        QSignalSpy finished(&session, &SegmentationSession::speculationFinished);
        QSignalSpy similar(&session, &SegmentationSession::similarFinished);
        session.requestFindSimilar(similarRequest({image("truck.jpg")}, 0.6f));
        QTRY_COMPARE(engine->similarSpeculationsStarted.load(), 1);

        QElapsedTimer timer;
        timer.start();
        auto other = std::make_shared<SimilarRequest>(*similarRequest({image("truck.jpg")}, 0.4f));
        other->params.minArea = 77; // a new query: its speculation starts again afterwards
        session.requestFindSimilar(other);
        QTRY_COMPARE_WITH_TIMEOUT(similar.count(), 2, 10000);
        QVERIFY2(timer.elapsed() < 10000, "the slider move waited for the speculation");
        QCOMPARE(finished.first().at(1).toBool(), false);
        QCOMPARE(engine->similarSpeculations.load(), 0);
        QTRY_COMPARE(engine->similarSpeculationsStarted.load(), 2);
        session.cancelAll();
    }

    void engineWithoutSpeculationGetsNoJobs()
    {
        auto engine = std::make_shared<test::FakeEngine>();
        SegmentationSession session(engine);
        QSignalSpy finished(&session, &SegmentationSession::speculationFinished);
        QSignalSpy ready(&session, &SegmentationSession::segmentationReady);
        session.requestSegmentation(image("truck.jpg"), params(0.6f));
        QTRY_COMPARE(ready.count(), 1);
        QTRY_VERIFY(!session.isBusy());
        QCOMPARE(finished.count(), 0);
        QCOMPARE(session.jobsStarted(), 1);
    }
};

QTEST_GUILESS_MAIN(TestSpeculationSession)
#include "tst_speculationsession.moc"
