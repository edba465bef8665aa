// Labels, the per-image annotation store (round trip, damaged and foreign files, missing images,
// unwritable folders) and the importers' per-record error reports.
#include "annotation/annotationimport.h"
#include "annotation/annotationjson.h"
#include "annotation/annotationstore.h"
#include "annotation/projectimport.h"
#include "annotation/labelset.h"
#include "export/exporterror.h"

#include <QTemporaryDir>
#include <QTest>

#include <opencv2/imgproc.hpp>

#include <fstream>
#include <sstream>

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

void writeText(const fs::path &p, const std::string &text)
{
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
}

ImageAnnotation sample()
{
    ImageAnnotation a;
    a.imageName = "x.png";
    a.imageSize = {90, 70};
    a.params.attentionThreshold = 0.45f;
    a.params.numObjects = 7;
    a.params.method = DiscoveryMethod::Spectral;
    a.params.dinoModel = "dinov2_vitb14_reg4";
    for (int k = 0; k < 3; ++k) {
        AnnotatedObject o;
        o.object.mask = cv::Mat::zeros(70, 90, CV_8UC1);
        cv::circle(o.object.mask, {20 + 25 * k, 30}, 8 + k, 255, -1);
        o.object.mask.at<uchar>(30, 20 + 25 * k) = 0; // a hole: RLE keeps it
        o.object.box = cv::boundingRect(o.object.mask);
        o.object.area = cv::countNonZero(o.object.mask);
        o.object.samScore = 0.1f * float(k) + 0.123456f;
        o.object.dinoConfidence = 1.0f / 3.0f;
        o.object.promptType = k == 1 ? PromptType::BoxAndPoint : PromptType::Box;
        o.object.promptBox = cv::Rect2f(1.5f, 2.25f, 30.f, 20.125f);
        o.object.promptPoint = cv::Point2f(12.5f, 13.75f);
        o.object.label = k == 0 ? "Straßenbahn" : (k == 1 ? "自行车" : "");
        o.edited = k != 2;
        o.locked = k == 1;
        o.hidden = k == 2;
        if (k == 1) {
            o.prompt.box = cv::Rect2f(3, 4, 50, 40);
            o.prompt.points = {{10.5f, 11.5f}, {40, 41}};
            o.prompt.labels = {1, 0};
        }
        a.objects.push_back(o);
    }
    return a;
}

} // namespace

