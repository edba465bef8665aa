// Kills a process that edits an annotated image while ProjectAutosave saves it, then reads the
// folder's annotation: it must parse, and it may lack only the edits of the last autosave interval.
// The child is this executable started with --child FOLDER.
#include "projectautosave.h"
#include "segmentationdocument.h"

#include "annotation/annotationstore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <opencv2/imgproc.hpp>

#include <cstdio>

using namespace dinosam;
using namespace dinosam::ui;

namespace {

constexpr int kObjects = 20;
constexpr int kAutosaveMs = 40;
constexpr int kEditMs = 10;

/// The child: 20 objects on one image, a label edit every kEditMs, autosave every kAutosaveMs;
/// prints the number of each edit once it is applied.
int runChild(const QString &folder)
{
    const QString imagePath = QDir(folder).filePath(QStringLiteral("img.png"));
    QImage image(160, 120, QImage::Format_RGB888);
    image.fill(Qt::darkGray);
    if (!image.save(imagePath))
        return 2;
    auto result = std::make_shared<SegmentationResult>();
    result->imageName = "img.png";
    result->imageSize = cv::Size(160, 120);
    for (int i = 0; i < kObjects; ++i) {
        SegmentedObject o;
        o.mask = cv::Mat::zeros(120, 160, CV_8U);
        o.box = cv::Rect((i % 5) * 30 + 2, (i / 5) * 28 + 2, 20, 20);
        o.mask(o.box).setTo(1);
        o.area = o.box.area();
        result->objects.push_back(o);
    }
    EngineOutcome outcome;
    outcome.imagePath = imagePath;
    outcome.ok = true;
    outcome.image = image;
    outcome.result = result;
    SegmentationDocument doc;
    doc.setResult(outcome);
    ProjectAutosave autosave;
    autosave.setFolder(folder);
    autosave.setInterval(kAutosaveMs);
    autosave.setCurrent(&doc);
    int edit = 0;
    QTimer edits;
    QObject::connect(&edits, &QTimer::timeout, [&] {
        ++edit;
        doc.setLabel({edit % kObjects}, QStringLiteral("edit_%1").arg(edit));
        std::printf("%d\n", edit);
        std::fflush(stdout);
    });
    edits.start(kEditMs);
    return QCoreApplication::exec();
}

/// The highest edit number among the saved labels.
int lastSavedEdit(const ImageAnnotation &a)
{
    int last = 0;
    for (const AnnotatedObject &o : a.objects)
        if (o.object.label.rfind("edit_", 0) == 0)
            last = std::max(last, std::stoi(o.object.label.substr(5)));
    return last;
}

} // namespace

class TestAutosaveCrash : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void killedBetweenAutosavesLosesAtMostTheLastInterval_data()
    {
        QTest::addColumn<int>("killAfterEdits");
        for (int n : {7, 23, 61, 150})
            QTest::newRow(qPrintable(QString::number(n))) << n;
    }

    void killedBetweenAutosavesLosesAtMostTheLastInterval()
    {
        QFETCH(int, killAfterEdits);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QProcess child;
        child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--child"), dir.path()});
        QVERIFY(child.waitForStarted());
        int printed = 0;
        QElapsedTimer clock;
        clock.start();
        while (printed < killAfterEdits && clock.elapsed() < 60000) {
            if (!child.canReadLine() && !child.waitForReadyRead(1000))
                continue;
            while (child.canReadLine())
                printed = std::max(printed, child.readLine().trimmed().toInt());
        }
        child.kill(); // SIGKILL: no quit handler, no final save
        QVERIFY(child.waitForFinished());
        // The edits it printed before it died, including lines not read yet.
        for (const QByteArray &line : child.readAllStandardOutput().split('\n'))
            if (!line.trimmed().isEmpty())
                printed = std::max(printed, line.trimmed().toInt());
        QVERIFY2(printed >= killAfterEdits, qPrintable(QString::number(printed)));

        const AnnotationStore store(dir.path().toStdString());
        const auto loaded = store.load(dir.filePath(QStringLiteral("img.png")).toStdString());
        // Edits the child printed after the last save are the only ones that may be missing:
        // one interval of edits plus the timers' slack on a busy machine.
        const int slack = 4 * kAutosaveMs / kEditMs + 10;
        QVERIFY(loaded.status != AnnotationStore::Status::Damaged);
        if (loaded.status == AnnotationStore::Status::Missing) { // killed before the first save
            QVERIFY2(printed <= slack, qPrintable(QString::number(printed)));
            return;
        }
        QCOMPARE(int(loaded.annotation.objects.size()), kObjects);
        const int saved = lastSavedEdit(loaded.annotation);
        QVERIFY2(saved >= printed - slack, qPrintable(QStringLiteral("saved up to edit %1, printed %2").arg(saved).arg(printed)));
        QVERIFY(saved <= printed + 1); // an edit may be saved just before its line is printed
        // No temporary files left behind that a later run could mistake for annotations.
        QVERIFY(store.annotatedImages() == std::vector<std::string>{"img.png"});
    }
};

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc == 3 && QByteArray(argv[1]) == "--child")
        return runChild(QString::fromLocal8Bit(argv[2]));
    TestAutosaveCrash test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_autosavecrash.moc"
