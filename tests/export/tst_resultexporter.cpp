// Tests for exportResult() and the renderers: every file format is parsed back and compared
// with the synthetic input.
#include "export/cocowriter.h"
#include "export/cutout.h"
#include "export/maskrle.h"
#include "export/resultexporter.h"
#include "export/summarytext.h"
#include "export/visualization.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <csignal>
#include <sys/resource.h>

using namespace dinosam;

namespace {

constexpr int kW = 120, kH = 80;

SegmentedObject makeObject(const cv::Mat &mask, float score, float confidence, PromptType prompt)
{
    SegmentedObject o;
    o.mask = mask;
    o.box = cv::boundingRect(mask);
    o.area = cv::countNonZero(mask);
    o.samScore = score;
    o.dinoConfidence = confidence;
    o.promptType = prompt;
    o.promptBox = cv::Rect2f(float(o.box.x) - 1.5f, float(o.box.y) - 0.5f, float(o.box.width) + 3.f,
                             float(o.box.height) + 1.f);
    o.promptPoint = cv::Point2f(float(o.box.x) + o.box.width / 2.f, float(o.box.y) + o.box.height / 2.f);
    return o;
}

/// Three objects: a rectangle, a disc and a concave L-shape with a hole.
SegmentationResult makeResult()
{
    SegmentationResult r;
    r.imageName = "scene.v2.png";
    r.imageSize = cv::Size(kW, kH);
    r.params.numObjects = 3;
    r.params.minArea = 10;
    r.params.promptType = PromptType::BoxAndPoint;

    cv::Mat rect = cv::Mat::zeros(kH, kW, CV_8UC1);
    rect(cv::Rect(10, 10, 40, 30)).setTo(255);
    cv::Mat disc = cv::Mat::zeros(kH, kW, CV_8UC1);
    cv::circle(disc, {85, 40}, 18, cv::Scalar(255), cv::FILLED);
    cv::Mat ell = cv::Mat::zeros(kH, kW, CV_8UC1);
    ell(cv::Rect(10, 50, 50, 8)).setTo(255);
    ell(cv::Rect(10, 50, 8, 25)).setTo(255);
    ell.at<uchar>(53, 30) = 0; // a one-pixel hole: exact in RLE, lost in polygons

    r.objects = {makeObject(rect, 0.95f, 0.8f, PromptType::BoxAndPoint),
                 makeObject(disc, 0.875f, 0.61f, PromptType::Box),
                 makeObject(ell, 0.5f, 0.25f, PromptType::Point)};
    for (const auto &o : r.objects) {
        DiscoveredRegion region;
        region.box = o.promptBox;
        region.point = o.promptPoint;
        region.confidence = o.dinoConfidence;
        r.regions.push_back(region);
    }
    r.discoveryMap = cv::Mat(kH, kW, CV_32F);
    for (int y = 0; y < kH; ++y)
        for (int x = 0; x < kW; ++x)
            r.discoveryMap.at<float>(y, x) = float(x) / (kW - 1);
    return r;
}

cv::Mat makeImage()
{
    cv::Mat rgb(kH, kW, CV_8UC3);
    cv::RNG rng(7);
    rng.fill(rgb, cv::RNG::UNIFORM, 0, 256); // noise: makes the JPEG/PNG files big for the failure test
    return rgb;
}

QMap<QString, QString> parseKeyValues(const QByteArray &text, int block = 0)
{
    QMap<QString, QString> map;
    int current = 0;
    for (const QByteArray &line : text.split('\n')) {
        if (line.isEmpty()) {
            ++current;
            continue;
        }
        if (line.startsWith('#') || current != block)
            continue;
        const int colon = line.indexOf(": ");
        if (colon > 0)
            map.insert(QString::fromUtf8(line.left(colon)), QString::fromUtf8(line.mid(colon + 2)));
    }
    return map;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

double shoelace(const QJsonArray &flat)
{
    double a = 0;
    const int n = int(flat.size() / 2);
    for (int i = 0; i < n; ++i) {
        const int j = (i + 1) % n;
        a += flat[2 * i].toDouble() * flat[2 * j + 1].toDouble() - flat[2 * j].toDouble() * flat[2 * i + 1].toDouble();
    }
    return std::abs(a) / 2;
}

QStringList allFiles(const QString &dir)
{
    QStringList out;
    QDirIterator it(dir, QDir::Files | QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext())
        out << QDir(dir).relativeFilePath(it.next());
    out.sort();
    return out;
}

} // namespace

class TestResultExporter : public QObject
{
    Q_OBJECT

private:
    SegmentationResult m_result = makeResult();
    cv::Mat m_rgb = makeImage();

private Q_SLOTS:
    void writesAllFormats()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath("out/nested"); // created by the export
        const auto written = exportResult(m_result, m_rgb, out.toStdString());
        QStringList names;
        for (const auto &p : written)
            names << QDir(out).relativeFilePath(QString::fromStdString(p.string()));
        names.sort();
        QCOMPARE(names, QStringList({"scene.v2_coco.json", "scene.v2_cutouts/object_000.png",
                                     "scene.v2_cutouts/object_001.png", "scene.v2_cutouts/object_002.png",
                                     "scene.v2_masks/mask_000.png", "scene.v2_masks/mask_000.txt",
                                     "scene.v2_masks/mask_001.png", "scene.v2_masks/mask_001.txt",
                                     "scene.v2_masks/mask_002.png", "scene.v2_masks/mask_002.txt",
                                     "scene.v2_summary.txt", "scene.v2_visualization.jpg"}));
        // Nothing else (no temporaries) on disk.
        QStringList expected = names;
        expected << "scene.v2_cutouts" << "scene.v2_masks";
        expected.sort();
        QCOMPARE(allFiles(out), expected);
    }

