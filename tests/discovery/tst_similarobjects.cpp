// "Find similar" on synthetic token grids: an example's tokens planted at two places
// are both found, a negative example suppresses its look-alike (which is found without
// it), touching instances are split at their peaks, coverage weights the prototype.
#include "discovery/similarobjects.h"

#include <QtTest>

#include <opencv2/imgproc.hpp>

#include <cmath>

using namespace dinosam;
using namespace dinosam::discovery;

namespace {

constexpr int kC = 128;
constexpr int kH = 12, kW = 16;
constexpr int kPatch = 14;
const cv::Size kImage(kW * kPatch, kH * kPatch);

cv::Mat randomUnit(cv::RNG &rng)
{
    cv::Mat v(1, kC, CV_32F);
    rng.fill(v, cv::RNG::NORMAL, 0, 1);
    return v / cv::norm(v);
}

/// Background of random unit tokens; blocks get `vector` plus noise of norm ~`noise`.
struct Scene
{
    cv::Mat tokens = cv::Mat(kH * kW, kC, CV_32F);
    cv::RNG rng{1234};

    Scene()
    {
        for (int r = 0; r < tokens.rows; ++r)
            randomUnit(rng).copyTo(tokens.row(r));
    }
    void plant(const cv::Rect &cells, const cv::Mat &vector, double noise = 0.3)
    {
        for (int i = cells.y; i < cells.y + cells.height; ++i)
            for (int j = cells.x; j < cells.x + cells.width; ++j) {
                cv::Mat t = vector + randomUnit(rng) * noise;
                t.copyTo(tokens.row(i * kW + j));
            }
    }
    /// A 3x3 instance whose look drifts towards `edge` away from its centre (0, 0.5 and 0.8
    /// of it at the centre, the sides and the corners), so its similarity peaks at the centre.
    void plantPeaked(const cv::Rect &cells, const cv::Mat &vector, const cv::Mat &edge)
    {
        for (int i = 0; i < 3; ++i)
            for (int j = 0; j < 3; ++j) {
                const int ring = std::abs(i - 1) + std::abs(j - 1); // 0 centre, 1 side, 2 corner
                const double k = ring == 0 ? 0.0 : ring == 1 ? 0.5 : 0.8;
                cv::Mat t = vector + edge * k;
                t.copyTo(tokens.row((cells.y + i) * kW + cells.x + j));
            }
    }
    TokenGrid grid() const { return TokenGrid::fromRaw(tokens.ptr<float>(), kH, kW, kC, kImage); }
};

cv::Mat imageMask(const cv::Rect &cells)
{
    cv::Mat m = cv::Mat::zeros(kImage, CV_8U);
    m(cv::Rect(cells.x * kPatch, cells.y * kPatch, cells.width * kPatch, cells.height * kPatch)).setTo(255);
    return m;
}

cv::Rect2f imageBox(const cv::Rect &cells)
{
    return cv::Rect2f(float(cells.x * kPatch), float(cells.y * kPatch), float(cells.width * kPatch),
                      float(cells.height * kPatch));
}

bool hasRegion(const std::vector<DiscoveredRegion> &regions, const cv::Rect &cells)
{
    for (const auto &r : regions)
        if (r.box == imageBox(cells))
            return true;
    return false;
}

const cv::Rect kA(2, 2, 3, 3);   // the example
const cv::Rect kB(10, 7, 3, 3);  // the same object elsewhere
const cv::Rect kL(10, 1, 3, 3);  // a look-alike

} // namespace

class TestSimilarObjects : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void bothPlantedCopiesFound();
    void negativeSuppressesLookAlike();
    void touchingInstancesSplitAtPeaks();
    void coverageWeightsPrototype();
    void coverageInBoxEqualsWholeMask();
    void maskLevelSimilarity();
    void minAreaAndMaxRegions();
    void leastSimilarPoint();
    void badInputThrows();
};

