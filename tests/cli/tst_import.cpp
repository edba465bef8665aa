// `dinosam import`: labelme and COCO files into a project's store, then `dinosam export` of it.
// No model runs (an empty model folder would do; none is given).
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>

namespace {

struct Run
{
    int exitCode = -1;
    QString out, err;
};

Run runCli(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(DINOSAM_CLI_PATH), args);
    Run r;
    if (!p.waitForFinished(120000))
        return r;
    r.exitCode = p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

void writeFile(const QString &path, const QByteArray &content)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(content);
}

QJsonObject readJson(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

/// A labelme file for a.png: one rectangle-like polygon labelled `label`, one unsupported circle.
QByteArray labelme(const QString &label)
{
    return QStringLiteral(R"({"version": "5.0.1", "flags": {}, "imagePath": "a.png", "imageData": null,
        "imageWidth": 160, "imageHeight": 120, "shapes": [
        {"label": "%1", "points": [[10, 10], [60, 10], [60, 50], [10, 50]], "group_id": null,
         "shape_type": "polygon", "flags": {}},
        {"label": "ball", "points": [[100, 60], [110, 60]], "group_id": null, "shape_type": "circle", "flags": {}}]})")
        .arg(label)
        .toUtf8();
}

} // namespace

class TestImport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void labelmeIntoTheStoreThenExport()
    {
        QTemporaryDir project, out;
        QVERIFY(cv::imwrite(QDir(project.path()).filePath(QStringLiteral("a.png")).toStdString(),
                            cv::Mat(120, 160, CV_8UC3, cv::Scalar(40, 80, 120))));
        const QString file = QDir(project.path()).filePath(QStringLiteral("a.json"));
        writeFile(file, labelme(QStringLiteral("Öl 油")));

        const Run r = runCli({QStringLiteral("import"), project.path(), file});
        QCOMPARE(r.exitCode, 1); // the circle is reported and skipped, the polygon imported
        QVERIFY2(r.err.contains(QStringLiteral("circle")), qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("Imported 1 object into 1 image")), qPrintable(r.out));
        const QJsonObject saved = readJson(QDir(project.path()).filePath(QStringLiteral(".dinosam/annotations/a.png.json")));
        QVERIFY(!saved.isEmpty());
        QFile classes(QDir(project.path()).filePath(QStringLiteral(".dinosam/classes.txt")));
        QVERIFY(classes.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(classes.readAll()), QString::fromUtf8("Öl 油\n"));

        // Exported without any model: the polygon's pixels (51 x 41, corners included), its label.
        const Run e = runCli({QStringLiteral("export"), project.path(), QStringLiteral("--format"),
                              QStringLiteral("coco"), QStringLiteral("--save-dir"), out.path()});
        QCOMPARE(e.exitCode, 0);
        const QJsonObject coco = readJson(QDir(out.path()).filePath(QStringLiteral("coco.json")));
        const QJsonArray annotations = coco[QStringLiteral("annotations")].toArray();
        QCOMPARE(annotations.size(), 1);
        const double area = annotations[0].toObject()[QStringLiteral("area")].toDouble();
        QVERIFY2(area >= 50 * 40 && area <= 51 * 41, qPrintable(QString::number(area)));
        QCOMPARE(coco[QStringLiteral("categories")].toArray()[0].toObject()[QStringLiteral("name")].toString(),
                 QString::fromUtf8("Öl 油"));

        // Again: added to the saved objects; --replace: instead of them.
        QCOMPARE(runCli({QStringLiteral("import"), QStringLiteral("-q"), project.path(), file}).exitCode, 1);
        QCOMPARE(readJson(QDir(project.path()).filePath(QStringLiteral(".dinosam/annotations/a.png.json")))
                     [QStringLiteral("objects")].toArray().size(), 2);
        QCOMPARE(runCli({QStringLiteral("import"), QStringLiteral("--replace"), QStringLiteral("-q"), project.path(), file})
                     .exitCode, 1);
        QCOMPARE(readJson(QDir(project.path()).filePath(QStringLiteral(".dinosam/annotations/a.png.json")))
                     [QStringLiteral("objects")].toArray().size(), 1);
    }

    void cocoWithABrokenRecord()
    {
        QTemporaryDir project;
        QVERIFY(cv::imwrite(QDir(project.path()).filePath(QStringLiteral("a.png")).toStdString(),
                            cv::Mat(120, 160, CV_8UC3, cv::Scalar(0, 0, 0))));
        const QString file = QDir(project.path()).filePath(QStringLiteral("coco.json"));
        writeFile(file, R"({"images": [{"id": 1, "file_name": "a.png", "width": 160, "height": 120}],
            "categories": [{"id": 1, "name": "box"}],
            "annotations": [
              {"id": 1, "image_id": 1, "category_id": 1, "segmentation": [[10, 10, 40, 10, 40, 40, 10, 40]],
               "bbox": [10, 10, 30, 30], "area": 900, "iscrowd": 0},
              {"id": 2, "image_id": 1, "category_id": 7, "segmentation": [[1, 1, 5, 1, 5, 5]],
               "bbox": [1, 1, 4, 4], "area": 8, "iscrowd": 0}]})");
        const Run r = runCli({QStringLiteral("import"), project.path(), file});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("(id 2): unknown category_id")), qPrintable(r.err));
        QCOMPARE(readJson(QDir(project.path()).filePath(QStringLiteral(".dinosam/annotations/a.png.json")))
                     [QStringLiteral("objects")].toArray().size(), 1);
    }

    void badInput()
    {
        QTemporaryDir project;
        const QString junk = QDir(project.path()).filePath(QStringLiteral("junk.json"));
        writeFile(junk, "not json at all");
        const Run r = runCli({QStringLiteral("import"), project.path(), junk});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains(QStringLiteral("junk.json")), qPrintable(r.err));
        QCOMPARE(runCli({QStringLiteral("import"), project.path()}).exitCode, 2);
        QCOMPARE(runCli({QStringLiteral("import"), project.filePath(QStringLiteral("nope")), junk}).exitCode, 3);
        QVERIFY(!QDir(project.filePath(QStringLiteral(".dinosam"))).exists()); // nothing written
    }
};

QTEST_GUILESS_MAIN(TestImport)
#include "tst_import.moc"
