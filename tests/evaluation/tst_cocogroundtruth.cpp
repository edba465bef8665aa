// COCO ground truth: polygons, uncompressed and compressed RLE, and a clear,
// per-record error (never an abort) for every kind of bad record. Also --sweep parsing.
#include "evaluation/cocogroundtruth.h"
#include "evaluation/evalreport.h"

#include "export/maskrle.h"

#include <QtTest>

#include <opencv2/imgproc.hpp>

#include <algorithm>

using namespace dinosam::evaluation;

namespace {

bool hasError(const CocoGroundTruth &gt, const std::string &needle)
{
    return std::any_of(gt.errors.begin(), gt.errors.end(),
                       [&](const std::string &e) { return e.find(needle) != std::string::npos; });
}

std::string joined(const std::vector<std::string> &lines)
{
    std::string s;
    for (const auto &l : lines)
        s += l + "\n";
    return s;
}

cv::Mat square(cv::Size size, const cv::Rect &r)
{
    cv::Mat m = cv::Mat::zeros(size, CV_8U);
    m(r).setTo(255);
    return m;
}

} // namespace

class TestCocoGroundTruth : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void goodFile();
    void badRecordsAreReportedAndSkipped();
    void unusableFilesThrow_data();
    void unusableFilesThrow();
    void sweep();
    void badSweeps_data();
    void badSweeps();
};

void TestCocoGroundTruth::goodFile()
{
    // image 2 is 6 wide, 4 high; its RLE is column-major: a 2x2 square at x 1..2, y 1..2.
    const cv::Mat sq = square({6, 4}, {1, 1, 2, 2});
    const auto counts = dinosam::encodeMaskRle(sq);
    std::string countsList;
    for (size_t i = 0; i < counts.size(); ++i)
        countsList += (i ? "," : "") + std::to_string(counts[i]);
    const std::string compressed = dinosam::rleCountsToString(counts);
    const std::string json = R"({
      "images": [{"id": 1, "file_name": "a.jpg", "width": 10, "height": 8},
                 {"id": 2, "file_name": "sub/b.png", "width": 6, "height": 4}],
      "categories": [{"id": 3, "name": "truck"}],
      "annotations": [
        {"id": 10, "image_id": 1, "category_id": 3, "bbox": [1, 1, 4, 4],
         "segmentation": [[1, 1, 5, 1, 5, 5, 1, 5]]},
        {"id": 11, "image_id": 2, "category_id": 3, "iscrowd": 1,
         "segmentation": {"size": [4, 6], "counts": [)" +
                             countsList + R"(]}},
        {"id": 12, "image_id": 2, "category_id": 3,
         "segmentation": {"size": [4, 6], "counts": ")" +
                             compressed + R"("}}
      ]})";
    const CocoGroundTruth gt = parseCocoGroundTruth(json);
    QVERIFY2(gt.errors.empty(), joined(gt.errors).c_str());
    QCOMPARE(gt.images.size(), size_t(2));
    QCOMPARE(gt.images[1].fileName, std::string("sub/b.png"));
    QCOMPARE(gt.images[1].size, cv::Size(6, 4));
    QCOMPARE(gt.annotations.size(), size_t(3));
    QCOMPARE(gt.categoryName(3), std::string("truck"));
    QCOMPARE(gt.categoryName(4), std::string("category 4"));

    // Polygon with vertices on pixel edges 1 and 5: pixels 1..4 in each direction.
    const cv::Mat poly = gt.annotations[0].mask({10, 8});
    QCOMPARE(cv::countNonZero(poly), 16);
    QCOMPARE(cv::boundingRect(poly), cv::Rect(1, 1, 4, 4));
    QCOMPARE(gt.annotations[0].bbox, cv::Rect2d(1, 1, 4, 4));

    QVERIFY(gt.annotations[1].iscrowd);
    QCOMPARE(cv::countNonZero(gt.annotations[1].mask({6, 4}) != sq), 0);
    QCOMPARE(cv::countNonZero(gt.annotations[2].mask({6, 4}) != sq), 0);
    // No bbox given: the mask's box.
    QCOMPARE(gt.annotations[2].bbox, cv::Rect2d(1, 1, 2, 2));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, gt.annotations[1].mask({10, 8}));

    const auto byImage = gt.annotationsByImage();
    QCOMPARE(byImage.at(1).size(), size_t(1));
    QCOMPARE(byImage.at(2).size(), size_t(2));
}