void TestSimilarObjects::bothPlantedCopiesFound()
{
    Scene s;
    cv::RNG rng(7);
    const cv::Mat e = randomUnit(rng);
    s.plant(kA, e);
    s.plant(kB, e);
    const TokenGrid g = s.grid();
    const Prototype p = makePrototype(g, patchCoverage(imageMask(kA), kH, kW));
    QCOMPARE(p.patchArea, 9.0);
    const SimilarityMaps maps = similarityMaps(g, {p}, {});
    // Planted patches are alike (~0.9), the background is not (random 128-d: |cos| ~ 0.1).
    const float onB = float(cv::mean(maps.positive(kB))[0]);
    cv::Mat background = cv::Mat::ones(kH, kW, CV_8U);
    background(kA).setTo(0);
    background(kB).setTo(0);
    double bgMax = 0;
    cv::minMaxLoc(maps.positive, nullptr, &bgMax, nullptr, nullptr, background);
    QVERIFY2(onB > 0.85f, qPrintable(QString::number(onB)));
    QVERIFY2(bgMax < 0.4, qPrintable(QString::number(bgMax)));

    SimilarRegionParams rp;
    rp.threshold = 0.5f;
    rp.exampleArea = p.patchArea;
    const auto regions = similarRegions(maps.score, kImage, rp);
    QCOMPARE(regions.size(), size_t(2));
    QVERIFY(hasRegion(regions, kA));
    QVERIFY(hasRegion(regions, kB));
    for (const auto &r : regions) {
        QVERIFY(r.box.contains(r.point));
        QVERIFY(r.confidence > 0.85f);
        QCOMPARE(cv::countNonZero(r.patchMask), 9);
    }
}

void TestSimilarObjects::negativeSuppressesLookAlike()
{
    Scene s;
    cv::RNG rng(11);
    const cv::Mat e = randomUnit(rng), f = randomUnit(rng);
    s.plant(kA, e);
    s.plant(kB, e);
    s.plant(kL, 0.75 * e + 0.66 * f); // cos(look-alike, e) ~ 0.72
    const TokenGrid g = s.grid();
    const Prototype positive = makePrototype(g, patchCoverage(imageMask(kA), kH, kW));
    const Prototype negative = makePrototype(g, patchCoverage(imageMask(kL), kH, kW));
    SimilarRegionParams rp;
    rp.threshold = 0.5f;
    rp.exampleArea = positive.patchArea;

    // Without the negative, the look-alike is found too: the negative below has work to do.
    const auto without = similarRegions(similarityMaps(g, {positive}, {}).score, kImage, rp);
    QCOMPARE(without.size(), size_t(3));
    QVERIFY(hasRegion(without, kL));

    const SimilarityMaps maps = similarityMaps(g, {positive}, {negative});
    QCOMPARE(cv::countNonZero(maps.score(kL)), 0); // nearer to the negative everywhere
    const float onL = float(cv::mean(maps.positive(kL))[0]);
    QVERIFY2(onL > 0.6f, qPrintable(QString::number(onL)));
    const auto with = similarRegions(maps.score, kImage, rp);
    QCOMPARE(with.size(), size_t(2));
    QVERIFY(hasRegion(with, kA));
    QVERIFY(hasRegion(with, kB));
    QVERIFY(!hasRegion(with, kL));
}

void TestSimilarObjects::touchingInstancesSplitAtPeaks()
{
    Scene s;
    cv::RNG rng(5);
    const cv::Mat e = randomUnit(rng), edge = randomUnit(rng);
    s.plant(kA, e, 0.05);
    const cv::Rect left(8, 6, 3, 3), right(11, 6, 3, 3); // side by side: one 3x6 component
    s.plantPeaked(left, e, edge);
    s.plantPeaked(right, e, edge);
    const TokenGrid g = s.grid();
    const Prototype p = makePrototype(g, patchCoverage(imageMask(kA), kH, kW));
    const SimilarityMaps maps = similarityMaps(g, {p}, {});
    SimilarRegionParams rp;
    rp.threshold = 0.5f;

    rp.exampleArea = 0; // no size prior: the pair stays one region (plus the example)
    QCOMPARE(similarRegions(maps.score, kImage, rp).size(), size_t(2));

    rp.exampleArea = p.patchArea;
    auto regions = similarRegions(maps.score, kImage, rp);
    QCOMPARE(regions.size(), size_t(3));
    QVERIFY(hasRegion(regions, kA));
    QVERIFY(hasRegion(regions, left));
    QVERIFY(hasRegion(regions, right));
    for (const auto &r : regions)
        QCOMPARE(cv::countNonZero(r.patchMask), 9);
    std::vector<cv::Point2f> points;
    for (const auto &r : regions)
        if (r.box != imageBox(kA))
            points.push_back(r.point);
    std::sort(points.begin(), points.end(), [](auto a, auto b) { return a.x < b.x; });
    QCOMPARE(points[0], cv::Point2f(9.5f * kPatch, 7.5f * kPatch)); // the instances' centres
    QCOMPARE(points[1], cv::Point2f(12.5f * kPatch, 7.5f * kPatch));
}