    void masksRoundTrip()
    {
        QTemporaryDir dir;
        ExportOptions only;
        only.visualization = only.summary = only.coco = only.cutouts = false;
        exportResult(m_result, m_rgb, dir.path().toStdString(), only);
        for (size_t i = 0; i < m_result.objects.size(); ++i) {
            const QString png = dir.filePath(QStringLiteral("scene.v2_masks/mask_%1.png").arg(i, 3, 10, QChar('0')));
            const cv::Mat mask = cv::imread(png.toStdString(), cv::IMREAD_UNCHANGED);
            QCOMPARE(mask.type(), CV_8UC1);
            QCOMPARE(mask.size(), cv::Size(kW, kH));
            QCOMPARE(cv::norm(mask, m_result.objects[i].mask, cv::NORM_INF), 0.0);
            cv::Mat nonBinary = (mask != 0) & (mask != 255);
            QCOMPARE(cv::countNonZero(nonBinary), 0);

            const auto kv = parseKeyValues(readAll(QString(png).replace(".png", ".txt")));
            const SegmentedObject &o = m_result.objects[i];
            QCOMPARE(kv.value("image"), QStringLiteral("scene.v2.png"));
            QCOMPARE(kv.value("mask"), QFileInfo(png).fileName());
            QCOMPARE(kv.value("width"), QString::number(kW));
            QCOMPARE(kv.value("height"), QString::number(kH));
            QCOMPARE(kv.value("object"), QString::number(i));
            QCOMPARE(kv.value("box"), QStringLiteral("%1 %2 %3 %4").arg(o.box.x).arg(o.box.y).arg(o.box.width).arg(o.box.height));
            QCOMPARE(kv.value("area"), QString::number(o.area));
            QVERIFY(std::abs(kv.value("sam2_score").toDouble() - o.samScore) < 1e-4); // 4 decimals
            QVERIFY(std::abs(kv.value("dino_confidence").toDouble() - o.dinoConfidence) < 1e-4);
            QCOMPARE(kv.value("prompt_type"), QString::fromUtf8(promptTypeName(o.promptType)));
            QCOMPARE(kv.contains("prompt_box"), o.promptType != PromptType::Point);
            QCOMPARE(kv.contains("prompt_point"), o.promptType != PromptType::Box);
        }
        QCOMPARE(parseKeyValues(readAll(dir.filePath("scene.v2_masks/mask_000.txt"))).value("prompt_box"),
                 QStringLiteral("8.50 9.50 43.00 31.00"));
    }

