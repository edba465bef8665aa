// Spectral (TokenCut / MaskCut) discovery on synthetic keys forming known clusters.
#include "discovery/spectraldiscovery.h"
#include "discovery/tensorentry.h"
#include "syntheticdiscovery.h"

#include <ATen/ops/zeros.h>
#include <QtTest>

#include <cmath>

using namespace dinosam;
using namespace dinosam::discovery;
using dinosam::test::clusterKeys;
using dinosam::test::labelMap;
using dinosam::test::rectMask;
using dinosam::test::sameMask;

Q_DECLARE_METATYPE(cv::Rect)
Q_DECLARE_METATYPE(cv::Size)
Q_DECLARE_METATYPE(dinosam::discovery::SpectralSolver)

namespace {

SegmentationParams params(int numObjects, int64_t minArea = 0)
{
    SegmentationParams p;
    p.method = DiscoveryMethod::Spectral;
    p.numObjects = numObjects;
    p.minArea = minArea;
    return p;
}

bool finiteMat(const cv::Mat &m) { return cv::checkRange(m); }

} // namespace

class TestSpectralDiscovery : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void foregroundClusterRecovered_data();
    void foregroundClusterRecovered();
    void repetitionFindsSecondObject_data();
    void repetitionFindsSecondObject();
    void solversAgree_data();
    void solversAgree();
    void degenerateKeysGiveNothing_data();
    void degenerateKeysGiveNothing();
    void prefixPropertyForCaching();
    void registersAndLayoutDoNotMatter();
    void regionsInImagePixels();
    void minAreaAndNumObjects_data();
    void minAreaAndNumObjects();
    void displayMap();
    void badInputThrows();
};

void TestSpectralDiscovery::foregroundClusterRecovered_data()
{
    QTest::addColumn<cv::Size>("grid");
    QTest::addColumn<cv::Rect>("object");
    QTest::addColumn<float>("noise");
    QTest::addColumn<bool>("doublePrecision");
    QTest::newRow("12x16 centre") << cv::Size(16, 12) << cv::Rect(6, 4, 5, 4) << 0.f << true;
    QTest::newRow("12x16 corner") << cv::Size(16, 12) << cv::Rect(0, 0, 4, 3) << 0.f << true;
    QTest::newRow("12x16 noisy") << cv::Size(16, 12) << cv::Rect(6, 4, 5, 4) << 0.1f << true;
    QTest::newRow("12x16 float32") << cv::Size(16, 12) << cv::Rect(6, 4, 5, 4) << 0.1f << false;
    QTest::newRow("32x43 (DINOv2 448x602) noisy") << cv::Size(43, 32) << cv::Rect(10, 8, 15, 12) << 0.1f << true;
    QTest::newRow("32x43 float32") << cv::Size(43, 32) << cv::Rect(30, 20, 13, 12) << 0.1f << false;
    QTest::newRow("tall 20x7") << cv::Size(7, 20) << cv::Rect(2, 12, 3, 6) << 0.05f << true;
}

void TestSpectralDiscovery::foregroundClusterRecovered()
{
    QFETCH(cv::Size, grid);
    QFETCH(cv::Rect, object);
    QFETCH(float, noise);
    QFETCH(bool, doublePrecision);
    const at::Tensor keys = clusterKeys(labelMap(grid, {object}), 6, 8, 4, noise);
    SpectralOptions options;
    options.doublePrecision = doublePrecision;
    const SpectralBasis basis = computeSpectral(keys, 4, grid.height, grid.width, 1, options);
    QCOMPARE(basis.cuts.size(), size_t(1));
    const SpectralCut &cut = basis.cuts[0];
    QVERIFY(sameMask(cut.patchMask, rectMask(grid, {object})));
    QVERIFY(object.contains(cut.seed));
    // Clean clusters are linked only by eps edges: the relaxed cut is almost free.
    // Noise adds a few cross edges above tau (cross similarity ~N(0, 0.09)).
    const double maxLambda = noise == 0.f ? 1e-3 : 0.3;
    QVERIFY2(cut.eigenvalue < maxLambda, qPrintable(QString::number(cut.eigenvalue)));
    QVERIFY(std::abs(cut.confidence - float(1.0 - cut.eigenvalue)) < 1e-6f);
    QVERIFY(finiteMat(cut.eigenvector));
    // Oriented: the seed holds the largest (positive) value.
    double hi = 0;
    cv::minMaxLoc(cut.eigenvector, nullptr, &hi);
    QCOMPARE(double(cut.eigenvector.at<float>(cut.seed)), hi);
    QVERIFY(hi > 0);
}

