// Attention discovery on synthetic CLS attention with known blobs.
#include "discovery/attentiondiscovery.h"
#include "discovery/gridregions.h"
#include "discovery/tensorentry.h"
#include "syntheticdiscovery.h"

#include <QtTest>
#include <opencv2/imgproc.hpp>

using namespace dinosam;
using namespace dinosam::discovery;
using dinosam::test::attentionFromMap;
using dinosam::test::blobMap;
using dinosam::test::rectMask;
using dinosam::test::sameMask;

Q_DECLARE_METATYPE(cv::Rect)

namespace {

// 20 x 30 grid, image 600 x 400: exactly 20 x 20 pixels per patch.
const cv::Size kGrid(30, 20);
const cv::Size kImage(600, 400);
// A: small and strong (20 patches = 8000 px), B: large and weaker (36 patches = 14400 px).
const cv::Rect kBlobA(2, 3, 5, 4);
const cv::Rect kBlobB(18, 10, 6, 6);

cv::Mat twoBlobMap() { return blobMap(kGrid, {{kBlobA, 1.0f}, {kBlobB, 0.8f}}, 0.1f); }

SegmentationParams params(float threshold, int64_t minArea = 0, int numObjects = 10)
{
    SegmentationParams p;
    p.attentionThreshold = threshold;
    p.minArea = minArea;
    p.numObjects = numObjects;
    return p;
}

cv::Rect2f pixelBox(const cv::Rect &grid, double sx, double sy)
{
    return cv::Rect2f(float(grid.x * sx), float(grid.y * sy), float(grid.width * sx), float(grid.height * sy));
}

bool pointInMask(const DiscoveredRegion &r, cv::Size image)
{
    const double sx = double(image.width) / r.patchMask.cols;
    const double sy = double(image.height) / r.patchMask.rows;
    const int col = int(std::floor(r.point.x / sx));
    const int row = int(std::floor(r.point.y / sy));
    return col >= 0 && row >= 0 && col < r.patchMask.cols && row < r.patchMask.rows &&
           r.patchMask.at<uchar>(row, col) == 1;
}

bool sameBox(const cv::Rect2f &a, const cv::Rect2f &b, float tol = 1e-3f)
{
    return std::abs(a.x - b.x) < tol && std::abs(a.y - b.y) < tol && std::abs(a.width - b.width) < tol &&
           std::abs(a.height - b.height) < tol;
}

} // namespace

class TestAttentionDiscovery : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void mapIsHeadAverageMinMaxNormalised();
    void mapAcceptsBatchedAndAveragedShapes();
    void registersDoNotAffectMap_data();
    void registersDoNotAffectMap();
    void constantMapBecomesZero();
    void badShapesThrow_data();
    void badShapesThrow();
    void twoBlobsGiveTwoRegions();
    void thresholdMoves_data();
    void thresholdMoves();
    void minAreaDropsSmall_data();
    void minAreaDropsSmall();
    void numObjectsCaps_data();
    void numObjectsCaps();
    void rankingOrder();
    void pointInsideRingAndCShape_data();
    void pointInsideRingAndCShape();
    void diagonalNeighboursJoin();
    void nonSquareGrid();
    void emptyResults_data();
    void emptyResults();
};

void TestAttentionDiscovery::mapIsHeadAverageMinMaxNormalised()
{
    const cv::Mat raw = twoBlobMap();
    const cv::Mat map = normalizedAttentionMap(attentionFromMap(raw, 6, 0), 0, kGrid.height, kGrid.width);
    QCOMPARE(map.type(), CV_32F);
    QCOMPARE(map.rows, kGrid.height);
    QCOMPARE(map.cols, kGrid.width);
    double lo = 0, hi = 0;
    cv::minMaxLoc(map, &lo, &hi);
    QCOMPARE(lo, 0.0);
    QCOMPARE(hi, 1.0);
    // (0.8 - 0.1) / (1.0 - 0.1) inside B, 0 in the background.
    QVERIFY(std::abs(map.at<float>(kBlobB.y, kBlobB.x) - 0.7f / 0.9f) < 1e-5f);
    QCOMPARE(map.at<float>(0, 0), 0.f);
    const cv::Mat expected = (raw - 0.1) / 0.9;
    QVERIFY(cv::norm(map, expected, cv::NORM_INF) < 1e-5);
}

