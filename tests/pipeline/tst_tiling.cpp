// Big images in tiles (issue 17): the grid covers the image with the overlap asked for, and
// the masks found per tile merge into one object per real object across tile borders, also at
// 12000x9000 with a "perfect" fake segmenter (connected components), where the objects are
// pasted across borders and corners on purpose.
#include "pipeline/pipelineerror.h"
#include "pipeline/tiledsegmentation.h"
#include "pipeline/tiling.h"

#include <opencv2/imgproc.hpp>

#include <QtTest>

using namespace dinosam;

namespace {

/// A piece as a pass that saw `seen` would report the object drawn by `draw` (image coordinates).
MaskPiece pieceOf(const cv::Rect &seen, const std::function<void(cv::Mat &, cv::Point)> &draw, float score = 0.9f)
{
    cv::Mat tileMask = cv::Mat::zeros(seen.size(), CV_8U);
    draw(tileMask, -seen.tl());
    SegmentedObject info;
    info.samScore = score;
    return pieceFromTileMask(tileMask, seen, info);
}

auto disc(cv::Point centre, int radius)
{
    return [=](cv::Mat &m, cv::Point offset) { cv::circle(m, centre + offset, radius, cv::Scalar(255), cv::FILLED); };
}

auto rect(cv::Rect r)
{
    return [=](cv::Mat &m, cv::Point offset) { cv::rectangle(m, r + offset, cv::Scalar(255), cv::FILLED); };
}

/// The fake "perfect" model: every connected blob of non-background pixels is one object.
SegmentationResult componentsOf(const cv::Mat &rgb)
{
    cv::Mat gray, fg, labels, statsMat, centroids;
    cv::cvtColor(rgb, gray, cv::COLOR_RGB2GRAY);
    fg = gray > 60; // background 40, objects brighter
    const int n = cv::connectedComponentsWithStats(fg, labels, statsMat, centroids, 8, CV_32S);
    SegmentationResult r;
    r.imageSize = rgb.size();
    for (int k = 1; k < n; ++k) {
        SegmentedObject o;
        o.mask = (labels == k);
        o.box = cv::Rect(statsMat.at<int>(k, cv::CC_STAT_LEFT), statsMat.at<int>(k, cv::CC_STAT_TOP),
                         statsMat.at<int>(k, cv::CC_STAT_WIDTH), statsMat.at<int>(k, cv::CC_STAT_HEIGHT));
        o.area = statsMat.at<int>(k, cv::CC_STAT_AREA);
        o.samScore = 0.5f + 0.4f * float(o.area) / float(rgb.total());
        r.objects.push_back(std::move(o));
    }
    return r;
}

double iouWith(const SegmentedObject &o, const cv::Mat &truthFull)
{
    cv::Mat inter, uni;
    cv::bitwise_and(o.mask, truthFull, inter);
    cv::bitwise_or(o.mask, truthFull, uni);
    return double(cv::countNonZero(inter)) / std::max(1, cv::countNonZero(uni));
}

} // namespace