void TestSpectralDiscovery::repetitionFindsSecondObject_data()
{
    QTest::addColumn<bool>("sameCluster");
    QTest::addColumn<cv::Size>("grid");
    QTest::addColumn<SpectralSolver>("solver");
    QTest::newRow("different keys, 32x43, eigh") << false << cv::Size(43, 32) << SpectralSolver::Eigh;
    QTest::newRow("different keys, 32x43, subspace") << false << cv::Size(43, 32) << SpectralSolver::Subspace;
    QTest::newRow("same keys (spatially apart), 20x30, eigh") << true << cv::Size(30, 20) << SpectralSolver::Eigh;
    QTest::newRow("same keys (spatially apart), 20x30, subspace") << true << cv::Size(30, 20) << SpectralSolver::Subspace;
}

void TestSpectralDiscovery::repetitionFindsSecondObject()
{
    QFETCH(bool, sameCluster);
    QFETCH(cv::Size, grid);
    QFETCH(SpectralSolver, solver);
    SpectralOptions options;
    options.solver = solver;
    const cv::Rect first(3, 4, 8, 7), second(grid.width - 10, grid.height - 7, 9, 6);
    cv::Mat labels = labelMap(grid, {first, second});
    if (sameCluster)
        labels.setTo(1, labels == 2);
    const at::Tensor keys = clusterKeys(labels, 6, 8, 4, 0.05f);
    const SpectralBasis basis = computeSpectral(keys, 4, grid.height, grid.width, 5, options);
    // Two objects, then only the uniform background is left: exhausted.
    QCOMPARE(basis.cuts.size(), size_t(2));
    QVERIFY(basis.exhausted);
    QVERIFY(basis.covers(5) && basis.covers(100));
    const cv::Mat m0 = rectMask(grid, {first}), m1 = rectMask(grid, {second});
    const bool inOrder = sameMask(basis.cuts[0].patchMask, m0) && sameMask(basis.cuts[1].patchMask, m1);
    const bool swapped = sameMask(basis.cuts[0].patchMask, m1) && sameMask(basis.cuts[1].patchMask, m0);
    QVERIFY(inOrder || swapped);
    // The second cut never reuses patches of the first, and its eigenvector is 0 there.
    QCOMPARE(cv::countNonZero(basis.cuts[0].patchMask & basis.cuts[1].patchMask), 0);
    QCOMPARE(cv::countNonZero(basis.cuts[1].eigenvector.mul(cv::Mat_<float>(basis.cuts[0].patchMask))), 0);
    for (const SpectralCut &c : basis.cuts)
        QVERIFY(c.confidence > 0.99f);
}

void TestSpectralDiscovery::solversAgree_data()
{
    QTest::addColumn<float>("noise");
    QTest::addColumn<bool>("doublePrecision");
    QTest::newRow("clean, float64") << 0.f << true;
    QTest::newRow("noisy, float64") << 0.12f << true;
    QTest::newRow("noisy, float32") << 0.12f << false;
}

