// Pipeline::speculateSimilar(): after one "find similar", every similarity-slider move is a
// cache hit (no SAM2 decode) and gives what a pipeline without speculation gives. Fake
// encoders (fakebackend.h): tokens are the patches' colours, masks the bright pixels in a box.
#include "fakebackend.h"

#include "pipeline/pipeline.h"
#include "pipeline/similarity.h"

#include <QtTest>

#include <opencv2/imgproc.hpp>

using namespace dinosam;

namespace {

// 640x480 at DINOv2 input 448: 32x24 patches of 20 px. The squares are off the patch grid, so
// their border patches are part colour, part black: the regions change with the threshold.
const cv::Rect kYellowA(67, 53, 97, 103);
const cv::Rect kYellowB(403, 287, 97, 103);
const cv::Rect kCyan(410, 47, 91, 91);

cv::Mat scene()
{
    cv::Mat rgb(480, 640, CV_8UC3, cv::Scalar::all(0));
    cv::rectangle(rgb, kYellowA, cv::Scalar(255, 220, 0), cv::FILLED);
    cv::rectangle(rgb, kYellowB, cv::Scalar(255, 220, 0), cv::FILLED);
    cv::rectangle(rgb, kCyan, cv::Scalar(0, 230, 255), cv::FILLED);
    return rgb;
}

struct Fixture
{
    std::shared_ptr<test::FakeBackend> backend = std::make_shared<test::FakeBackend>();
    Pipeline pipeline{PipelineConfig{}, backend};
    cv::Mat rgb = scene();
    ImageInput input = ImageInput::fromMat(rgb, "scene");
    SimilarityQuery query;

    Fixture()
    {
        cv::Mat mask = cv::Mat::zeros(rgb.size(), CV_8U);
        mask(kYellowA).setTo(255);
        query.positives.push_back({input, mask, std::nullopt});
    }
};

SimilarityParams paramsAt(float threshold)
{
    SimilarityParams p;
    p.similarityThreshold = threshold;
    p.minArea = 0;
    p.multiScale = false;
    return p;
}

std::vector<cv::Rect> boxes(const SimilarityResult &r)
{
    std::vector<cv::Rect> out;
    for (const auto &o : r.objects)
        out.push_back(o.box);
    return out;
}

} // namespace

class TestSimilarSpeculation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyThresholdIsACacheHitAfterwards();
    void neverRunsAnEncoder();
    void cancellationStopsWithinOneBatch();
};

void TestSimilarSpeculation::everyThresholdIsACacheHitAfterwards()
{
    Fixture f;
    const SimilarityResult first = f.pipeline.findSimilar(f.input, f.query, paramsAt(0.9f));
    QCOMPARE(boxes(first), std::vector<cv::Rect>{kYellowB}); // the other yellow square, not the cyan one
    const int decodedByRun = f.backend->counts.promptsDecoded;
    QVERIFY(decodedByRun > 0);

    const SpeculationReport report = f.pipeline.speculateSimilar(f.input, f.query, paramsAt(0.9f));
    QVERIFY(report.complete);
    QCOMPARE(report.thresholds, 101);
    // Lower thresholds take in the cyan square and the part-covered border patches.
    QVERIFY2(report.prompts > decodedByRun, qPrintable(QString::number(report.prompts)));
    QCOMPARE(report.decoded, report.prompts - decodedByRun);
    QCOMPARE(f.backend->counts.promptsDecoded, decodedByRun + report.decoded);
    QCOMPARE(f.backend->counts.dinoEncodes, 1);
    QCOMPARE(f.backend->counts.samEncodes, 1);

    // Every move is answered from the cache, with what a pipeline without speculation finds.
    const int decodedBefore = f.backend->counts.promptsDecoded;
    bool sawCyan = false;
    for (int i = 0; i <= 100; i += 7) {
        const SimilarityResult r = f.pipeline.findSimilar(f.input, f.query, paramsAt(i / 100.0f));
        QCOMPARE(r.timings.sam2DecodeMs, 0.0);
        Fixture fresh;
        QCOMPARE(boxes(r), boxes(fresh.pipeline.findSimilar(fresh.input, fresh.query, paramsAt(i / 100.0f))));
        for (const auto &b : boxes(r))
            sawCyan = sawCyan || b == kCyan;
    }
    QVERIFY(sawCyan); // the sweep did change the answer
    QCOMPARE(f.backend->counts.promptsDecoded, decodedBefore);
    QCOMPARE(f.backend->counts.dinoEncodes, 1);

    const SpeculationReport again = f.pipeline.speculateSimilar(f.input, f.query, paramsAt(0.4f));
    QVERIFY(again.complete);
    QCOMPARE(again.decoded, 0);
    QCOMPARE(again.prompts, report.prompts);
}

void TestSimilarSpeculation::neverRunsAnEncoder()
{
    Fixture f;
    const SpeculationReport report = f.pipeline.speculateSimilar(f.input, f.query, paramsAt(0.5f));
    QVERIFY(!report.complete);
    QCOMPARE(report.thresholds, 0);
    QCOMPARE(f.backend->counts.dinoEncodes, 0);
    QCOMPARE(f.backend->counts.samEncodes, 0);
    QCOMPARE(f.backend->counts.promptsDecoded, 0);
}

void TestSimilarSpeculation::cancellationStopsWithinOneBatch()
{
    Fixture f;
    f.pipeline.findSimilar(f.input, f.query, paramsAt(0.9f));
    const int decodedByRun = f.backend->counts.promptsDecoded;
    const int calls = f.backend->counts.samDecodeCalls;
    RunControl control;
    control.isCancelled = [&] { return f.backend->counts.samDecodeCalls > calls; };
    const SpeculationReport stopped = f.pipeline.speculateSimilar(f.input, f.query, paramsAt(0.9f), {}, control);
    QVERIFY(!stopped.complete);
    QCOMPARE(f.backend->counts.samDecodeCalls, calls + 1);
    QVERIFY(stopped.decoded >= 1 && stopped.decoded <= 2);

    const SpeculationReport rest = f.pipeline.speculateSimilar(f.input, f.query, paramsAt(0.9f));
    QVERIFY(rest.complete);
    QCOMPARE(rest.prompts, stopped.prompts);
    QVERIFY(rest.decoded > 0);
    QCOMPARE(stopped.decoded + rest.decoded, rest.prompts - decodedByRun); // the rest, nothing twice
}

QTEST_GUILESS_MAIN(TestSimilarSpeculation)
#include "tst_similarspeculation.moc"
