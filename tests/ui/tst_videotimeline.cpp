// The video timeline widget: frames map to x and back, clicks and drags ask for frames,
// keys step, a click on a row's label selects its object, rows shrink when there are many.
#include "videotimeline.h"

#include <QSignalSpy>
#include <QtTest>

using namespace dinosam::ui;

class TestVideoTimeline : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void framesMapToXAndBack()
    {
        VideoTimeline t;
        t.resize(1000, t.sizeHint().height());
        t.setFrameCount(300);
        for (int f : {0, 1, 150, 298, 299})
            QCOMPARE(t.frameAt(t.xOf(f)), f);
        QCOMPARE(t.frameAt(-50), 0);
        QCOMPARE(t.frameAt(5000), 299);
        t.setCurrentFrame(1000); // clamped
        QCOMPARE(t.currentFrame(), 299);
    }

    void clicksDragsAndKeysAskForFrames()
    {
        VideoTimeline t;
        t.resize(800, t.sizeHint().height());
        t.setFrameCount(10);
        t.show();
        QVERIFY(QTest::qWaitForWindowExposed(&t));
        QSignalSpy asked(&t, &VideoTimeline::frameRequested);
        QTest::mouseClick(&t, Qt::LeftButton, {}, QPoint(t.xOf(7), t.height() / 2));
        QCOMPARE(asked.takeLast().at(0).toInt(), 7);
        QTest::mousePress(&t, Qt::LeftButton, {}, QPoint(t.xOf(2), 5));
        QMouseEvent move(QEvent::MouseMove, QPointF(t.xOf(4), 5), t.mapToGlobal(QPointF(t.xOf(4), 5)), Qt::NoButton,
                         Qt::LeftButton, {});
        QCoreApplication::sendEvent(&t, &move);
        QTest::mouseRelease(&t, Qt::LeftButton, {}, QPoint(t.xOf(4), 5));
        QCOMPARE(asked.takeLast().at(0).toInt(), 4); // dragged there
        t.setCurrentFrame(4);
        QTest::keyClick(&t, Qt::Key_Right);
        QCOMPARE(asked.takeLast().at(0).toInt(), 5);
        QTest::keyClick(&t, Qt::Key_End);
        QCOMPARE(asked.takeLast().at(0).toInt(), 9);
        QTest::keyClick(&t, Qt::Key_Home);
        QCOMPARE(asked.takeLast().at(0).toInt(), 0);
        t.setCurrentFrame(0);
        QTest::keyClick(&t, Qt::Key_Left);
        QCOMPARE(asked.takeLast().at(0).toInt(), 0); // not before the first frame
    }

    void rowsSelectTheirObjectAndShrink()
    {
        VideoTimeline t;
        t.setFrameCount(20);
        QList<VideoTimeline::Track> tracks;
        for (int id = 1; id <= 3; ++id)
            tracks.append({id, Qt::red, QStringLiteral("Object %1").arg(id), {{0, 9}, {12, 19}}});
        t.setTracks(tracks);
        t.resize(600, t.sizeHint().height());
        t.show();
        QVERIFY(QTest::qWaitForWindowExposed(&t));
        QSignalSpy clicked(&t, &VideoTimeline::trackClicked);
        QTest::mouseClick(&t, Qt::LeftButton, {}, QPoint(20, t.rowCenter(2)));
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.at(0).at(0).toLongLong(), 2);
        QVERIFY(t.rowCenter(3) > t.rowCenter(2));
        QCOMPARE(t.rowCenter(42), -1);
        const int heightFor3 = t.sizeHint().height();
        for (int id = 4; id <= 40; ++id)
            tracks.append({id, Qt::blue, QString(), {}});
        t.setTracks(tracks);
        QVERIFY(t.sizeHint().height() <= heightFor3 + 14 * 3); // 40 rows fit in the height of ~6
        QVERIFY(t.rowCenter(40) < t.sizeHint().height());
    }
};

QTEST_MAIN(TestVideoTimeline)
#include "tst_videotimeline.moc"
