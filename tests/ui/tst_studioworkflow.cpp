// What a new user hit in the real window (issue 12, 1-8 and 10; issue 11 section 5),
// each on its own window with a fake engine, so every function runs alone and in any order.
#include "actionregistry.h"
#include "appsettings.h"
#include "exportdialog.h"
#include "fakeengine.h"
#include "fixtures.h"
#include "helpdialog.h"
#include "histogramplot.h"
#include "imagebrowser.h"
#include "languagemanager.h"
#include "mainwindow.h"
#include "modelfilerow.h"
#include "objectlistwidget.h"
#include "parameterpanel.h"
#include "segmentationdocument.h"
#include "segmentationsession.h"
#include "settingsdialog.h"
#include "sliderfield.h"
#include "studiostatusbar.h"
#include "threepanelview.h"
#include "timingplot.h"
#include "welcomedialog.h"
#include "windowdriver.h"

#include "modelmanager/modelmanager.h"
#include "models/catalog/modelcatalog.h"

#include <QAction>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QCryptographicHash>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QToolButton>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <mutex>

using namespace dinosam;
using namespace dinosam::ui;

namespace {

/// A fake engine whose models cannot be loaded: every run fails as a model problem.
class BrokenModelEngine : public test::FakeEngine
{
public:
    std::atomic<int> attempts{0};
    SegmentationResult segment(const EngineImage &, const std::string &, const SegmentationParams &,
                               const ProgressFn &, const CancelFn &) override
    {
        ++attempts;
        throw EngineError(ErrorKind::Model, "dinov2_vits14: 1 unexpected keys: register_tokens");
    }
};

/// Offers every model of the catalogue, as the real engine does (the fake offers only the defaults).
class CatalogueEngine : public test::FakeEngine
{
public:
    std::vector<std::string> dinoModels() const override { return ModelCatalog::dinoIds(); }
    std::vector<std::string> sam2Models() const override { return ModelCatalog::sam2Ids(); }
};

/// Fails as the pipeline does while dinov2_vits14 is read from a register model's file, and
/// records the settings it is given.
class WrongVariantEngine : public CatalogueEngine
{
public:
    std::atomic<int> failures{0};
    void configure(const EngineSettings &settings) override
    {
        std::lock_guard lock(m_settingsMutex);
        m_last = settings;
    }
    EngineSettings lastSettings()
    {
        std::lock_guard lock(m_settingsMutex);
        return m_last;
    }
    SegmentationResult segment(const EngineImage &image, const std::string &name, const SegmentationParams &params,
                               const ProgressFn &progress, const CancelFn &cancel) override
    {
        if (params.dinoModel == "dinov2_vits14") {
            ++failures;
            throw EngineError(ErrorKind::Model, "cannot load model 'dinov2_vits14' from dino.pth: the file is DINOv2 "
                                                "ViT-S/14 (4 registers) (dinov2_vits14_reg4), not DINOv2 ViT-S/14");
        }
        return FakeEngine::segment(image, name, params, progress, cancel);
    }

private:
    std::mutex m_settingsMutex;
    EngineSettings m_last;
};

/// Reports the pipeline's "discovery" stage, as the real one does, before running.
class DiscoveryStageEngine : public test::FakeEngine
{
public:
    SegmentationResult segment(const EngineImage &image, const std::string &name, const SegmentationParams &params,
                               const ProgressFn &progress, const CancelFn &cancel) override
    {
        if (progress)
            progress(0.5, "discovery");
        return FakeEngine::segment(image, name, params, progress, cancel);
    }
};

/// Accepts (or rejects) the next modal dialog of type D once it is shown, after @p edit.
template <class D>
void whenDialogShown(std::function<void(D *)> edit, bool accept = true)
{
    auto *timer = new QTimer;
    timer->setInterval(10);
    QObject::connect(timer, &QTimer::timeout, [timer, edit, accept] {
        auto *d = qobject_cast<D *>(QApplication::activeModalWidget());
        if (!d)
            return;
        timer->stop();
        timer->deleteLater();
        if (edit)
            edit(d);
        QDialog *dialog = d; // QFileDialog's accept() is protected; QDialog's is public
        accept ? dialog->accept() : dialog->reject();
    });
    timer->start();
}

} // namespace

class TestStudioWorkflow : public QObject
{
    Q_OBJECT
private:
    std::shared_ptr<test::FakeEngine> m_engine;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<QTemporaryDir> m_folder;

    MainWindow *w() { return m_window.get(); }
    SegmentationDocument *doc() { return m_window->document(); }

    /// A fresh window (with @p engine, or a fast fake one) and a folder of three images.
    void makeWindow(std::shared_ptr<test::FakeEngine> engine = {})
    {
        m_engine = engine ? std::move(engine) : std::make_shared<test::FakeEngine>();
        m_engine->firstRunMs = std::min(m_engine->firstRunMs.load(), 60);
        m_engine->cheapRunMs = 10;
        m_window = std::make_unique<MainWindow>(m_engine);
        m_window->resize(1400, 900);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    /// Opens the folder and waits for truck.jpg's masks, with at least four objects.
    void openTruck()
    {
        SegmentationParams p = w()->parameterPanel()->params();
        p.numObjects = 8;
        p.minArea = 0;
        p.attentionThreshold = 0.3f;
        w()->parameterPanel()->setParams(p);
        QSignalSpy shown(w(), &MainWindow::segmentationShown);
        QCOMPARE(w()->openFolder(m_folder->path()), 3);
        w()->browser()->setCurrentPath(m_folder->filePath(QStringLiteral("truck.jpg")));
        QTRY_VERIFY_WITH_TIMEOUT(doc()->result() && w()->currentImage().endsWith(QStringLiteral("truck.jpg")), 10000);
        test::settle(w(), 10000);
        QVERIFY2(doc()->objectCount() >= 4, qPrintable(QString::number(doc()->objectCount())));
    }

    QRect rowRect(int row)
    {
        return w()->objectList()->visualItemRect(w()->objectList()->topLevelItem(row));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("DinoSamTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_studioworkflow"));
        DINOSAM_REQUIRE_FIXTURE("images/truck.jpg");
    }