void TestSimilarObjects::coverageWeightsPrototype()
{
    const float data[] = {1, 0, 0, 1}; // two patches, tokens (1,0) and (0,1)
    const TokenGrid g = TokenGrid::fromRaw(data, 1, 2, 2, {28, 14});
    cv::Mat mask = cv::Mat::zeros(14, 28, CV_8U);
    mask(cv::Rect(0, 0, 14, 14)).setTo(255); // patch 0 fully
    mask(cv::Rect(14, 0, 7, 14)).setTo(255); // patch 1 half
    const cv::Mat coverage = patchCoverage(mask, 1, 2);
    QCOMPARE(coverage.at<float>(0, 0), 1.f);
    QVERIFY(std::abs(coverage.at<float>(0, 1) - 0.5f) <= 1.f / 255.f); // 8-bit area average
    const Prototype p = makePrototype(g, coverage);
    QVERIFY(std::abs(p.patchArea - 1.5) <= 1.0 / 255.0);
    QVERIFY(std::abs(p.vector.at<float>(0) - 2 / std::sqrt(5.f)) < 2e-3f);
    QVERIFY(std::abs(p.vector.at<float>(1) - 1 / std::sqrt(5.f)) < 2e-3f);
    // Tokens are normalised on the way in.
    const float raw[] = {3, 4};
    const TokenGrid one = TokenGrid::fromRaw(raw, 1, 1, 2, {14, 14});
    QCOMPARE(one.tokens.at<float>(0, 0), 0.6f);
    QCOMPARE(one.tokens.at<float>(0, 1), 0.8f);
}

void TestSimilarObjects::coverageInBoxEqualsWholeMask()
{
    // By hand: 3 pixels onto 2 cells (1.5 pixels each); the middle pixel straddles both.
    cv::Mat line = cv::Mat::zeros(1, 3, CV_8U);
    line.at<uchar>(0, 1) = 255;
    line.at<uchar>(0, 2) = 255;
    const cv::Mat byHand = patchCoverage(line, cv::Rect(1, 0, 2, 1), 1, 2);
    QCOMPARE(byHand.at<float>(0, 0), 0.5f / 1.5f);
    QCOMPARE(byHand.at<float>(0, 1), 1.f);

    // Against the whole-mask area average (8-bit, so within 1/255) for blobs on a grid whose
    // cells are a non-integer number of pixels (1800x1200 onto 43x32), reading only the box.
    cv::RNG rng(7);
    for (int k = 0; k < 20; ++k) {
        cv::Mat mask = cv::Mat::zeros(1200, 1800, CV_8U);
        const cv::Point c(rng.uniform(0, 1800), rng.uniform(0, 1200));
        cv::ellipse(mask, c, cv::Size(rng.uniform(5, 400), rng.uniform(5, 300)), rng.uniform(0, 180), 0, 360,
                    cv::Scalar(k % 2 ? 1 : 255), cv::FILLED);
        const cv::Rect box = cv::boundingRect(mask);
        const cv::Mat whole = patchCoverage(mask, 32, 43);
        const cv::Mat inBox = patchCoverage(mask, box, 32, 43);
        QCOMPARE(inBox.size(), cv::Size(43, 32));
        QVERIFY2(cv::norm(whole, inBox, cv::NORM_INF) <= 1.0 / 255 + 1e-6, qPrintable(QString::number(k)));
        // Pixels outside the box are not read: garbage there changes nothing.
        cv::Mat dirty = mask.clone();
        dirty.setTo(255, ~(mask != 0));
        mask(box).copyTo(dirty(box));
        QCOMPARE(cv::norm(patchCoverage(dirty, box, 32, 43), inBox, cv::NORM_INF), 0.0);
    }
    // A box that does not fit the mask falls back to the whole mask.
    const cv::Mat small = cv::Mat(28, 28, CV_8U, cv::Scalar(255));
    QCOMPARE(patchCoverage(small, cv::Rect(-5, 0, 40, 28), 2, 2).at<float>(1, 1), 1.f);
}