    void summaryFields()
    {
        QTemporaryDir dir;
        ExportOptions only;
        only.visualization = only.masks = only.coco = only.cutouts = false;
        only.baseName = "run1";
        const auto written = exportResult(m_result, m_rgb, dir.path().toStdString(), only);
        QCOMPARE(written.size(), size_t(1));
        const QByteArray text = readAll(dir.filePath("run1_summary.txt"));
        const auto head = parseKeyValues(text, 0);
        QCOMPARE(head.value("image"), QStringLiteral("scene.v2.png"));
        QCOMPARE(head.value("width"), QStringLiteral("120"));
        QCOMPARE(head.value("height"), QStringLiteral("80"));
        QCOMPARE(head.value("objects"), QStringLiteral("3"));
        QCOMPARE(head.value("regions"), QStringLiteral("3"));
        QCOMPARE(head.value("discovery_method"), QStringLiteral("attention"));
        QCOMPARE(head.value("attention_threshold"), QStringLiteral("0.6000"));
        QCOMPARE(head.value("max_objects"), QStringLiteral("3"));
        QCOMPARE(head.value("min_area"), QStringLiteral("10"));
        QCOMPARE(head.value("prompt_type"), QStringLiteral("box+point"));
        QCOMPARE(head.value("sam2_model"), QString::fromStdString(m_result.params.sam2Model));
        for (int i = 0; i < 3; ++i) {
            const auto block = parseKeyValues(text, i + 1);
            QCOMPARE(block.value("object"), QString::number(i));
            QCOMPARE(block.value("area"), QString::number(m_result.objects[size_t(i)].area));
            QVERIFY(block.contains("box") && block.contains("sam2_score") && block.contains("dino_confidence"));
        }
        QCOMPARE(parseKeyValues(text, 2).value("sam2_score"), QStringLiteral("0.8750"));
    }

    void coco_data()
    {
        QTest::addColumn<int>("form");
        QTest::newRow("rle counts") << int(CocoSegmentation::RleCounts);
        QTest::newRow("rle string") << int(CocoSegmentation::RleString);
        QTest::newRow("polygons") << int(CocoSegmentation::Polygons);
    }

    void coco()
    {
        QFETCH(int, form);
        QTemporaryDir dir;
        ExportOptions only;
        only.visualization = only.masks = only.summary = only.cutouts = false;
        only.cocoSegmentation = CocoSegmentation(form);
        exportResult(m_result, m_rgb, dir.path().toStdString(), only);
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(readAll(dir.filePath("scene.v2_coco.json")), &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        const QJsonObject root = doc.object();
        const QJsonArray images = root["images"].toArray();
        QCOMPARE(images.size(), 1);
        QCOMPARE(images[0]["file_name"].toString(), QStringLiteral("scene.v2.png"));
        QCOMPARE(images[0]["width"].toInt(), kW);
        QCOMPARE(images[0]["height"].toInt(), kH);
        const int imageId = images[0]["id"].toInt();
        const QJsonArray categories = root["categories"].toArray();
        QCOMPARE(categories.size(), 1);
        QCOMPARE(categories[0]["name"].toString(), QStringLiteral("object"));

        const QJsonArray annotations = root["annotations"].toArray();
        QCOMPARE(annotations.size(), 3);
        QSet<int> ids;
        for (int i = 0; i < 3; ++i) {
            const QJsonObject a = annotations[i].toObject();
            const SegmentedObject &o = m_result.objects[size_t(i)];
            ids.insert(a["id"].toInt());
            QCOMPARE(a["image_id"].toInt(), imageId);
            QCOMPARE(a["category_id"].toInt(), categories[0]["id"].toInt());
            QCOMPARE(a["iscrowd"].toInt(), 0);
            const QJsonArray bbox = a["bbox"].toArray();
            if (form != int(CocoSegmentation::Polygons)) {
                QCOMPARE(bbox, QJsonArray({o.box.x, o.box.y, o.box.width, o.box.height}));
                QCOMPARE(a["area"].toInteger(), o.area);
            } else {
                // Polygons: bbox and area are those of the polygons written (within a pixel of the
                // mask's box; the area loses about half a pixel along the perimeter and the hole).
                for (int k = 0; k < 4; ++k)
                    QVERIFY(std::abs(bbox[k].toInt() - (k == 0 ? o.box.x : k == 1 ? o.box.y : k == 2 ? o.box.width : o.box.height)) <= 1);
                QVERIFY(std::abs(a["area"].toInteger() - o.area) <= (o.box.width + o.box.height) + 2);
            }
            QCOMPARE(float(a["score"].toDouble()), o.samScore);
            QCOMPARE(float(a["dino_confidence"].toDouble()), o.dinoConfidence);

            const QJsonValue seg = a["segmentation"];
            if (form == int(CocoSegmentation::Polygons)) {
                const QJsonArray polys = seg.toArray();
                QCOMPARE(polys.size(), 1); // one connected component each
                const QJsonArray flat = polys[0].toArray();
                QVERIFY(flat.size() >= 6 && flat.size() % 2 == 0);
                // Contours run through boundary pixel centres: the polygon misses about half a
                // pixel along the perimeter (and the L-shape's hole).
                const double polyArea = shoelace(flat);
                const double perimeter = 2.0 * (o.box.width + o.box.height);
                QVERIFY2(std::abs(polyArea - double(o.area)) <= 0.5 * perimeter + 4,
                         qPrintable(QStringLiteral("polygon %1 vs mask %2").arg(polyArea).arg(o.area)));
                QVERIFY(polyArea / double(o.area) > 0.85);
            } else {
                const QJsonObject rle = seg.toObject();
                QCOMPARE(rle["size"].toArray(), QJsonArray({kH, kW}));
                std::vector<uint32_t> counts;
                if (form == int(CocoSegmentation::RleCounts)) {
                    for (const QJsonValue v : rle["counts"].toArray())
                        counts.push_back(uint32_t(v.toInteger()));
                } else {
                    counts = rleCountsFromString(rle["counts"].toString().toStdString());
                }
                const cv::Mat decoded = decodeMaskRle(counts, cv::Size(kW, kH));
                QCOMPARE(cv::norm(decoded, o.mask, cv::NORM_INF), 0.0); // exact, including the hole
            }
        }
        QCOMPARE(ids.size(), 3);
    }

    void cocoWriterMergesImagesAndEscapes()
    {
        CocoWriter writer;
        SegmentationResult second = m_result;
        second.imageName = "quote\"back\\slash\tü.png";
        QCOMPARE(writer.addResult(m_result), 1);
        QCOMPARE(writer.addResult(second), 2);
        const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(writer.toJson()));
        QVERIFY(doc.isObject());
        QCOMPARE(doc["images"].toArray().size(), 2);
        QCOMPARE(doc["images"][1]["file_name"].toString(), QString::fromUtf8("quote\"back\\slash\tü.png"));
        QCOMPARE(doc["annotations"].toArray().size(), 6);
        QCOMPARE(doc["annotations"][5]["id"].toInt(), 6);
        QCOMPARE(doc["annotations"][5]["image_id"].toInt(), 2);
    }