void TestAttentionDiscovery::mapAcceptsBatchedAndAveragedShapes()
{
    const cv::Mat raw = twoBlobMap();
    const at::Tensor heads = attentionFromMap(raw, 6, 4, 3.f);                  // [6, T]
    const cv::Mat ref = normalizedAttentionMap(heads, 4, kGrid.height, kGrid.width);
    const cv::Mat batched = normalizedAttentionMap(heads.unsqueeze(0), 4, kGrid.height, kGrid.width); // [1, 6, T]
    const cv::Mat averaged = normalizedAttentionMap(heads.mean(0), 4, kGrid.height, kGrid.width);     // [T]
    const cv::Mat half = normalizedAttentionMap(heads.to(at::kHalf), 4, kGrid.height, kGrid.width);
    QCOMPARE(cv::norm(ref, batched, cv::NORM_INF), 0.0);
    QVERIFY(cv::norm(ref, averaged, cv::NORM_INF) < 1e-6);
    QVERIFY(cv::norm(ref, half, cv::NORM_INF) < 5e-3); // float16 rounding
}

void TestAttentionDiscovery::registersDoNotAffectMap_data()
{
    QTest::addColumn<int>("registers");
    QTest::addColumn<float>("registerValue");
    QTest::addColumn<float>("clsValue");
    QTest::newRow("no registers, huge CLS") << 0 << 0.f << 1e6f;
    QTest::newRow("4 huge registers") << 4 << 1e6f << 0.f;
    QTest::newRow("4 negative registers") << 4 << -1e6f << 5.f;
    QTest::newRow("1 register") << 1 << 1e3f << 0.f;
}

void TestAttentionDiscovery::registersDoNotAffectMap()
{
    QFETCH(int, registers);
    QFETCH(float, registerValue);
    QFETCH(float, clsValue);
    const cv::Mat raw = twoBlobMap();
    const cv::Mat ref = normalizedAttentionMap(attentionFromMap(raw, 6, 0), 0, kGrid.height, kGrid.width);
    const cv::Mat map = normalizedAttentionMap(attentionFromMap(raw, 6, registers, registerValue, clsValue),
                                               registers, kGrid.height, kGrid.width);
    QVERIFY(cv::norm(ref, map, cv::NORM_INF) < 1e-6);
}

void TestAttentionDiscovery::constantMapBecomesZero()
{
    const cv::Mat flat(kGrid, CV_32F, cv::Scalar(0.3));
    const cv::Mat map = normalizedAttentionMap(attentionFromMap(flat, 4, 4, 100.f), 4, kGrid.height, kGrid.width);
    QCOMPARE(cv::countNonZero(map), 0);
    QVERIFY(regionsFromAttention(map, kImage, params(0.f)).empty());
}

void TestAttentionDiscovery::badShapesThrow_data()
{
    QTest::addColumn<int>("registersInTensor");
    QTest::addColumn<int>("registersClaimed");
    QTest::addColumn<int>("gridH");
    QTest::addColumn<int>("gridW");
    QTest::newRow("register count wrong") << 4 << 0 << 20 << 30;
    QTest::newRow("grid patch count wrong") << 0 << 0 << 20 << 31;
    QTest::newRow("zero grid") << 0 << 0 << 0 << 30;
    QTest::newRow("negative registers") << 0 << -1 << 20 << 30;
}

void TestAttentionDiscovery::badShapesThrow()
{
    QFETCH(int, registersInTensor);
    QFETCH(int, registersClaimed);
    QFETCH(int, gridH);
    QFETCH(int, gridW);
    const at::Tensor a = attentionFromMap(twoBlobMap(), 6, registersInTensor);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, normalizedAttentionMap(a, registersClaimed, gridH, gridW));
}

