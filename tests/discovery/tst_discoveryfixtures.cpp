// Attention discovery on the real layout of DINOv2's last-block CLS attention
// ([1, heads, T] from Meta's code, random weights, with and without registers), for
// every DINOv2 fixture in ../shared/fixtures/manifest.json (grid, register count and
// image from the manifest; the image's size from the image itself).
// Random weights make meaningless regions: this checks shapes, register
// handling and the invariants, not object quality.
#include "discovery/attentiondiscovery.h"
#include "discovery/tensorentry.h"
#include "fixturemanifest.h"
#include "fixtures.h"
#include "imageio/imageloader.h"
#include "io/checkpointreader.h"

#include <opencv2/imgproc.hpp>

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
    DINOSAM_REQUIRE_MANIFEST();
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("image");
    QTest::addColumn<int>("registers");
    QTest::addColumn<int>("gridH");
    QTest::addColumn<int>("gridW");
    int rows = 0;
    for (const auto &e : test::fixtureManifest().dinov2) {
        if (!e.tensors.count(QStringLiteral("last_attn_cls")) || !e.tensors.count(QStringLiteral("register_tokens")))
            continue;
        const int registers = int(e.tensors.at(QStringLiteral("register_tokens")).at(1));
        QTest::newRow(qPrintable(e.file)) << e.file << e.imagePath() << registers << int(e.gridH) << int(e.gridW);
        ++rows;
    }
    QVERIFY2(rows > 0, "no DINOv2 fixture with last_attn_cls in the manifest");
}

void TestDiscoveryFixtures::realAttentionLayout()
{
    QFETCH(QString, file);
    QFETCH(QString, image);
    QFETCH(int, registers);
    QFETCH(int, gridH);
    QFETCH(int, gridW);
    if (!QFileInfo::exists(test::fixturePath(file)))
        QFAIL(qPrintable(QStringLiteral("missing fixture: ") + test::fixturePath(file)));
    if (!QFileInfo::exists(test::fixturePath(image)))
        QFAIL(qPrintable(QStringLiteral("missing fixture: ") + test::fixturePath(image)));
    const TensorMap tensors = readCheckpoint(test::fixturePath(file).toStdString(), {true});
    QVERIFY(tensors.count("last_attn_cls"));
    const at::Tensor attention = tensors.at("last_attn_cls"); // [1, heads, T]
    QCOMPARE(attention.dim(), 3);
    QCOMPARE(attention.size(2), int64_t(1 + registers + gridH * gridW));

    const cv::Mat map = normalizedAttentionMap(attention, registers, gridH, gridW);
    QCOMPARE(map.size(), cv::Size(gridW, gridH));
    double lo = 0, hi = 0;
    cv::minMaxLoc(map, &lo, &hi);
    QCOMPARE(lo, 0.0);
    QCOMPARE(hi, 1.0);
    // Claiming the wrong register count is caught, not silently misaligned.
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, normalizedAttentionMap(attention, registers > 0 ? 0 : 4, gridH, gridW));

    // This fixture's own image size (not another fixture's).
    const cv::Size size = loadImage(test::fixturePath(image).toStdString()).rgb.size();
    const float w = float(size.width), h = float(size.height);
    for (float threshold : {0.3f, 0.6f, 0.9f}) {
        SegmentationParams p;
        p.attentionThreshold = threshold;
        p.minArea = 0;
        p.numObjects = 50;
        const auto regions = regionsFromAttention(map, size, p);
        QVERIFY(!regions.empty()); // the max patch is 1.0 > threshold
        // With no area limit and room for 50, every 8-connected component above the threshold is a region.
        cv::Mat labels;
        const int components = cv::connectedComponents(map > threshold, labels, 8, CV_32S) - 1;
        QCOMPARE(int(regions.size()), std::min(components, p.numObjects));
        int patches = 0;
        for (size_t k = 0; k < regions.size(); ++k) {
            const DiscoveredRegion &r = regions[k];
            QCOMPARE(r.patchMask.size(), map.size());
            patches += cv::countNonZero(r.patchMask);
            QVERIFY(r.box.x >= 0 && r.box.y >= 0 && r.box.x + r.box.width <= w + 0.01f &&
                    r.box.y + r.box.height <= h + 0.01f);
            const int col = int(r.point.x / (w / float(gridW))), row = int(r.point.y / (h / float(gridH)));
            QCOMPARE(int(r.patchMask.at<uchar>(row, col)), 1);
            QVERIFY(r.confidence > 0 && r.confidence <= 1);
            if (k > 0)
                QVERIFY(regions[k - 1].confidence >= r.confidence);
        }
        if (components <= p.numObjects) // together the regions are exactly the patches above the threshold
            QCOMPARE(patches, cv::countNonZero(map > threshold));
    }
}

QTEST_APPLESS_MAIN(TestDiscoveryFixtures)
#include "tst_discoveryfixtures.moc"