    void cutouts()
    {
        QTemporaryDir dir;
        ExportOptions only;
        only.visualization = only.masks = only.summary = only.coco = false;
        exportResult(m_result, m_rgb, dir.path().toStdString(), only);
        for (size_t i = 0; i < m_result.objects.size(); ++i) {
            const SegmentedObject &o = m_result.objects[i];
            const QString png = dir.filePath(QStringLiteral("scene.v2_cutouts/object_%1.png").arg(i, 3, 10, QChar('0')));
            const cv::Mat bgra = cv::imread(png.toStdString(), cv::IMREAD_UNCHANGED);
            QCOMPARE(bgra.type(), CV_8UC4);
            QCOMPARE(bgra.size(), o.box.size());
            for (int y = 0; y < bgra.rows; ++y) {
                for (int x = 0; x < bgra.cols; ++x) {
                    const cv::Vec4b p = bgra.at<cv::Vec4b>(y, x);
                    const bool inside = o.mask.at<uchar>(o.box.y + y, o.box.x + x) != 0;
                    if (!inside) {
                        QCOMPARE(int(p[3]), 0);
                        continue;
                    }
                    const cv::Vec3b src = m_rgb.at<cv::Vec3b>(o.box.y + y, o.box.x + x); // RGB
                    QCOMPARE(int(p[3]), 255);
                    QCOMPARE(cv::Vec3b(p[2], p[1], p[0]), src);
                }
            }
        }
        QVERIFY(renderCutout(m_rgb, cv::Mat::zeros(kH, kW, CV_8UC1)).empty());
    }