void TestCocoGroundTruth::badRecordsAreReportedAndSkipped()
{
    const std::string json = R"({
      "images": [{"id": 1, "file_name": "a.jpg", "width": 10, "height": 8},
                 {"id": 1, "file_name": "dup.jpg", "width": 10, "height": 8},
                 {"id": 2, "width": 10, "height": 8},
                 {"id": 3, "file_name": "zero.jpg", "width": 0, "height": 8},
                 {"id": "4", "file_name": "strid.jpg", "width": 5, "height": 5},
                 7],
      "categories": [{"id": 1, "name": "thing"}],
      "annotations": [
        {"id": 1, "image_id": 1, "category_id": 1, "segmentation": [[1, 1, 5, 1, 5, 5, 1, 5]]},
        {"id": 2, "image_id": 99, "category_id": 1, "segmentation": [[1, 1, 5, 1, 5, 5]]},
        {"id": 3, "image_id": 1, "category_id": 1, "segmentation": [[1, 1, 5, 1, 5]]},
        {"id": 4, "image_id": 1, "category_id": 1, "segmentation": [[1, 1, 5, 1]]},
        {"id": 5, "image_id": 1, "category_id": 1, "segmentation": {"size": [8, 10], "counts": [1, 2]}},
        {"id": 6, "image_id": 1, "category_id": 1, "segmentation": {"size": [4, 4], "counts": [16]}},
        {"id": 7, "image_id": 1, "category_id": 42, "segmentation": [[0, 0, 2, 0, 2, 2]]},
        {"id": 7, "image_id": 1, "category_id": 1, "segmentation": [[0, 0, 2, 0, 2, 2]]},
        {"id": 8, "image_id": 1, "category_id": 1},
        {"id": 9, "image_id": 1, "category_id": 1, "segmentation": [[0, 0, "x", 0, 2, 2]]},
        {"id": 10, "image_id": 1, "category_id": 1, "bbox": [0, 0, -1, 2], "segmentation": [[0, 0, 2, 0, 2, 2]]},
        {"id": 11, "image_id": 1, "category_id": 1, "segmentation": {"size": [8, 10], "counts": "!!bad"}}
      ]})";
    const CocoGroundTruth gt = parseCocoGroundTruth(json);
    const std::string all = joined(gt.errors);
    QCOMPARE(gt.images.size(), size_t(1));
    QVERIFY2(hasError(gt, "images[1] (id 1): duplicate image id"), all.c_str());
    QVERIFY2(hasError(gt, "images[2] (id 2): file_name missing"), all.c_str());
    QVERIFY2(hasError(gt, "images[3] (id 3) zero.jpg: width/height"), all.c_str());
    QVERIFY2(hasError(gt, "images[4]: id missing or not a whole number"), all.c_str());
    QVERIFY2(hasError(gt, "images[5]: not an object"), all.c_str());
    QVERIFY2(hasError(gt, "annotations[1] (id 2): unknown image_id 99"), all.c_str());
    QVERIFY2(hasError(gt, "annotations[2] (id 3) on a.jpg: polygon 0 has an odd number of values (5)"), all.c_str());
    QVERIFY2(hasError(gt, "annotations[3] (id 4) on a.jpg: polygon 0 has fewer than 3 points"), all.c_str());
    QVERIFY2(hasError(gt, "annotations[4] (id 5) on a.jpg: RLE counts sum to 3, not height*width = 80"), all.c_str());
    QVERIFY2(hasError(gt, "annotations[5] (id 6) on a.jpg: RLE size 4x4 differs from the image's 10x8"), all.c_str());
    QVERIFY2(hasError(gt, "annotations[6] (id 7): unknown category_id 42 (kept"), all.c_str());
    QVERIFY2(hasError(gt, "annotations[7] (id 7): duplicate annotation id"), all.c_str());
    QVERIFY2(hasError(gt, "annotations[8] (id 8) on a.jpg: no segmentation"), all.c_str());
    QVERIFY2(hasError(gt, "annotations[9] (id 9) on a.jpg: polygon 0 holds a value that is not a number"), all.c_str());
    QVERIFY2(hasError(gt, "annotations[10] (id 10): bbox has a negative"), all.c_str());
    QVERIFY2(hasError(gt, "annotations[11] (id 11) on a.jpg: compressed RLE counts are malformed"), all.c_str());
    QCOMPARE(gt.errors.size(), size_t(16));
    // Kept: annotation 1 and the unknown-category one.
    QCOMPARE(gt.annotations.size(), size_t(2));
    QCOMPARE(gt.annotations[0].id, int64_t(1));
    QCOMPARE(gt.annotations[1].id, int64_t(7));
}

void TestCocoGroundTruth::unusableFilesThrow_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("message");
    QTest::newRow("not json") << "{\"images\": [" << "not valid JSON";
    QTest::newRow("array") << "[1, 2]" << "not a JSON object";
    QTest::newRow("no images") << "{\"annotations\": []}" << "no \"images\" list";
}

void TestCocoGroundTruth::unusableFilesThrow()
{
    QFETCH(QString, json);
    QFETCH(QString, message);
    try {
        parseCocoGroundTruth(json.toStdString());
        QFAIL("no exception");
    } catch (const std::runtime_error &e) {
        QVERIFY2(std::string(e.what()).find(message.toStdString()) != std::string::npos, e.what());
    }
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, loadCocoGroundTruth("/nonexistent/gt.json"));
}

void TestCocoGroundTruth::sweep()
{
    const SweepSpec s = parseSweep("threshold=0.3:0.9:0.05");
    QCOMPARE(s.parameter, std::string("threshold"));
    QCOMPARE(s.values.size(), size_t(13));
    QCOMPARE(s.values.front(), 0.3);
    QCOMPARE(s.values[1], 0.35);
    QCOMPARE(s.values.back(), 0.9);
    QCOMPARE(parseSweep("threshold=0.5:0.5:0.1").values, std::vector<double>({0.5}));
}

void TestCocoGroundTruth::badSweeps_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("no =") << "threshold";
    QTest::newRow("unknown name") << "size=0.1:0.2:0.1";
    QTest::newRow("two numbers") << "threshold=0.3:0.9";
    QTest::newRow("four numbers") << "threshold=0.3:0.9:0.1:2";
    QTest::newRow("not a number") << "threshold=a:0.9:0.1";
    QTest::newRow("zero step") << "threshold=0.3:0.9:0";
    QTest::newRow("backwards") << "threshold=0.9:0.3:0.1";
    QTest::newRow("above 1") << "threshold=0.3:1.5:0.1";
    QTest::newRow("too many") << "threshold=0:1:0.0001";
}

void TestCocoGroundTruth::badSweeps()
{
    QFETCH(QString, text);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseSweep(text.toStdString()));
}

QTEST_APPLESS_MAIN(TestCocoGroundTruth)
#include "tst_cocogroundtruth.moc"