void TestAttentionDiscovery::twoBlobsGiveTwoRegions()
{
    const cv::Mat map = normalizedAttentionMap(attentionFromMap(twoBlobMap(), 6, 4, 50.f), 4, 20, 30);
    const auto regions = regionsFromAttention(map, kImage, params(0.5f));
    QCOMPARE(regions.size(), size_t(2));
    // B first: mean 0.778 x 36/600 = 0.0467 beats A's 1.0 x 20/600 = 0.0333.
    QVERIFY(sameBox(regions[0].box, cv::Rect2f(360, 200, 120, 120)));
    QVERIFY(sameBox(regions[1].box, cv::Rect2f(40, 60, 100, 80)));
    QVERIFY(std::abs(regions[0].confidence - float(0.7 / 0.9 * 36 / 600)) < 1e-5f);
    QVERIFY(std::abs(regions[1].confidence - float(20.0 / 600)) < 1e-5f);
    QVERIFY(sameMask(regions[0].patchMask, rectMask(kGrid, {kBlobB})));
    QVERIFY(sameMask(regions[1].patchMask, rectMask(kGrid, {kBlobA})));
    // Solid rectangles: the point is the centroid (box centre).
    QVERIFY(std::abs(regions[0].point.x - 420.f) < 1e-3f && std::abs(regions[0].point.y - 260.f) < 1e-3f);
    QVERIFY(std::abs(regions[1].point.x - 90.f) < 1e-3f && std::abs(regions[1].point.y - 100.f) < 1e-3f);
    for (const auto &r : regions) {
        QCOMPARE(r.patchMask.type(), CV_8U);
        QVERIFY(pointInMask(r, kImage));
    }
}

void TestAttentionDiscovery::thresholdMoves_data()
{
    QTest::addColumn<float>("threshold");
    QTest::addColumn<int>("count");
    QTest::newRow("0.01: both") << 0.01f << 2;
    QTest::newRow("0.5: both") << 0.5f << 2;
    QTest::newRow("0.77: both (B is 0.7778)") << 0.77f << 2;
    QTest::newRow("0.78: only A") << 0.78f << 1;
    QTest::newRow("0.999: only A") << 0.999f << 1;
    QTest::newRow("1.0: none (strictly above)") << 1.0f << 0;
}

void TestAttentionDiscovery::thresholdMoves()
{
    QFETCH(float, threshold);
    QFETCH(int, count);
    const cv::Mat map = normalizedAttentionMap(attentionFromMap(twoBlobMap(), 6, 0), 0, 20, 30);
    const auto regions = regionsFromAttention(map, kImage, params(threshold));
    QCOMPARE(int(regions.size()), count);
    if (count == 1)
        QVERIFY(sameMask(regions[0].patchMask, rectMask(kGrid, {kBlobA})));
}

void TestAttentionDiscovery::minAreaDropsSmall_data()
{
    QTest::addColumn<qint64>("minArea");
    QTest::addColumn<int>("count");
    QTest::newRow("0") << qint64(0) << 2;
    QTest::newRow("8000 = A's area, kept") << qint64(8000) << 2;
    QTest::newRow("8001 drops A") << qint64(8001) << 1;
    QTest::newRow("14400 = B's area, kept") << qint64(14400) << 1;
    QTest::newRow("14401 drops both") << qint64(14401) << 0;
}

void TestAttentionDiscovery::minAreaDropsSmall()
{
    QFETCH(qint64, minArea);
    QFETCH(int, count);
    const cv::Mat map = normalizedAttentionMap(attentionFromMap(twoBlobMap(), 6, 0), 0, 20, 30);
    const auto regions = regionsFromAttention(map, kImage, params(0.5f, minArea));
    QCOMPARE(int(regions.size()), count);
    if (count == 1)
        QVERIFY(sameMask(regions[0].patchMask, rectMask(kGrid, {kBlobB})));
}

