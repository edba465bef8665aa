// `dinosam eval` metrics on hand-computed cases: CorLoc, recall at mask IoU 0.5 / 0.75,
// best-match IoU, precision, objects per image, one-to-one matching, the one-shot mIoU,
// with empty predictions and empty ground truth.
#include "evaluation/discoverymetrics.h"
#include "evaluation/evalreport.h"

#include <QtTest>

#include <cmath>

using namespace dinosam::evaluation;

namespace {

const cv::Size kSize(10, 10);

cv::Mat rect(const cv::Rect &r, cv::Size size = kSize)
{
    cv::Mat m = cv::Mat::zeros(size, CV_8U);
    m(r).setTo(255);
    return m;
}

EvalObject object(const cv::Rect &r, float score = 0) { return {rect(r), {}, score}; }

/// GT: two 4x4 squares. Predictions: 0.75 IoU (top), 0.5 IoU, and a miss.
std::vector<EvalObject> twoSquares() { return {object({0, 0, 4, 4}), object({6, 6, 4, 4})}; }
std::vector<EvalObject> threePredictions()
{
    return {object({0, 0, 4, 3}, 0.9f), object({6, 6, 4, 2}, 0.8f), object({0, 8, 2, 2}, 0.1f)};
}

} // namespace

class TestDiscoveryMetrics : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void iouBasics();
    void handComputedImage();
    void topPredictionDecidesCorLoc();
    void oneToOneMatching();
    void greedyMatchingIsByScore();
    void emptyPredictions();
    void emptyGroundTruth();
    void aggregateSkipsImagesWithoutGtForCorLoc();
    void mismatchedMaskSizesThrow();
    void oneShotMiou();
    void oneShotEmpty();
    void tableAndCsv();
};

void TestDiscoveryMetrics::iouBasics()
{
    QCOMPARE(boxIou({0, 0, 4, 4}, {0, 0, 4, 2}), 0.5);
    QCOMPARE(boxIou({0, 0, 2, 2}, {2, 0, 2, 2}), 0.0);
    QCOMPARE(boxIou({}, {}), 0.0);
    QCOMPARE(maskIou(rect({0, 0, 4, 4}), rect({2, 0, 4, 4})), 8.0 / 24.0);
    QCOMPARE(maskIou(cv::Mat::zeros(kSize, CV_8U), cv::Mat::zeros(kSize, CV_8U)), 0.0);
    // Boxes only limit the work: the same value with them.
    QCOMPARE(maskIou(rect({0, 0, 4, 4}), rect({2, 0, 4, 4}), {0, 0, 4, 4}, {2, 0, 4, 4}), 8.0 / 24.0);
}

void TestDiscoveryMetrics::handComputedImage()
{
    const ImageEvaluation e = evaluateImage(threePredictions(), twoSquares(), 2.0);
    QCOMPARE(e.gtCount, 2);
    QCOMPARE(e.predictionCount, 3);
    QCOMPARE(e.bestIou.size(), size_t(2));
    QCOMPARE(e.bestIou[0], 0.75); // 12 / 16
    QCOMPARE(e.bestIou[1], 0.5);  // 8 / 16
    QCOMPARE(e.matched50, 2);
    QCOMPARE(e.matched75, 1);
    QVERIFY(e.corlocHit); // top box (0,0,4,3): box IoU 0.75 with the first square

    const DiscoveryMetrics m = aggregate({e});
    QCOMPARE(m.images, 1);
    QCOMPARE(m.imagesWithGt, 1);
    QCOMPARE(m.corloc, 1.0);
    QCOMPARE(m.recall50, 1.0);
    QCOMPARE(m.recall75, 0.5);
    QCOMPARE(m.meanBestIou, 0.625);
    QCOMPARE(m.precision50, 2.0 / 3.0);
    QCOMPARE(m.objectsPerImage, 3.0);
    QCOMPARE(m.secondsPerImage, 2.0);
}