    void init()
    {
        QSettings().clear();
        m_folder = std::make_unique<QTemporaryDir>();
        QVERIFY(m_folder->isValid());
        for (const char *name : {"cars.jpg", "groceries.jpg", "truck.jpg"})
            QVERIFY(QFile::copy(test::fixturePath(QStringLiteral("images/") + QString::fromLatin1(name)),
                                m_folder->filePath(QString::fromLatin1(name))));
    }

    void cleanup()
    {
        LanguageManager().apply(QStringLiteral("en"));
        m_window.reset();
        m_engine.reset();
        m_folder.reset();
        QSettings().clear();
    }

    // --- issue 12.1: nothing in Settings or navigation discards work ----------------

    void settingsOkWithNothingChangedKeepsEditsAndCaches()
    {
        makeWindow();
        openTruck();
        const int n = doc()->objectCount();
        doc()->removeObjects({0});
        const int configs = w()->engineConfigurations();
        const int jobs = w()->session()->jobsStarted();
        whenDialogShown<SettingsDialog>({});
        w()->action(QStringLiteral("settings"))->trigger();
        QCOMPARE(w()->engineConfigurations(), configs); // no rebuild
        QCOMPARE(w()->session()->jobsStarted(), jobs);  // no re-run
        QCOMPARE(doc()->objectCount(), n - 1);          // the deleted object stays deleted
        QCOMPARE(doc()->undoStack()->count(), 1);       // and can be undone
    }

    void settingsLanguageOnlyKeepsEditsAndCaches()
    {
        LanguageManager languages;
        m_engine = std::make_shared<test::FakeEngine>();
        m_window = std::make_unique<MainWindow>(m_engine, &languages);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        openTruck();
        const int n = doc()->objectCount();
        doc()->mergeObjects({0, 1});
        const int configs = w()->engineConfigurations();
        const int jobs = w()->session()->jobsStarted();
        whenDialogShown<SettingsDialog>([](SettingsDialog *d) {
            auto *combo = d->findChild<QComboBox *>(QStringLiteral("languageCombo"));
            combo->setCurrentIndex(combo->findData(QStringLiteral("de")));
        });
        w()->action(QStringLiteral("settings"))->trigger();
        QCOMPARE(languages.current(), QStringLiteral("de"));
        QCOMPARE(w()->action(QStringLiteral("export"))->text(), QStringLiteral("&Exportieren…"));
        QCOMPARE(w()->engineConfigurations(), configs);
        QCOMPARE(w()->session()->jobsStarted(), jobs);
        QCOMPARE(doc()->objectCount(), n - 1);
        QCOMPARE(doc()->undoStack()->count(), 1);
        m_window.reset(); // before `languages`
    }

    void settingsChangeRebuildsButKeepsEditedObjects()
    {
        makeWindow();
        openTruck();
        const int n = doc()->objectCount();
        doc()->removeObjects({0});
        const int configs = w()->engineConfigurations();
        whenDialogShown<SettingsDialog>([](SettingsDialog *d) {
            d->findChild<QSpinBox *>(QStringLiteral("jpegQualitySpin"))->setValue(80);
            d->findChild<QSpinBox *>(QStringLiteral("threadsSpin"))->setValue(1); // an engine setting
        });
        w()->action(QStringLiteral("settings"))->trigger();
        QCOMPARE(w()->engineConfigurations(), configs + 1);
        QCOMPARE(doc()->objectCount(), n - 1); // edited: not re-segmented behind the user's back
    }

    void pageDownAndBackKeepsEditsAndUndo()
    {
        makeWindow();
        openTruck();
        const int n = doc()->objectCount();
        doc()->removeObjects({0, 1});
        QCOMPARE(doc()->objectCount(), n - 2);
        QSignalSpy shown(w(), &MainWindow::segmentationShown);
        w()->action(QStringLiteral("previous"))->trigger(); // groceries.jpg
        QTRY_VERIFY_WITH_TIMEOUT(w()->currentImage().endsWith(QStringLiteral("groceries.jpg")) && doc()->result(), 10000);
        w()->action(QStringLiteral("next"))->trigger(); // back to truck.jpg
        QVERIFY(w()->currentImage().endsWith(QStringLiteral("truck.jpg")));
        QCOMPARE(doc()->objectCount(), n - 2);
        QCOMPARE(w()->objectList()->topLevelItemCount(), n - 2);
        QVERIFY(w()->action(QStringLiteral("undo"))->isEnabled());
        w()->action(QStringLiteral("undo"))->trigger();
        QCOMPARE(doc()->objectCount(), n);
        // Not re-run behind the user's back either.
        QTest::qWait(100);
        QCOMPARE(doc()->objectCount(), n);
    }

