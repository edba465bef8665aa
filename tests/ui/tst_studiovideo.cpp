// The studio's video mode on the real window and the real pipeline (random-weight fixture
// checkpoints, the first 3 bedroom frames as a frame folder): open the sequence, discover,
// propagate (the GUI thread keeps ticking), scrub (masks per frame from the GUI's RLE cache,
// no job and so no model run), correct one frame with the box tool, re-propagate (the
// correction sticks), export (the CLI's files exist and parse); cancel keeps the frames so
// far; an unreadable video is refused; an image brings the image mode back. Random weights
// make meaningless masks: the checks are about the application's behaviour.
#include "appsettings.h"
#include "fixtures.h"
#include "fixturesettings.h"
#include "imagepanel.h"
#include "mainwindow.h"
#include "objectlistwidget.h"
#include "pipelineengine.h"
#include "segmentationsession.h"
#include "threepanelview.h"
#include "videocontroller.h"
#include "videodocument.h"
#include "videopanel.h"
#include "videotimeline.h"

#include "tracking/trackrecorder.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QToolButton>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>

using namespace dinosam;
using namespace dinosam::ui;

namespace {
constexpr int kFrames = 3;
constexpr int kRunTimeoutMs = 600000; // SAM2 tracking costs ~1-3 s per frame and object here

QJsonObject readJson(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

/// The RLE of object @p id on @p frame as the GUI keeps it ("" when absent).
std::string rleOf(const VideoDocument *doc, int64_t id, int frame)
{
    const auto &frames = doc->tracks().objects().at(id).frames;
    const auto it = frames.find(frame);
    return it == frames.end() ? std::string() : it->second.rle;
}
} // namespace

class TestStudioVideo : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_frames;
    std::shared_ptr<PipelineEngine> m_engine;
    std::unique_ptr<MainWindow> m_window;
    MainWindow *w() { return m_window.get(); }
    VideoController *video() { return m_window->video(); }

    QToolButton *button(const char *action)
    {
        return w()->findChild<QToolButton *>(QString::fromLatin1(action) + QStringLiteral("Button"));
    }

    /// Clicks a video button and waits until every video request has ended.
    void clickAndWait(const char *action)
    {
        QToolButton *b = button(action);
        QVERIFY2(b && b->isEnabled(), action);
        QTest::mouseClick(b, Qt::LeftButton);
        QVERIFY(video()->isBusy());
        QTRY_VERIFY_WITH_TIMEOUT(!video()->isBusy(), kRunTimeoutMs);
    }

    /// Opens the frames and discovers on the first; returns the first track's id (0: failed).
    int64_t openAndDiscover()
    {
        [&] {
            QVERIFY(video()->open(m_frames));
            clickAndWait("videoDiscover");
        }();
        const auto ids = video()->document()->objectIds();
        return ids.empty() ? 0 : ids.front();
    }