void TestAttentionDiscovery::numObjectsCaps_data()
{
    QTest::addColumn<int>("numObjects");
    QTest::addColumn<int>("count");
    QTest::newRow("-1") << -1 << 0;
    QTest::newRow("0") << 0 << 0;
    QTest::newRow("1") << 1 << 1;
    QTest::newRow("2") << 2 << 2;
    QTest::newRow("3") << 3 << 3;
    QTest::newRow("10") << 10 << 3;
}

void TestAttentionDiscovery::numObjectsCaps()
{
    QFETCH(int, numObjects);
    QFETCH(int, count);
    // Three blobs with confidences 0.9*12, 1.0*16, 0.6*30 (x 1/600): C, B, A.
    const cv::Rect a(1, 1, 3, 4), b(10, 2, 4, 4), c(20, 10, 6, 5);
    const cv::Mat raw = blobMap(kGrid, {{a, 0.9f}, {b, 1.0f}, {c, 0.6f}}, 0.0f);
    const cv::Mat map = normalizedAttentionMap(attentionFromMap(raw, 3, 0), 0, 20, 30);
    const auto regions = regionsFromAttention(map, kImage, params(0.3f, 0, numObjects));
    QCOMPARE(int(regions.size()), count);
    const cv::Rect order[] = {c, b, a};
    for (int k = 0; k < count; ++k)
        QVERIFY(sameMask(regions[size_t(k)].patchMask, rectMask(kGrid, {order[k]})));
}

void TestAttentionDiscovery::rankingOrder()
{
    // Same area, different strength; then same strength, different area.
    const cv::Rect weak(1, 1, 4, 4), strong(8, 1, 4, 4), big(15, 8, 8, 8), tiny(26, 15, 2, 2);
    const cv::Mat raw = blobMap(kGrid, {{weak, 0.6f}, {strong, 0.9f}, {big, 0.9f}, {tiny, 1.0f}}, 0.0f);
    const cv::Mat map = normalizedAttentionMap(attentionFromMap(raw, 2, 4, 9.f), 4, 20, 30);
    const auto regions = regionsFromAttention(map, kImage, params(0.5f));
    QCOMPARE(regions.size(), size_t(4));
    const cv::Rect expected[] = {big, strong, weak, tiny}; // 0.9*64, 0.9*16, 0.6*16, 1.0*4
    for (size_t k = 0; k < 4; ++k) {
        QVERIFY2(sameMask(regions[k].patchMask, rectMask(kGrid, {expected[k]})), qPrintable(QString::number(k)));
        if (k > 0)
            QVERIFY(regions[k - 1].confidence > regions[k].confidence);
    }
}

void TestAttentionDiscovery::pointInsideRingAndCShape_data()
{
    QTest::addColumn<cv::Rect>("outer");
    QTest::addColumn<cv::Rect>("hole");
    QTest::newRow("ring (centroid in the hole)") << cv::Rect(5, 5, 9, 9) << cv::Rect(7, 7, 5, 5);
    QTest::newRow("C open to the right") << cv::Rect(5, 5, 9, 9) << cv::Rect(7, 7, 7, 5);
    QTest::newRow("C open to the top") << cv::Rect(10, 2, 8, 10) << cv::Rect(12, 2, 4, 8);
    QTest::newRow("thin ring") << cv::Rect(0, 0, 30, 20) << cv::Rect(1, 1, 28, 18);
}

