// Find similar end to end on the random-weight fixture checkpoints: the same crop of
// the truck photo pasted twice into another photo; the example is one paste (a mask),
// and the other paste must be found. Random weights still make the tokens of identical
// pixels far more alike than others; the observed values are printed (qInfo) and
// the assertions below use margins well inside them.
#include "fixtures.h"

#include "imageio/imageloader.h"
#include "countingbackend.h"
#include "pipeline/pipeline.h"
#include "pipeline/similarity.h"
#include "pipeline/torchbackend.h"

#include <QtTest>

#include <opencv2/imgproc.hpp>

using namespace dinosam;

namespace {

// 602x448 = the DINOv2 input itself (grid 43x32, no resize): both pastes sit on patch
// boundaries, so their patches hold identical pixels.
const cv::Size kImage(602, 448);
const cv::Rect kPasteA(28, 42, 140, 112);   // 10x8 patches
const cv::Rect kPasteB(392, 266, 140, 112);

cv::Mat rectMask(const cv::Rect &r)
{
    cv::Mat m = cv::Mat::zeros(kImage, CV_8U);
    m(r).setTo(255);
    return m;
}

double boxIou(const cv::Rect2f &a, const cv::Rect2f &b)
{
    const double inter = (a & b).area();
    return inter / (a.area() + b.area() - inter);
}

} // namespace

class TestFindSimilarEndToEnd : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void otherPasteFoundFromOnePaste();
    void bothPastesFoundFromAnotherImage();
    void sliderMoveRunsNoEncoder();
    void negativeOnTheOtherPasteSuppressesIt();
    void boxExampleIsSegmentedFirst();
    void badQueriesAreRefused();

private:
    SimilarityParams params() const
    {
        SimilarityParams p;
        p.dinoModel = "dinov2_vits14_reg4";
        p.sam2Model = "sam2.1_hiera_tiny";
        p.similarityThreshold = m_threshold;
        p.minArea = 100;
        p.maxInstances = 5;
        return p;
    }

    std::shared_ptr<test::CountingBackend> m_backend;
    std::unique_ptr<Pipeline> m_pipeline;
    cv::Mat m_pasted;    // the crop at A and at B on the groceries photo
    cv::Mat m_elsewhere; // the crop once, at another place, on the cars photo
    cv::Rect m_elsewhereRect;
    float m_threshold = 0.5f;
};

void TestFindSimilarEndToEnd::initTestCase()
{
    DINOSAM_REQUIRE_FIXTURE("models/dinov2_vits14_reg4_random.pth");
    DINOSAM_REQUIRE_FIXTURE("models/sam2.1_hiera_tiny_random.pt");
    PipelineConfig config;
    config.checkpoints["dinov2_vits14_reg4"] = test::fixtureFile("models/dinov2_vits14_reg4_random.pth");
    config.checkpoints["sam2.1_hiera_tiny"] = test::fixtureFile("models/sam2.1_hiera_tiny_random.pt");
    config.modelDir = "/nonexistent";
    m_backend = std::make_shared<test::CountingBackend>(makeTorchBackend(config));
    m_pipeline = std::make_unique<Pipeline>(config, m_backend);

    const cv::Mat truck = loadImage(test::fixtureFile("images/truck.jpg")).rgb;
    cv::Mat crop;
    cv::resize(truck(cv::Rect(600, 300, 700, 560)), crop, kPasteA.size(), 0, 0, cv::INTER_AREA);
    cv::resize(loadImage(test::fixtureFile("images/groceries.jpg")).rgb, m_pasted, kImage, 0, 0, cv::INTER_AREA);
    crop.copyTo(m_pasted(kPasteA));
    crop.copyTo(m_pasted(kPasteB));
    cv::resize(loadImage(test::fixtureFile("images/cars.jpg")).rgb, m_elsewhere, kImage, 0, 0, cv::INTER_AREA);
    m_elsewhereRect = cv::Rect(238, 168, 140, 112);
    crop.copyTo(m_elsewhere(m_elsewhereRect));
}

