// The video mode's GUI-side state without any model: frames from its own reader, the
// worker's per-frame masks replace what was known of a frame, presence runs for the
// timeline, stable colours, objects at a point, and a clear error for an unreadable input.
#include "fixtures.h"
#include "videodocument.h"

#include "export/maskrle.h"
#include "tracking/trackrecorder.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/imgproc.hpp>

using namespace dinosam;
using namespace dinosam::ui;

namespace {
/// A point for object masks: a filled rectangle on a 960x540 frame.
TrackPoint pointOf(const cv::Rect &r)
{
    cv::Mat mask = cv::Mat::zeros(540, 960, CV_8U);
    cv::rectangle(mask, r, cv::Scalar(255), cv::FILLED);
    TrackPoint p;
    p.box = r;
    p.area = cv::countNonZero(mask);
    p.score = 0.9f;
    p.rle = rleCountsToString(encodeMaskRle(mask));
    return p;
}
} // namespace

class TestVideoDocument : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_frames;

private Q_SLOTS:
    void initTestCase()
    {
        DINOSAM_REQUIRE_FIXTURE("videos/bedroom/00003.jpg");
        m_frames = m_dir.filePath(QStringLiteral("bedroom"));
        QVERIFY(QDir().mkpath(m_frames));
        for (int i = 0; i < 4; ++i) {
            const QString name = QStringLiteral("%1.jpg").arg(i, 5, 10, QLatin1Char('0'));
            QVERIFY(QFile::copy(test::fixturePath(QStringLiteral("videos/bedroom/") + name), m_frames + '/' + name));
        }
    }

    void framesAndTracks()
    {
        VideoDocument doc;
        doc.open(m_frames);
        QCOMPARE(doc.frameCount(), 4);
        QCOMPARE(doc.frameSize(), QSize(960, 540));
        QCOMPARE(doc.name(), QStringLiteral("bedroom"));
        QCOMPARE(doc.frameImage(2).size(), QSize(960, 540));
        doc.addObjects({{1, "bed", 0}, {2, "", 0}});
        QCOMPARE(doc.objectIds(), (std::vector<int64_t>{1, 2}));
        const QColor second = doc.color(2);
        doc.applyFrame({0, {{1, pointOf({10, 10, 100, 100})}, {2, pointOf({300, 300, 50, 50})}}});
        doc.applyFrame({1, {{1, pointOf({12, 10, 100, 100})}, {2, pointOf({300, 300, 50, 50})}}});
        doc.applyFrame({3, {{1, pointOf({20, 10, 100, 100})}}});
        QCOMPARE(doc.presence(1), (QList<QPair<int, int>>{{0, 1}, {3, 3}}));
        QCOMPARE(doc.presence(2), (QList<QPair<int, int>>{{0, 1}}));
        QCOMPARE(doc.trackedRuns(), (QList<QPair<int, int>>{{0, 1}, {3, 3}}));
        // A re-propagation's answer replaces the frame: object 2 gone from frame 1.
        doc.applyFrame({1, {{1, pointOf({14, 10, 100, 100})}}});
        QCOMPARE(doc.presence(2), (QList<QPair<int, int>>{{0, 0}}));
        const auto on1 = doc.objectsOn(1);
        QCOMPARE(on1.size(), size_t(1));
        QCOMPARE(on1[0].uid, 1);
        QCOMPARE(on1[0].object->box, cv::Rect(14, 10, 100, 100));
        QCOMPARE(on1[0].object->label, std::string("bed"));
        QCOMPARE(doc.objectAt(0, QPointF(320, 320)), int64_t(2));
        QCOMPARE(doc.objectAt(0, QPointF(600, 20)), int64_t(0));
        QCOMPARE(doc.overlay(0, doc.objectsOn(0), 1).size(), QSize(960, 540));
        // Removing one keeps the other's colour.
        doc.removeObject(1);
        QCOMPARE(doc.objectIds(), (std::vector<int64_t>{2}));
        QCOMPARE(doc.color(2), second);
        QVERIFY(doc.objectsOn(3).empty());
        doc.setHeatmap(2, QImage(4, 4, QImage::Format_RGB888));
        QCOMPARE(doc.keyframe(), 2);
        QCOMPARE(doc.discoveryFrames(), QList<int>{2});
    }

    void unreadableInputIsAnError()
    {
        QTemporaryDir empty;
        VideoDocument doc;
        QVERIFY_THROWS_EXCEPTION(std::exception, doc.open(empty.path()));
        QVERIFY(!doc.isOpen());
        QVERIFY_THROWS_EXCEPTION(std::exception, doc.open(empty.filePath(QStringLiteral("missing.mp4"))));
    }
};

QTEST_GUILESS_MAIN(TestVideoDocument)
#include "tst_videodocument.moc"
