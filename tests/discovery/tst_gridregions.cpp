// Patch-grid geometry: components, inside points, scaling, upsampling.
#include "discovery/gridregions.h"
#include "discovery/tensorentry.h"
#include "syntheticdiscovery.h"

#include <QtTest>

using namespace dinosam;
using namespace dinosam::discovery;
using dinosam::test::rectMask;
using dinosam::test::sameMask;

class TestGridRegions : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void connectivity_data();
    void connectivity();
    void componentStats();
    void componentContainingSeed();
    void pointInsideSolidIsCentroid();
    void pointInsideRingIsNearestCell();
    void pointInsideTieBreaksByScore();
    void pointInsideEmptyThrows();
    void toImageRegionScales();
    void upsample();
    void badSizesThrow();
};

void TestGridRegions::connectivity_data()
{
    QTest::addColumn<int>("connectivity");
    QTest::addColumn<int>("count");
    QTest::newRow("4: diagonal neighbours split") << 4 << 2;
    QTest::newRow("8: diagonal neighbours join") << 8 << 1;
}

void TestGridRegions::connectivity()
{
    QFETCH(int, connectivity);
    QFETCH(int, count);
    const cv::Mat m = rectMask({10, 10}, {cv::Rect(1, 1, 2, 2), cv::Rect(3, 3, 2, 2)});
    QCOMPARE(int(gridComponents(m, connectivity).size()), count);
}

void TestGridRegions::componentStats()
{
    const cv::Mat m = rectMask({12, 8}, {cv::Rect(1, 1, 3, 2), cv::Rect(6, 4, 4, 3)});
    const auto comps = gridComponents(m, 8);
    QCOMPARE(comps.size(), size_t(2));
    QCOMPARE(comps[0].box, cv::Rect(1, 1, 3, 2));
    QCOMPARE(comps[0].patchCount, 6);
    QCOMPARE(comps[0].centroid, cv::Point2d(2.5, 2.0)); // cell centres: x 1.5..3.5, y 1.5..2.5
    QCOMPARE(comps[1].box, cv::Rect(6, 4, 4, 3));
    QCOMPARE(comps[1].patchCount, 12);
    QVERIFY(sameMask(comps[1].mask, rectMask({12, 8}, {cv::Rect(6, 4, 4, 3)})));
    const GridComponent d = describeMask(comps[1].mask);
    QCOMPARE(d.box, comps[1].box);
    QCOMPARE(d.patchCount, 12);
    QVERIFY(std::abs(d.centroid.x - comps[1].centroid.x) < 1e-9 && std::abs(d.centroid.y - comps[1].centroid.y) < 1e-9);
    QVERIFY(gridComponents(cv::Mat::zeros(5, 5, CV_8U), 8).empty());
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, gridComponents(m, 6));
}

void TestGridRegions::componentContainingSeed()
{
    const cv::Mat m = rectMask({10, 10}, {cv::Rect(1, 1, 2, 2), cv::Rect(3, 3, 2, 2), cv::Rect(7, 7, 2, 2)});
    QVERIFY(sameMask(componentContaining(m, {1, 1}, 4), rectMask({10, 10}, {cv::Rect(1, 1, 2, 2)})));
    QVERIFY(sameMask(componentContaining(m, {1, 1}, 8),
                     rectMask({10, 10}, {cv::Rect(1, 1, 2, 2), cv::Rect(3, 3, 2, 2)})));
    QCOMPARE(cv::countNonZero(componentContaining(m, {0, 9}, 4)), 0);  // seed off
    QCOMPARE(cv::countNonZero(componentContaining(m, {20, 9}, 4)), 0); // seed outside
}

void TestGridRegions::pointInsideSolidIsCentroid()
{
    const cv::Mat m = rectMask({10, 10}, {cv::Rect(2, 3, 4, 2)});
    QCOMPARE(pointInside(m, {4.0, 4.0}), cv::Point2d(4.0, 4.0));
}