void TestSpectralDiscovery::solversAgree()
{
    QFETCH(float, noise);
    QFETCH(bool, doublePrecision);
    // Objects of distinct sizes, so each cut's eigenvalue is simple (no tie between objects).
    const cv::Size grid(30, 20);
    const at::Tensor keys = clusterKeys(labelMap(grid, {cv::Rect(2, 2, 9, 8), cv::Rect(16, 3, 5, 4),
                                                        cv::Rect(20, 12, 7, 6)}), 4, 8, 0, noise);
    SpectralOptions eigh, subspace;
    eigh.doublePrecision = subspace.doublePrecision = doublePrecision;
    subspace.solver = SpectralSolver::Subspace;
    const SpectralBasis a = computeSpectral(keys, 0, 20, 30, 4, eigh);
    const SpectralBasis b = computeSpectral(keys, 0, 20, 30, 4, subspace);
    QCOMPARE(a.cuts.size(), b.cuts.size());
    QVERIFY(!a.cuts.empty());
    const double tol = doublePrecision ? 1e-7 : 1e-3;
    for (size_t k = 0; k < a.cuts.size(); ++k) {
        QVERIFY2(sameMask(a.cuts[k].patchMask, b.cuts[k].patchMask), qPrintable(QString::number(k)));
        QVERIFY2(std::abs(a.cuts[k].eigenvalue - b.cuts[k].eigenvalue) < tol,
                 qPrintable(QString("%1 vs %2").arg(a.cuts[k].eigenvalue).arg(b.cuts[k].eigenvalue)));
        // Seeds may differ: |x| is (nearly) constant on an object, rounding picks the argmax.
        QCOMPARE(int(b.cuts[k].patchMask.at<uchar>(b.cuts[k].seed)), 1);
    }
    QCOMPARE(a.exhausted, b.exhausted);
}

void TestSpectralDiscovery::degenerateKeysGiveNothing_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<SpectralSolver>("solver");
    QTest::newRow("all identical keys") << 0 << SpectralSolver::Eigh;
    QTest::newRow("all zero keys") << 1 << SpectralSolver::Eigh;
    QTest::newRow("identical keys, huge registers") << 2 << SpectralSolver::Eigh;
    QTest::newRow("all identical keys, subspace") << 0 << SpectralSolver::Subspace;
    QTest::newRow("all zero keys, subspace") << 1 << SpectralSolver::Subspace;
}

void TestSpectralDiscovery::degenerateKeysGiveNothing()
{
    QFETCH(int, kind);
    QFETCH(SpectralSolver, solver);
    SpectralOptions options;
    options.solver = solver;
    const cv::Size grid(30, 20);
    at::Tensor keys;
    if (kind == 1)
        keys = at::zeros({6, 1 + 4 + 20 * 30, 8});
    else
        keys = clusterKeys(cv::Mat(grid, CV_32S, cv::Scalar(3)), 6, 8, 4, 0.f, kind == 2 ? 1e6f : 1.f);
    const SpectralBasis basis = computeSpectral(keys, 4, 20, 30, 3, options);
    QVERIFY(basis.cuts.empty());
    QVERIFY(basis.exhausted);
    QVERIFY(regionsFromSpectral(basis, {602, 448}, params(3)).empty());
    const cv::Mat display = basis.displayMap();
    QCOMPARE(display.size(), grid);
    QVERIFY(finiteMat(display));
    QCOMPARE(cv::countNonZero(display), 0);
}