void TestFindSimilarEndToEnd::otherPasteFoundFromOnePaste()
{
    SimilarityQuery q;
    q.positives.push_back({ImageInput::fromMat(m_pasted, "pasted", "pasted"), rectMask(kPasteA), std::nullopt});
    const SimilarityResult r = m_pipeline->findSimilar(ImageInput::fromKey("pasted"), q, params());
    QCOMPARE(r.imageSize, kImage);
    QCOMPARE(r.dinoInputSize, 448); // the example covers 80 patches: no need for a finer scale
    QCOMPARE(r.examplePatches, 80.0);
    QCOMPARE(r.similarityMap.size(), kImage);

    // Similarity of the patches: over B (identical pixels to the example) vs the rest.
    cv::Mat rest = cv::Mat::ones(kImage, CV_8U);
    rest(kPasteA).setTo(0);
    rest(kPasteB).setTo(0);
    const double onB = cv::mean(r.similarityMap, rectMask(kPasteB))[0];
    const double onRest = cv::mean(r.similarityMap, rest)[0];
    double restMax = 0;
    cv::minMaxLoc(r.similarityMap, nullptr, &restMax, nullptr, nullptr, rest);
    qInfo("similarity (thresholded score): paste B mean %.3f; elsewhere mean %.3f, max %.3f", onB, onRest, restMax);
    QString regions;
    for (size_t i = 0; i < r.regions.size(); ++i)
        regions += QStringLiteral("[%1,%2 %3x%4 sim %5] ")
                       .arg(r.regions[i].box.x).arg(r.regions[i].box.y).arg(r.regions[i].box.width)
                       .arg(r.regions[i].box.height).arg(r.regions[i].confidence, 0, 'f', 3);
    qInfo("regions: %s", qPrintable(regions));
    for (const auto &o : r.objects)
        qInfo("object: box %d,%d %dx%d, mask similarity %.3f, SAM2 score %.3f", o.box.x, o.box.y, o.box.width,
              o.box.height, o.dinoConfidence, o.samScore);

    QVERIFY2(onB > m_threshold + 0.1, qPrintable(QString::number(onB)));
    QVERIFY2(restMax < onB - 0.1, qPrintable(QString::number(restMax)));
    // The best candidate is paste B (A is the example itself and is not offered again).
    QVERIFY(!r.regions.empty());
    QVERIFY2(boxIou(r.regions.front().box, cv::Rect2f(kPasteB)) > 0.7, qPrintable(regions));
    for (const auto &reg : r.regions)
        QVERIFY(boxIou(reg.box, cv::Rect2f(kPasteA)) < 0.5);
    QVERIFY(r.timings.sam2DecodeMs > 0);
}

void TestFindSimilarEndToEnd::bothPastesFoundFromAnotherImage()
{
    SimilarityQuery q;
    q.positives.push_back(
        {ImageInput::fromMat(m_elsewhere, "elsewhere", "elsewhere"), rectMask(m_elsewhereRect), std::nullopt});
    const SimilarityResult r = m_pipeline->findSimilar(ImageInput::fromMat(m_pasted, "pasted", "pasted"), q, params());
    const double onA = cv::mean(r.similarityMap, rectMask(kPasteA))[0];
    const double onB = cv::mean(r.similarityMap, rectMask(kPasteB))[0];
    qInfo("example from another photo: paste A mean %.3f, paste B mean %.3f", onA, onB);
    QVERIFY(r.regions.size() >= 2);
    bool foundA = false, foundB = false;
    for (const auto &reg : r.regions) {
        foundA = foundA || boxIou(reg.box, cv::Rect2f(kPasteA)) > 0.7;
        foundB = foundB || boxIou(reg.box, cv::Rect2f(kPasteB)) > 0.7;
    }
    QVERIFY(foundA);
    QVERIFY(foundB);
    QVERIFY(onA > m_threshold + 0.1 && onB > m_threshold + 0.1);
}