void TestAttentionDiscovery::pointInsideRingAndCShape()
{
    QFETCH(cv::Rect, outer);
    QFETCH(cv::Rect, hole);
    cv::Mat raw(kGrid, CV_32F, cv::Scalar(0));
    raw(outer).setTo(1.0f);
    raw(hole).setTo(0.0f);
    // Non-integer scale on purpose: 7 x 13 pixels per patch would be too easy.
    const cv::Size image(517, 293);
    const cv::Mat map = normalizedAttentionMap(attentionFromMap(raw, 4, 0), 0, 20, 30);
    const auto regions = regionsFromAttention(map, image, params(0.5f));
    QCOMPARE(regions.size(), size_t(1));
    QVERIFY(pointInMask(regions[0], image));
    // The centroid itself is off the region, so the point moved to a region patch centre.
    const cv::Moments m = cv::moments(regions[0].patchMask, true);
    const int cCol = int(m.m10 / m.m00 + 0.5), cRow = int(m.m01 / m.m00 + 0.5);
    QCOMPARE(int(regions[0].patchMask.at<uchar>(cRow, cCol)), 0);
}

void TestAttentionDiscovery::diagonalNeighboursJoin()
{
    // Two squares touching only at a corner: one region (8-connectivity).
    const cv::Mat raw = blobMap(kGrid, {{cv::Rect(4, 4, 3, 3), 1.f}, {cv::Rect(7, 7, 3, 3), 1.f}}, 0.f);
    const cv::Mat map = normalizedAttentionMap(attentionFromMap(raw, 1, 0), 0, 20, 30);
    const auto regions = regionsFromAttention(map, kImage, params(0.5f));
    QCOMPARE(regions.size(), size_t(1));
    QVERIFY(sameBox(regions[0].box, cv::Rect2f(80, 80, 120, 120)));
    QVERIFY(pointInMask(regions[0], kImage));
}

void TestAttentionDiscovery::nonSquareGrid()
{
    // 32 x 43 like a 448 x 602 DINOv2 input, on a 1200 x 1800 (portrait-ish scale) image.
    const cv::Size grid(43, 32);
    const cv::Size image(1800, 1200);
    const cv::Rect blob(35, 20, 8, 12); // touches the right and bottom edges
    const cv::Mat raw = blobMap(grid, {{blob, 1.f}}, 0.f);
    const cv::Mat map = normalizedAttentionMap(attentionFromMap(raw, 6, 4, 1e4f), 4, 32, 43);
    QCOMPARE(map.rows, 32);
    QCOMPARE(map.cols, 43);
    const auto regions = regionsFromAttention(map, image, params(0.5f));
    QCOMPARE(regions.size(), size_t(1));
    const double sx = 1800.0 / 43, sy = 1200.0 / 32;
    QVERIFY(sameBox(regions[0].box, pixelBox(blob, sx, sy), 1e-2f));
    QVERIFY(std::abs(regions[0].box.x + regions[0].box.width - 1800.f) < 1e-2f);
    QVERIFY(std::abs(regions[0].box.y + regions[0].box.height - 1200.f) < 1e-2f);
    QVERIFY(std::abs(regions[0].point.x - float(39 * sx)) < 1e-2f);
    QVERIFY(std::abs(regions[0].point.y - float(26 * sy)) < 1e-2f);
    QVERIFY(pointInMask(regions[0], image));
}

void TestAttentionDiscovery::emptyResults_data()
{
    QTest::addColumn<float>("threshold");
    QTest::addColumn<qint64>("minArea");
    QTest::addColumn<int>("numObjects");
    QTest::newRow("threshold above everything") << 1.5f << qint64(0) << 5;
    QTest::newRow("minArea above everything") << 0.5f << qint64(1'000'000) << 5;
    QTest::newRow("numObjects 0") << 0.5f << qint64(0) << 0;
}

void TestAttentionDiscovery::emptyResults()
{
    QFETCH(float, threshold);
    QFETCH(qint64, minArea);
    QFETCH(int, numObjects);
    const cv::Mat map = normalizedAttentionMap(attentionFromMap(twoBlobMap(), 6, 0), 0, 20, 30);
    QVERIFY(regionsFromAttention(map, kImage, params(threshold, minArea, numObjects)).empty());
    QVERIFY(regionsFromAttention(cv::Mat(), kImage, params(0.f)).empty());
}

QTEST_APPLESS_MAIN(TestAttentionDiscovery)
#include "tst_attentiondiscovery.moc"
