// The studio's disk feature cache (issue 17): the saved settings reach the engine, and an
// image encoded by one studio session (or by `dinosam precompute`: the same folder and
// format) is segmented by the next one from the cache, without an encoder run.
#include "appsettings.h"
#include "fixtures.h"
#include "fixturesettings.h"
#include "pipelineengine.h"

#include "pipeline/pipeline.h"

#include <QCoreApplication>
#include <QFile>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace dinosam;
using namespace dinosam::ui;

namespace {

SegmentationParams fixtureParams()
{
    SegmentationParams params;
    params.dinoModel = "dinov2_vits14_reg4";
    params.sam2Model = "sam2.1_hiera_tiny";
    params.numObjects = 3;
    params.minArea = 0;
    params.attentionThreshold = 0.3f;
    return params;
}

const std::vector<std::string> kModels{"dinov2_vits14_reg4", "sam2.1_hiera_tiny"};

} // namespace

class TestStudioDiskCache : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        DINOSAM_REQUIRE_FIXTURE("models/dinov2_vits14_reg4_random.pth");
        DINOSAM_REQUIRE_FIXTURE("models/sam2.1_hiera_tiny_random.pt");
        DINOSAM_REQUIRE_FIXTURE("images/truck.jpg");
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("DinoSamTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_studiodiskcache"));
    }

    void settingsReachTheEngine()
    {
        test::writeFixtureStudioSettings();
        AppSettings settings;
        // Tests opt in: in test mode the default is off, so no test shares the user's cache.
        QVERIFY(!settings.diskCacheEnabled());
        QVERIFY(!engineSettings(settings, kModels).diskCache);

        settings.setDiskCacheEnabled(true);
        EngineSettings es = engineSettings(settings, kModels);
        QVERIFY(es.diskCache);
        QVERIFY(es.diskCacheDir.empty()); // the engine takes the CLI's default folder
        QCOMPARE(es.diskCacheBytes, uint64_t(10) << 30);

        settings.setDiskCacheDir(QStringLiteral("/somewhere/features"));
        settings.setDiskCacheGigabytes(3);
        es = engineSettings(settings, kModels);
        QCOMPARE(QString::fromStdString(es.diskCacheDir), QStringLiteral("/somewhere/features"));
        QCOMPARE(es.diskCacheBytes, uint64_t(3) << 30);
        QCOMPARE(es.checkpoints.size(), size_t(2));
        QCOMPARE(es.threads, 2);
    }

    void aReopenedImageIsSegmentedFromTheDiskCache()
    {
        QTemporaryDir cache;
        QVERIFY(cache.isValid());
        test::writeFixtureStudioSettings();
        AppSettings settings;
        settings.setDiskCacheEnabled(true);
        settings.setDiskCacheDir(cache.filePath(QStringLiteral("features")));
        const EngineSettings es = engineSettings(settings, kModels);
        const std::string truck = test::fixturePath(QStringLiteral("images/truck.jpg")).toStdString();

        size_t firstObjects = 0;
        {
            PipelineEngine first; // the first session: both encoders run, their outputs go to disk
            first.configure(es);
            const EngineImage image = first.openImage(truck);
            firstObjects = first.segment(image, "truck.jpg", fixtureParams(), {}, {}).objects.size();
            const PipelineCacheStats stats = first.cacheStats();
            QCOMPARE(stats.diskHits, uint64_t(0));
            QVERIFY2(stats.diskWrites >= 2, qPrintable(QString::number(stats.diskWrites))); // DINOv2 and SAM2
            QVERIFY(first.diskCacheProblem().empty());
        }
        PipelineEngine second; // a new session (new pipeline, empty memory cache), the same folder
        second.configure(es);
        const EngineImage image = second.openImage(truck);
        const SegmentationResult result = second.segment(image, "truck.jpg", fixtureParams(), {}, {});
        const PipelineCacheStats stats = second.cacheStats();
        qInfo("second session: %llu disk hits, %llu misses, %zu objects (first session: %zu)",
              static_cast<unsigned long long>(stats.diskHits), static_cast<unsigned long long>(stats.diskMisses),
              result.objects.size(), firstObjects);
        QVERIFY2(stats.diskHits >= 2, qPrintable(QString::number(stats.diskHits)));
        QCOMPARE(stats.diskMisses, uint64_t(0)); // no encoder ran
        QCOMPARE(stats.diskWrites, uint64_t(0));
        QVERIFY(!result.objects.empty());
    }

    void anUnusableCacheFolderTurnsTheCacheOffAndSaysWhy()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile blocker(dir.filePath(QStringLiteral("file")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        test::writeFixtureStudioSettings();
        AppSettings settings;
        settings.setDiskCacheEnabled(true);
        settings.setDiskCacheDir(dir.filePath(QStringLiteral("file/features"))); // under a file
        PipelineEngine engine;
        engine.configure(engineSettings(settings, kModels));
        // Segmentation still works, without the disk cache, and the reason is kept.
        const EngineImage image = engine.openImage(test::fixturePath(QStringLiteral("images/truck.jpg")).toStdString());
        QVERIFY(!image.key.empty());
        QVERIFY2(!engine.diskCacheProblem().empty(), "no reason given");
        QCOMPARE(engine.cacheStats().diskWrites, uint64_t(0));
    }
};

QTEST_GUILESS_MAIN(TestStudioDiskCache)
#include "tst_studiodiskcache.moc"