    void scrubTo(int frame)
    {
        VideoTimeline *timeline = video()->panel()->timeline();
        QTest::mouseClick(timeline, Qt::LeftButton, {}, QPoint(timeline->xOf(frame), timeline->height() / 2));
    }

private Q_SLOTS:
    void initTestCase()
    {
        DINOSAM_REQUIRE_FIXTURE("models/dinov2_vits14_reg4_random.pth");
        DINOSAM_REQUIRE_FIXTURE("models/sam2.1_hiera_tiny_random.pt");
        DINOSAM_REQUIRE_FIXTURE("videos/bedroom/00002.jpg");
        DINOSAM_REQUIRE_FIXTURE("images/truck.jpg");
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("DinoSamTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_studiovideo"));
        QVERIFY(m_dir.isValid());
        m_frames = m_dir.filePath(QStringLiteral("bedroom"));
        QVERIFY(QDir().mkpath(m_frames));
        for (int i = 0; i < kFrames; ++i) {
            const QString name = QStringLiteral("%1.jpg").arg(i, 5, 10, QLatin1Char('0'));
            QVERIFY(QFile::copy(test::fixturePath(QStringLiteral("videos/bedroom/") + name), m_frames + '/' + name));
        }
        m_engine = std::make_shared<PipelineEngine>();
    }

    void init()
    {
        SegmentationParams params;
        params.numObjects = 1; // each tracked object costs seconds per frame
        test::writeFixtureStudioSettings(params);
        m_window = std::make_unique<MainWindow>(m_engine);
        m_window->resize(1400, 900);
        m_window->show();
        QVERIFY2(w()->engineMessage().isEmpty(), qPrintable(w()->engineMessage()));
    }

    void cleanup()
    {
        if (!m_window)
            return;
        for (auto *box : m_window->findChildren<QMessageBox *>())
            delete box;
        m_window.reset(); // joins the worker
    }

    void cleanupTestCase()
    {
        m_engine.reset();
        QSettings().clear();
    }

    void discoverPropagateScrubCorrectExport()
    {
        // Open: the window switches to video mode.
        QVERIFY(video()->open(m_frames));
        QVERIFY(video()->isActive());
        QVERIFY(video()->panel()->isVisible());
        QCOMPARE(video()->panel()->timeline()->frameCount(), kFrames);
        QVERIFY2(w()->windowTitle().startsWith(QStringLiteral("bedroom")), qPrintable(w()->windowTitle()));
        QVERIFY(w()->action(QStringLiteral("videoNextFrame"))->isEnabled());

        // Discover on the frame shown (the first).
        const int segmentJobs = w()->session()->segmentJobsStarted();
        clickAndWait("videoDiscover");
        VideoDocument *doc = video()->document();
        QVERIFY2(!doc->objectIds().empty(), "discovery found nothing on the first frame");
        const int64_t id = doc->objectIds().front();
        QCOMPARE(doc->keyframe(), 0);
        QVERIFY(!rleOf(doc, id, 0).empty());
        QVERIFY(w()->objectList()->topLevelItemCount() >= 1);
        QCOMPARE(w()->view()->title(ThreePanelView::Heatmap), QStringLiteral("Discovery map of frame 1"));
        QCOMPARE(video()->panel()->timeline()->tracks().size(), qsizetype(doc->objectIds().size()));

        // Propagate forward: frames arrive one by one, the GUI thread keeps ticking.
        QSignalSpy frames(w()->session(), &SegmentationSession::videoFrameTracked);
        int ticks = 0;
        QTimer ticker;
        connect(&ticker, &QTimer::timeout, [&ticks] { ++ticks; });
        ticker.start(5);
        clickAndWait("videoPropagateForward");
        ticker.stop();
        QCOMPARE(frames.count(), kFrames);
        QVERIFY2(ticks >= 5, "the GUI thread was blocked while tracking");
        QCOMPARE(doc->tracks().frames(), (std::set<int64_t>{0, 1, 2}));
        QCOMPARE(doc->trackedRuns(), (QList<QPair<int, int>>{{0, 2}}));
        QVERIFY(!video()->panel()->timeline()->tracks().front().spans.isEmpty());

        // Scrub: every frame from the RLE cache; no job goes to the worker, so no model runs.
        const int jobs = w()->session()->jobsStarted();
        QSet<QString> overlays;
        for (int f : {2, 1, 0, 1, 2}) {
            scrubTo(f);
            QCOMPARE(video()->currentFrame(), f);
            QCOMPARE(video()->panel()->timeline()->currentFrame(), f);
            QCOMPARE(w()->view()->title(ThreePanelView::Masks), QStringLiteral("Tracked masks of frame %1").arg(f + 1));
            // The list shows this frame's objects with this frame's areas.
            const auto present = doc->objectsOn(f);
            QCOMPARE(w()->objectList()->topLevelItemCount(), int(present.size()));
            for (size_t i = 0; i < present.size(); ++i)
                QCOMPARE(w()->objectList()->topLevelItem(int(i))->text(3), QLocale().toString(qlonglong(present[i].object->area)));
            overlays << QString::fromStdString(rleOf(doc, id, f));
        }
        w()->action(QStringLiteral("videoPreviousFrame"))->trigger(); // ← steps back
        QCOMPARE(video()->currentFrame(), 1);
        QCOMPARE(w()->session()->jobsStarted(), jobs);
        QVERIFY2(overlays.size() >= 2, "the masks are the same on every frame");

        // Correct frame 1 with the box tool (the object selected), which re-propagates from there.
        video()->setSelectedObject(id);
        QCOMPARE(video()->selectedObject(), id);
        w()->action(QStringLiteral("toolBox"))->trigger();
        ImagePanel *panel = w()->view()->panel(ThreePanelView::Masks);
        const std::string before = rleOf(doc, id, 1);
        QSignalSpy finished(video(), &VideoController::requestFinished);
        const QPoint a = panel->mapFromScene(QPointF(600, 300));
        const QPoint b = panel->mapFromScene(QPointF(900, 500));
        QTest::mousePress(panel->viewport(), Qt::LeftButton, {}, a);
        QMouseEvent move(QEvent::MouseMove, QPointF(b), panel->viewport()->mapToGlobal(QPointF(b)), Qt::NoButton,
                         Qt::LeftButton, {});
        QCoreApplication::sendEvent(panel->viewport(), &move);
        QTest::mouseRelease(panel->viewport(), Qt::LeftButton, {}, b);
        QVERIFY(video()->isBusy());
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), kRunTimeoutMs); // the correction
        QCOMPARE(finished.at(0).at(1).value<VideoOp>(), VideoOp::Correct);
        QVERIFY(finished.at(0).at(2).toBool());
        const std::string corrected = rleOf(doc, id, 1);
        QVERIFY2(corrected != before, "the box changed nothing on frame 1");
        QTRY_VERIFY_WITH_TIMEOUT(!video()->isBusy(), kRunTimeoutMs); // its propagation from frame 1
        QCOMPARE(finished.size(), 2);
        QCOMPARE(finished.at(1).at(1).value<VideoOp>(), VideoOp::Propagate);
        QCOMPARE(rleOf(doc, id, 1), corrected);

        // Propagating again from the first frame passes over the correction: it sticks.
        w()->action(QStringLiteral("toolNavigate"))->trigger();
        scrubTo(0);
        clickAndWait("videoPropagateForward");
        QCOMPARE(rleOf(doc, id, 1), corrected);
        QCOMPARE(w()->session()->segmentJobsStarted(), segmentJobs); // no image segmentation in video mode

        // Export: the CLI's layout, every file parses.
        QTemporaryDir out;
        QSignalSpy exported(video(), &VideoController::exportFinished);
        QVERIFY(video()->exportTo(out.path()) != 0);
        QTRY_VERIFY_WITH_TIMEOUT(!exported.isEmpty(), 60000);
        const QStringList files = exported.at(0).at(0).toStringList();
        QCOMPARE(files.size(), 4);
        for (const QString &f : files)
            QVERIFY2(QFileInfo::exists(f), qPrintable(f));
        const QJsonObject tracks = readJson(out.filePath(QStringLiteral("bedroom_tracks.json")));
        QCOMPARE(tracks.value(QStringLiteral("frames")).toInt(), kFrames);
        QCOMPARE(tracks.value(QStringLiteral("frames_tracked")).toInt(), kFrames);
        QCOMPARE(tracks.value(QStringLiteral("objects")).toArray().size(), qsizetype(doc->objectIds().size()));
        const QJsonObject coco = readJson(out.filePath(QStringLiteral("bedroom_coco_video.json")));
        QCOMPARE(coco.value(QStringLiteral("videos")).toArray().at(0).toObject().value(QStringLiteral("length")).toInt(),
                 kFrames);
        QCOMPARE(coco.value(QStringLiteral("annotations")).toArray().size(), qsizetype(doc->objectIds().size()));
        const QString png = out.filePath(QStringLiteral("bedroom_masks/frame_000001/mask_%1.png").arg(id, 3, 10, QLatin1Char('0')));
        const cv::Mat mask = cv::imread(png.toStdString(), cv::IMREAD_GRAYSCALE);
        QCOMPARE(mask.size(), cv::Size(960, 540));
        QCOMPARE(int64_t(cv::countNonZero(mask)), doc->tracks().objects().at(id).frames.at(1).area);
    }

    void cancelKeepsTheFramesSoFar()
    {
        const int64_t id = openAndDiscover();
        QVERIFY(id > 0);
        QSignalSpy finished(video(), &VideoController::requestFinished);
        QTest::mouseClick(button("videoPropagateForward"), Qt::LeftButton);
        QPushButton *cancel = video()->panel()->cancelButton();
        QVERIFY(cancel->isVisible());
        QTest::mouseClick(cancel, Qt::LeftButton); // before the first frame is done
        QTRY_VERIFY_WITH_TIMEOUT(!video()->isBusy(), kRunTimeoutMs);
        QVERIFY(!cancel->isVisible());
        const std::set<int64_t> tracked = video()->document()->tracks().frames();
        QVERIFY2(tracked.size() < size_t(kFrames), "nothing was cancelled");
        QVERIFY(tracked.count(0)); // the frames so far are kept
        // The click may land before the worker starts the job or during its first frame: both
        // tell the user that nothing tracked was lost.
        QVERIFY2(w()->statusText().contains(QStringLiteral("kept")), qPrintable(w()->statusText()));
    }

    void unreadableVideoIsRefused()
    {
        QTemporaryDir dir;
        QFile bad(dir.filePath(QStringLiteral("clip.mp4")));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("not a video at all");
        bad.close();
        QSignalSpy failed(video(), &VideoController::failed);
        QVERIFY(!video()->open(bad.fileName()));
        QVERIFY(!video()->isActive());
        QVERIFY(!video()->panel()->isVisible());
        QCOMPARE(failed.count(), 1);
        QVERIFY2(failed.at(0).at(0).toString().contains(QStringLiteral("clip.mp4")), qPrintable(failed.at(0).at(0).toString()));
        QCOMPARE(w()->session()->jobsStarted(), 0);
    }

    void anImageBringsTheImageModeBack()
    {
        QVERIFY(video()->open(m_frames));
        QVERIFY(w()->action(QStringLiteral("videoDiscover"))->isEnabled());
        QVERIFY(w()->openPaths({test::fixturePath(QStringLiteral("images/truck.jpg"))}) >= 1);
        QVERIFY(!video()->isActive());
        QVERIFY(!video()->panel()->isVisible());
        QVERIFY(!w()->action(QStringLiteral("videoDiscover"))->isEnabled());
        QVERIFY(!w()->action(QStringLiteral("videoNextFrame"))->isEnabled()); // the arrows are the widgets' again
        QCOMPARE(w()->view()->title(ThreePanelView::Heatmap), QStringLiteral("Discovery map"));
        QVERIFY(w()->windowTitle().startsWith(QStringLiteral("truck.jpg")));
        w()->session()->cancelAll();
    }
};

QTEST_MAIN(TestStudioVideo)
#include "tst_studiovideo.moc"