void TestDiscoveryMetrics::topPredictionDecidesCorLoc()
{
    // The most confident box misses; a less confident exact one does not rescue CorLoc.
    const ImageEvaluation e =
        evaluateImage({object({0, 8, 2, 2}, 0.9f), object({0, 0, 4, 4}, 0.5f)}, twoSquares(), 0);
    QVERIFY(!e.corlocHit);
    QCOMPARE(e.matched50, 1);
    QCOMPARE(e.bestIou[0], 1.0);
    QCOMPARE(e.bestIou[1], 0.0);
    const DiscoveryMetrics m = aggregate({e});
    QCOMPARE(m.corloc, 0.0);
    QCOMPARE(m.recall50, 0.5);
    QCOMPARE(m.precision50, 0.5);
}

void TestDiscoveryMetrics::oneToOneMatching()
{
    // One mask over two adjacent objects has IoU 0.5 with each, but recalls only one.
    const ImageEvaluation e =
        evaluateImage({object({0, 0, 4, 2}, 1.f)}, {object({0, 0, 2, 2}), object({2, 0, 2, 2})}, 0);
    QCOMPARE(e.bestIou[0], 0.5);
    QCOMPARE(e.bestIou[1], 0.5);
    QCOMPARE(e.matched50, 1);
    QCOMPARE(e.matched75, 0);
}

void TestDiscoveryMetrics::greedyMatchingIsByScore()
{
    // p1 (score 0.9) goes first and takes GT 0 (its best); p0 finds nothing left: 1 match
    // (an optimal assignment would give 2; COCO's greedy rule gives 1).
    const std::vector<std::vector<double>> iou = {{0.6, 0.0}, {0.7, 0.55}};
    QCOMPARE(matchOneToOne(iou, {0.5f, 0.9f}, 0.5), 1);
    // In the other score order both match.
    QCOMPARE(matchOneToOne(iou, {0.9f, 0.5f}, 0.5), 2);
    QCOMPARE(matchOneToOne({}, {}, 0.5), 0);
}

void TestDiscoveryMetrics::emptyPredictions()
{
    const ImageEvaluation e = evaluateImage({}, twoSquares(), 1.0);
    QVERIFY(!e.corlocHit);
    QCOMPARE(e.matched50, 0);
    QCOMPARE(e.bestIou, std::vector<double>({0.0, 0.0}));
    const DiscoveryMetrics m = aggregate({e});
    QCOMPARE(m.corloc, 0.0);
    QCOMPARE(m.recall50, 0.0);
    QCOMPARE(m.meanBestIou, 0.0);
    QVERIFY(std::isnan(m.precision50)); // no predictions: undefined, not 0 or 1
    QCOMPARE(m.objectsPerImage, 0.0);
}

void TestDiscoveryMetrics::emptyGroundTruth()
{
    const ImageEvaluation e = evaluateImage(threePredictions(), {}, 0.5);
    QCOMPARE(e.gtCount, 0);
    QVERIFY(e.bestIou.empty());
    const DiscoveryMetrics m = aggregate({e});
    QCOMPARE(m.imagesWithGt, 0);
    QVERIFY(std::isnan(m.corloc));
    QVERIFY(std::isnan(m.recall50));
    QVERIFY(std::isnan(m.recall75));
    QVERIFY(std::isnan(m.meanBestIou));
    QCOMPARE(m.precision50, 0.0); // three false positives
    QCOMPARE(m.objectsPerImage, 3.0);

    // Nothing at all.
    const DiscoveryMetrics none = aggregate({evaluateImage({}, {}, 0)});
    QVERIFY(std::isnan(none.precision50));
    QVERIFY(std::isnan(none.corloc));
    QCOMPARE(none.objectsPerImage, 0.0);
    QVERIFY(std::isnan(aggregate({}).objectsPerImage));
}