    void visualization()
    {
        QTemporaryDir dir;
        ExportOptions only;
        only.masks = only.summary = only.coco = only.cutouts = false;
        only.jpegQuality = 100;
        exportResult(m_result, m_rgb, dir.path().toStdString(), only);
        cv::Mat jpg = cv::imread(dir.filePath("scene.v2_visualization.jpg").toStdString(), cv::IMREAD_COLOR);
        QCOMPARE(jpg.cols, 3 * kW);
        QCOMPARE(jpg.rows, kH);

        const cv::Mat panels = renderVisualization(m_rgb, m_result);
        QCOMPARE(panels.size(), cv::Size(3 * kW, kH));
        QCOMPARE(cv::norm(panels(cv::Rect(0, 0, kW, kH)), m_rgb, cv::NORM_INF), 0.0); // left = original
        const cv::Mat overlay = renderMaskOverlay(m_rgb, m_result.objects, 0.5f, false, false);
        QCOMPARE(cv::norm(panels(cv::Rect(2 * kW, 0, kW, kH)),
                          renderMaskOverlay(m_rgb, m_result.objects), cv::NORM_INF), 0.0);
        // Overlay: inside object 0 each pixel is the 50/50 blend with its colour; outside unchanged.
        const cv::Vec3b c = objectColor(0);
        const cv::Vec3b src = m_rgb.at<cv::Vec3b>(20, 20), got = overlay.at<cv::Vec3b>(20, 20);
        for (int k = 0; k < 3; ++k)
            QVERIFY(std::abs(int(got[k]) - (int(src[k]) + int(c[k])) / 2) <= 1);
        QCOMPARE(overlay.at<cv::Vec3b>(5, 115), m_rgb.at<cv::Vec3b>(5, 115));
        QVERIFY(objectColor(0) != objectColor(1));

        // Heat-map: attention rises left to right, JET goes blue -> red.
        const cv::Mat heat = renderAttentionHeatmap(cv::Mat(kH, kW, CV_8UC3, cv::Scalar::all(0)),
                                                    m_result.discoveryMap, {}, 1.0f);
        const cv::Vec3b left = heat.at<cv::Vec3b>(40, 0), right = heat.at<cv::Vec3b>(40, kW - 1);
        QVERIFY(left[2] > left[0] && right[0] > right[2]); // RGB: blue on the left, red on the right
        // Boxes are drawn on the heat-map panel.
        const cv::Mat withBoxes = renderAttentionHeatmap(m_rgb, cv::Mat(), m_result.regions);
        QVERIFY(cv::norm(withBoxes, m_rgb, cv::NORM_INF) > 0);
        QCOMPARE(withBoxes.at<cv::Vec3b>(kH - 1, kW - 1), m_rgb.at<cv::Vec3b>(kH - 1, kW - 1));
    }

    void failureMidwayLeavesNoPartialExport()
    {
        QTemporaryDir dir;
        const QString summary = dir.filePath("scene.v2_summary.txt");
        {
            QFile f(summary);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("OLD SUMMARY");
        }
        // Small files fit under the limit, the noisy cut-outs/visualisation do not: the export fails
        // part-way through, like a disk filling up.
        std::signal(SIGXFSZ, SIG_IGN);
        rlimit saved{};
        getrlimit(RLIMIT_FSIZE, &saved);
        rlimit lowered = saved;
        lowered.rlim_cur = 3000;
        QVERIFY(setrlimit(RLIMIT_FSIZE, &lowered) == 0);
        QString message;
        try {
            exportResult(m_result, m_rgb, dir.path().toStdString());
        } catch (const ExportError &e) {
            message = QString::fromUtf8(e.what());
        }
        setrlimit(RLIMIT_FSIZE, &saved);
        qInfo("%s", qPrintable(message));
        QVERIFY2(message.contains("File too large"), qPrintable(message));
        QVERIFY2(message.startsWith(dir.path()), qPrintable(message));
        QCOMPARE(allFiles(dir.path()), QStringList({"scene.v2_summary.txt"}));
        QCOMPARE(readAll(summary), QByteArray("OLD SUMMARY"));
    }

    void reExportRemovesStaleMasks()
    {
        QTemporaryDir dir;
        ExportOptions opts;
        opts.visualization = opts.coco = opts.summary = false;
        exportResult(m_result, m_rgb, dir.path().toStdString(), opts);
        SegmentationResult fewer = m_result;
        fewer.objects.resize(1);
        QFile keep(dir.filePath("scene.v2_masks/notes.txt")); // not ours: kept
        QVERIFY(keep.open(QIODevice::WriteOnly));
        keep.close();
        exportResult(fewer, m_rgb, dir.path().toStdString(), opts);
        QCOMPARE(allFiles(dir.path()), QStringList({"scene.v2_cutouts", "scene.v2_cutouts/object_000.png",
                                                    "scene.v2_masks", "scene.v2_masks/mask_000.png",
                                                    "scene.v2_masks/mask_000.txt", "scene.v2_masks/notes.txt"}));
    }

    void rejectsMismatchedInput()
    {
        QTemporaryDir dir;
        QVERIFY_THROWS_EXCEPTION(ExportError, exportResult(m_result, cv::Mat(10, 10, CV_8UC3), dir.path().toStdString()));
        QVERIFY_THROWS_EXCEPTION(ExportError, exportResult(m_result, cv::Mat(), dir.path().toStdString()));
        QCOMPARE(allFiles(dir.path()), QStringList());
        QFile plain(dir.filePath("file"));
        QVERIFY(plain.open(QIODevice::WriteOnly));
        plain.close();
        QVERIFY_THROWS_EXCEPTION(ExportError,
                                 exportResult(m_result, m_rgb, dir.filePath("file/sub").toStdString()));
        QCOMPARE(allFiles(dir.path()), QStringList({"file"}));
    }
};

QTEST_GUILESS_MAIN(TestResultExporter)
#include "tst_resultexporter.moc"
