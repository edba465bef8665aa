// FindSimilarPanel::progressText: the folder run's "12 / 50 images, about 40 s left".
#include "findsimilarpanel.h"

#include <QtTest>

using dinosam::ui::FindSimilarPanel;

class TestSimilarProgress : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void text_data()
    {
        QTest::addColumn<int>("done");
        QTest::addColumn<int>("total");
        QTest::addColumn<double>("elapsed");
        QTest::addColumn<QString>("expected");
        QTest::newRow("nothing done yet") << 0 << 50 << 3.0 << QStringLiteral("0 / 50 images");
        QTest::newRow("5 s steps") << 12 << 50 << 12.6 << QStringLiteral("12 / 50 images, about 40 s left"); // 39.9 s
        QTest::newRow("seconds below 10") << 1 << 3 << 2.2 << QStringLiteral("1 / 3 images, about 5 s left"); // 4.4 s
        QTest::newRow("at least 1 s") << 9 << 10 << 0.9 << QStringLiteral("9 / 10 images, about 1 s left");
        QTest::newRow("minutes") << 10 << 100 << 60.0 << QStringLiteral("10 / 100 images, about 9 min left");
        QTest::newRow("just under a minute is one") << 1 << 2 << 58.0 << QStringLiteral("1 / 2 images, about 1 min left");
        QTest::newRow("hours") << 1 << 1000 << 20.0 << QStringLiteral("1 / 1000 images, about 5 h 33 min left");
        QTest::newRow("all done") << 50 << 50 << 100.0 << QStringLiteral("50 / 50 images");
        QTest::newRow("one image") << 0 << 1 << 0.0 << QStringLiteral("0 / 1 image");
        QTest::newRow("no clock yet") << 3 << 10 << 0.0 << QStringLiteral("3 / 10 images");
        QTest::newRow("done beyond total") << 7 << 5 << 4.0 << QStringLiteral("5 / 5 images");
        QTest::newRow("negative done") << -2 << 5 << 4.0 << QStringLiteral("0 / 5 images");
        QTest::newRow("no images") << 0 << 0 << 1.0 << QString();
    }
    void text()
    {
        QFETCH(int, done);
        QFETCH(int, total);
        QFETCH(double, elapsed);
        QFETCH(QString, expected);
        QCOMPARE(FindSimilarPanel::progressText(done, total, elapsed), expected);
    }
};

QTEST_GUILESS_MAIN(TestSimilarProgress)
#include "tst_similarprogress.moc"