void TestDiscoveryMetrics::aggregateSkipsImagesWithoutGtForCorLoc()
{
    const DiscoveryMetrics m =
        aggregate({evaluateImage(threePredictions(), twoSquares(), 2.0), evaluateImage(threePredictions(), {}, 4.0)});
    QCOMPARE(m.images, 2);
    QCOMPARE(m.imagesWithGt, 1);
    QCOMPARE(m.corloc, 1.0);        // 1 hit of 1 image with ground truth
    QCOMPARE(m.precision50, 2.0 / 6.0);
    QCOMPARE(m.recall50, 1.0);
    QCOMPARE(m.objectsPerImage, 3.0);
    QCOMPARE(m.secondsPerImage, 3.0);
}

void TestDiscoveryMetrics::mismatchedMaskSizesThrow()
{
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             evaluateImage({{rect({0, 0, 2, 2}, {20, 20}), {}, 1}}, twoSquares(), 0));
}

void TestDiscoveryMetrics::oneShotMiou()
{
    std::vector<OneShotEpisode> episodes;
    // Category 1: intersections 4 + 4, unions 8 + 16 -> IoU 8 / 24.
    episodes.push_back({1, rect({0, 0, 2, 2}), rect({0, 0, 2, 4})});
    episodes.push_back({1, rect({0, 0, 4, 4}), rect({0, 0, 2, 2})});
    // Category 2: nothing predicted -> 0.
    episodes.push_back({2, cv::Mat::zeros(kSize, CV_8U), rect({0, 0, 1, 1})});
    // Category 3: both empty -> left out.
    episodes.push_back({3, cv::Mat::zeros(kSize, CV_8U), cv::Mat::zeros(kSize, CV_8U)});
    const OneShotMetrics m = dinosam::evaluation::oneShotMiou(episodes);
    QCOMPARE(m.episodes, 4);
    QCOMPARE(m.categoryIou.size(), size_t(2));
    QCOMPARE(m.categoryIou.at(1), 8.0 / 24.0);
    QCOMPARE(m.categoryIou.at(2), 0.0);
    QCOMPARE(m.miou, (8.0 / 24.0 + 0.0) / 2.0);
    // A perfect category alone.
    QCOMPARE(dinosam::evaluation::oneShotMiou({{5, rect({1, 1, 3, 3}), rect({1, 1, 3, 3})}}).miou, 1.0);
}

void TestDiscoveryMetrics::oneShotEmpty()
{
    QVERIFY(std::isnan(dinosam::evaluation::oneShotMiou({}).miou));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             dinosam::evaluation::oneShotMiou({{1, rect({0, 0, 1, 1}), rect({0, 0, 1, 1}, {5, 5})}}));
}

void TestDiscoveryMetrics::tableAndCsv()
{
    EvalRow row;
    row.method = "attention";
    row.threshold = 0.6;
    row.metrics = aggregate({evaluateImage(threePredictions(), twoSquares(), 2.0)});
    EvalRow empty;
    empty.method = "similar";
    empty.threshold = 0.5;
    empty.metrics = aggregate({evaluateImage({}, {}, 0)});
    empty.oneShotMiou = std::nan("");
    const std::string table = formatTable({row, empty});
    QVERIFY2(table.find("CorLoc%") != std::string::npos, table.c_str());
    QVERIFY2(table.find("100.0") != std::string::npos, table.c_str()); // CorLoc, R@.5
    QVERIFY2(table.find("62.5") != std::string::npos, table.c_str());  // best-match IoU
    QVERIFY2(table.find("66.7") != std::string::npos, table.c_str());  // precision
    QVERIFY2(table.find("n/a") != std::string::npos, table.c_str());
    const std::string csv = formatCsv({row, empty});
    QVERIFY2(csv.find("attention,0.6000,1,1,2,3,1.000000,1.000000,0.500000,0.625000,0.666667,3.0000,2.0000,,0\n") !=
                 std::string::npos,
             csv.c_str());
    QVERIFY2(csv.find("similar,0.5000,1,0,0,0,,,,,,0.0000,0.0000,,0\n") != std::string::npos, csv.c_str());
    const std::string refs = formatReferenceTable();
    QVERIFY(refs.find("TokenCut") != std::string::npos && refs.find("68.8") != std::string::npos);
}

QTEST_APPLESS_MAIN(TestDiscoveryMetrics)
#include "tst_discoverymetrics.moc"
