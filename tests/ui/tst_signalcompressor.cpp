#include "signalcompressor.h"

#include <QSignalSpy>
#include <QtTest>

using dinosam::ui::SignalCompressor;

class TestSignalCompressor : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void firstTriggerFiresAtOnce()
    {
        SignalCompressor c(40);
        QSignalSpy spy(&c, &SignalCompressor::timeout);
        c.start();
        QCOMPARE(spy.count(), 1); // synchronous, no event loop needed
    }

    void burstIsMergedIntoOneTrailingEmission()
    {
        SignalCompressor c(40);
        QSignalSpy spy(&c, &SignalCompressor::timeout);
        for (int i = 0; i < 100; ++i)
            c.start();
        QCOMPARE(spy.count(), 1);
        QVERIFY(!c.isIdle());
        QTRY_COMPARE(spy.count(), 2);
        // Quiet: the interval after the trailing emission ends without another one.
        QTRY_VERIFY(c.isIdle());
        QCOMPARE(spy.count(), 2);
        c.start(); // idle again: the next trigger fires at once
        QCOMPARE(spy.count(), 3);
    }

    void flushEmitsPendingImmediately()
    {
        SignalCompressor c(1000);
        QSignalSpy spy(&c, &SignalCompressor::timeout);
        c.start();
        c.start();
        QCOMPARE(spy.count(), 1);
        c.flush();
        QCOMPARE(spy.count(), 2);
        c.flush(); // nothing pending
        QCOMPARE(spy.count(), 2);
    }
};

QTEST_GUILESS_MAIN(TestSignalCompressor)
#include "tst_signalcompressor.moc"
