// `dinosam eval` and `dinosam similar` through QProcess, on the fixture photos and
// the random-weight checkpoints: usage errors, a ground truth with bad records (each
// reported, the rest evaluated, exit 1), the table, CSV and plot files, and similar's outputs.
#include "fixtures.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

QStringList modelArgs()
{
    return {QStringLiteral("--dino-checkpoint"), dinosam::test::fixturePath("models/dinov2_vits14_reg4_random.pth"),
            QStringLiteral("--sam2-checkpoint"), dinosam::test::fixturePath("models/sam2.1_hiera_tiny_random.pt"),
            QStringLiteral("--model-dir"),       QStringLiteral("/nonexistent"),
            QStringLiteral("--threads"),         QStringLiteral("2")};
}

Run runCli(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(DINOSAM_CLI_PATH), args);
    Run r;
    if (!p.waitForStarted(10000) || !p.waitForFinished(540000)) {
        p.kill();
        p.waitForFinished();
        r.err = QStringLiteral("dinosam did not finish");
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromLocal8Bit(p.readAllStandardOutput());
    r.err = QString::fromLocal8Bit(p.readAllStandardError());
    return r;
}

QString describe(const Run &r)
{
    return QStringLiteral("exit %1\nstdout:\n%2\nstderr:\n%3").arg(r.exitCode).arg(r.out, r.err);
}

} // namespace

class TestCliEvalSimilar : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void usageErrors_data();
    void usageErrors();
    void evalWithBadRecords();
    void similarWritesOutputs();
};

void TestCliEvalSimilar::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("eval without --coco") << QStringList{"eval", "--images", "."};
    QTest::newRow("eval bad method") << QStringList{"eval", "--coco", "x.json", "--images", ".", "--method", "lost"};
    QTest::newRow("eval bad sweep") << QStringList{"eval", "--coco", "x.json", "--images", ".", "--sweep", "threshold=0.9:0.1:0.1"};
    QTest::newRow("similar box first") << QStringList{"similar", "--box", "1,2,3,4", "t.jpg"};
    QTest::newRow("similar bad box") << QStringList{"similar", "--exemplar", "a.jpg", "--box", "5,5,1,1", "t.jpg"};
    QTest::newRow("similar no shape") << QStringList{"similar", "--exemplar", "a.jpg", "t.jpg"};
    QTest::newRow("similar no target") << QStringList{"similar", "--exemplar", "a.jpg", "--box", "1,1,5,5"};
    QTest::newRow("similar bad threshold")
        << QStringList{"similar", "--exemplar", "a.jpg", "--box", "1,1,5,5", "--similarity", "2", "t.jpg"};
}

void TestCliEvalSimilar::usageErrors()
{
    QFETCH(QStringList, args);
    const Run r = runCli(args);
    QVERIFY2(r.exitCode == 2, qPrintable(describe(r)));
    QVERIFY2(r.err.contains(QStringLiteral("dinosam")), qPrintable(describe(r)));
}

void TestCliEvalSimilar::evalWithBadRecords()
{
    DINOSAM_REQUIRE_FIXTURE("models/dinov2_vits14_reg4_random.pth");
    QTemporaryDir dir;
    const QString gt = dir.filePath(QStringLiteral("gt.json"));
    QFile f(gt);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"images": [{"id": 1, "file_name": "truck.jpg", "width": 1800, "height": 1200},
                           {"id": 2, "file_name": "groceries.jpg", "width": 800, "height": 534},
                           {"id": 3, "file_name": "missing.jpg", "width": 10, "height": 10}],
      "categories": [{"id": 1, "name": "vehicle"}],
      "annotations": [
        {"id": 1, "image_id": 1, "category_id": 1, "segmentation": [[200, 320, 1700, 450, 1700, 640, 640, 800, 130, 600]]},
        {"id": 2, "image_id": 2, "category_id": 1, "segmentation": [[20, 0, 780, 0, 780, 520, 20, 520]]},
        {"id": 3, "image_id": 1, "category_id": 1, "segmentation": [[1, 2, 3]]},
        {"id": 4, "image_id": 7, "category_id": 1, "segmentation": [[1, 2, 3, 4, 5, 6]]}]})");
    f.close();
    const QString out = dir.filePath(QStringLiteral("out"));
    const Run r = runCli(QStringList{"eval", "--coco", gt, "--images", dinosam::test::fixturePath("images"), "--method",
                                     "attention,similar", "--sweep", "threshold=0.4:0.6:0.1", "--min-area", "100",
                                     "--out", out} +
                         modelArgs());
    QVERIFY2(r.exitCode == 1, qPrintable(describe(r))); // bad records: reported, the rest evaluated
    QVERIFY2(r.err.contains(QStringLiteral("missing image")) && r.err.contains(QStringLiteral("missing.jpg")),
             qPrintable(describe(r)));
    QVERIFY2(r.err.contains(QStringLiteral("annotations[2] (id 3) on truck.jpg: polygon 0 has an odd number")),
             qPrintable(describe(r)));
    QVERIFY2(r.err.contains(QStringLiteral("annotations[3] (id 4): unknown image_id 7")), qPrintable(describe(r)));
    QVERIFY2(r.out.contains(QStringLiteral("CorLoc%")) && r.out.contains(QStringLiteral("TokenCut")),
             qPrintable(describe(r)));
    QFile csv(out + QStringLiteral("/eval.csv"));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(csv.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 7); // header + 3 thresholds x 2 methods
    QVERIFY(lines[1].startsWith(QStringLiteral("attention,0.4000,2,2,2,")));
    QVERIFY2(lines[4].startsWith(QStringLiteral("similar,0.4000,1,1,1,")), qPrintable(lines[4])); // one episode
    QVERIFY2(lines[4].endsWith(QStringLiteral(",1")), qPrintable(lines[4]));
    QVERIFY(QFileInfo::exists(out + QStringLiteral("/eval.txt")));
    const cv::Mat png = cv::imread(QString(out + QStringLiteral("/eval.png")).toStdString());
    QVERIFY2(!png.empty(), "eval.png missing or unreadable");
    QCOMPARE(png.cols, 960);
    QCOMPARE(png.rows, 600);
}

void TestCliEvalSimilar::similarWritesOutputs()
{
    DINOSAM_REQUIRE_FIXTURE("models/dinov2_vits14_reg4_random.pth");
    QTemporaryDir dir;
    const QString truck = dinosam::test::fixturePath("images/truck.jpg");
    const Run r = runCli(QStringList{"similar", "--exemplar", truck, "--box", "600,300,1300,860", "--similarity", "0.3",
                                     "--max-instances", "3", "--min-area", "100", "--save-dir", dir.path(), truck} +
                         modelArgs());
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    QVERIFY2(r.out.contains(QStringLiteral("truck.jpg: ")), qPrintable(describe(r)));
    QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("truck_visualization.jpg"))));
    QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("truck_summary.txt"))));
}

QTEST_GUILESS_MAIN(TestCliEvalSimilar)
#include "tst_cli_evalsimilar.moc"
