// Post-processing of SAM2 masks: holes/specks, minimum area, sorting, duplicates.
#include "pipeline/maskpostprocess.h"
#include "pipeline/pipelineerror.h"

#include <QtTest>

#include <opencv2/imgproc.hpp>

using namespace dinosam;

namespace {

const cv::Size kSize(100, 80);

SegmentedObject object(const cv::Rect &r, float score, float dino = 0.5f)
{
    SegmentedObject o;
    o.mask = cv::Mat::zeros(kSize, CV_8U);
    o.mask(r).setTo(255);
    o.samScore = score;
    o.dinoConfidence = dino;
    return o;
}

} // namespace

class TestMaskPostprocess : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void statsAndIou();
    void duplicates_data();
    void duplicates();
    void minAreaDropsSmallMasks();
    void sortsByScoreThenConfidence();
    void holesAndSpecks();
    void holesTouchingTheBorderStay();
    void cancellation();
};

void TestMaskPostprocess::statsAndIou()
{
    auto a = object({10, 10, 20, 10}, 0.9f);
    auto b = object({20, 10, 20, 10}, 0.8f);
    computeMaskStats(a);
    computeMaskStats(b);
    QCOMPARE(a.area, int64_t(200));
    QCOMPARE(a.box, cv::Rect(10, 10, 20, 10));
    QCOMPARE(maskIou(a, b), 100.0 / 300.0); // overlap 10x10
    QCOMPARE(maskIou(a, a), 1.0);
    SegmentedObject empty;
    empty.mask = cv::Mat::zeros(kSize, CV_8U);
    computeMaskStats(empty);
    QCOMPARE(empty.area, int64_t(0));
    QCOMPARE(maskIou(empty, empty), 0.0);
}

void TestMaskPostprocess::duplicates_data()
{
    QTest::addColumn<float>("threshold");
    QTest::addColumn<int>("kept");
    // Masks: A 40x40 (score .9), B = A shifted by 4 px (IoU 36*40/(2*1600-1440) = 0.818, score .8),
    // C disjoint (score .7).
    QTest::newRow("0.8 drops B") << 0.8f << 2;
    QTest::newRow("0.82 keeps B") << 0.82f << 3;
    QTest::newRow("1.0 keeps all") << 1.0f << 3;
    QTest::newRow("0 keeps only disjoint") << 0.0f << 1; // IoU >= 0 always true: only the best survives
}

void TestMaskPostprocess::duplicates()
{
    QFETCH(float, threshold);
    QFETCH(int, kept);
    SegmentationParams params;
    params.minArea = 1;
    params.duplicateIou = threshold;
    std::vector<SegmentedObject> in{object({4, 0, 40, 40}, 0.8f), object({0, 0, 40, 40}, 0.9f),
                                    object({60, 40, 30, 30}, 0.7f)};
    const auto out = postprocessObjects(in, params);
    QCOMPARE(int(out.size()), kept);
    QCOMPARE(out.front().samScore, 0.9f); // the better of the duplicates stays
}

void TestMaskPostprocess::minAreaDropsSmallMasks()
{
    SegmentationParams params;
    params.minArea = 101;
    std::vector<SegmentedObject> in{object({0, 0, 10, 10}, 0.9f), object({50, 50, 11, 10}, 0.1f)};
    const auto out = postprocessObjects(in, params);
    QCOMPARE(out.size(), size_t(1));
    QCOMPARE(out[0].area, int64_t(110));
    params.minArea = 0; // empty masks are always dropped
    std::vector<SegmentedObject> withEmpty{object({0, 0, 0, 0}, 0.9f)};
    QVERIFY(postprocessObjects(withEmpty, params).empty());
}

void TestMaskPostprocess::sortsByScoreThenConfidence()
{
    SegmentationParams params;
    params.minArea = 1;
    std::vector<SegmentedObject> in{object({0, 0, 5, 5}, 0.5f, 0.1f), object({10, 0, 5, 5}, 0.9f),
                                    object({20, 0, 5, 5}, 0.5f, 0.7f)};
    const auto out = postprocessObjects(in, params);
    QCOMPARE(out.size(), size_t(3));
    QCOMPARE(out[0].box.x, 10);
    QCOMPARE(out[1].box.x, 20);
    QCOMPARE(out[2].box.x, 0);
}

void TestMaskPostprocess::holesAndSpecks()
{
    cv::Mat mask = cv::Mat::zeros(kSize, CV_8U);
    mask(cv::Rect(10, 10, 50, 50)).setTo(255);
    mask(cv::Rect(20, 20, 3, 3)).setTo(0);    // small hole (9 px)
    mask(cv::Rect(30, 30, 15, 15)).setTo(0);  // big hole (225 px)
    mask(cv::Rect(80, 5, 2, 2)).setTo(255);   // speck (4 px)
    mask(cv::Rect(70, 60, 20, 15)).setTo(255); // second object (300 px)
    removeSmallHolesAndSpecks(mask, 100);
    QCOMPARE(int(mask.at<uint8_t>(21, 21)), 255);
    QCOMPARE(int(mask.at<uint8_t>(35, 35)), 0);
    QCOMPARE(int(mask.at<uint8_t>(6, 81)), 0);
    QCOMPARE(int(mask.at<uint8_t>(65, 75)), 255);
    QCOMPARE(cv::countNonZero(mask), 50 * 50 - 225 + 300);

    SegmentationParams params;
    params.minArea = 100;
    params.removeSmallHolesAndSpecks = true;
    auto o = object({10, 10, 50, 50}, 0.9f);
    o.mask(cv::Rect(20, 20, 3, 3)).setTo(0);
    const auto out = postprocessObjects({o}, params);
    QCOMPARE(out[0].area, int64_t(2500));
}

void TestMaskPostprocess::holesTouchingTheBorderStay()
{
    cv::Mat mask(kSize, CV_8U, cv::Scalar(255));
    mask(cv::Rect(0, 0, 5, 5)).setTo(0); // background in the corner: not a hole
    removeSmallHolesAndSpecks(mask, 100);
    QCOMPARE(int(mask.at<uint8_t>(0, 0)), 0);
}

void TestMaskPostprocess::cancellation()
{
    SegmentationParams params;
    params.minArea = 1;
    QVERIFY_THROWS_EXCEPTION(Cancelled,
                             postprocessObjects({object({0, 0, 5, 5}, 0.5f)}, params, [] { return true; }));
}

QTEST_GUILESS_MAIN(TestMaskPostprocess)
#include "tst_maskpostprocess.moc"
