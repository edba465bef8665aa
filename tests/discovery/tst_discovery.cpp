// The entry point: discoverRegions() and the display map, both methods.
#include "discovery/discovery.h"
#include "discovery/tensorentry.h"
#include "syntheticdiscovery.h"

#include <QtTest>

using namespace dinosam;
using namespace dinosam::discovery;
using dinosam::test::attentionFromMap;
using dinosam::test::blobMap;
using dinosam::test::clusterKeys;
using dinosam::test::labelMap;
using dinosam::test::rectMask;
using dinosam::test::sameMask;

Q_DECLARE_METATYPE(dinosam::DiscoveryMethod)

namespace {

const cv::Size kGrid(21, 16);
const cv::Rect kObject(5, 4, 8, 6);

DiscoveryInput input()
{
    DiscoveryInput in;
    in.numRegisters = 4;
    in.gridH = kGrid.height;
    in.gridW = kGrid.width;
    in.imageSize = {1800, 1200};
    in.clsAttention = attentionFromMap(blobMap(kGrid, {{kObject, 1.f}}, 0.1f), 6, 4, 1e3f).unsqueeze(0);
    in.keys = clusterKeys(labelMap(kGrid, {kObject}), 6, 8, 4, 0.1f);
    return in;
}

} // namespace

class TestDiscovery : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void bothMethodsFindTheObject_data();
    void bothMethodsFindTheObject();
    void entryPointEqualsCachedPath();
    void missingTensorThrows_data();
    void missingTensorThrows();
};

void TestDiscovery::bothMethodsFindTheObject_data()
{
    QTest::addColumn<DiscoveryMethod>("method");
    QTest::newRow("attention") << DiscoveryMethod::Attention;
    QTest::newRow("spectral") << DiscoveryMethod::Spectral;
}

void TestDiscovery::bothMethodsFindTheObject()
{
    QFETCH(DiscoveryMethod, method);
    SegmentationParams p;
    p.method = method;
    p.minArea = 0;
    const DiscoveryInput in = input();
    const auto regions = discoverRegions(in, p);
    QCOMPARE(regions.size(), size_t(1));
    QVERIFY(sameMask(regions[0].patchMask, rectMask(kGrid, {kObject})));
    const cv::Mat display = discoveryDisplayMap(in, p);
    QCOMPARE(display.type(), CV_32F);
    QCOMPARE(display.size(), in.imageSize);
    double lo = 0, hi = 0;
    cv::minMaxLoc(display, &lo, &hi);
    QVERIFY(lo >= 0.0 && hi <= 1.0 && hi > 0.99);
    // The object's centre is bright, the image corner dark (the spectral map varies with the key noise).
    QVERIFY(display.at<float>(int(regions[0].point.y), int(regions[0].point.x)) > 0.5f);
    QVERIFY(display.at<float>(0, 0) < 0.2f);
}

void TestDiscovery::entryPointEqualsCachedPath()
{
    const DiscoveryInput in = input();
    SegmentationParams p;
    p.minArea = 0;
    const cv::Mat map = normalizedAttentionMap(in.clsAttention, 4, kGrid.height, kGrid.width);
    const SpectralBasis basis = computeSpectral(in.keys, 4, kGrid.height, kGrid.width, 10);
    for (float threshold : {0.2f, 0.5f, 0.95f}) {
        p.attentionThreshold = threshold;
        p.method = DiscoveryMethod::Attention;
        const auto a = discoverRegions(in, p);
        const auto b = regionsFromAttention(map, in.imageSize, p);
        QCOMPARE(a.size(), b.size());
        for (size_t k = 0; k < a.size(); ++k)
            QVERIFY(a[k].box == b[k].box && a[k].point == b[k].point && a[k].confidence == b[k].confidence);
        p.method = DiscoveryMethod::Spectral;
        QVERIFY(basis.covers(p.numObjects));
        const auto c = discoverRegions(in, p);
        const auto d = regionsFromSpectral(basis, in.imageSize, p);
        QCOMPARE(c.size(), d.size());
        for (size_t k = 0; k < c.size(); ++k)
            QVERIFY(c[k].box == d[k].box && c[k].point == d[k].point && c[k].confidence == d[k].confidence);
    }
}

void TestDiscovery::missingTensorThrows_data()
{
    QTest::addColumn<DiscoveryMethod>("method");
    QTest::newRow("attention without attention") << DiscoveryMethod::Attention;
    QTest::newRow("spectral without keys") << DiscoveryMethod::Spectral;
}

void TestDiscovery::missingTensorThrows()
{
    QFETCH(DiscoveryMethod, method);
    DiscoveryInput in = input();
    in.clsAttention = at::Tensor();
    in.keys = at::Tensor();
    SegmentationParams p;
    p.method = method;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, discoverRegions(in, p));
}

QTEST_APPLESS_MAIN(TestDiscovery)
#include "tst_discovery.moc"