void TestSpectralDiscovery::prefixPropertyForCaching()
{
    const cv::Size grid(30, 20);
    const cv::Rect a(2, 2, 6, 5), b(15, 3, 5, 5), c(20, 12, 7, 6);
    const at::Tensor keys = clusterKeys(labelMap(grid, {a, b, c}), 4, 8, 0, 0.05f);
    const SpectralBasis one = computeSpectral(keys, 0, 20, 30, 1);
    const SpectralBasis many = computeSpectral(keys, 0, 20, 30, 10);
    QCOMPARE(one.cuts.size(), size_t(1));
    QVERIFY(!one.exhausted);
    QVERIFY(one.covers(1) && !one.covers(2));
    QCOMPARE(many.cuts.size(), size_t(3));
    QVERIFY(sameMask(one.cuts[0].patchMask, many.cuts[0].patchMask));
    for (int n = 0; n <= 4; ++n) {
        const auto fresh = regionsFromSpectral(computeSpectral(keys, 0, 20, 30, n), {600, 400}, params(n));
        const auto cached = regionsFromSpectral(many, {600, 400}, params(n));
        QCOMPARE(fresh.size(), cached.size());
        QCOMPARE(int(cached.size()), std::min(n, 3));
        for (size_t k = 0; k < fresh.size(); ++k) {
            QVERIFY(sameMask(fresh[k].patchMask, cached[k].patchMask));
            QCOMPARE(fresh[k].box, cached[k].box);
            QCOMPARE(fresh[k].confidence, cached[k].confidence);
        }
    }
    // The three objects, found exactly.
    cv::Mat all = cv::Mat::zeros(grid, CV_8U);
    for (const SpectralCut &cut : many.cuts)
        all |= cut.patchMask;
    QVERIFY(sameMask(all, rectMask(grid, {a, b, c})));
}

void TestSpectralDiscovery::registersAndLayoutDoNotMatter()
{
    const cv::Size grid(16, 12);
    const cv::Mat labels = labelMap(grid, {cv::Rect(5, 3, 6, 5)});
    const at::Tensor noRegs = clusterKeys(labels, 6, 8, 0, 0.1f);
    const at::Tensor regs = clusterKeys(labels, 6, 8, 4, 0.1f, 1e4f);
    const SpectralBasis ref = computeSpectral(noRegs, 0, 12, 16, 2);
    const SpectralBasis withRegs = computeSpectral(regs, 4, 12, 16, 2);
    // [T, C] (heads concatenated) and batched [1, heads, T, hd] layouts.
    const at::Tensor flat = regs.permute({1, 0, 2}).reshape({regs.size(1), -1});
    const SpectralBasis fromFlat = computeSpectral(flat, 4, 12, 16, 2);
    const SpectralBasis fromBatched = computeSpectral(regs.unsqueeze(0), 4, 12, 16, 2);
    for (const SpectralBasis *b : {&withRegs, &fromFlat, &fromBatched}) {
        QCOMPARE(b->cuts.size(), ref.cuts.size());
        for (size_t k = 0; k < ref.cuts.size(); ++k) {
            QVERIFY(sameMask(b->cuts[k].patchMask, ref.cuts[k].patchMask));
            QVERIFY(std::abs(b->cuts[k].eigenvalue - ref.cuts[k].eigenvalue) < 1e-9);
        }
    }
}

void TestSpectralDiscovery::regionsInImagePixels()
{
    const cv::Size grid(21, 16);
    const cv::Rect object(10, 8, 7, 6);
    const at::Tensor keys = clusterKeys(labelMap(grid, {object}), 6, 8, 4, 0.05f);
    const cv::Size image(1800, 1200);
    const auto regions = regionsFromSpectral(computeSpectral(keys, 4, 16, 21, 1), image, params(1));
    QCOMPARE(regions.size(), size_t(1));
    const double sx = 1800.0 / 21, sy = 1200.0 / 16;
    const cv::Rect2f &box = regions[0].box;
    QVERIFY(std::abs(box.x - float(10 * sx)) < 1e-2f && std::abs(box.y - float(8 * sy)) < 1e-2f);
    QVERIFY(std::abs(box.width - float(7 * sx)) < 1e-2f && std::abs(box.height - float(6 * sy)) < 1e-2f);
    QVERIFY(std::abs(regions[0].point.x - float(13.5 * sx)) < 1e-2f);
    QVERIFY(std::abs(regions[0].point.y - float(11 * sy)) < 1e-2f);
    QVERIFY(regions[0].confidence > 0.99f);
    QVERIFY(sameMask(regions[0].patchMask, rectMask(grid, {object})));
}

