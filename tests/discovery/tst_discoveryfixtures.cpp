// Attention discovery on the real layout of DINOv2's last-block CLS attention
// ([1, 6, T] from Meta's code, random weights, with and without 4 registers).
// Random weights make meaningless regions: this checks shapes, register
// handling and the invariants, not object quality.
#include "discovery/attentiondiscovery.h"
#include "discovery/tensorentry.h"
#include "fixtures.h"
#include "io/checkpointreader.h"

#include <QtTest>

using namespace dinosam;
using namespace dinosam::discovery;

class TestDiscoveryFixtures : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void realAttentionLayout_data();
    void realAttentionLayout();
};

void TestDiscoveryFixtures::realAttentionLayout_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("registers");
    QTest::newRow("vits14 truck") << QStringLiteral("dinov2_vits14_truck.pt") << 0;
    QTest::newRow("vits14_reg4 truck") << QStringLiteral("dinov2_vits14_reg4_truck.pt") << 4;
    QTest::newRow("vits14 groceries") << QStringLiteral("dinov2_vits14_groceries.pt") << 0;
    QTest::newRow("vits14_reg4 groceries") << QStringLiteral("dinov2_vits14_reg4_groceries.pt") << 4;
}

void TestDiscoveryFixtures::realAttentionLayout()
{
    QFETCH(QString, file);
    QFETCH(int, registers);
    if (!QFileInfo::exists(test::fixturePath(file)))
        QFAIL(qPrintable(QStringLiteral("missing fixture: ") + test::fixturePath(file)));
    const TensorMap tensors = readCheckpoint(test::fixturePath(file).toStdString(), {true});
    QVERIFY(tensors.count("last_attn_cls"));
    const at::Tensor attention = tensors.at("last_attn_cls"); // [1, 6, T]
    QCOMPARE(attention.dim(), 3);
    QCOMPARE(attention.size(2), int64_t(1 + registers + 32 * 43));

    const cv::Mat map = normalizedAttentionMap(attention, registers, 32, 43);
    QCOMPARE(map.size(), cv::Size(43, 32));
    double lo = 0, hi = 0;
    cv::minMaxLoc(map, &lo, &hi);
    QCOMPARE(lo, 0.0);
    QCOMPARE(hi, 1.0);
    // Claiming the wrong register count is caught, not silently misaligned.
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, normalizedAttentionMap(attention, 4 - registers, 32, 43));

    const cv::Size image(1800, 1200); // the truck fixture's original size
    for (float threshold : {0.3f, 0.6f, 0.9f}) {
        SegmentationParams p;
        p.attentionThreshold = threshold;
        p.minArea = 0;
        p.numObjects = 50;
        const auto regions = regionsFromAttention(map, image, p);
        QVERIFY(!regions.empty()); // the max patch is 1.0 > threshold
        for (size_t k = 0; k < regions.size(); ++k) {
            const DiscoveredRegion &r = regions[k];
            QVERIFY(r.box.x >= 0 && r.box.y >= 0 && r.box.x + r.box.width <= 1800.01f &&
                    r.box.y + r.box.height <= 1200.01f);
            const int col = int(r.point.x / (1800.0 / 43)), row = int(r.point.y / (1200.0 / 32));
            QCOMPARE(int(r.patchMask.at<uchar>(row, col)), 1);
            QVERIFY(r.confidence > 0 && r.confidence <= 1);
            if (k > 0)
                QVERIFY(regions[k - 1].confidence >= r.confidence);
        }
    }
}

QTEST_APPLESS_MAIN(TestDiscoveryFixtures)
#include "tst_discoveryfixtures.moc"
