// Tests for COCO RLE encoding (uncompressed counts and pycocotools' compressed string).
#include "export/maskrle.h"

#include <QtTest>

#include <opencv2/imgproc.hpp>

using namespace dinosam;

class TestMaskRle : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void columnMajorCounts()
    {
        // 3x2 mask (rows x cols):   0 1
        //                           1 1
        //                           0 0
        // column-major: col0 = 0 1 0, col1 = 1 1 0  ->  0,1,0,1,1,0  ->  counts 1 1 1 2 1
        cv::Mat m = (cv::Mat_<uchar>(3, 2) << 0, 255, 1, 7, 0, 0);
        const std::vector<uint32_t> expected = {1, 1, 1, 2, 1};
        QCOMPARE(encodeMaskRle(m), expected);
    }

    void startsWithZeroRunWhenFirstPixelSet()
    {
        cv::Mat m(2, 2, CV_8UC1, cv::Scalar(255));
        QCOMPARE(encodeMaskRle(m), std::vector<uint32_t>({0, 4}));
        QCOMPARE(encodeMaskRle(cv::Mat::zeros(2, 3, CV_8UC1)), std::vector<uint32_t>({6}));
    }

    void roundTrip_data()
    {
        QTest::addColumn<int>("seed");
        for (int s = 1; s <= 5; ++s)
            QTest::newRow(qPrintable(QStringLiteral("seed %1").arg(s))) << s;
    }

    void roundTrip()
    {
        QFETCH(int, seed);
        cv::RNG rng{uint64_t(seed)};
        cv::Mat m = cv::Mat::zeros(37 + seed, 53 - seed, CV_8UC1);
        for (int k = 0; k < 6; ++k)
            cv::circle(m, {rng.uniform(0, m.cols), rng.uniform(0, m.rows)}, rng.uniform(1, 15), cv::Scalar(255), -1);
        const std::vector<uint32_t> counts = encodeMaskRle(m);
        QCOMPARE(cv::norm(decodeMaskRle(counts, m.size()), m, cv::NORM_INF), 0.0);
        const std::string text = rleCountsToString(counts);
        QCOMPARE(rleCountsFromString(text), counts);
    }

    void compressedStringByHand()
    {
        // pycocotools rleToString: 5-bit groups + continuation bit, +48; deltas against counts[i-2] from i = 3.
        QCOMPARE(rleCountsToString({3, 2, 1}), std::string("321"));
        QCOMPARE(rleCountsToString({0, 40}), std::string("0X1")); // 40 = 8 | 1 << 5
        QCOMPARE(rleCountsToString({5, 3, 1, 1}), std::string("531N")); // delta 1 - 3 = -2 -> 'N'
        QCOMPARE(rleCountsFromString("531N"), std::vector<uint32_t>({5, 3, 1, 1}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, rleCountsFromString("X")); // dangling continuation
    }

    void decodeRejectsWrongTotal()
    {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, decodeMaskRle({1, 2}, cv::Size(2, 2)));
    }
};

QTEST_GUILESS_MAIN(TestMaskRle)
#include "tst_maskrle.moc"
