// Pipeline::speculate(): after one run, every threshold-slider move is a cache hit.
// Fake encoders (fakebackend.h) count every encoder call and decoded prompt.
#include "fakebackend.h"

#include "pipeline/pipeline.h"

#include <QtTest>

#include <atomic>
#include <cmath>

using namespace dinosam;

namespace {

/// The fake "attention" is brightness: a radial gradient gives a region whose box
/// shrinks as the threshold rises, and three flat squares of different brightness
/// appear one by one, so the thresholds give many distinct prompts.
cv::Mat gradedScene()
{
    cv::Mat scene(480, 640, CV_8UC3, cv::Scalar::all(0));
    for (int y = 0; y < scene.rows; ++y)
        for (int x = 0; x < scene.cols; ++x) {
            const double r = std::hypot(x - 180.0, y - 240.0);
            if (r < 150)
                scene.at<cv::Vec3b>(y, x) = cv::Vec3b::all(uchar(255 * (1 - r / 150)));
        }
    cv::rectangle(scene, cv::Rect(420, 40, 80, 80), cv::Scalar::all(90), cv::FILLED);
    cv::rectangle(scene, cv::Rect(420, 200, 80, 80), cv::Scalar::all(160), cv::FILLED);
    cv::rectangle(scene, cv::Rect(420, 360, 80, 80), cv::Scalar::all(230), cv::FILLED);
    return scene;
}

struct Fixture
{
    std::shared_ptr<test::FakeBackend> backend = std::make_shared<test::FakeBackend>();
    Pipeline pipeline{PipelineConfig{}, backend};
    cv::Mat scene = gradedScene();
};

SegmentationParams paramsAt(float threshold)
{
    SegmentationParams p;
    p.attentionThreshold = threshold;
    p.minArea = 0;
    p.numObjects = 10;
    return p;
}

} // namespace

class TestSpeculation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyThresholdIsACacheHitAfterwards();
    void neverRunsAnEncoder();
    void cancellationStopsWithinOneBatch();
    void spectralHasNothingToSpeculate();
    void badStepIsRefused();
};

void TestSpeculation::everyThresholdIsACacheHitAfterwards()
{
    Fixture f;
    const auto input = ImageInput::fromMat(f.scene, "scene");
    f.pipeline.run(input, paramsAt(0.6f));
    const int decodedByRun = f.backend->counts.promptsDecoded;
    QVERIFY(decodedByRun > 0);

    const SpeculationReport report = f.pipeline.speculate(input, paramsAt(0.6f));
    QVERIFY(report.complete);
    QCOMPARE(report.thresholds, 101);
    // The scene has several bright blobs: different thresholds give different regions.
    QVERIFY2(report.prompts > decodedByRun, qPrintable(QString::number(report.prompts)));
    QCOMPARE(report.decoded, report.prompts - decodedByRun); // the run's prompts were cached
    QCOMPARE(f.backend->counts.promptsDecoded, decodedByRun + report.decoded);

    const int decodedBefore = f.backend->counts.promptsDecoded;
    for (int i = 0; i <= 100; i += 7) {
        const SegmentationResult r = f.pipeline.run(input, paramsAt(i / 100.0f));
        QCOMPARE(r.timings.sam2DecodeMs, 0.0);
    }
    QCOMPARE(f.backend->counts.promptsDecoded, decodedBefore);
    QCOMPARE(f.backend->counts.dinoEncodes, 1);
    QCOMPARE(f.backend->counts.samEncodes, 1);

    // A second speculation finds everything cached.
    const SpeculationReport again = f.pipeline.speculate(input, paramsAt(0.3f));
    QVERIFY(again.complete);
    QCOMPARE(again.decoded, 0);
    QCOMPARE(again.prompts, report.prompts);
}

void TestSpeculation::neverRunsAnEncoder()
{
    Fixture f;
    const SpeculationReport report = f.pipeline.speculate(ImageInput::fromMat(f.scene, "scene"), paramsAt(0.5f));
    QVERIFY(!report.complete);
    QCOMPARE(report.thresholds, 0);
    QCOMPARE(f.backend->counts.dinoEncodes, 0);
    QCOMPARE(f.backend->counts.samEncodes, 0);
    QCOMPARE(f.backend->counts.promptsDecoded, 0);
}

void TestSpeculation::cancellationStopsWithinOneBatch()
{
    Fixture f;
    const auto input = ImageInput::fromMat(f.scene, "scene");
    f.pipeline.run(input, paramsAt(0.6f));
    const int calls = f.backend->counts.samDecodeCalls;
    RunControl control;
    // Cancel as soon as speculation has made its first decoder call.
    control.isCancelled = [&] { return f.backend->counts.samDecodeCalls > calls; };
    const SpeculationReport stopped = f.pipeline.speculate(input, paramsAt(0.6f), control);
    QVERIFY(!stopped.complete);
    QCOMPARE(f.backend->counts.samDecodeCalls, calls + 1);
    QVERIFY(stopped.decoded >= 1 && stopped.decoded <= 2);

    const SpeculationReport rest = f.pipeline.speculate(input, paramsAt(0.6f));
    QVERIFY(rest.complete);
    QCOMPARE(rest.prompts, stopped.prompts);
    QVERIFY(rest.decoded > 0);
}

void TestSpeculation::spectralHasNothingToSpeculate()
{
    Fixture f;
    const auto input = ImageInput::fromMat(f.scene, "scene");
    f.pipeline.run(input, paramsAt(0.6f));
    const int decoded = f.backend->counts.promptsDecoded;
    SegmentationParams p = paramsAt(0.6f);
    p.method = DiscoveryMethod::Spectral;
    const SpeculationReport report = f.pipeline.speculate(input, p);
    QVERIFY(!report.complete);
    QCOMPARE(report.thresholds, 0);
    QCOMPARE(f.backend->counts.promptsDecoded, decoded);
}

void TestSpeculation::badStepIsRefused()
{
    Fixture f;
    try {
        f.pipeline.speculate(ImageInput::fromMat(f.scene, "scene"), paramsAt(0.5f), {}, 0.0);
        QFAIL("no error");
    } catch (const PipelineError &e) {
        QCOMPARE(int(e.kind()), int(PipelineError::Kind::InvalidArgument));
    }
}

QTEST_GUILESS_MAIN(TestSpeculation)
#include "tst_speculation.moc"