void TestFindSimilarEndToEnd::sliderMoveRunsNoEncoder()
{
    SimilarityQuery q;
    q.positives.push_back({ImageInput::fromKey("pasted"), rectMask(kPasteA), std::nullopt});
    m_pipeline->findSimilar(ImageInput::fromKey("pasted"), q, params());
    const auto before = m_backend->counts;
    SimilarityParams p = params();
    p.similarityThreshold = m_threshold + 0.05f;
    p.maxInstances = 3;
    const SimilarityResult r = m_pipeline->findSimilar(ImageInput::fromKey("pasted"), q, p);
    QCOMPARE(m_backend->counts.dino, before.dino);
    QCOMPARE(m_backend->counts.samEncode, before.samEncode);
    QCOMPARE(r.timings.encodersMs, 0.0);
    qInfo("slider move: similarity %.2f ms, decode %.2f ms, filter %.2f ms", r.timings.similarityMs,
          r.timings.sam2DecodeMs, r.timings.filterMs);
}

void TestFindSimilarEndToEnd::negativeOnTheOtherPasteSuppressesIt()
{
    // Example A and "not this" B: B is as like B as A is, so it is no longer a candidate.
    SimilarityQuery q;
    q.positives.push_back({ImageInput::fromKey("pasted"), rectMask(kPasteA), std::nullopt});
    q.negatives.push_back({ImageInput::fromKey("pasted"), rectMask(kPasteB), std::nullopt});
    const SimilarityResult r = m_pipeline->findSimilar(ImageInput::fromKey("pasted"), q, params());
    const double onB = cv::mean(r.similarityMap, rectMask(kPasteB))[0];
    qInfo("with B as negative: paste B mean score %.3f", onB);
    for (const auto &reg : r.regions)
        QVERIFY(boxIou(reg.box, cv::Rect2f(kPasteB)) < 0.3);
    QVERIFY(onB < m_threshold);
}

void TestFindSimilarEndToEnd::boxExampleIsSegmentedFirst()
{
    SimilarityQuery q;
    q.positives.push_back({ImageInput::fromKey("pasted"), {}, cv::Rect2f(kPasteA)});
    const SimilarityResult r = m_pipeline->findSimilar(ImageInput::fromKey("pasted"), q, params());
    QVERIFY(r.examplePatches > 0); // SAM2 (random weights) gave some mask for the box
    qInfo("box example: SAM2's mask covers %.1f patches", r.examplePatches);
}

void TestFindSimilarEndToEnd::badQueriesAreRefused()
{
    SimilarityQuery none;
    QVERIFY_THROWS_EXCEPTION(PipelineError, m_pipeline->findSimilar(ImageInput::fromKey("pasted"), none, params()));
    SimilarityQuery wrongSize;
    wrongSize.positives.push_back({ImageInput::fromKey("pasted"), cv::Mat::ones(10, 10, CV_8U), std::nullopt});
    QVERIFY_THROWS_EXCEPTION(PipelineError, m_pipeline->findSimilar(ImageInput::fromKey("pasted"), wrongSize, params()));
    SimilarityQuery empty;
    empty.positives.push_back({ImageInput::fromKey("pasted"), cv::Mat::zeros(kImage, CV_8U), std::nullopt});
    QVERIFY_THROWS_EXCEPTION(PipelineError, m_pipeline->findSimilar(ImageInput::fromKey("pasted"), empty, params()));
    SimilarityParams bad = params();
    bad.similarityThreshold = 1.5f;
    SimilarityQuery q;
    q.positives.push_back({ImageInput::fromKey("pasted"), rectMask(kPasteA), std::nullopt});
    QVERIFY_THROWS_EXCEPTION(PipelineError, m_pipeline->findSimilar(ImageInput::fromKey("pasted"), q, bad));
    QVERIFY_THROWS_EXCEPTION(PipelineError, m_pipeline->findSimilar(ImageInput::fromKey("never-seen"), q, params()));
}

QTEST_GUILESS_MAIN(TestFindSimilarEndToEnd)
#include "tst_findsimilar_e2e.moc"