class TestTiling : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void gridCoversTheImageWithTheOverlap_data()
    {
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::newRow("one tile") << 1000 << 800;
        QTest::newRow("exactly a tile") << 2048 << 2048;
        QTest::newRow("a pixel more") << 2049 << 2048;
        QTest::newRow("5000x3000") << 5000 << 3000;
        QTest::newRow("12000x9000") << 12000 << 9000;
        QTest::newRow("a thin strip") << 12000 << 1;
    }

    void gridCoversTheImageWithTheOverlap()
    {
        QFETCH(int, width);
        QFETCH(int, height);
        const cv::Size size(width, height);
        const auto tiles = tileGrid(size, 2048, 256);
        QVERIFY(!tiles.empty());
        cv::Mat covered = cv::Mat::zeros(size, CV_8U);
        for (const cv::Rect &t : tiles) {
            QVERIFY2((t & cv::Rect(cv::Point(0, 0), size)) == t, "a tile leaves the image");
            QVERIFY(t.width <= 2048 && t.height <= 2048);
            covered(t).setTo(255);
        }
        QCOMPARE(cv::countNonZero(covered), width * height);
        // Horizontal and vertical neighbours share at least the overlap.
        for (const cv::Rect &a : tiles)
            for (const cv::Rect &b : tiles) {
                if (a.y == b.y && b.x > a.x && b.x < a.br().x)
                    QVERIFY2(a.br().x - b.x >= 256, qPrintable(QString::number(a.br().x - b.x)));
                if (a.x == b.x && b.y > a.y && b.y < a.br().y)
                    QVERIFY2(a.br().y - b.y >= 256, qPrintable(QString::number(a.br().y - b.y)));
            }
        if (width <= 2048 && height <= 2048)
            QCOMPARE(tiles.size(), size_t(1));
    }

    void anObjectCutByBordersIsOneObject()
    {
        // Four tiles of 1000 px overlapping by 200 (0..1000, 800..1800 on both axes).
        const cv::Rect t00(0, 0, 1000, 1000), t10(800, 0, 1000, 1000), t01(0, 800, 1000, 1000),
            t11(800, 800, 1000, 1000);
        // A disc over the vertical border, seen by t00 and t10.
        std::vector<MaskPiece> pieces{pieceOf(t00, disc({900, 300}, 150)), pieceOf(t10, disc({900, 300}, 150))};
        // A disc on the corner, seen by all four.
        for (const auto &t : {t00, t10, t01, t11})
            pieces.push_back(pieceOf(t, disc({900, 900}, 120)));
        const auto merged = mergeMaskPieces(pieces, 0.5f);
        QCOMPARE(merged.size(), size_t(2));
        std::vector<int> counts;
        for (const auto &m : merged)
            counts.push_back(m.pieces);
        std::sort(counts.begin(), counts.end());
        QCOMPARE(counts, (std::vector<int>{2, 4}));
        for (const auto &m : merged) {
            // The union is the whole disc: the pixels each tile saw, nothing lost at the borders.
            cv::Mat truth = cv::Mat::zeros(1800, 1800, CV_8U);
            (m.pieces == 2 ? disc({900, 300}, 150) : disc({900, 900}, 120))(truth, {0, 0});
            cv::Mat mine = cv::Mat::zeros(1800, 1800, CV_8U);
            m.mask.copyTo(mine(m.box));
            cv::Mat diff;
            cv::bitwise_xor(mine, truth, diff);
            QCOMPARE(cv::countNonZero(diff), 0);
            QCOMPARE(m.info.area, int64_t(cv::countNonZero(truth)));
        }
    }

    void touchingOrNestedObjectsStayApart()
    {
        const cv::Rect left(0, 0, 1000, 1000), right(800, 0, 1000, 1000), whole(0, 0, 1800, 1000);
        // Two rectangles that share an edge inside the overlap zone, each reported by one tile only.
        std::vector<MaskPiece> pieces{pieceOf(left, rect({850, 100, 50, 300})), pieceOf(right, rect({900, 100, 60, 300}))};
        QCOMPARE(mergeMaskPieces(pieces, 0.5f).size(), size_t(2));
        // A small object inside a big one (the overview's), in the zone both saw.
        pieces = {pieceOf(whole, rect({100, 100, 1500, 800})), pieceOf(left, disc({500, 500}, 40))};
        QCOMPARE(mergeMaskPieces(pieces, 0.5f).size(), size_t(2));
        // Two overlapping objects of one pass are two objects (the pass already de-duplicated).
        pieces = {pieceOf(left, disc({400, 400}, 100)), pieceOf(left, disc({420, 400}, 100))};
        QCOMPARE(mergeMaskPieces(pieces, 0.5f).size(), size_t(2));
        // Best first.
        pieces = {pieceOf(left, disc({200, 200}, 50), 0.3f), pieceOf(right, disc({1500, 500}, 50), 0.8f)};
        const auto merged = mergeMaskPieces(pieces, 0.5f);
        QCOMPARE(merged.size(), size_t(2));
        QCOMPARE(merged[0].info.samScore, 0.8f);
    }

    void memoryBoundsTheImageAndTheObjects()
    {
        TilingOptions o;
        o.memoryBudget = uint64_t(1) << 30; // 1 GiB
        QCOMPARE(maxTiledPixels(o, 4), int64_t((uint64_t(1) << 30) / 8));
        QCOMPARE(objectCapFor(108'000'000, o), 5);   // 1073 MB / 108 MB = 9, minus image and working mask
        QCOMPARE(objectCapFor(4'000'000'000, o), 1); // never below one
        QCOMPARE(objectCapFor(1000, o), o.maxObjects);
        QVERIFY(needsTiling({12000, 9000}, o));
        QVERIFY(needsTiling({5000, 100}, o));      // a side over 4096
        QVERIFY(!needsTiling({4000, 3000}, o));    // 12 MP
        o.enabled = false;
        QVERIFY(!needsTiling({12000, 9000}, o));
    }

    void pastedObjectsOn12000x9000AreOneEach()
    {
        // Objects pasted across a vertical border, a horizontal border, a corner of four tiles,
        // inside one tile, and one larger than a tile (found by the overview), on a 12000x9000 image.
        const cv::Size size(12000, 9000);
        TilingOptions options;
        const auto tiles = tileGrid(size, options.tileSize, options.overlap);
        const cv::Rect a = tiles[0], b = tiles[1], below = tiles[size_t(std::count_if(
                                                                   tiles.begin(), tiles.end(),
                                                                   [&](const cv::Rect &t) { return t.y == 0; }))];
        const int borderX = (a.br().x + b.x) / 2, borderY = (a.br().y + below.y) / 2;
        struct Shape
        {
            std::function<void(cv::Mat &, cv::Point)> draw;
            cv::Rect box;
        };
        const std::vector<Shape> shapes{
            {disc({borderX, 600}, 300), {borderX - 300, 300, 601, 601}},                     // vertical border
            {disc({700, borderY}, 250), {450, borderY - 250, 501, 501}},                     // horizontal border
            {disc({borderX, borderY}, 200), {borderX - 200, borderY - 200, 401, 401}},       // corner
            {disc({6000, 4500}, 150), {5850, 4350, 301, 301}},                               // inside a tile
            {rect({7000, 6000, 3500, 2600}), {7000, 6000, 3500, 2600}},                      // larger than a tile
        };
        cv::Mat image(size, CV_8UC3, cv::Scalar(40, 40, 40));
        for (size_t k = 0; k < shapes.size(); ++k) {
            cv::Mat m = cv::Mat::zeros(shapes[k].box.size(), CV_8U);
            shapes[k].draw(m, -shapes[k].box.tl());
            image(shapes[k].box).setTo(cv::Scalar(120 + 25 * double(k), 200, 90), m);
        }
        SegmentationParams params;
        params.minArea = 0;
        TiledRunStats stats;
        const SegmentationResult r = segmentInTiles(
            image, "big", params, options, [](const cv::Mat &crop, const std::string &) { return componentsOf(crop); },
            &stats);
        qInfo("%d tiles, %d pieces -> %d objects", stats.tiles, stats.pieces, stats.kept);
        QCOMPARE(stats.tiles, int(tiles.size()));
        QVERIFY(stats.pieces > int(shapes.size())); // the cut objects came in several pieces
        QCOMPARE(r.objects.size(), shapes.size());
        for (size_t k = 0; k < shapes.size(); ++k) {
            cv::Mat truth = cv::Mat::zeros(size, CV_8U);
            shapes[k].draw(truth, {0, 0});
            double best = 0;
            for (const auto &o : r.objects) {
                QCOMPARE(o.mask.size(), size);
                best = std::max(best, iouWith(o, truth));
            }
            // The large one is merged with the overview's upscaled mask: its edge may differ by a few px.
            QVERIFY2(best >= (k == 4 ? 0.99 : 0.9999), qPrintable(QStringLiteral("shape %1: IoU %2").arg(k).arg(best)));
        }
    }

    void cancellationStopsBetweenTiles()
    {
        const cv::Mat image(5000, 3000, CV_8UC3, cv::Scalar(40, 40, 40));
        int calls = 0;
        const auto segment = [&](const cv::Mat &crop, const std::string &) {
            ++calls;
            return componentsOf(crop);
        };
        QVERIFY_THROWS_EXCEPTION(Cancelled, segmentInTiles(image, "x", {}, {}, segment, nullptr,
                                                           [&] { return calls >= 2; }));
        QCOMPARE(calls, 2); // the overview and one tile
    }
};

QTEST_GUILESS_MAIN(TestTiling)
#include "tst_tiling.moc"