void TestSimilarObjects::maskLevelSimilarity()
{
    Scene s;
    cv::RNG rng(3);
    const cv::Mat e = randomUnit(rng), f = randomUnit(rng);
    s.plant(kA, e);
    s.plant(kB, e);
    s.plant(kL, f);
    const TokenGrid g = s.grid();
    const Prototype pos = makePrototype(g, patchCoverage(imageMask(kA), kH, kW));
    const Prototype neg = makePrototype(g, patchCoverage(imageMask(kL), kH, kW));
    const MaskSimilarity onB = maskSimilarity(g, imageMask(kB), {pos}, {neg});
    QVERIFY2(onB.positive > 0.9f && onB.negative < 0.3f, qPrintable(QString("%1 %2").arg(onB.positive).arg(onB.negative)));
    const MaskSimilarity onL = maskSimilarity(g, imageMask(kL), {pos}, {neg});
    QVERIFY(onL.negative > onL.positive);
    const MaskSimilarity bg = maskSimilarity(g, imageMask({6, 8, 3, 3}), {pos}, {});
    QVERIFY2(bg.positive < 0.4f, qPrintable(QString::number(bg.positive)));
    QCOMPARE(bg.negative, -1.f);
    const MaskSimilarity none = maskSimilarity(g, cv::Mat::zeros(kImage, CV_8U), {pos}, {});
    QCOMPARE(none.positive, -1.f);
}

void TestSimilarObjects::minAreaAndMaxRegions()
{
    cv::Mat score = cv::Mat::zeros(kH, kW, CV_32F);
    score(cv::Rect(0, 0, 3, 3)).setTo(0.9);  // 9 patches, mean 0.9
    score(cv::Rect(6, 0, 4, 4)).setTo(0.7);  // 16 patches, mean 0.7
    score(cv::Rect(0, 8, 1, 1)).setTo(0.95); // 1 patch
    SimilarRegionParams rp;
    rp.threshold = 0.5f;
    auto regions = similarRegions(score, kImage, rp);
    QCOMPARE(regions.size(), size_t(3));
    QCOMPARE(regions[0].confidence, 0.95f); // ranked by mean score
    QCOMPARE(regions[1].confidence, 0.9f);
    rp.minArea = 2 * kPatch * kPatch; // drops the single patch
    regions = similarRegions(score, kImage, rp);
    QCOMPARE(regions.size(), size_t(2));
    QCOMPARE(regions[0].confidence, 0.9f);
    rp.maxRegions = 1;
    QCOMPARE(similarRegions(score, kImage, rp).size(), size_t(1));
    rp.threshold = 0.95f; // strictly greater
    QCOMPARE(similarRegions(score, kImage, rp).size(), size_t(0));
}

void TestSimilarObjects::leastSimilarPoint()
{
    cv::Mat positive = cv::Mat::ones(kH, kW, CV_32F);
    positive.at<float>(5, 9) = -0.5f;
    QCOMPARE(dinosam::discovery::leastSimilarPoint(positive, kImage), cv::Point2f(9.5f * kPatch, 5.5f * kPatch));
}

void TestSimilarObjects::badInputThrows()
{
    Scene s;
    const TokenGrid g = s.grid();
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, makePrototype(g, cv::Mat::zeros(kH, kW, CV_32F)));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, makePrototype(g, cv::Mat::ones(3, 3, CV_32F)));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, similarityMaps(g, {}, {}));
    Prototype wrong;
    wrong.vector = cv::Mat::ones(1, 7, CV_32F);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, similarityMaps(g, {wrong}, {}));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, TokenGrid::fromRaw(nullptr, 0, 1, 1, {1, 1}));
}

QTEST_APPLESS_MAIN(TestSimilarObjects)
#include "tst_similarobjects.moc"
