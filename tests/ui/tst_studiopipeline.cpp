// The real window on the real pipeline (random-weight fixture checkpoints): open a
// folder, wait for masks, move each slider, edit, undo/redo, export, and survive a
// corrupt image. Random weights make meaningless masks, so the checks are about the
// application's behaviour, not about mask quality. Every test function gets its own
// window and freshly written settings (init()); one real engine is shared by them, so
// the encoders run once for the whole suite, whichever function comes first.
#include "appsettings.h"
#include "exportdialog.h"
#include "findsimilarpanel.h"
#include "fixtures.h"
#include "fixturesettings.h"
#include "imagebrowser.h"
#include "mainwindow.h"
#include "parameterpanel.h"
#include "pipelineengine.h"
#include "segmentationdocument.h"
#include "segmentationsession.h"
#include "similarcontroller.h"
#include "sliderfield.h"
#include "windowdriver.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <mutex>

using namespace dinosam;
using namespace dinosam::ui;

namespace {
constexpr int kFirstRunTimeoutMs = 240000; // both encoders on 2 busy CPU cores

QString signature(const SegmentationDocument *doc)
{
    QStringList parts;
    for (const DocumentObject &o : doc->objects())
        parts << QStringLiteral("%1@%2,%3").arg(o.object->area).arg(o.object->box.x).arg(o.object->box.y);
    return parts.join(QLatin1Char(';'));
}
bool sameSettings(const EngineSettings &a, const EngineSettings &b)
{
    return a.modelDir == b.modelDir && a.checkpoints == b.checkpoints && a.threads == b.threads &&
           a.cacheBytes == b.cacheBytes;
}

/// The real PipelineEngine behind every window of the suite. PipelineEngine rebuilds its
/// Pipeline (models and stage cache) on every configure(), and each new window configures
/// it: this passes configure() on only when the settings change, so the second window
/// finds the truck's encoder outputs cached. Everything else is forwarded unchanged.
class SharedEngine : public InferenceEngine
{
public:
    EngineStatus status(const SegmentationParams &params) const override { return m_inner.status(params); }
    EngineImage openImage(const std::string &path) override { return m_inner.openImage(path); }
    SegmentationResult segment(const EngineImage &image, const std::string &name, const SegmentationParams &params,
                               const ProgressFn &progress, const CancelFn &cancel) override
    {
        return m_inner.segment(image, name, params, progress, cancel);
    }
    SegmentedObject refine(const EngineImage &image, const SegmentationParams &params, const Prompt &prompt,
                           const CancelFn &cancel) override
    {
        return m_inner.refine(image, params, prompt, cancel);
    }
    bool supportsSpeculation() const override { return m_inner.supportsSpeculation(); }
    bool speculate(const EngineImage &image, const SegmentationParams &params, const CancelFn &cancel) override
    {
        return m_inner.speculate(image, params, cancel);
    }
    SimilarityResult findSimilar(const EngineImage &target, const EngineImage &example, const cv::Mat &exampleMask,
                                 const SimilarityParams &params, const std::vector<cv::Mat> &existing,
                                 const CancelFn &cancel) override
    {
        return m_inner.findSimilar(target, example, exampleMask, params, existing, cancel);
    }
    bool speculateSimilar(const EngineImage &target, const EngineImage &example, const cv::Mat &exampleMask,
                          const SimilarityParams &params, const std::vector<cv::Mat> &existing,
                          const CancelFn &cancel) override
    {
        return m_inner.speculateSimilar(target, example, exampleMask, params, existing, cancel);
    }
    std::vector<std::string> dinoModels() const override { return m_inner.dinoModels(); }
    std::vector<std::string> sam2Models() const override { return m_inner.sam2Models(); }
    void configure(const EngineSettings &settings) override
    {
        std::lock_guard lock(m_mutex);
        if (m_configured && sameSettings(settings, m_last))
            return;
        m_inner.configure(settings);
        m_last = settings;
        m_configured = true;
    }

private:
    PipelineEngine m_inner;
    std::mutex m_mutex;
    EngineSettings m_last;
    bool m_configured = false;
};

} // namespace

class TestStudioPipeline : public QObject
{
    Q_OBJECT
private:
    std::shared_ptr<SharedEngine> m_engine;
    std::unique_ptr<MainWindow> m_window;
    QTemporaryDir m_folder;
    MainWindow *w() { return m_window.get(); }
    SegmentationDocument *doc() { return m_window->document(); }

    void settle() { test::settle(w(), kFirstRunTimeoutMs); }

