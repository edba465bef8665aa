// The export registry and its formats: golden files, round trips through the importers, YOLO
// polygons re-rasterised, VOC PNGs decoded, labels in any script, empty images, 10,000 objects,
// equal base names, and folders that cannot be written.
#include "annotation/annotationimport.h"
#include "export/batchexporter.h"
#include "export/exportformatregistry.h"
#include "export/maskpolygons.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#ifdef DINOSAM_TEST_HAVE_QIMAGE
#include <QImage>
#endif
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <fstream>
#include <random>
#include <sstream>

#ifndef _WIN32
#include <sys/stat.h>
#include <unistd.h>
#endif

using namespace dinosam;
namespace fs = std::filesystem;

namespace {

std::string readText(const fs::path &p)
{
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

QJsonDocument readJson(const fs::path &p)
{
    return QJsonDocument::fromJson(QByteArray::fromStdString(readText(p)));
}

SegmentedObject objectFrom(const cv::Mat &mask, const std::string &label, float score = 0.9f)
{
    SegmentedObject o;
    o.mask = mask;
    o.box = cv::boundingRect(mask);
    o.area = cv::countNonZero(mask);
    o.samScore = score;
    o.dinoConfidence = 0.5f;
    o.label = label;
    return o;
}

double iou(const cv::Mat &a, const cv::Mat &b)
{
    const double inter = cv::countNonZero(a & b), uni = cv::countNonZero(a | b);
    return uni > 0 ? inter / uni : 1.0;
}

// A scene with labelled shapes: an ellipse, a rotated rectangle, a two-island object, a blob.
SegmentationResult scene(const std::string &name, cv::Size size, unsigned seed)
{
    SegmentationResult r;
    r.imageName = name;
    r.imageSize = size;
    std::mt19937 rng(seed);
    cv::Mat a = cv::Mat::zeros(size, CV_8UC1);
    cv::ellipse(a, {size.width / 3, size.height / 3}, {size.width / 6, size.height / 8}, 20.0 + seed, 0, 360, 255, -1);
    r.objects.push_back(objectFrom(a, "Katze (Bär)"));
    cv::Mat b = cv::Mat::zeros(size, CV_8UC1);
    const cv::RotatedRect rr({size.width * 0.7f, size.height * 0.6f}, {size.width * 0.25f, size.height * 0.15f}, 35.f);
    cv::Point2f v[4];
    rr.points(v);
    std::vector<cv::Point> pts(v, v + 4);
    cv::fillConvexPoly(b, pts, 255);
    r.objects.push_back(objectFrom(b, "狗", 0.75f));
    cv::Mat c = cv::Mat::zeros(size, CV_8UC1);
    cv::circle(c, {size.width / 8, size.height * 3 / 4}, size.height / 12, 255, -1);
    cv::circle(c, {size.width / 3, size.height * 7 / 8}, size.height / 14, 255, -1);
    r.objects.push_back(objectFrom(c, "")); // unlabelled: the default label
    cv::Mat d = cv::Mat::zeros(size, CV_8UC1);
    std::vector<cv::Point> blob;
    for (int k = 0; k < 12; ++k) {
        const double t = k * CV_PI / 6, rad = size.height / 10.0 * (0.7 + 0.6 * std::uniform_real_distribution<>(0, 1)(rng));
        blob.emplace_back(int(size.width * 0.55 + rad * std::cos(t)), int(size.height * 0.2 + rad * std::sin(t)));
    }
    cv::fillPoly(d, std::vector<std::vector<cv::Point>>{blob}, 255);
    r.objects.push_back(objectFrom(d, "Katze (Bär)", 0.6f));
    return r;
}

cv::Mat noiseImage(cv::Size size)
{
    cv::Mat rgb(size, CV_8UC3);
    cv::randu(rgb, 0, 255);
    return rgb;
}

struct Item
{
    fs::path path;
    SegmentationResult result;
};

BatchReport run(const std::vector<Item> &items, const fs::path &out, const std::vector<std::string> &formats,
                const ExportOptions &options = {}, bool pixels = true)
{
    std::vector<fs::path> paths;
    for (const Item &i : items)
        paths.push_back(i.path);
    BatchCallbacks cb;
    cb.produce = [&](size_t i, const fs::path &) {
        BatchImage b;
        b.result = items[i].result;
        if (pixels)
            b.rgb = noiseImage(items[i].result.imageSize);
        return b;
    };
    return exportBatch(paths, out, formats, options, cb);
}

std::vector<Item> importedItems(const ImportReport &report)
{
    std::vector<Item> items;
    for (const ImportedImage &im : report.images)
        items.push_back({im.imagePath, im.annotation.toResult()});
    return items;
}

QStringList filesUnder(const QString &dir)
{
    QStringList out;
    QDir d(dir);
    for (const QFileInfo &fi : d.entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        if (fi.isDir())
            for (const QString &f : filesUnder(fi.filePath()))
                out << fi.fileName() + QLatin1Char('/') + f;
        else
            out << fi.fileName();
    }
    return out;
}

} // namespace

class TestExportFormats : public QObject
{
    Q_OBJECT