void TestSpectralDiscovery::minAreaAndNumObjects_data()
{
    QTest::addColumn<int>("numObjects");
    QTest::addColumn<qint64>("minArea");
    QTest::addColumn<int>("count");
    // Objects: big 8x8 = 64 patches, small 3x3 = 9 patches; 20 x 20 px patches.
    QTest::newRow("both") << 5 << qint64(0) << 2;
    QTest::newRow("cap 1") << 1 << qint64(0) << 1;
    QTest::newRow("small kept at exactly its area") << 5 << qint64(9 * 400) << 2;
    QTest::newRow("small dropped") << 5 << qint64(9 * 400 + 1) << 1;
    QTest::newRow("both dropped") << 5 << qint64(64 * 400 + 1) << 0;
    QTest::newRow("none asked") << 0 << qint64(0) << 0;
}

void TestSpectralDiscovery::minAreaAndNumObjects()
{
    QFETCH(int, numObjects);
    QFETCH(qint64, minArea);
    QFETCH(int, count);
    const cv::Size grid(30, 20);
    const cv::Rect big(2, 2, 8, 8), small(22, 12, 3, 3);
    const at::Tensor keys = clusterKeys(labelMap(grid, {big, small}), 4, 8, 4, 0.05f);
    const SpectralBasis basis = computeSpectral(keys, 4, 20, 30, 5);
    QCOMPARE(basis.cuts.size(), size_t(2));
    const auto regions = regionsFromSpectral(basis, {600, 400}, params(numObjects, minArea));
    QCOMPARE(int(regions.size()), count);
    for (size_t k = 1; k < regions.size(); ++k)
        QVERIFY(regions[k - 1].confidence >= regions[k].confidence);
    if (count == 1 && minArea > 0)
        QVERIFY(sameMask(regions[0].patchMask, rectMask(grid, {big})));
}

void TestSpectralDiscovery::displayMap()
{
    const cv::Size grid(16, 12);
    const cv::Rect object(5, 3, 6, 5);
    const SpectralBasis basis = computeSpectral(clusterKeys(labelMap(grid, {object}), 6, 8, 0, 0.05f), 0, 12, 16, 1);
    const cv::Mat map = basis.displayMap();
    QCOMPARE(map.type(), CV_32F);
    QCOMPARE(map.size(), grid);
    double lo = 0, hi = 0;
    cv::minMaxLoc(map, &lo, &hi);
    QCOMPARE(lo, 0.0);
    QCOMPARE(hi, 1.0);
    // Foreground high: every object patch above every background patch.
    double objLo = 0, bgHi = 0;
    cv::minMaxLoc(map, &objLo, nullptr, nullptr, nullptr, rectMask(grid, {object}));
    cv::minMaxLoc(map, nullptr, &bgHi, nullptr, nullptr, rectMask(grid, {object}) == 0);
    QVERIFY(objLo > bgHi);
}

void TestSpectralDiscovery::badInputThrows()
{
    const cv::Mat labels = labelMap({16, 12}, {cv::Rect(5, 3, 6, 5)});
    const at::Tensor keys = clusterKeys(labels, 6, 8, 4);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, computeSpectral(keys, 0, 12, 16, 1));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, computeSpectral(keys, 4, 16, 12 + 1, 1));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, computeSpectral(at::Tensor(), 4, 12, 16, 1));
    at::Tensor bad = keys.clone();
    bad[0][10][0] = std::nan("");
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, computeSpectral(bad, 4, 12, 16, 1));
    // maxCuts 0: nothing computed, nothing thrown.
    const SpectralBasis none = computeSpectral(keys, 4, 12, 16, 0);
    QVERIFY(none.cuts.empty() && none.covers(0) && !none.covers(1));
}

QTEST_APPLESS_MAIN(TestSpectralDiscovery)
#include "tst_spectraldiscovery.moc"