    /// Opens the folder (broken.jpg sorts first) and shows truck.jpg's masks, settled.
    void showTruck()
    {
        QSignalSpy shown(w(), &MainWindow::segmentationShown);
        QCOMPARE(w()->openFolder(m_folder.path()), 2);
        QVERIFY(w()->browser()->setCurrentPath(m_folder.filePath(QStringLiteral("truck.jpg"))));
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, kFirstRunTimeoutMs);
        settle();
    }

    /// Drag-and-release; the GUI thread must keep ticking while the worker computes.
    void dragAndWait(QSlider *slider, int value)
    {
        QVERIFY2(test::dragAndWait(w(), slider, value, 60000, kFirstRunTimeoutMs, 2) >= 1, "the GUI thread was blocked");
    }

private Q_SLOTS:
    void initTestCase()
    {
        DINOSAM_REQUIRE_FIXTURE("models/dinov2_vits14_reg4_random.pth");
        DINOSAM_REQUIRE_FIXTURE("models/sam2.1_hiera_tiny_random.pt");
        DINOSAM_REQUIRE_FIXTURE("images/truck.jpg");
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("DinoSamTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_studiopipeline"));
        QVERIFY(m_folder.isValid());
        QVERIFY(QFile::copy(test::fixturePath(QStringLiteral("images/truck.jpg")), m_folder.filePath(QStringLiteral("truck.jpg"))));
        QFile bad(m_folder.filePath(QStringLiteral("broken.jpg")));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("\xff\xd8\xff\xe0 not a JPEG at all");
        bad.close();
        m_engine = std::make_shared<SharedEngine>();
    }

    void init()
    {
        // The settings as the settings dialog stores them, written afresh: nothing a previous
        // function changed (the window saves parameters as they change) carries over.
        SegmentationParams params;
        params.numObjects = 10;
        params.minArea = 0;
        params.attentionThreshold = 0.3f;
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
        m_window.reset(); // joins the worker; the engine and its cache stay
    }

    void cleanupTestCase()
    {
        m_engine.reset();
        QSettings().clear();
    }

    void corruptImageShowsAnError()
    {
        QSignalSpy failed(w(), &MainWindow::imageFailed);
        QCOMPARE(w()->openFolder(m_folder.path()), 2); // broken.jpg sorts first
        QTRY_VERIFY_WITH_TIMEOUT(failed.count() == 1, 60000);
        QVERIFY(failed.at(0).at(0).toString().endsWith(QStringLiteral("broken.jpg")));
        QVERIFY(!failed.at(0).at(1).toString().isEmpty());
    }

    void modelOfAnotherVariantIsOneModelProblem()
    {
        // Issue 12.3 on the real pipeline: the register model's file chosen as the model without
        // registers. No model runs (loading fails), so this has its own engine and window.
        m_window.reset();
        AppSettings settings;
        settings.setCheckpointPath(QStringLiteral("dinov2_vits14"),
                                   test::fixturePath(QStringLiteral("models/dinov2_vits14_reg4_random.pth")));
        SegmentationParams params = settings.params();
        params.dinoModel = "dinov2_vits14";
        settings.setParams(params);
        auto engine = std::make_shared<PipelineEngine>();
        MainWindow window(engine);
        window.show();
        QSignalSpy problem(&window, &MainWindow::modelProblem);
        QSignalSpy failed(&window, &MainWindow::imageFailed);
        window.openPaths({m_folder.filePath(QStringLiteral("truck.jpg"))});
        QTRY_COMPARE_WITH_TIMEOUT(problem.count(), 1, 120000);
        QTRY_VERIFY_WITH_TIMEOUT(!window.session()->isBusy(), 60000);
        const QString message = problem.at(0).at(0).toString();
        QVERIFY2(message.contains(QStringLiteral("DINOv2 ViT-S/14 (4 registers) (dinov2_vits14_reg4), not DINOv2 ViT-S/14")),
                 qPrintable(message));
        QVERIFY2(!message.contains(QStringLiteral("unexpected")), qPrintable(message));
        QCOMPARE(failed.count(), 0); // not a broken image
        for (int i = 0; i < window.browser()->count(); ++i)
            QVERIFY(!window.browser()->item(i)->toolTip().contains(QStringLiteral("dinov2_vits14")));
        QVERIFY(window.engineMessage().contains(QStringLiteral("dinov2_vits14_reg4")));
    }

    void missingModelIsSaidInTheStudiosTerms()
    {
        // Issue 12.5: no wall of command-line advice in the window, what is missing and where.
        QTemporaryDir models;
        PipelineEngine engine;
        EngineSettings settings;
        settings.modelDir = models.path().toStdString();
        engine.configure(settings);
        SegmentationParams params;
        params.dinoModel = "dinov2_vits14_reg4";
        params.sam2Model = "sam2.1_hiera_tiny";
        const EngineStatus status = engine.status(params);
        QVERIFY(!status.ready);
        const QString message = QString::fromStdString(status.message);
        for (const QString &needle : {QStringLiteral("DINOv2 ViT-S/14 (4 registers) (dinov2_vits14_reg4) is not installed"),
                                      QStringLiteral("dinov2_vits14_reg4_pretrain.pth"), QStringLiteral("sam2.1_hiera_tiny.pt"),
                                      models.path()})
            QVERIFY2(message.contains(needle), qPrintable(message));
        for (const QString &cli : {QStringLiteral("dinosam models"), QStringLiteral("--dino-checkpoint"), QStringLiteral("https://")})
            QVERIFY2(!message.contains(cli), qPrintable(message));
        QCOMPARE(message.count(QLatin1Char('\n')), 1); // one line per model
    }

    void opensImageAndShowsMasks()
    {
        showTruck();
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(doc()->image().size(), QSize(1800, 1200));
        QVERIFY2(doc()->objectCount() > 0, "no objects with threshold 0.3 and no minimum area");
        QCOMPARE(doc()->result()->discoveryMap.cols, 1800);
        const auto &t = doc()->result()->timings;
        qInfo("first run: DINOv2 %.0f ms, SAM2 encoder %.0f ms, decode %.0f ms, %d objects",
              t.dinoMs, t.sam2EncodeMs, t.sam2DecodeMs, doc()->objectCount());
    }

    void thresholdSliderChangesMasks()
    {
        showTruck();
        if (QTest::currentTestFailed())
            return;
        const QString before = signature(doc());
        SliderField *f = w()->parameterPanel()->thresholdField();
        dragAndWait(f->slider(), 70); // 0.30 -> 0.70
        QCOMPARE(doc()->result()->params.attentionThreshold, 0.70f);
        QVERIFY2(signature(doc()) != before, qPrintable(before));
    }

    void objectsSliderChangesMasks()
    {
        showTruck();
        if (QTest::currentTestFailed())
            return;
        const int n = doc()->objectCount();
        if (n < 2) // one object cannot show a change of the count: lower the threshold first
            dragAndWait(w()->parameterPanel()->thresholdField()->slider(), 15);
        QVERIFY2(doc()->objectCount() >= 2, qPrintable(signature(doc())));
        dragAndWait(w()->parameterPanel()->objectsField()->slider(), 0); // value 1
        QCOMPARE(doc()->objectCount(), 1);
        dragAndWait(w()->parameterPanel()->objectsField()->slider(), 9); // value 10
        QVERIFY(doc()->objectCount() >= 2);
    }

    void minAreaSliderChangesMasks()
    {
        showTruck();
        if (QTest::currentTestFailed())
            return;
        int64_t smallest = std::numeric_limits<int64_t>::max();
        for (const DocumentObject &o : doc()->objects())
            smallest = std::min(smallest, o.object->area);
        const QString before = signature(doc());
        SliderField *f = w()->parameterPanel()->minAreaField();
        const int step = static_cast<int>(smallest / 100) + 1; // 100 px per slider step
        dragAndWait(f->slider(), step);
        for (const DocumentObject &o : doc()->objects())
            QVERIFY(o.object->area >= step * 100);
        QVERIFY(signature(doc()) != before);
    }

    void spectralMethodShowsResult()
    {
        showTruck();
        if (QTest::currentTestFailed())
            return;
        QSignalSpy shown(w(), &MainWindow::segmentationShown);
        QSignalSpy failed(w(), &MainWindow::imageFailed);
        w()->parameterPanel()->methodCombo()->setCurrentIndex(static_cast<int>(DiscoveryMethod::Spectral));
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() + failed.count() >= 1, kFirstRunTimeoutMs);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.at(0).at(1).toString()));
        settle();
        QCOMPARE(doc()->result()->params.method, DiscoveryMethod::Spectral);
        w()->parameterPanel()->methodCombo()->setCurrentIndex(static_cast<int>(DiscoveryMethod::Attention));
        settle();
        QCOMPARE(doc()->result()->params.method, DiscoveryMethod::Attention);
    }

    void undoRedoEdits()
    {
        showTruck();
        if (QTest::currentTestFailed())
            return;
        const QString original = signature(doc());
        const int n = doc()->objectCount();
        QVERIFY(n >= 1);
        doc()->setSelectedIndex(0);
        w()->action(QStringLiteral("delete"))->trigger();
        QCOMPARE(doc()->objectCount(), n - 1);
        w()->action(QStringLiteral("undo"))->trigger();
        QCOMPARE(signature(doc()), original);
        w()->action(QStringLiteral("redo"))->trigger();
        QCOMPARE(doc()->objectCount(), n - 1);
        w()->action(QStringLiteral("undo"))->trigger();
        QCOMPARE(signature(doc()), original);
    }

    void refineWithABoxUsesSam2()
    {
        showTruck();
        if (QTest::currentTestFailed())
            return;
        const int n = doc()->objectCount();
        doc()->setSelectedIndex(-1);
        Prompt prompt;
        prompt.box = cv::Rect2f(300, 300, 600, 400);
        QSignalSpy refined(w()->session(), &SegmentationSession::refineReady);
        w()->session()->requestRefine(w()->currentImage(), w()->parameterPanel()->params(), prompt, -1,
                                      doc()->generation());
        QTRY_VERIFY_WITH_TIMEOUT(refined.count() == 1, 60000);
        QTRY_COMPARE(doc()->objectCount(), n + 1);
        const SegmentedObject &added = *doc()->objects().back().object;
        QCOMPARE(added.mask.size(), cv::Size(1800, 1200));
        w()->action(QStringLiteral("undo"))->trigger();
        QCOMPARE(doc()->objectCount(), n);
    }

    void similaritySliderMovesAreCacheHitsAfterSpeculation()
    {
        showTruck();
        if (QTest::currentTestFailed())
            return;
        QVERIFY(doc()->objectCount() > 0);
        doc()->setSelectedIndex(0);
        FindSimilarPanel *panel = w()->similar()->panel();
        QSignalSpy speculated(w()->session(), &SegmentationSession::speculationFinished);
        QSignalSpy found(w()->session(), &SegmentationSession::similarFinished);
        panel->similarityField()->setValue(0.3);
        panel->findChild<QPushButton *>(QStringLiteral("findSimilarHere"))->click();
        QTRY_VERIFY_WITH_TIMEOUT(found.count() >= 1, kFirstRunTimeoutMs);
        // The worker then decodes every threshold's prompts in the background.
        QTRY_VERIFY_WITH_TIMEOUT(!speculated.isEmpty() && speculated.last().at(1).toBool(), kFirstRunTimeoutMs);
        settle();
        const int speculations = speculated.count();

        // A slider move: answered from the cache, no SAM2 decode, and nothing more to speculate.
        found.clear();
        panel->similarityField()->setValue(0.47);
        QTRY_VERIFY_WITH_TIMEOUT(found.count() >= 1, 60000);
        const auto outcome = found.last().at(0).value<EngineOutcome>();
        QVERIFY(outcome.similarReport && outcome.similarReport->results.size() == 1);
        const SimilarityResult &r = *outcome.similarReport->results.first();
        QCOMPARE(r.timings.sam2DecodeMs, 0.0);
        QCOMPARE(r.timings.encodersMs, 0.0);
        settle();
        QCOMPARE(speculated.count(), speculations);
    }

    void exportsFiles()
    {
        showTruck();
        if (QTest::currentTestFailed())
            return;
        QTemporaryDir out;
        QVERIFY(out.isValid());
        QSignalSpy finished(w(), &MainWindow::exportFinished);
        ExportChoice choice;
        choice.outputDir = out.path();
        w()->startExport(choice);
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 60000);
        const auto report = finished.at(0).at(0).value<ExportReport>();
        QCOMPARE(report.imagesDone, 1);
        QVERIFY(report.failures.isEmpty());
        const int n = doc()->objectCount();
        QCOMPARE(QDir(out.filePath(QStringLiteral("truck_masks"))).entryList({QStringLiteral("mask_*.png")}).size(), n);
        QCOMPARE(QImage(out.filePath(QStringLiteral("truck_masks/mask_000.png"))).size(), QSize(1800, 1200));
        QVERIFY(QFileInfo(out.filePath(QStringLiteral("coco.json"))).size() > 100);
        QVERIFY(QFileInfo::exists(out.filePath(QStringLiteral("truck_overlay.png"))));
        QVERIFY(QFileInfo::exists(out.filePath(QStringLiteral("truck_visualization.jpg"))));
        for (auto *box : w()->findChildren<QMessageBox *>())
            delete box;
    }
};

QTEST_MAIN(TestStudioPipeline)
#include "tst_studiopipeline.moc"