    QTemporaryDir m_tmp;
    fs::path tmp(const char *name) const { return fs::path(m_tmp.path().toStdString()) / name; }

private Q_SLOTS:
    void registryListsFormats()
    {
        const auto &r = ExportFormatRegistry::instance();
        QCOMPARE(r.ids(), (std::vector<std::string>{"seed", "coco", "yolo", "labelme", "voc", "cutouts", "overlay"}));
        QCOMPARE(r.defaultIds(), std::vector<std::string>{"seed"});
        for (const auto &info : r.formats()) {
            auto f = r.create(info.id);
            QVERIFY(f);
            QCOMPARE(f->id(), info.id);
            QVERIFY(!f->displayName().empty() && !f->filesDescription().empty());
        }
        QVERIFY(!r.create("nope"));
        QCOMPARE(r.parseList(" YOLO,coco ,coco"), (std::vector<std::string>{"coco", "yolo"}));
        QCOMPARE(r.parseList("original"), std::vector<std::string>{"seed"});
        QCOMPARE(r.parseList("all").size(), size_t(7));
        try {
            r.parseList("coco,tiff");
            QFAIL("no exception");
        } catch (const std::invalid_argument &e) {
            QVERIFY(QByteArray(e.what()).contains("'tiff'"));
            QVERIFY(QByteArray(e.what()).contains("labelme"));
        }
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, r.parseList(" , "));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, BatchExporter(tmp("x"), {"seed", "bogus"}, {}));
    }

    void selfIntersectionIsDetected()
    {
        QVERIFY(polygonSelfIntersects({{0, 0}, {10, 10}, {10, 0}, {0, 10}})); // bow-tie
        QVERIFY(!polygonSelfIntersects({{0, 0}, {10, 0}, {10, 10}, {0, 10}}));
        QVERIFY(!polygonSelfIntersects({{0, 0}, {10, 0}, {5, 5}}));
        // Crossing through a vertex that lies on another edge.
        QVERIFY(polygonSelfIntersects({{0, 0}, {10, 0}, {10, 10}, {5, 0}, {0, -5}, {-2, 5}}));
        // Touching at a shared vertex (a figure eight of two squares meeting at a corner) is no crossing.
        QVERIFY(!polygonSelfIntersects({{0, 0}, {5, 0}, {5, 5}, {10, 5}, {10, 10}, {5, 10}, {5, 5}, {0, 5}}));
    }

    void polygonsNeverSelfIntersect_data()
    {
        QTest::addColumn<int>("seed");
        QTest::addColumn<double>("tolerance");
        for (int seed = 0; seed < 6; ++seed)
            for (double t : {0.0, 1.0, 2.0, 4.0, 8.0})
                QTest::addRow("shape%d tol%.0f", seed, t) << seed << t;
    }
    void polygonsNeverSelfIntersect()
    {
        QFETCH(int, seed);
        QFETCH(double, tolerance);
        // Jagged random shapes, combs and one-pixel bridges: where Douglas-Peucker crosses edges.
        std::mt19937 rng{unsigned(seed)};
        cv::Mat mask = cv::Mat::zeros(160, 200, CV_8UC1);
        for (int k = 0; k < 25; ++k) {
            std::vector<cv::Point> pts;
            const int n = 3 + int(rng() % 10);
            const cv::Point c(int(rng() % 200), int(rng() % 160));
            for (int j = 0; j < n; ++j)
                pts.emplace_back(c.x + int(rng() % 60) - 30, c.y + int(rng() % 60) - 30);
            cv::fillPoly(mask, std::vector<std::vector<cv::Point>>{pts}, 255);
        }
        for (int x = 10; x < 190; x += 6) // comb teeth, one pixel wide
            cv::line(mask, {x, 150}, {x, 120 + int(rng() % 30)}, 255, 1);
        cv::line(mask, {0, 100}, {199, 100}, 255, 1); // a one-pixel bridge
        PolygonOptions options{tolerance, 1};
        const auto polygons = maskToPolygons(mask, options);
        QVERIFY(!polygons.empty());
        for (const Polygon &p : polygons) {
            QVERIFY(p.size() >= 3);
            QVERIFY2(!polygonSelfIntersects(p), qPrintable(QStringLiteral("%1 vertices").arg(p.size())));
        }
        // Re-rasterised, the polygons cover the mask with its holes filled (no polygon format has holes).
        std::vector<std::vector<cv::Point>> outer;
        cv::findContours(mask.clone(), outer, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_NONE);
        cv::Mat filled = cv::Mat::zeros(mask.size(), CV_8UC1);
        cv::drawContours(filled, outer, -1, cv::Scalar(255), cv::FILLED);
        const double overlap = iou(rasterizePolygons(polygons, mask.size()), filled);
        // (Pinched spots, where the traced boundary touches itself, fill a few extra pixels.)
        QVERIFY2(overlap > (tolerance <= 0 ? 0.95 : tolerance <= 2 ? 0.9 : 0.7), qPrintable(QString::number(overlap)));
    }

    void tinyIslandsDropped()
    {
        cv::Mat mask = cv::Mat::zeros(50, 50, CV_8UC1);
        cv::rectangle(mask, cv::Rect(5, 5, 20, 20), 255, -1);
        mask.at<uchar>(40, 40) = 255; // a one-pixel speck
        cv::rectangle(mask, cv::Rect(40, 5, 3, 3), 255, -1); // 9 pixels
        QCOMPARE(maskToPolygons(mask, {1.0, 10}).size(), size_t(1));
        QCOMPARE(maskToPolygons(mask, {1.0, 9}).size(), size_t(2));
        QCOMPARE(maskToPolygons(mask, {1.0, 0}).size(), size_t(3));
        // An object made only of specks keeps its largest one.
        cv::Mat specks = cv::Mat::zeros(20, 20, CV_8UC1);
        specks.at<uchar>(3, 3) = 255;
        QCOMPARE(maskToPolygons(specks, {1.0, 10}).size(), size_t(1));
    }

    void yoloPolygonsRerasterised()
    {
        const SegmentationResult r = scene("yolo.png", {640, 480}, 3);
        const fs::path out = tmp("yolo");
        ExportOptions o;
        o.polygonEpsilon = 1.0;
        const BatchReport rep = run({{"/data/yolo.png", r}}, out, {"yolo"}, o, false);
        QVERIFY(rep.failures.empty());
        std::istringstream lines(readText(out / "labels" / "yolo.txt"));
        std::map<int, cv::Mat> byClass;
        std::string line;
        int count = 0;
        while (std::getline(lines, line)) {
            std::istringstream in(line);
            int cls = -1;
            in >> cls;
            std::vector<cv::Point> pts;
            double x, y;
            while (in >> x >> y) {
                QVERIFY(x >= 0 && x <= 1 && y >= 0 && y <= 1);
                pts.emplace_back(int(std::lround(x * 640)), int(std::lround(y * 480)));
            }
            QVERIFY(pts.size() >= 3);
            cv::Mat &m = byClass[cls];
            if (m.empty())
                m = cv::Mat::zeros(480, 640, CV_8UC1);
            cv::fillPoly(m, std::vector<std::vector<cv::Point>>{pts}, 255); // as Ultralytics rasterises
            ++count;
        }
        QCOMPARE(count, 5); // the two-island object gives two lines
        // Classes: "Katze (Bär)" 0, "狗" 1, "object" 2 (the unlabelled one), in the order met.
        QCOMPARE(readText(out / "classes.txt"), std::string("Katze (Bär)\n狗\nobject\n"));
        const std::string yaml = readText(out / "data.yaml");
        QVERIFY(yaml.find("nc: 3\n") != std::string::npos);
        QVERIFY(yaml.find("  1: \"狗\"\n") != std::string::npos);
        cv::Mat cat = r.objects[0].mask | r.objects[3].mask;
        const double iouCat = iou(byClass[0], cat), iouDog = iou(byClass[1], r.objects[1].mask),
                     iouTwo = iou(byClass[2], r.objects[2].mask);
        qInfo("YOLO IoU at 1 px: %.4f %.4f %.4f", iouCat, iouDog, iouTwo);
        QVERIFY(iouCat >= 0.95);
        QVERIFY(iouDog >= 0.95);
        QVERIFY(iouTwo >= 0.95);
    }

    void cocoRoundTrip_data()
    {
        QTest::addColumn<int>("form");
        QTest::newRow("rle") << int(CocoSegmentation::RleCounts);
        QTest::newRow("rle-string") << int(CocoSegmentation::RleString);
        QTest::newRow("polygons") << int(CocoSegmentation::Polygons);
    }
    void cocoRoundTrip()
    {
        QFETCH(int, form);
        const fs::path base = tmp("coco") / std::to_string(form);
        ExportOptions o;
        o.cocoSegmentation = CocoSegmentation(form);
        o.labels = {"狗", "unused"};
        const std::vector<Item> items = {{base / "images" / "a.png", scene("a.png", {320, 240}, 1)},
                                         {base / "images" / "b.jpg", scene("b.jpg", {200, 300}, 2)}};
        QVERIFY(run(items, base / "first", {"coco"}, o, false).failures.empty());
        const std::string first = readText(base / "first" / "coco.json");
        const QJsonDocument doc = readJson(base / "first" / "coco.json");
        QCOMPARE(doc["images"].toArray().size(), 2);
        QCOMPARE(doc["images"][0]["path"].toString(), QStringLiteral("../images/a.png"));
        QCOMPARE(doc["annotations"].toArray().size(), 8);
        // Categories: the given order first, then the labels met.
        const QJsonArray cats = doc["categories"].toArray();
        QCOMPARE(cats.size(), 4);
        QCOMPARE(cats[0]["name"].toString(), QString::fromUtf8("狗"));
        QCOMPARE(cats[2]["name"].toString(), QString::fromUtf8("Katze (Bär)"));
        QCOMPARE(doc["annotations"][0]["category_id"].toInt(), 3);

        const ImportReport imported = importCoco(base / "first" / "coco.json");
        QVERIFY2(imported.problems.empty(), imported.problems.empty() ? "" : imported.problems.front().c_str());
        QCOMPARE(imported.images.size(), size_t(2));
        QCOMPARE(imported.images[0].imagePath, (base / "images" / "a.png").lexically_normal());
        QCOMPARE(imported.labels.names(), (std::vector<std::string>{"狗", "unused", "Katze (Bär)", "object"}));
        if (CocoSegmentation(form) != CocoSegmentation::Polygons) // RLE is exact
            for (size_t k = 0; k < 4; ++k)
                QCOMPARE(cv::countNonZero(imported.images[0].annotation.objects[k].object.mask != items[0].result.objects[k].mask), 0);
        ExportOptions again = o;
        again.labels = imported.labels.names();
        QVERIFY(run(importedItems(imported), base / "second", {"coco"}, again, false).failures.empty());
        QCOMPARE(readText(base / "second" / "coco.json"), first);
    }

    void labelmeRoundTrip()
    {
        const fs::path base = tmp("labelme");
        const std::vector<Item> items = {{base / "images" / "ä 1.png", scene("ä 1.png", {300, 200}, 4)}};
        QVERIFY(run(items, base / "first", {"labelme"}, {}, false).failures.empty());
        const fs::path json = base / "first" / "ä 1.json";
        const std::string first = readText(json);
        const QJsonDocument doc = readJson(json);
        QCOMPARE(doc["imagePath"].toString(), QString::fromUtf8("../images/ä 1.png"));
        QVERIFY(doc["imageData"].isNull());
        QCOMPARE(doc["imageWidth"].toInt(), 300);
        QCOMPARE(doc["imageHeight"].toInt(), 200);
        const QJsonArray shapes = doc["shapes"].toArray();
        QCOMPARE(shapes.size(), 5); // one object has two islands: two shapes, one group_id
        QCOMPARE(shapes[2]["group_id"].toInt(), shapes[3]["group_id"].toInt());
        QCOMPARE(shapes[2]["label"].toString(), QStringLiteral("object"));
        QCOMPARE(shapes[1]["label"].toString(), QString::fromUtf8("狗"));

        const ImportReport imported = importLabelme(json);
        QVERIFY(imported.problems.empty());
        QCOMPARE(imported.images.size(), size_t(1));
        QCOMPARE(imported.images[0].annotation.objects.size(), size_t(4));
        for (size_t k = 0; k < 4; ++k)
            QVERIFY(iou(imported.images[0].annotation.objects[k].object.mask, items[0].result.objects[k].mask) > 0.95);
        QVERIFY(run(importedItems(imported), base / "second", {"labelme"}, {}, false).failures.empty());
        QCOMPARE(readText(base / "second" / "ä 1.json"), first);
    }

    void vocPngsDecode()
    {
        const fs::path out = tmp("voc");
        SegmentationResult r = scene("v.png", {160, 120}, 5);
        // Overlap: object 1 over object 0's centre; the better (0) must win in both maps.
        cv::rectangle(r.objects[1].mask, cv::Rect(45, 30, 20, 20), 255, -1);
        r.objects[1].box = cv::boundingRect(r.objects[1].mask);
        QVERIFY(run({{"v.png", r}}, out, {"voc"}, {}, false).failures.empty());
        QCOMPARE(readText(out / "labels.txt"), std::string("background\nKatze (Bär)\n狗\nobject\n"));
#ifndef DINOSAM_TEST_HAVE_QIMAGE
        QSKIP("built without Qt Gui: no independent palette-PNG decoder");
#else
        const QImage cls(QString::fromStdString((out / "SegmentationClass" / "v.png").string()));
        const QImage inst(QString::fromStdString((out / "SegmentationObject" / "v.png").string()));
        QCOMPARE(cls.format(), QImage::Format_Indexed8);
        QCOMPARE(inst.format(), QImage::Format_Indexed8);
        QCOMPARE(cls.size(), QSize(160, 120));
        QCOMPARE(cls.color(1), qRgb(128, 0, 0)); // the VOC palette
        QCOMPARE(cls.color(2), qRgb(0, 128, 0));
        QCOMPARE(cls.color(255), qRgb(224, 224, 192));
        const int classOf[] = {1, 2, 3, 1}; // "Katze (Bär)", "狗", "object", "Katze (Bär)"
        for (int y = 0; y < 120; ++y)
            for (int x = 0; x < 160; ++x) {
                int want = 0, wantClass = 0;
                for (size_t k = 0; k < r.objects.size(); ++k)
                    if (r.objects[k].mask.at<uchar>(y, x)) {
                        want = int(k) + 1;
                        wantClass = classOf[k];
                        break;
                    }
                if (inst.pixelIndex(x, y) != want || cls.pixelIndex(x, y) != wantClass)
                    QFAIL(qPrintable(QStringLiteral("(%1, %2): instance %3 class %4, want %5 %6")
                                         .arg(x).arg(y).arg(inst.pixelIndex(x, y)).arg(cls.pixelIndex(x, y))
                                         .arg(want).arg(wantClass)));
            }
#endif
    }

    void goldenFiles_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("file");
        QTest::newRow("coco rle") << "coco" << "coco.json";
        QTest::newRow("coco polygons") << "coco-polygons" << "coco.json";
        QTest::newRow("yolo labels") << "yolo" << "labels/g.txt";
        QTest::newRow("yolo data.yaml") << "yolo" << "data.yaml";
        QTest::newRow("labelme") << "labelme" << "g.json";
        QTest::newRow("voc labels") << "voc" << "labels.txt";
    }
    void goldenFiles()
    {
        QFETCH(QString, format);
        QFETCH(QString, file);
        // A small fixed scene: a rectangle with a hole, an L shape, two labels in two scripts.
        SegmentationResult r;
        r.imageName = "g.png";
        r.imageSize = {16, 12};
        cv::Mat a = cv::Mat::zeros(12, 16, CV_8UC1);
        cv::rectangle(a, cv::Rect(1, 1, 7, 6), 255, -1);
        a.at<uchar>(3, 4) = 0;
        r.objects.push_back(objectFrom(a, "Müll", 0.875f));
        cv::Mat b = cv::Mat::zeros(12, 16, CV_8UC1);
        cv::rectangle(b, cv::Rect(10, 2, 3, 8), 255, -1);
        cv::rectangle(b, cv::Rect(10, 8, 5, 2), 255, -1);
        r.objects.push_back(objectFrom(b, "猫", 0.5f));
        ExportOptions o;
        std::string id = format.toStdString();
        if (id == "coco-polygons") {
            id = "coco";
            o.cocoSegmentation = CocoSegmentation::Polygons;
        }
        const fs::path out = tmp("golden") / format.toStdString();
        QVERIFY(run({{out.parent_path() / "images" / "g.png", r}}, out, {id}, o, false).failures.empty());
        std::string got = readText(out / file.toStdString());
        // The version string is the build's.
        const std::string version = "\"version\": \"" DINOSAM_VERSION "\"";
        if (const auto at = got.find(version); at != std::string::npos)
            got.replace(at, version.size(), "\"version\": \"VERSION\"");
        const QString goldenPath = QStringLiteral(DINOSAM_TEST_DATA_DIR "/export/golden-%1-%2")
                                       .arg(format, QString(file).replace(QLatin1Char('/'), QLatin1Char('_')));
        if (qEnvironmentVariableIsSet("DINOSAM_UPDATE_GOLDEN")) {
            std::ofstream(goldenPath.toStdString(), std::ios::binary) << got;
            qWarning("written %s", qPrintable(goldenPath));
            QSKIP("golden file written");
        }
        const std::string want = readText(goldenPath.toStdString());
        QVERIFY2(!want.empty(), qPrintable(goldenPath + QStringLiteral(" missing")));
        QCOMPARE(QString::fromStdString(got), QString::fromStdString(want));
    }

    void emptyImageWritesValidFiles()
    {
        SegmentationResult r;
        r.imageName = "empty.png";
        r.imageSize = {64, 48};
        const fs::path out = tmp("empty");
        const BatchReport rep = run({{"empty.png", r}}, out, ExportFormatRegistry::instance().ids());
        QVERIFY(rep.failures.empty());
        QCOMPARE(rep.imagesDone, 1);
        const QJsonDocument coco = readJson(out / "coco.json");
        QCOMPARE(coco["images"].toArray().size(), 1);
        QCOMPARE(coco["annotations"].toArray().size(), 0);
        QCOMPARE(coco["categories"].toArray().size(), 1); // "object"
        QVERIFY(fs::exists(out / "labels" / "empty.txt"));
        QCOMPARE(fs::file_size(out / "labels" / "empty.txt"), std::uintmax_t(0));
        QVERIFY(readText(out / "data.yaml").find("nc: 1") != std::string::npos);
        const QJsonDocument lm = readJson(out / "empty.json");
        QVERIFY(lm.isObject());
        QCOMPARE(lm["shapes"].toArray().size(), 0);
#ifdef DINOSAM_TEST_HAVE_QIMAGE
        const QImage cls(QString::fromStdString((out / "SegmentationClass" / "empty.png").string()));
        QCOMPARE(cls.size(), QSize(64, 48));
        QCOMPARE(cls.pixelIndex(10, 10), 0);
#endif
        QVERIFY(fs::file_size(out / "SegmentationClass" / "empty.png") > 0);
        QCOMPARE(readText(out / "labels.txt"), std::string("background\n"));
        QVERIFY(fs::exists(out / "empty_overlay.png"));
        QVERIFY(fs::exists(out / "empty_summary.txt"));
        QVERIFY(fs::is_directory(out / "empty_masks"));
    }

    void tenThousandObjects()
    {
        // Every pixel of a 100 x 100 image is its own object.
        SegmentationResult r;
        r.imageName = "many.png";
        r.imageSize = {100, 100};
        r.objects.reserve(10000);
        for (int y = 0; y < 100; ++y)
            for (int x = 0; x < 100; ++x) {
                cv::Mat m = cv::Mat::zeros(100, 100, CV_8UC1);
                m.at<uchar>(y, x) = 255;
                r.objects.push_back(objectFrom(m, (x + y) % 2 ? "odd" : "even"));
            }
        const fs::path out = tmp("many");
        QElapsedTimer timer;
        timer.start();
        const BatchReport rep = run({{"many.png", r}}, out, {"coco", "yolo", "labelme", "voc"}, {}, false);
        qInfo("10,000 objects, coco + yolo + labelme + voc: %lld ms", timer.elapsed());
        QVERIFY(rep.failures.empty());
        QCOMPARE(readJson(out / "coco.json")["annotations"].toArray().size(), 10000);
        QCOMPARE(readJson(out / "many.json")["shapes"].toArray().size(), 10000);
        const std::string yolo = readText(out / "labels" / "many.txt");
        QCOMPARE(std::count(yolo.begin(), yolo.end(), '\n'), 10000);
        // More than 255 instances: a 16-bit instance map.
        const cv::Mat inst = cv::imread((out / "SegmentationObject" / "many.png").string(), cv::IMREAD_UNCHANGED);
        QCOMPARE(inst.type(), CV_16UC1);
        QCOMPARE(int(inst.at<uint16_t>(99, 99)), 10000);
        QCOMPARE(int(inst.at<uint16_t>(0, 1)), 2);
    }

    void equalBaseNamesAreMadeUniqueAndSaid()
    {
        SegmentationResult r = scene("photo.jpg", {80, 60}, 6);
        const fs::path out = tmp("dedupe");
        const BatchReport rep = run({{"a/photo.jpg", r}, {"b/photo.jpg", r}, {"photo.png", r}}, out, {"labelme", "overlay"});
        QVERIFY(rep.failures.empty());
        for (const char *f : {"photo.json", "photo_2.json", "photo_3.json", "photo_3_overlay.png"})
            QVERIFY2(fs::exists(out / f), f);
        QCOMPARE(rep.notes.size(), size_t(2));
        QVERIFY2(rep.notes[1].find("photo.png is written as photo_3*") != std::string::npos, rep.notes[1].c_str());
        QVERIFY(rep.notes[1].find("a/photo.jpg") != std::string::npos || rep.notes[1].find("photo.jpg") != std::string::npos);
    }

    void failedImageIsRolledBack()
    {
        // 300 labels on one image: VOC cannot hold them, so that image fails as a whole (no
        // labelme file, not in coco.json); the next image is exported normally.
        SegmentationResult many;
        many.imageName = "many.png";
        many.imageSize = {20, 20};
        for (int k = 0; k < 300; ++k) {
            cv::Mat m = cv::Mat::zeros(20, 20, CV_8UC1);
            m.at<uchar>(k % 20, k / 20) = 255;
            many.objects.push_back(objectFrom(m, "c" + std::to_string(k)));
        }
        const SegmentationResult good = scene("good.png", {80, 60}, 7);
        const fs::path out = tmp("rollback");
        const BatchReport rep = run({{"many.png", many}, {"good.png", good}}, out, {"coco", "labelme", "voc"}, {}, false);
        QCOMPARE(rep.failures.size(), size_t(1));
        QVERIFY(rep.failures[0].second.find("254 classes") != std::string::npos);
        QVERIFY(!rep.stoppedOnWriteError);
        QCOMPARE(rep.imagesDone, 1);
        QVERIFY(!fs::exists(out / "many.json"));
        QVERIFY(fs::exists(out / "good.json"));
        const QJsonDocument coco = readJson(out / "coco.json");
        QCOMPARE(coco["images"].toArray().size(), 1);
        QCOMPARE(coco["categories"].toArray().size(), 3); // none of the failed image's 300
        QCOMPARE(coco["annotations"][0]["image_id"].toInt(), 1);
    }

    void unwritableFolderStopsWithClearError()
    {
        // A save folder below a regular file cannot be created, whoever runs the test (root too).
        const fs::path file = tmp("plainfile");
        std::ofstream(file) << "x";
        const SegmentationResult r = scene("a.png", {40, 30}, 8);
        const BatchReport rep = run({{"a.png", r}, {"b.png", r}, {"c.png", r}}, file / "out", {"coco", "yolo"});
        QVERIFY(rep.stoppedOnWriteError);
        QCOMPARE(rep.imagesDone, 0);
        QCOMPARE(rep.failures.size(), size_t(1)); // stopped at the first: the others would fail the same way
        QCOMPARE(rep.notProcessed, size_t(2));
        QVERIFY2(rep.stopReason.find(file.string()) != std::string::npos, rep.stopReason.c_str());
        QVERIFY2(rep.stopReason.find("is not a folder") != std::string::npos, rep.stopReason.c_str());
#ifndef _WIN32
        if (::geteuid() == 0)
            QSKIP("running as root: a read-only folder is writable, the permission case cannot be shown");
        const fs::path ro = tmp("readonly");
        fs::create_directories(ro);
        ::chmod(ro.c_str(), 0555);
        const BatchReport denied = run({{"a.png", r}}, ro, {"labelme"});
        ::chmod(ro.c_str(), 0755);
        QVERIFY(denied.stoppedOnWriteError);
        QVERIFY2(denied.stopReason.find("ermission denied") != std::string::npos, denied.stopReason.c_str());
        QVERIFY(fs::is_empty(ro)); // no temporaries left behind
#endif
    }
};

QTEST_GUILESS_MAIN(TestExportFormats)
#include "tst_exportformats.moc"