void TestGridRegions::pointInsideRingIsNearestCell()
{
    cv::Mat m = rectMask({11, 11}, {cv::Rect(0, 0, 11, 11)});
    m(cv::Rect(1, 1, 9, 9)).setTo(0);
    // Centroid (5.5, 5.5) is in the hole; nearest ring cell centres are 4 cells away.
    const cv::Point2d p = pointInside(m, {5.5, 5.5});
    QCOMPARE(int(m.at<uchar>(int(p.y), int(p.x))), 1);
    QCOMPARE(std::hypot(p.x - 5.5, p.y - 5.5), 5.0);
}

void TestGridRegions::pointInsideTieBreaksByScore()
{
    cv::Mat m = rectMask({11, 11}, {cv::Rect(0, 0, 11, 11)});
    m(cv::Rect(1, 1, 9, 9)).setTo(0);
    cv::Mat score(11, 11, CV_32F, cv::Scalar(0));
    score.at<float>(10, 5) = 1.f; // bottom-middle of the ring
    QCOMPARE(pointInside(m, {5.5, 5.5}, score), cv::Point2d(5.5, 10.5));
    score.at<float>(5, 0) = 2.f; // left-middle beats it
    QCOMPARE(pointInside(m, {5.5, 5.5}, score), cv::Point2d(0.5, 5.5));
}

void TestGridRegions::pointInsideEmptyThrows()
{
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, pointInside(cv::Mat::zeros(4, 4, CV_8U), {1, 1}));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, describeMask(cv::Mat::zeros(4, 4, CV_8U)));
}

void TestGridRegions::toImageRegionScales()
{
    const cv::Mat m = rectMask({43, 32}, {cv::Rect(10, 5, 4, 6)});
    const auto comps = gridComponents(m, 8);
    const GridScale s = GridScale::fromSizes({43, 32}, {1800, 1200});
    const DiscoveredRegion r = toImageRegion(comps[0], s, 0.25f);
    const double sx = 1800.0 / 43, sy = 1200.0 / 32;
    QVERIFY(std::abs(r.box.x - float(10 * sx)) < 1e-3f && std::abs(r.box.width - float(4 * sx)) < 1e-3f);
    QVERIFY(std::abs(r.box.y - float(5 * sy)) < 1e-3f && std::abs(r.box.height - float(6 * sy)) < 1e-3f);
    QVERIFY(std::abs(r.point.x - float(12 * sx)) < 1e-3f && std::abs(r.point.y - float(8 * sy)) < 1e-3f);
    QCOMPARE(r.confidence, 0.25f);
    QVERIFY(sameMask(r.patchMask, m));
    QCOMPARE(s.pixelArea(24), 24 * sx * sy);
}

void TestGridRegions::upsample()
{
    cv::Mat grid(2, 2, CV_32F);
    grid.at<float>(0, 0) = 0.f;
    grid.at<float>(0, 1) = 1.f;
    grid.at<float>(1, 0) = 0.f;
    grid.at<float>(1, 1) = 1.f;
    const cv::Mat up = upsampleToImage(grid, {8, 4});
    QCOMPARE(up.type(), CV_32F);
    QCOMPARE(up.size(), cv::Size(8, 4));
    // Half-pixel centres: the outer columns clamp to the cell values, x=3 and x=4 straddle the middle.
    QCOMPARE(up.at<float>(0, 0), 0.f);
    QCOMPARE(up.at<float>(3, 7), 1.f);
    QVERIFY(std::abs(up.at<float>(1, 3) - 0.375f) < 1e-6f);
    QVERIFY(std::abs(up.at<float>(1, 4) - 0.625f) < 1e-6f);
    double lo = 0, hi = 0;
    cv::minMaxLoc(up, &lo, &hi);
    QVERIFY(lo >= 0.0 && hi <= 1.0);
    QVERIFY(upsampleToImage(cv::Mat(), {8, 4}).empty());
    const cv::Mat flat(32, 43, CV_32F, cv::Scalar(0.5));
    QCOMPARE(cv::norm(upsampleToImage(flat, {602, 448}) - 0.5, cv::NORM_INF), 0.0);
}

void TestGridRegions::badSizesThrow()
{
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, GridScale::fromSizes({0, 3}, {10, 10}));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, GridScale::fromSizes({3, 3}, {10, -1}));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, upsampleToImage(cv::Mat(2, 2, CV_32F, cv::Scalar(0)), {0, 0}));
}

QTEST_APPLESS_MAIN(TestGridRegions)
#include "tst_gridregions.moc"