class TestAnnotation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void labelSetBasics()
    {
        LabelSet s;
        QCOMPARE(s.add("  cat "), size_t(0));
        QCOMPARE(s.add("cat"), size_t(0)); // duplicate
        QCOMPARE(s.add("Bär\tgroß"), size_t(1));
        QCOMPARE(s.at(1).name, std::string("Bär groß"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, s.add("   "));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, s.rename(1, "cat"));
        s.rename(1, "熊");
        QCOMPARE(s.indexOf("熊"), 1);
        QCOMPARE(s.at(0).shortcut, 1);
        QCOMPARE(s.at(1).shortcut, 2);
        s.setShortcut(1, 1); // taken from "cat"
        QCOMPARE(s.indexOfShortcut(1), 1);
        QCOMPARE(s.at(0).shortcut, 0);
        for (int k = 0; k < 12; ++k)
            s.add("l" + std::to_string(k));
        QCOMPARE(s.at(13).shortcut, 0); // only 1..9
        // Default colours: the first 20 are pairwise well apart.
        for (size_t i = 0; i < 20; ++i)
            for (size_t j = i + 1; j < 20; ++j) {
                const cv::Vec3b a = LabelSet::defaultColor(i), b = LabelSet::defaultColor(j);
                const double d = cv::norm(cv::Vec3d(a[0], a[1], a[2]) - cv::Vec3d(b[0], b[1], b[2]));
                QVERIFY2(d > 30, qPrintable(QStringLiteral("%1 vs %2: %3").arg(i).arg(j).arg(d)));
            }
        QCOMPARE(LabelSet::defaultColor(5), LabelSet::defaultColor(5));
    }

    void classesFile()
    {
        const LabelSet s = LabelSet::fromClassesText("\xEF\xBB\xBF" "cat\r\n\r\n狗\r\nKätzchen\ncat\n  \n");
        QCOMPARE(s.names(), (std::vector<std::string>{"cat", "狗", "Kätzchen"}));
        QTemporaryDir dir;
        const fs::path file = fs::path(dir.path().toStdString()) / "classes.txt";
        s.saveClassesFile(file);
        QCOMPARE(readText(file), std::string("cat\n狗\nKätzchen\n"));
        QCOMPARE(LabelSet::loadClassesFile(file), s);
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, LabelSet::loadClassesFile(file.parent_path() / "missing.txt"));
    }

    void storeRoundTrip()
    {
        QTemporaryDir dir;
        const fs::path folder = dir.path().toStdString();
        writeText(folder / "sub" / "x.png", "not really a png");
        const AnnotationStore store(folder);
        const ImageAnnotation a = sample();
        QVERIFY(!store.has(folder / "sub" / "x.png"));
        QCOMPARE(store.load(folder / "sub" / "x.png").status, AnnotationStore::Status::Missing);
        store.save(folder / "sub" / "x.png", a);
        QVERIFY(fs::exists(folder / ".dinosam" / "annotations" / "sub" / "x.png.json"));
        QCOMPARE(store.annotatedImages(), std::vector<std::string>{"sub/x.png"});
        QVERIFY(store.missingImages().empty());
        const AnnotationStore::Loaded back = store.load("sub/x.png");
        QCOMPARE(back.status, AnnotationStore::Status::Ok);
        QVERIFY(back.problems.empty());
        const ImageAnnotation &b = back.annotation;
        QCOMPARE(b.imageName, std::string("sub/x.png"));
        QCOMPARE(b.imageSize, a.imageSize);
        QVERIFY(b.params == a.params);
        QCOMPARE(b.objects.size(), a.objects.size());
        for (size_t k = 0; k < a.objects.size(); ++k) {
            const AnnotatedObject &x = a.objects[k], &y = b.objects[k];
            QCOMPARE(cv::countNonZero(x.object.mask != y.object.mask), 0);
            QCOMPARE(y.object.box, x.object.box);
            QCOMPARE(y.object.area, x.object.area);
            QCOMPARE(y.object.samScore, x.object.samScore); // floats round-trip exactly
            QCOMPARE(y.object.dinoConfidence, x.object.dinoConfidence);
            QCOMPARE(y.object.label, x.object.label);
            QVERIFY(y.object.promptType == x.object.promptType);
            QCOMPARE(y.object.promptBox, x.object.promptBox);
            QCOMPARE(y.object.promptPoint, x.object.promptPoint);
            QCOMPARE(y.edited, x.edited);
            QCOMPARE(y.locked, x.locked);
            QCOMPARE(y.hidden, x.hidden);
            QVERIFY(y.prompt == x.prompt);
        }
        // Saved again: the same bytes (no drift across autosaves).
        const std::string first = readText(store.annotationFile("sub/x.png"));
        store.save("sub/x.png", b);
        QCOMPARE(readText(store.annotationFile("sub/x.png")), first);
        QCOMPARE(b.toResult().objects.size(), size_t(2)); // the hidden one is not exported
        // The image renamed: reported as missing, the annotation kept.
        fs::rename(folder / "sub" / "x.png", folder / "sub" / "y.png");
        QCOMPARE(store.missingImages(), std::vector<std::string>{"sub/x.png"});
        QVERIFY(store.has("sub/x.png"));
    }

    void damagedFileIsReportedAndKept()
    {
        QTemporaryDir dir;
        const AnnotationStore store(dir.path().toStdString());
        const fs::path file = store.annotationFile("a.jpg");
        writeText(file, "{\"format\": \"dinosam-annotation\", \"version\": 1, \"objects\": [tru");
        const AnnotationStore::Loaded l = store.load("a.jpg");
        QCOMPARE(l.status, AnnotationStore::Status::Damaged);
        QVERIFY(!l.problems.empty());
        QVERIFY2(l.problems.front().find(file.string()) == 0, l.problems.front().c_str());
        QVERIFY(l.problems.front().find("not valid JSON") != std::string::npos);
        QCOMPARE(l.backupFile, fs::path(file.string() + ".bak"));
        QVERIFY(readText(l.backupFile).find("[tru") != std::string::npos);
        QVERIFY(!fs::exists(file));
        store.save("a.jpg", sample());
        QCOMPARE(store.load("a.jpg").status, AnnotationStore::Status::Ok);
        // A second damage does not overwrite the first backup.
        writeText(file, "garbage");
        const AnnotationStore::Loaded again = store.load("a.jpg");
        QCOMPARE(again.backupFile, fs::path(file.string() + ".bak.2"));
        QVERIFY(readText(l.backupFile).find("[tru") != std::string::npos);
        // A newer version is foreign too.
        writeText(file, "{\"format\": \"dinosam-annotation\", \"version\": 2}");
        const AnnotationStore::Loaded newer = store.load("a.jpg");
        QCOMPARE(newer.status, AnnotationStore::Status::Damaged);
        QVERIFY(newer.problems.front().find("version 2") != std::string::npos);
    }

    void foreignFileIsNeverOverwrittenSilently()
    {
        QTemporaryDir dir;
        const AnnotationStore store(dir.path().toStdString());
        const fs::path file = store.annotationFile("b.png");
        writeText(file, "{\"shapes\": [], \"from\": \"another tool\"}");
        store.save("b.png", sample()); // without loading first
        QCOMPARE(readText(file.string() + ".bak"), std::string("{\"shapes\": [], \"from\": \"another tool\"}"));
        QCOMPARE(store.load("b.png").status, AnnotationStore::Status::Ok);
    }

    void brokenObjectsAreSkippedAndReported()
    {
        QTemporaryDir dir;
        const AnnotationStore store(dir.path().toStdString());
        store.save("c.png", sample());
        const fs::path file = store.annotationFile("c.png");
        std::string text = readText(file);
        const auto at = text.find("\"counts\": \"");
        text.insert(at + 11, "~~~"); // object 0's RLE is now malformed
        writeText(file, text);
        const AnnotationStore::Loaded l = store.load("c.png");
        QCOMPARE(l.status, AnnotationStore::Status::Ok);
        QCOMPARE(l.annotation.objects.size(), size_t(2));
        QVERIFY(l.problems.front().find("object 0: mask") != std::string::npos);
        QVERIFY(fs::exists(l.backupFile)); // the original, before the next save drops the object
        QCOMPARE(readText(l.backupFile), text);
    }

    void labelsPersist()
    {
        QTemporaryDir dir;
        const AnnotationStore store(dir.path().toStdString());
        LabelSet s;
        s.add("Öl");
        s.add("草");
        s.setColor(1, {1, 2, 3});
        s.setShortcut(0, 7);
        store.saveLabels(s, "草");
        std::string def;
        QCOMPARE(store.loadLabels(&def), s);
        QCOMPARE(def, std::string("草"));
        QCOMPARE(readText(store.storeFolder() / "classes.txt"), std::string("Öl\n草\n"));
        // A damaged project file: reported, kept, and classes.txt still gives the names.
        writeText(store.storeFolder() / "project.json", "{oops");
        std::vector<std::string> problems;
        const LabelSet fallback = store.loadLabels(&def, &problems);
        QCOMPARE(fallback.names(), s.names());
        QVERIFY(!problems.empty());
        QVERIFY(fs::exists(store.storeFolder() / "project.json.bak"));
    }

    void unwritableFolderIsAClearError()
    {
        QTemporaryDir dir;
        const fs::path folder = dir.path().toStdString();
        writeText(folder / ".dinosam", "a file where the store folder should be");
        const AnnotationStore store(folder);
        try {
            store.save("d.png", sample());
            QFAIL("no error");
        } catch (const ExportError &e) {
            QVERIFY2(std::string(e.what()).find(".dinosam") != std::string::npos, e.what());
        }
        QCOMPARE(readText(folder / ".dinosam"), std::string("a file where the store folder should be"));
    }

    void oldFilesWithoutLockReadAsUnlocked()
    {
        // Files written before objects could be locked have no "locked" field.
        std::string json = annotationToJson(sample());
        for (size_t at; (at = json.find(", \"locked\": true")) != std::string::npos;)
            json.erase(at, 16);
        for (size_t at; (at = json.find(", \"locked\": false")) != std::string::npos;)
            json.erase(at, 17);
        QVERIFY(json.find("locked") == std::string::npos);
        ReadProblems problems;
        const ImageAnnotation a = annotationFromJson(json, problems);
        QVERIFY(problems.empty());
        QCOMPARE(a.objects.size(), size_t(3));
        for (const AnnotatedObject &o : a.objects)
            QVERIFY(!o.locked);
        QVERIFY(a.objects[0].edited); // the rest as before
        // And a locked object round-trips.
        ImageAnnotation b = sample();
        ReadProblems p2;
        const ImageAnnotation back = annotationFromJson(annotationToJson(b), p2);
        QVERIFY(!back.objects[0].locked && back.objects[1].locked);
    }

    void storeInAnotherFolder()
    {
        QTemporaryDir images, elsewhere;
        const fs::path folder = images.path().toStdString(), root = fs::path(elsewhere.path().toStdString()) / "store";
        const AnnotationStore store(folder, root);
        QCOMPARE(store.storeFolder(), root);
        QCOMPARE(AnnotationStore::defaultStoreFolder(folder), folder / ".dinosam");
        store.save(folder / "x.png", sample());
        store.saveLabels(LabelSet::fromClassesText("a\nb\n"), "b");
        QVERIFY(fs::exists(root / "annotations" / "x.png.json"));
        QVERIFY(fs::exists(root / "project.json"));
        QVERIFY(!fs::exists(folder / ".dinosam"));
        QCOMPARE(store.relativeName(folder / "x.png"), std::string("x.png"));
        QCOMPARE(store.load(folder / "x.png").status, AnnotationStore::Status::Ok);
    }

    void relabelRewritesEverySavedObject()
    {
        QTemporaryDir dir;
        const AnnotationStore store(dir.path().toStdString());
        store.save("p.png", sample());
        store.save("q/r.png", sample());
        ImageAnnotation other = sample();
        for (AnnotatedObject &o : other.objects)
            o.object.label = "bus";
        store.save("s.png", other);
        std::map<std::string, int> counts = store.labelCounts();
        QCOMPARE(counts["Straßenbahn"], 2);
        QCOMPARE(counts["bus"], 3);
        const std::string untouched = readText(store.annotationFile("s.png"));
        std::vector<std::string> problems;
        QCOMPARE(store.relabel({{"Straßenbahn", "tram"}, {"自行车", "object"}}, &problems), 2);
        QVERIFY(problems.empty());
        counts = store.labelCounts();
        QCOMPARE(counts.count("Straßenbahn"), size_t(0));
        QCOMPARE(counts["tram"], 2);
        QCOMPARE(counts["object"], 2);
        QCOMPARE(readText(store.annotationFile("s.png")), untouched); // no change: not rewritten
        const AnnotationStore::Loaded l = store.load("q/r.png");
        QCOMPARE(l.annotation.objects[0].object.label, std::string("tram"));
        QVERIFY(l.annotation.objects[1].locked); // nothing else changes
        QCOMPARE(cv::countNonZero(l.annotation.objects[0].object.mask != sample().objects[0].object.mask), 0);
    }

    void importIntoProjectAddsToSavedObjects()
    {
        QTemporaryDir dir;
        const fs::path folder = dir.path().toStdString();
        const AnnotationStore store(folder);
        store.save("x.png", sample()); // 3 objects already
        writeText(folder / "x.json",
                  R"({"imagePath": "x.png", "imageWidth": 90, "imageHeight": 70, "shapes": [
                       {"label": "Hund", "shape_type": "polygon", "points": [[5, 5], [30, 5], [30, 30]]},
                       {"label": "Hund", "shape_type": "circle", "points": [[5, 5], [9, 9]]}]})");
        writeText(folder / "junk.json", "not json");
        LabelSet labels;
        labels.add("object");
        const ProjectImportSummary s = importIntoProject(store, {folder / "x.json", folder / "junk.json"}, labels);
        QVERIFY(s.storeError.empty());
        QCOMPARE(s.images, 1);
        QCOMPARE(s.objects, 1);
        QCOMPARE(s.skipped, 1);        // the circle
        QCOMPARE(s.unreadableFiles, 1); // junk.json
        QCOMPARE(s.messages.size(), size_t(2));
        QVERIFY(s.labelsChanged);
        QCOMPARE(labels.names(), (std::vector<std::string>{"object", "Hund"}));
        QCOMPARE(s.written, std::vector<fs::path>{folder / "x.png"});
        const AnnotationStore::Loaded l = store.load("x.png");
        QCOMPARE(l.annotation.objects.size(), size_t(4));
        QCOMPARE(l.annotation.objects.back().object.label, std::string("Hund"));
        QVERIFY(l.annotation.objects.back().edited);
    }

    void labelmeImportReportsEachBrokenShape()
    {
        QTemporaryDir dir;
        const fs::path file = fs::path(dir.path().toStdString()) / "l.json";
        writeText(file, R"({"version": "5.0.1", "imagePath": "img/l.jpg", "imageWidth": 50, "imageHeight": 40,
          "shapes": [
            {"label": "cat", "points": [[1, 1], [20, 1], [20, 15], [1, 15]], "shape_type": "polygon", "group_id": null},
            {"label": "cat", "points": [[5, 5], [9, 9]], "shape_type": "circle"},
            {"label": "dog", "points": [["a", 1], [2, 2], [3, 3]]},
            {"label": "", "points": [[1, 1], [2, 1], [2, 2]]},
            {"label": "box", "points": [[30, 20], [40, 30]], "shape_type": "rectangle"},
            {"label": "box", "points": [[1, 30], [5, 30], [5, 35]], "shape_type": "polygon", "group_id": 3},
            {"label": "box", "points": [[10, 30], [15, 30], [15, 35]], "shape_type": "polygon", "group_id": 3}
          ]})");
        const ImportReport r = importLabelme(file);
        QVERIFY(!r.fatal);
        QCOMPARE(r.images.size(), size_t(1));
        QCOMPARE(r.images[0].imagePath, (file.parent_path() / "img" / "l.jpg"));
        const auto &objects = r.images[0].annotation.objects;
        QCOMPARE(objects.size(), size_t(3)); // cat, the rectangle, the two-part group
        QCOMPARE(objects[0].object.label, std::string("cat"));
        QCOMPARE(objects[0].object.box, cv::Rect(1, 1, 20, 15));
        QCOMPARE(objects[2].object.sourcePolygons.size(), size_t(2));
        QCOMPARE(r.problems.size(), size_t(3));
        QVERIFY(r.problems[0].find("shape 1: shape type 'circle'") != std::string::npos);
        QVERIFY(r.problems[1].find("shape 2: points") != std::string::npos);
        QVERIFY(r.problems[2].find("shape 3: no label") != std::string::npos);
        QCOMPARE(r.labels.names(), (std::vector<std::string>{"cat", "box"}));

        writeText(file, "[1, 2]");
        QVERIFY(importLabelme(file).fatal);
        writeText(file, R"({"shapes": []})");
        QVERIFY(importLabelme(file).fatal); // no image size
    }

    void cocoImportReportsEachBrokenRecord()
    {
        QTemporaryDir dir;
        const fs::path file = fs::path(dir.path().toStdString()) / "c.json";
        writeText(file, R"({"images": [{"id": 1, "file_name": "a.png", "width": 4, "height": 3},
                                      {"id": 2, "file_name": "", "width": 4, "height": 3},
                                      {"id": 3, "file_name": "huge.png", "width": 100000, "height": 3}],
          "categories": [{"id": 5, "name": "Äpfel"}, {"id": 6, "name": ""}],
          "annotations": [
            {"id": 1, "image_id": 1, "category_id": 5, "segmentation": {"size": [3, 4], "counts": [1, 2, 9]}},
            {"id": 2, "image_id": 9, "category_id": 5, "segmentation": {"size": [3, 4], "counts": [12]}},
            {"id": 3, "image_id": 1, "category_id": 7, "segmentation": {"size": [3, 4], "counts": [12]}},
            {"id": 4, "image_id": 1, "category_id": 5, "segmentation": {"size": [4, 4], "counts": [16]}},
            {"id": 5, "image_id": 1, "category_id": 5, "segmentation": {"size": [3, 4], "counts": [1, 2]}},
            {"id": 6, "image_id": 1, "category_id": 5, "segmentation": [[0, 0, 3, 0]]},
            {"id": 7, "image_id": 1, "category_id": 5, "segmentation": [[0, 0, 3, 0, 3, 2, 0, 2]], "score": 0.5},
            {"id": 8, "image_id": 1, "category_id": 5, "segmentation": {"size": [3, 4], "counts": "!!"}}
          ]})");
        const ImportReport r = importCoco(file);
        QVERIFY(!r.fatal);
        QCOMPARE(r.images.size(), size_t(1));
        const auto &objects = r.images[0].annotation.objects;
        QCOMPARE(objects.size(), size_t(2));
        QCOMPARE(objects[0].object.area, int64_t(2)); // column-major: pixels (0,1) and (0,2)
        QCOMPARE(objects[0].object.mask.at<uchar>(1, 0), uchar(255));
        QCOMPARE(objects[0].object.label, std::string("Äpfel"));
        QCOMPARE(objects[1].object.samScore, 0.5f);
        QCOMPARE(objects[1].object.area, int64_t(12));
        const std::string all = [&] {
            std::string s;
            for (const auto &p : r.problems)
                s += p + "\n";
            return s;
        }();
        QCOMPARE(r.problems.size(), size_t(9)); // 2 images, 1 category, 6 annotations
        for (const char *want : {"image 1:", "image 2:", "category 1:", "annotation 1 (id 2): unknown image_id",
                                 "annotation 2 (id 3): unknown category_id", "annotation 3 (id 4): RLE size",
                                 "annotation 4 (id 5): RLE counts sum", "annotation 5 (id 6): a polygon",
                                 "annotation 7 (id 8): malformed RLE"})
            QVERIFY2(all.find(want) != std::string::npos, qPrintable(QString::fromStdString(all) + want));
        writeText(file, R"({"images": 3})");
        QVERIFY(importCoco(file).fatal);
    }
};

QTEST_GUILESS_MAIN(TestAnnotation)
#include "tst_annotation.moc"