    void folderExportKeepsEditsOfOtherImages()
    {
        makeWindow();
        openTruck();
        const QString truck = w()->currentImage();
        doc()->removeObjects({0});
        const int kept = doc()->objectCount();
        w()->action(QStringLiteral("previous"))->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!w()->currentImage().endsWith(QStringLiteral("truck.jpg")) && doc()->result(), 10000);
        QTemporaryDir out;
        QSignalSpy finished(w(), &MainWindow::exportFinished);
        ExportChoice choice;
        choice.outputDir = out.path();
        choice.options.cutouts = false;
        choice.options.coco = false;
        choice.options.visualization = choice.options.summary = false;
        choice.wholeFolder = true;
        w()->startExport(choice);
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 20000);
        QCOMPARE(finished.at(0).at(0).value<ExportReport>().imagesDone, 3);
        QCOMPARE(QDir(out.filePath(QStringLiteral("truck_masks"))).entryList({QStringLiteral("mask_*.png")}).size(), kept);
        Q_UNUSED(truck);
    }

    // --- issue 12.2: zoom ---------------------------------------------------------------

    void zoomInWorksAndStaysInStep()
    {
        makeWindow();
        openTruck();
        ThreePanelView *view = w()->view();
        const double fitted = view->panel(ThreePanelView::Masks)->zoom();
        w()->action(QStringLiteral("zoomIn"))->trigger();
        w()->action(QStringLiteral("zoomIn"))->trigger();
        QCoreApplication::processEvents();
        const double zoomed = view->panel(ThreePanelView::Masks)->zoom();
        QVERIFY2(zoomed > fitted * 1.5, qPrintable(QStringLiteral("%1 -> %2").arg(fitted).arg(zoomed)));
        for (auto which : {ThreePanelView::Original, ThreePanelView::Heatmap})
            QCOMPARE(view->panel(which)->zoom(), zoomed);
        // Up to pixel level.
        for (int i = 0; i < 40; ++i)
            w()->action(QStringLiteral("zoomIn"))->trigger();
        QCOMPARE(view->panel(ThreePanelView::Masks)->zoom(), ImagePanel::kMaxZoom);
        QCOMPARE(view->panel(ThreePanelView::Original)->zoom(), ImagePanel::kMaxZoom);
        w()->action(QStringLiteral("actualSize"))->trigger();
        for (auto which : {ThreePanelView::Original, ThreePanelView::Heatmap, ThreePanelView::Masks})
            QCOMPARE(view->panel(which)->zoom(), 1.0);
        w()->action(QStringLiteral("fit"))->trigger();
        QVERIFY(std::abs(view->panel(ThreePanelView::Masks)->zoom() - fitted) < 1e-6);
    }

    void wheelZoomsAtTheCursorInAllPanels()
    {
        makeWindow();
        openTruck();
        ImagePanel *panel = w()->view()->panel(ThreePanelView::Heatmap);
        const double fitted = panel->zoom();
        auto wheelAt = [panel](QPoint at, int steps) {
            for (int i = 0; i < steps; ++i) {
                QWheelEvent wheel(QPointF(at), panel->viewport()->mapToGlobal(QPointF(at)), QPoint(), QPoint(0, 120),
                                  Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
                QCoreApplication::sendEvent(panel->viewport(), &wheel);
            }
            QCoreApplication::processEvents();
        };
        // From the fitted size: zooms in, and the other panels follow.
        const QPoint centre = panel->viewport()->rect().center();
        wheelAt(centre, 2);
        QVERIFY2(panel->zoom() > fitted * 1.4, qPrintable(QStringLiteral("%1 -> %2").arg(fitted).arg(panel->zoom())));
        QCOMPARE(w()->view()->panel(ThreePanelView::Masks)->zoom(), panel->zoom());
        // Where the picture is larger than the panel, the point under the cursor stays put.
        w()->action(QStringLiteral("actualSize"))->trigger();
        QCoreApplication::processEvents(); // the scroll bars that appeared resize the viewport
        const QPoint at(panel->viewport()->width() / 4, panel->viewport()->height() / 3);
        const QPointF sceneBefore = panel->mapToScene(at);
        wheelAt(at, 3);
        QVERIFY(std::abs(panel->zoom() - 1.728) < 1e-6);
        const QPointF sceneAfter = panel->mapToScene(at);
        QVERIFY2(QLineF(sceneBefore, sceneAfter).length() < 1.5,
                 qPrintable(QStringLiteral("point under the cursor moved by %1 px").arg(QLineF(sceneBefore, sceneAfter).length())));
        for (auto which : {ThreePanelView::Original, ThreePanelView::Masks}) {
            QCOMPARE(w()->view()->panel(which)->zoom(), panel->zoom());
            QCOMPARE(w()->view()->panel(which)->horizontalScrollBar()->value(), panel->horizontalScrollBar()->value());
            QCOMPARE(w()->view()->panel(which)->verticalScrollBar()->value(), panel->verticalScrollBar()->value());
        }
    }

    // --- issue 12.3 (GUI part): a model problem is shown once, images are not broken ----

    void modelProblemIsShownOnceNotAsBrokenImages()
    {
        auto engine = std::make_shared<BrokenModelEngine>();
        makeWindow(engine);
        QSignalSpy problem(w(), &MainWindow::modelProblem);
        QSignalSpy imageFailed(w(), &MainWindow::imageFailed);
        QCOMPARE(w()->openFolder(m_folder->path()), 3);
        QTRY_COMPARE_WITH_TIMEOUT(problem.count(), 1, 10000);
        QTRY_VERIFY(!w()->session()->isBusy());
        w()->action(QStringLiteral("next"))->trigger();
        w()->action(QStringLiteral("next"))->trigger();
        QTest::qWait(100);
        QCOMPARE(problem.count(), 1);
        QCOMPARE(imageFailed.count(), 0);
        QCOMPARE(engine->attempts.load(), 1); // not retried for every image
        QVERIFY(w()->engineMessage().contains(QStringLiteral("register_tokens")));
        bool shown = false;
        for (QLabel *l : w()->view()->findChildren<QLabel *>())
            shown |= l->isVisible() && l->text().contains(QStringLiteral("model could not be used"));
        QVERIFY(shown);
        for (int i = 0; i < w()->browser()->count(); ++i)
            QVERIFY(!w()->browser()->item(i)->toolTip().contains(QStringLiteral("register_tokens")));
    }

    void settingsUseAsFixesAModelOfAnotherVariant()
    {
        DINOSAM_REQUIRE_FIXTURE("models/dinov2_vits14_reg4_random.pth");
        const QString file = test::fixturePath(QStringLiteral("models/dinov2_vits14_reg4_random.pth"));
        // The register model's file chosen for the model without registers.
        AppSettings settings;
        settings.setCheckpointPath(QStringLiteral("dinov2_vits14"), file);
        SegmentationParams p;
        p.dinoModel = "dinov2_vits14";
        settings.setParams(p);
        auto engine = std::make_shared<WrongVariantEngine>();
        makeWindow(engine);
        QSignalSpy problem(w(), &MainWindow::modelProblem);
        QSignalSpy imageFailed(w(), &MainWindow::imageFailed);
        QCOMPARE(w()->openFolder(m_folder->path()), 3);
        QTRY_COMPARE_WITH_TIMEOUT(problem.count(), 1, 10000);
        QTRY_VERIFY(!w()->session()->isBusy());
        QCOMPARE(imageFailed.count(), 0);
        QVERIFY(w()->engineMessage().contains(QStringLiteral("dinov2_vits14_reg4")));
        // Settings names what the file is; "Use as" switches the model, and the window uses it.
        QString status;
        whenDialogShown<SettingsDialog>([&status](SettingsDialog *d) {
            ModelFileRow *row = d->findChildren<ModelFileRow *>().front();
            status = row->statusLabel()->text();
            if (row->useAsButton()->isVisible())
                QTest::mouseClick(row->useAsButton(), Qt::LeftButton);
        });
        w()->action(QStringLiteral("settings"))->trigger();
        QVERIFY2(status.contains(QStringLiteral("(dinov2_vits14_reg4), not DINOv2 ViT-S/14")), qPrintable(status));
        QCOMPARE(w()->parameterPanel()->params().dinoModel, std::string("dinov2_vits14_reg4"));
        const EngineSettings es = engine->lastSettings();
        const std::pair<std::string, std::string> chosen{"dinov2_vits14_reg4", file.toStdString()};
        QVERIFY(std::find(es.checkpoints.begin(), es.checkpoints.end(), chosen) != es.checkpoints.end());
        for (const auto &[id, path] : es.checkpoints)
            QVERIFY(id != "dinov2_vits14");
        QTRY_VERIFY_WITH_TIMEOUT(doc()->result() != nullptr, 10000);
        QVERIFY2(w()->engineMessage().isEmpty(), qPrintable(w()->engineMessage()));
        QCOMPARE(engine->failures.load(), 1); // the first image only, once
        QCOMPARE(problem.count(), 1);
        QCOMPARE(imageFailed.count(), 0);
    }

    void onlyTheRegisterModelInstalledIsUsed()
    {
        DINOSAM_REQUIRE_FIXTURE("models/dinov2_vits14_reg4_random.pth");
        QTemporaryDir models;
        QVERIFY(QFile::link(test::fixturePath(QStringLiteral("models/dinov2_vits14_reg4_random.pth")),
                            models.filePath(QStringLiteral("dinov2_vits14_reg4_pretrain.pth"))));
        AppSettings settings;
        settings.setModelDir(models.path());
        SegmentationParams p;
        p.dinoModel = "dinov2_vits14"; // e.g. saved by an older version, whose default it was
        p.sam2Model = "sam2_hiera_large";
        settings.setParams(p);
        makeWindow(std::make_shared<CatalogueEngine>());
        QCOMPARE(w()->parameterPanel()->params().dinoModel, std::string("dinov2_vits14_reg4"));
        QCOMPARE(AppSettings().params().dinoModel, std::string("dinov2_vits14_reg4"));
        // Of SAM2 nothing is installed: the chosen model stays (the welcome offers it).
        QCOMPARE(w()->parameterPanel()->params().sam2Model, std::string("sam2_hiera_large"));
    }

    void brokenImageIsAnImageProblem()
    {
        makeWindow();
        QFile bad(m_folder->filePath(QStringLiteral("broken.jpg")));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("\xff\xd8\xff\xe0 not a JPEG");
        bad.close();
        QSignalSpy failed(w()->session(), &SegmentationSession::failed);
        w()->openFolder(m_folder->path()); // broken.jpg sorts first
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000);
        QCOMPARE(failed.at(0).at(3).value<ErrorKind>(), ErrorKind::Image);
        QVERIFY(w()->engineMessage().isEmpty());
    }

    // --- issue 12.4: multi-selection, merge and delete ------------------------------------

    void ctrlClickInTheListSelectsSeveralAndMerges()
    {
        makeWindow();
        openTruck();
        const int n = doc()->objectCount();
        ObjectListWidget *list = w()->objectList();
        QVERIFY(!w()->action(QStringLiteral("merge"))->isEnabled());
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, rowRect(0).center());
        QTRY_COMPARE(doc()->selection(), QList<int>{0});
        QTest::mouseClick(list->viewport(), Qt::LeftButton, Qt::ControlModifier, rowRect(2).center());
        QTRY_COMPARE(doc()->selection(), (QList<int>{0, 2}));
        QCOMPARE(list->selectedRows(), (QList<int>{0, 2}));
        QVERIFY(w()->action(QStringLiteral("merge"))->isEnabled());
        QTest::mouseClick(list->viewport(), Qt::LeftButton, Qt::ShiftModifier, rowRect(3).center());
        QTRY_COMPARE(doc()->selection(), (QList<int>{0, 2, 3})); // 2..3 from the anchor, 0 kept
        w()->action(QStringLiteral("merge"))->trigger();
        QCOMPARE(doc()->objectCount(), n - 2);
        QCOMPARE(doc()->undoStack()->undoText(), QStringLiteral("Merge 3 objects"));
    }

    void shiftArrowExtendsTheSelection()
    {
        makeWindow();
        openTruck();
        ObjectListWidget *list = w()->objectList();
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, rowRect(1).center());
        QTRY_COMPARE(doc()->selection(), QList<int>{1});
        list->setFocus();
        QTest::keyClick(list, Qt::Key_Down, Qt::ShiftModifier);
        QTest::keyClick(list, Qt::Key_Down, Qt::ShiftModifier);
        QTRY_COMPARE(doc()->selection(), (QList<int>{1, 2, 3}));
        QVERIFY(w()->action(QStringLiteral("merge"))->isEnabled());
        const int n = doc()->objectCount();
        w()->action(QStringLiteral("delete"))->trigger();
        QCOMPARE(doc()->objectCount(), n - 3);
    }

    void ctrlClickOnMasksSelectsSeveral()
    {
        makeWindow();
        openTruck();
        ImagePanel *panel = w()->view()->panel(ThreePanelView::Masks);
        auto centreOf = [&](int i) {
            const cv::Rect b = doc()->objects()[static_cast<size_t>(i)].object->box;
            return panel->mapFromScene(QPointF(b.x + b.width / 2.0, b.y + b.height / 2.0));
        };
        int a = -1, b = -1; // two objects whose centres pick themselves
        for (int i = 0; i < doc()->objectCount() && b < 0; ++i) {
            const cv::Rect r = doc()->objects()[static_cast<size_t>(i)].object->box;
            if (doc()->objectAt(QPointF(r.x + r.width / 2.0, r.y + r.height / 2.0)) != i)
                continue;
            (a < 0 ? a : b) = i;
        }
        QVERIFY(a >= 0 && b >= 0);
        QTest::mouseClick(panel->viewport(), Qt::LeftButton, {}, centreOf(a));
        QCOMPARE(doc()->selection(), QList<int>{a});
        QTest::mouseClick(panel->viewport(), Qt::LeftButton, Qt::ControlModifier, centreOf(b));
        QCOMPARE(doc()->selection(), (QList<int>{a, b}));
        QTRY_COMPARE(w()->objectList()->selectedRows(), (QList<int>{a, b}));
        QVERIFY(w()->action(QStringLiteral("merge"))->isEnabled());
        QTest::mouseClick(panel->viewport(), Qt::LeftButton, Qt::ControlModifier, centreOf(a));
        QCOMPARE(doc()->selection(), QList<int>{b}); // Ctrl+click again deselects
    }

    void undoingARefinementRemovesItsMarkers()
    {
        makeWindow();
        openTruck();
        ImagePanel *panel = w()->view()->panel(ThreePanelView::Masks);
        auto markers = [panel] {
            int n = 0;
            for (QGraphicsItem *item : panel->scene()->items())
                n += item->type() == QGraphicsEllipseItem::Type ? 1 : 0;
            return n;
        };
        doc()->setSelectedIndex(0);
        w()->action(QStringLiteral("toolPositive"))->trigger();
        const cv::Rect box = doc()->objects()[0].object->box;
        QTest::mouseClick(panel->viewport(), Qt::LeftButton, {}, panel->mapFromScene(QPointF(box.x + 3, box.y + 3)));
        QTRY_COMPARE(doc()->undoStack()->count(), 1);
        QCOMPARE(markers(), 1);
        QTest::mouseClick(panel->viewport(), Qt::LeftButton, {}, panel->mapFromScene(QPointF(box.x + 9, box.y + 9)));
        QTRY_COMPARE(doc()->undoStack()->count(), 2);
        QCOMPARE(markers(), 2);
        w()->action(QStringLiteral("undo"))->trigger();
        QCOMPARE(markers(), 1); // the second point went with its refinement
        w()->action(QStringLiteral("undo"))->trigger();
        QCOMPARE(markers(), 0);
        w()->action(QStringLiteral("redo"))->trigger();
        QCOMPARE(markers(), 1);
    }

    // --- issue 12.7: no jumps, nothing stale ------------------------------------------------

    void undoButtonKeepsItsWidthAndStatusCountFollowsEdits()
    {
        makeWindow();
        openTruck();
        auto *undoButton = w()->findChild<QToolButton *>(QStringLiteral("undoButton"));
        QVERIFY(undoButton);
        const int width = undoButton->sizeHint().width();
        const int n = doc()->objectCount();
        doc()->mergeObjects({0, 1, 2});
        QCOMPARE(QString(undoButton->text()).remove(QLatin1Char('&')), QStringLiteral("Undo"));
        QCOMPARE(undoButton->sizeHint().width(), width);
        QVERIFY(w()->action(QStringLiteral("undo"))->toolTip().contains(QStringLiteral("Merge 3 objects")));
        QVERIFY2(w()->statusText().contains(QString::number(n - 2)), qPrintable(w()->statusText()));
        doc()->removeObjects({0});
        QVERIFY2(w()->statusText().contains(QString::number(n - 3)), qPrintable(w()->statusText()));
    }

    void newImageClearsHistogramAndStageTimes()
    {
        auto engine = std::make_shared<test::FakeEngine>();
        makeWindow(engine);
        openTruck();
        QVERIFY(!w()->timingText().isEmpty());
        auto *bars = qobject_cast<QCPBars *>(w()->histogram()->plottable(0));
        QVERIFY(bars && !bars->data()->isEmpty());
        double sum = 0;
        for (auto it = bars->data()->constBegin(); it != bars->data()->constEnd(); ++it)
            sum += it->value;
        QVERIFY(sum > 0);
        engine->firstRunMs = 3000; // the next image computes for a while
        w()->browser()->setCurrentPath(m_folder->filePath(QStringLiteral("cars.jpg")));
        QTRY_VERIFY(w()->session()->isBusy());
        QCOMPARE(w()->timingText(), QString());
        double during = 0;
        for (auto it = bars->data()->constBegin(); it != bars->data()->constEnd(); ++it)
            during += it->value;
        QCOMPARE(during, 0.0);
        w()->action(QStringLiteral("cancel"))->trigger();
    }

    void progressGoesAwayAndEscWhenIdleSaysNothing()
    {
        auto engine = std::make_shared<test::FakeEngine>();
        makeWindow(engine);
        openTruck();
        auto *progress = w()->findChild<QProgressBar *>(QStringLiteral("progressBar"));
        QVERIFY(progress);
        QTRY_VERIFY(!progress->isVisible());
        QVERIFY(!w()->action(QStringLiteral("cancel"))->isEnabled());
        const QString before = w()->statusText();
        QTest::keyClick(w(), Qt::Key_Escape);
        QCOMPARE(w()->statusText(), before);
        QVERIFY(!w()->statusText().contains(QStringLiteral("Cancelled")));
        // While running, Esc cancels and the progress goes away.
        engine->firstRunMs = 5000;
        w()->browser()->setCurrentPath(m_folder->filePath(QStringLiteral("cars.jpg")));
        QTRY_VERIFY(w()->action(QStringLiteral("cancel"))->isEnabled());
        w()->action(QStringLiteral("cancel"))->trigger();
        QVERIFY(w()->statusText().contains(QStringLiteral("Cancelled")));
        QTRY_VERIFY(!progress->isVisible());
        QTRY_VERIFY(!w()->action(QStringLiteral("cancel"))->isEnabled());
    }

    void longProgressAndStatusTextsKeepTheLayout()
    {
        makeWindow();
        auto *bar = qobject_cast<StudioStatusBar *>(w()->statusBar());
        auto *progress = w()->findChild<QProgressBar *>(QStringLiteral("progressBar"));
        QVERIFY(bar && progress);
        bar->showProgress(0.2, QStringLiteral("DINOv2"));
        QCoreApplication::processEvents();
        const int barHeight = bar->height(), progressWidth = progress->width(), windowWidth = w()->width();
        // A long stage and a long message: one line each, nothing grows.
        bar->showProgress(0.5, QStringLiteral("post-processing of a stage with a very long name indeed"));
        bar->setStatus([] { return QStringLiteral("word ").repeated(200); });
        QCoreApplication::processEvents();
        QCOMPARE(progress->width(), progressWidth);
        QCOMPARE(bar->height(), barHeight);
        QCOMPARE(w()->width(), windowWidth);
        bar->hideProgress();
        QVERIFY(!progress->isVisible());
    }

    void histogramLineStartsAtTheSlidersThreshold()
    {
        SegmentationParams p;
        p.attentionThreshold = 0.6f;
        AppSettings().setParams(p);
        makeWindow();
        QCOMPARE(w()->parameterPanel()->params().attentionThreshold, 0.6f);
        QVERIFY(std::abs(w()->histogram()->threshold() - 0.6) < 1e-6);
    }

    // --- issue 12.6: live retranslation ----------------------------------------------------

    void languageSwitchRetranslatesEverythingVisible()
    {
        makeWindow();
        openTruck();
        LanguageManager languages;
        QVERIFY(languages.apply(QStringLiteral("zh_CN")));
        QVERIFY(w()->objectList()->topLevelItem(0)->text(0).contains(QStringLiteral("对象")));
        QVERIFY(languages.apply(QStringLiteral("en")));
        QCOMPARE(w()->objectList()->topLevelItem(0)->text(0), QStringLiteral("Object 1"));
        QVERIFY2(w()->timingText().contains(QStringLiteral(" ms")), qPrintable(w()->timingText()));
        QVERIFY(!w()->timingText().contains(QStringLiteral("毫秒")));
        QVERIFY(!w()->statusText().contains(QStringLiteral("对象")));
        // Undo and Redo are translated too.
        QVERIFY(languages.apply(QStringLiteral("de")));
        QCOMPARE(w()->action(QStringLiteral("undo"))->text(), QStringLiteral("&Rückgängig"));
        QVERIFY(languages.apply(QStringLiteral("fr")));
        QCOMPARE(w()->action(QStringLiteral("undo"))->text(), QStringLiteral("&Annuler"));
        QVERIFY(languages.apply(QStringLiteral("zh_CN")));
        QVERIFY(w()->action(QStringLiteral("redo"))->text().startsWith(QStringLiteral("重做")));
    }

    void numbersFollowTheLanguageAndHeadersFit()
    {
        makeWindow();
        openTruck();
        LanguageManager languages;
        QVERIFY(languages.apply(QStringLiteral("de")));
        ObjectListWidget *list = w()->objectList();
        int big = -1;
        for (int i = 0; i < doc()->objectCount(); ++i)
            if (doc()->objects()[static_cast<size_t>(i)].object->area >= 1000)
                big = i;
        QVERIFY(big >= 0);
        const QString area = list->topLevelItem(big)->text(3);
        QVERIFY2(area.contains(QLatin1Char('.')) && !area.contains(QLatin1Char(',')), qPrintable(area));
        QVERIFY2(list->topLevelItem(big)->text(1).contains(QLatin1Char(',')), qPrintable(list->topLevelItem(big)->text(1)));
        // The German "SAM2-Bewertung" header is shown whole.
        const QString header = list->headerItem()->text(1);
        QVERIFY(header.startsWith(QStringLiteral("SAM2")));
        QVERIFY(list->header()->sectionSize(1) >= list->header()->fontMetrics().horizontalAdvance(header));
        QVERIFY(languages.apply(QStringLiteral("en")));
        QVERIFY(!list->topLevelItem(big)->text(3).contains(QLatin1Char('.')));
    }

    // --- issue 12.5: first-run welcome --------------------------------------------------

    void welcomeDownloadsTheRecommendedPair()
    {
        DINOSAM_REQUIRE_FIXTURE("models/dinov2_vits14_reg4_random.pth");
        // A local mirror (file: folder) with the recommended files under their official paths.
        QTemporaryDir mirror, models;
        QList<ModelSpec> catalog;
        for (const QString &id : {WelcomeDialog::recommendedDino(), WelcomeDialog::recommendedSam2()}) {
            ModelSpec spec = *ModelManager().find(id);
            const QString fixture = id.startsWith(QLatin1String("dinov2")) ? QStringLiteral("models/dinov2_vits14_reg4_random.pth")
                                                                           : QStringLiteral("models/sam2.1_hiera_tiny_random.pt");
            const QString served = mirror.filePath(spec.relativeUrl);
            QVERIFY(QDir().mkpath(QFileInfo(served).absolutePath()));
            QVERIFY(QFile::copy(test::fixturePath(fixture), served));
            spec.sizeBytes = QFileInfo(served).size();
            // The random-weight stand-ins have no published hash: the test catalogue
            // publishes theirs, so the download is still checked.
            QFile file(served);
            QVERIFY(file.open(QIODevice::ReadOnly));
            spec.sha256 = QString::fromLatin1(QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex());
            catalog << spec;
        }
        ModelManager manager(catalog);
        manager.setModelDir(models.path());
        manager.setMirror(QUrl::fromLocalFile(mirror.path() + QLatin1Char('/')));
        WelcomeDialog dialog(&manager);
        dialog.show();
        QVERIFY(!dialog.hasRecommendedModels());
        QVERIFY2(dialog.downloadButton()->text().contains(QStringLiteral("MB")), qPrintable(dialog.downloadButton()->text()));
        QSignalSpy installed(&dialog, &WelcomeDialog::modelsInstalled);
        QTest::mouseClick(dialog.downloadButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(installed.count(), 1, 30000);
        QCOMPARE(installed.at(0).at(0).toString(), WelcomeDialog::recommendedDino());
        QVERIFY(dialog.hasRecommendedModels());
        QVERIFY(QFileInfo::exists(manager.filePath(WelcomeDialog::recommendedSam2())));
        QVERIFY(!dialog.downloadButton()->isEnabled());
    }

    void welcomeOfflineFailsFastAndSaysWhatToDo()
    {
        QTemporaryDir models;
        ModelManager manager;
        manager.setModelDir(models.path());
        manager.setRetryPolicy(1, 0);
        manager.setMirror(QUrl::fromLocalFile(models.filePath(QStringLiteral("no-such-mirror/"))));
        WelcomeDialog dialog(&manager);
        dialog.show();
        const QString offline = dialog.findChild<QLabel *>(QStringLiteral("welcomeOffline"))->text();
        QVERIFY(offline.contains(QStringLiteral("dinov2_vits14_reg4_pretrain.pth")));
        QVERIFY(offline.contains(QStringLiteral("dinosam models install")));
        QVERIFY(offline.contains(QDir::toNativeSeparators(models.path())));
        QElapsedTimer timer;
        timer.start();
        QTest::mouseClick(dialog.downloadButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(dialog.statusText().contains(QStringLiteral("failed")), 10000);
        QVERIFY(timer.elapsed() < 10000);
        QVERIFY(dialog.downloadButton()->isEnabled()); // can try again
    }

    void missingModelsOfferTheWelcome()
    {
        makeWindow();
        m_engine->ready = false;
        QVERIFY(w()->showWelcomeIfNeeded());
        QTRY_VERIFY(w()->findChild<WelcomeDialog *>());
        auto *dialog = w()->findChild<WelcomeDialog *>();
        QVERIFY(dialog->isVisible());
        QVERIFY(dialog->haveFilesButton()->isEnabled());
        dialog->close();
        m_engine->ready = true;
        QVERIFY(!w()->showWelcomeIfNeeded());
    }

    // --- issue 12.8: GIF skipped with a reason, TIFF/WebP previews -------------------------

    void unsupportedFilesAreListedAsSkipped()
    {
        makeWindow();
        QFile gif(m_folder->filePath(QStringLiteral("anim.gif")));
        QVERIFY(gif.open(QIODevice::WriteOnly));
        gif.write("GIF89a");
        gif.close();
        QCOMPARE(w()->openFolder(m_folder->path()), 3);
        QCOMPARE(w()->browser()->count(), 4);
        QCOMPARE(w()->browser()->paths().size(), 3);
        QCOMPARE(w()->browser()->skippedFiles(), QStringList{QStringLiteral("anim.gif")});
        QListWidgetItem *item = w()->browser()->item(0);
        QVERIFY(item->text().contains(QStringLiteral("anim.gif")));
        QVERIFY(item->toolTip().contains(QStringLiteral("GIF is not supported")));
        QVERIFY(!(item->flags() & Qt::ItemIsSelectable));
        QVERIFY(!w()->currentImage().endsWith(QStringLiteral(".gif")));
    }

    void tiffAndWebpHavePreviews_data()
    {
        QTest::addColumn<QString>("suffix");
        QTest::newRow("tiff") << QStringLiteral("tif");
        QTest::newRow("webp") << QStringLiteral("webp");
    }

    void tiffAndWebpHavePreviews()
    {
        QFETCH(QString, suffix);
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("photo.") + suffix);
        cv::Mat bgr(120, 200, CV_8UC3, cv::Scalar(10, 200, 30));
        QVERIFY(cv::imwrite(file.toStdString(), bgr));
        const QImage preview = ImageBrowser::readPreview(file, 96);
        QVERIFY(!preview.isNull());
        QCOMPARE(preview.width(), 96);
        QCOMPARE(QColor(preview.pixel(10, 10)).green(), 200);
        QCOMPARE(ImageBrowser::readPreview(file).size(), QSize(200, 120));
    }

    // --- issue 12.10 ---------------------------------------------------------------------

    void openRecentRecordsOpenedFoldersNotBrowsing()
    {
        makeWindow();
        openTruck();
        const QStringList recent = AppSettings().recentFiles();
        QCOMPARE(recent, QStringList{QFileInfo(m_folder->path()).absoluteFilePath()});
        w()->action(QStringLiteral("next"))->trigger();
        w()->action(QStringLiteral("previous"))->trigger();
        QCOMPARE(AppSettings().recentFiles(), recent);
        w()->openPaths({m_folder->filePath(QStringLiteral("cars.jpg"))});
        QCOMPARE(AppSettings().recentFiles().front(), m_folder->filePath(QStringLiteral("cars.jpg")));
    }

    void openFolderStartsInTheLastImageFolder()
    {
        makeWindow();
        AppSettings().setLastFolder(m_folder->path());
        QString seen;
        auto record = [&seen](QFileDialog *d) { seen = QFileInfo(d->directory().absolutePath()).canonicalFilePath(); };
        whenDialogShown<QFileDialog>(record, false);
        w()->action(QStringLiteral("openFolder"))->trigger();
        QCOMPARE(seen, QFileInfo(m_folder->path()).canonicalFilePath());
        // None yet: Pictures (or home), never the working directory (the model folder, a build folder).
        AppSettings().setLastFolder(QString());
        QTemporaryDir elsewhere;
        const QString cwd = QDir::currentPath();
        QVERIFY(QDir::setCurrent(elsewhere.path()));
        whenDialogShown<QFileDialog>(record, false);
        w()->action(QStringLiteral("openFolder"))->trigger();
        QDir::setCurrent(cwd);
        const QString pictures = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
        const QString expected = QFileInfo(pictures).isDir() ? pictures : QDir::homePath();
        QCOMPARE(seen, QFileInfo(expected).canonicalFilePath());
        QVERIFY(seen != QFileInfo(elsewhere.path()).canonicalFilePath());
    }

    void helpPageListsTheShortcuts()
    {
        makeWindow();
        w()->action(QStringLiteral("gettingStarted"))->trigger();
        auto *help = w()->findChild<HelpDialog *>();
        QVERIFY(help);
        const QString html = help->html();
        QVERIFY(html.contains(QStringLiteral("Getting started")));
        for (const QString &id : {QStringLiteral("export"), QStringLiteral("merge"), QStringLiteral("zoomIn")})
            QVERIFY2(html.contains(w()->action(id)->shortcut().toString(QKeySequence::NativeText).toHtmlEscaped()),
                     qPrintable(id));
        QVERIFY(html.contains(HelpDialog::documentationUrl()));
        help->close();
    }

    void spectralDiscoverySaysItIgnoresTheThreshold()
    {
        makeWindow();
        ParameterPanel *panel = w()->parameterPanel();
        QVERIFY(panel->thresholdField()->isEnabled());
        panel->methodCombo()->setCurrentIndex(int(DiscoveryMethod::Spectral));
        QVERIFY(!panel->thresholdField()->isEnabled());
        auto *tabs = w()->findChild<QTabWidget *>();
        QVERIFY(tabs->tabText(0).contains(QStringLiteral("spectral")));
        panel->methodCombo()->setCurrentIndex(int(DiscoveryMethod::Attention));
        QVERIFY(panel->thresholdField()->isEnabled());
        QCOMPARE(tabs->tabText(0), QStringLiteral("Attention histogram"));
    }

    void spectralStageShowsInTheStatusBar()
    {
        makeWindow(std::make_shared<DiscoveryStageEngine>());
        SegmentationParams p = w()->parameterPanel()->params();
        p.method = DiscoveryMethod::Spectral;
        w()->parameterPanel()->setParams(p);
        QStringList seen;
        QObject::connect(w()->session(), &SegmentationSession::progress, w(),
                         [this, &seen] { seen << w()->statusText(); });
        w()->openPaths({m_folder->filePath(QStringLiteral("truck.jpg"))});
        QTRY_VERIFY_WITH_TIMEOUT(doc()->result(), 10000);
        bool hinted = false;
        for (const QString &s : seen)
            hinted |= s.contains(QStringLiteral("spectral discovery"));
        QVERIFY2(hinted, qPrintable(seen.join(QLatin1Char('|'))));
    }

    // --- issue 11 section 5 -----------------------------------------------------------------

    void hiddenSettingsAreReachableAndSaved()
    {
        makeWindow();
        whenDialogShown<SettingsDialog>([](SettingsDialog *d) {
            auto *coco = d->findChild<QComboBox *>(QStringLiteral("cocoShapeCombo"));
            coco->setCurrentIndex(coco->findData(int(CocoSegmentation::Polygons)));
            d->findChild<QDoubleSpinBox *>(QStringLiteral("polygonToleranceSpin"))->setValue(2.5);
            d->findChild<QSpinBox *>(QStringLiteral("jpegQualitySpin"))->setValue(75);
            d->findChild<QSpinBox *>(QStringLiteral("inputSizeSpin"))->setValue(518);
            d->findChild<QDoubleSpinBox *>(QStringLiteral("duplicateIouSpin"))->setValue(0.6);
            auto *device = d->findChild<QComboBox *>(QStringLiteral("deviceCombo"));
            QCOMPARE(device->count(), 2);
        });
        w()->action(QStringLiteral("settings"))->trigger();
        ExportOptions o;
        AppSettings().applyExportSettings(o);
        QCOMPARE(o.cocoSegmentation, CocoSegmentation::Polygons);
        QCOMPARE(o.polygonEpsilon, 2.5);
        QCOMPARE(o.jpegQuality, 75);
        QCOMPARE(AppSettings().params().dinoInputSize, 518);
        QVERIFY(std::abs(AppSettings().params().duplicateIou - 0.6f) < 1e-6f);
        // The window runs with them.
        QCOMPARE(w()->parameterPanel()->params().dinoInputSize, 518);
        // A new dialog shows what was saved.
        SettingsDialog again({QStringLiteral("dinov2_vits14_reg4"), QStringLiteral("sam2.1_hiera_tiny")});
        QCOMPARE(again.findChild<QSpinBox *>(QStringLiteral("jpegQualitySpin"))->value(), 75);
        QVERIFY(again.findChild<QDoubleSpinBox *>(QStringLiteral("polygonToleranceSpin"))->isEnabled());
    }

    void modelBoxesShowDisplayNames()
    {
        ParameterPanel panel;
        panel.setModelChoices({QStringLiteral("dinov2_vits14_reg4")}, {QStringLiteral("sam2.1_hiera_tiny")});
        QVERIFY(panel.dinoCombo()->itemText(0).startsWith(QStringLiteral("DINOv2")));
        QVERIFY(panel.dinoCombo()->itemText(0) != QStringLiteral("dinov2_vits14_reg4"));
        QCOMPARE(panel.dinoCombo()->itemData(0).toString(), QStringLiteral("dinov2_vits14_reg4"));
        QCOMPARE(panel.params().dinoModel, std::string("dinov2_vits14_reg4"));
    }

    void studioHelpNeedsNoDisplayAndHidesDeveloperFlags()
    {
        QProcess studio;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
            env.remove(QString::fromLatin1(name));
        studio.setProcessEnvironment(env);
        studio.start(QStringLiteral(DINOSAM_STUDIO_PATH), {QStringLiteral("--help")});
        QVERIFY(studio.waitForFinished(20000));
        QCOMPARE(studio.exitStatus(), QProcess::NormalExit); // no abort, no core dump
        QCOMPARE(studio.exitCode(), 0);
        const QString out = QString::fromLocal8Bit(studio.readAllStandardOutput());
        QVERIFY2(out.contains(QStringLiteral("--language")), qPrintable(out));
        QVERIFY(!out.contains(QStringLiteral("--screenshot")));
        QVERIFY(!out.contains(QStringLiteral("--measure-slider")));
        // Without --help and without a display: a clear message, not an abort.
        studio.start(QStringLiteral(DINOSAM_STUDIO_PATH), {});
        QVERIFY(studio.waitForFinished(20000));
        QCOMPARE(studio.exitStatus(), QProcess::NormalExit);
        QCOMPARE(studio.exitCode(), 2);
        QVERIFY(QString::fromLocal8Bit(studio.readAllStandardError()).contains(QStringLiteral("no display")));
    }
};

QTEST_MAIN(TestStudioWorkflow)
#include "tst_studioworkflow.moc"
