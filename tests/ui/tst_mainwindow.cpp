// The real main window and widgets, driven with a fake engine of controllable latency.
// Every test function gets a fresh engine, fresh settings and its own window (init()),
// so the functions pass alone, in any order (-functions ... or a single name).
#include "aboutdialog.h"
#include "appsettings.h"
#include "exportdialog.h"
#include "documentstore.h"
#include "fakeengine.h"
#include "fixtures.h"
#include "histogramplot.h"
#include "imagebrowser.h"
#include "languagemanager.h"
#include "mainwindow.h"
#include "objectlistwidget.h"
#include "parameterpanel.h"
#include "segmentationdocument.h"
#include "segmentationsession.h"
#include "sliderfield.h"
#include "similarcontroller.h"
#include "findsimilarpanel.h"
#include "threepanelview.h"
#include "windowdriver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>
#include <QAction>
#include <QDir>
#include <QDockWidget>
#include <QGraphicsPixmapItem>
#include <QGraphicsScene>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QRegularExpression>
#include <QPushButton>
#include <QMessageBox>
#include <QTabWidget>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

using namespace dinosam;
using namespace dinosam::ui;

namespace {

/// Counts, per object, what the masks look like: enough to see that they changed.
QString signature(const SegmentationDocument *doc)
{
    QStringList parts;
    for (const DocumentObject &o : doc->objects())
        parts << QString::number(o.object->area) + (o.visible ? QString() : QStringLiteral("h"));
    return parts.join(QLatin1Char(','));
}

/// A folder with the fixture images plus a corrupt JPEG.
void makeFolder(const QTemporaryDir &dir)
{
    for (const char *name : {"cars.jpg", "groceries.jpg", "truck.jpg"})
        QVERIFY(QFile::copy(test::fixturePath(QStringLiteral("images/") + QString::fromLatin1(name)),
                            dir.filePath(QString::fromLatin1(name))));
    QFile bad(dir.filePath(QStringLiteral("broken.jpg")));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("\xff\xd8\xff\xe0 definitely not a JPEG");
}

/// The picture an image panel shows, as RGB32 (comparable with a QImage of any format).
QImage shownPicture(const ImagePanel *panel)
{
    for (QGraphicsItem *item : panel->scene()->items())
        if (auto *pixmap = dynamic_cast<QGraphicsPixmapItem *>(item))
            return pixmap->pixmap().toImage().convertToFormat(QImage::Format_RGB32);
    return {};
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT
private:
    std::shared_ptr<test::FakeEngine> m_engine;
    std::unique_ptr<MainWindow> m_window;
    QTemporaryDir m_folder;

    MainWindow *w() { return m_window.get(); }
    SegmentationDocument *doc() { return m_window->document(); }

    void settle() { test::settle(w(), 10000); }

    /// Moves a slider like a user and waits for new masks while checking that the
    /// GUI thread keeps running (a 5 ms timer keeps ticking).
    void dragAndWait(QSlider *slider, int value)
    {
        const int ticks = test::dragAndWait(w(), slider, value, 10000, 10000, 5);
        // The fake engine takes >= 60 ms per run: a responsive GUI thread ticked meanwhile.
        QVERIFY2(ticks >= 3, qPrintable(QStringLiteral("GUI thread ticked %1 times").arg(ticks)));
    }

    /// Opens the folder and shows truck.jpg with the rich parameters init() stored, settled.
    void showTruck()
    {
        QSignalSpy shown(w(), &MainWindow::segmentationShown);
        QCOMPARE(w()->openFolder(m_folder.path()), 4);
        QVERIFY(w()->browser()->setCurrentPath(m_folder.filePath(QStringLiteral("truck.jpg"))));
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, 10000);
        QCOMPARE(QFileInfo(w()->currentImage()).fileName(), QStringLiteral("truck.jpg"));
        settle();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("DinoSamTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
        DINOSAM_REQUIRE_FIXTURE("images/truck.jpg");
        QVERIFY(m_folder.isValid());
        makeFolder(m_folder);
    }

    void init()
    {
        // Nothing carries over from an earlier function: settings (the window saves the
        // parameters, folders, geometry), the engine's cache and counters, the window.
        QSettings().clear();
        // Nor annotations an earlier function's window autosaved into the shared folder.
        QVERIFY(QDir(m_folder.filePath(QStringLiteral(".dinosam"))).removeRecursively());
        SegmentationParams rich; // many objects to edit: 10 objects, no minimum area, threshold 0.3
        rich.numObjects = 10;
        rich.minArea = 0;
        rich.attentionThreshold = 0.3f;
        AppSettings().setParams(rich);
        m_engine = std::make_shared<test::FakeEngine>();
        m_engine->firstRunMs = 200;
        m_engine->cheapRunMs = 60;
        m_window = std::make_unique<MainWindow>(m_engine);
        m_window->resize(1400, 900);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanup()
    {
        if (!m_window)
            return;
        for (auto *box : m_window->findChildren<QMessageBox *>())
            delete box;
        m_window.reset(); // joins the worker
        m_engine.reset();
    }

    void cleanupTestCase() { QSettings().clear(); }

    void opensFolderAndShowsMasks()
    {
        QSignalSpy failed(w(), &MainWindow::imageFailed);
        QSignalSpy shown(w(), &MainWindow::segmentationShown);
        QCOMPARE(w()->openFolder(m_folder.path()), 4);
        QCOMPARE(w()->browser()->count(), 4);
        QTRY_VERIFY_WITH_TIMEOUT(failed.count() == 1, 10000); // broken.jpg sorts first
        w()->browser()->setCurrentPath(m_folder.filePath(QStringLiteral("truck.jpg")));
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, 10000);
        QCOMPARE(QFileInfo(w()->currentImage()).fileName(), QStringLiteral("truck.jpg"));
        QVERIFY(doc()->objectCount() > 0);
        QCOMPARE(w()->objectList()->topLevelItemCount(), doc()->objectCount());
        QVERIFY(w()->view()->panel(ThreePanelView::Masks)->hasImage());
    }

    void nextImageIsPrecomputed()
    {
        showTruck();
        if (QTest::currentTestFailed())
            return;
        // cars.jpg's successor (groceries.jpg) gets pre-computed in the background.
        QSignalSpy shown(w(), &MainWindow::segmentationShown);
        w()->browser()->setCurrentPath(m_folder.filePath(QStringLiteral("cars.jpg")));
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!w()->session()->isBusy(), 10000);
        const int runs = m_engine->segmentCalls.load();
        const int segmentJobs = w()->session()->segmentJobsStarted();
        QCOMPARE(m_engine->completedSegments.load(), runs); // the prefetch finished
        w()->action(QStringLiteral("next"))->trigger(); // groceries.jpg, already computed
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 2, 10000);
        QCOMPARE(QFileInfo(w()->currentImage()).fileName(), QStringLiteral("groceries.jpg"));
        // Shown without running the engine for it (only truck.jpg's prefetch may start now).
        QCOMPARE(w()->session()->segmentJobsStarted(), segmentJobs);
        QVERIFY(m_engine->segmentCalls.load() - runs <= 1);
        w()->browser()->setCurrentPath(m_folder.filePath(QStringLiteral("truck.jpg")));
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 3, 10000);
    }

    void eachSliderChangesTheMasks_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<double>("value");
        QTest::newRow("threshold") << QStringLiteral("thresholdField") << 0.45;
        QTest::newRow("objects") << QStringLiteral("objectsField") << 3.0;
        QTest::newRow("minArea") << QStringLiteral("minAreaField") << 20000.0;
    }

    void eachSliderChangesTheMasks()
    {
        showTruck();
        if (QTest::currentTestFailed())
            return;
        QFETCH(QString, field);
        QFETCH(double, value);
        auto *slider = w()->parameterPanel()->findChild<SliderField *>(field);
        QVERIFY(slider);
        // Start from a rich state: 10 objects, no minimum area, threshold 0.3.
        ParameterPanel *panel = w()->parameterPanel();
        SegmentationParams p = panel->params();
        p.numObjects = 10;
        p.minArea = 0;
        p.attentionThreshold = 0.3f;
        panel->setParams(p);
        dragAndWait(panel->thresholdField()->slider(), panel->thresholdField()->slider()->value() + 1);
        const QString before = signature(doc());
        QVERIFY(!before.isEmpty());
        const int sliderValue = static_cast<int>(std::lround((value - slider->minimum())
                                                             / slider->spinBox()->singleStep()));
        dragAndWait(slider->slider(), sliderValue);
        QCOMPARE(slider->value(), value);
        QVERIFY2(signature(doc()) != before, qPrintable(before + QStringLiteral(" vs ") + signature(doc())));
    }

    void burstOfSliderMovesRunsAtMostTwice()
    {
        showTruck();
        if (QTest::currentTestFailed())
            return;
        QTRY_VERIFY(!w()->session()->isBusy());
        const int before = w()->session()->segmentJobsStarted();
        QSlider *slider = w()->parameterPanel()->thresholdField()->slider();
        slider->setSliderDown(true);
        for (int i = 0; i < 50; ++i)
            slider->setValue(20 + i % 30);
        slider->setSliderDown(false);
        settle();
        QVERIFY(w()->session()->segmentJobsStarted() - before <= 2);
        QCOMPARE(doc()->result()->params.attentionThreshold, float(w()->parameterPanel()->params().attentionThreshold));
    }

    void histogramLineDragsTheThreshold()
    {
        showTruck();
        if (QTest::currentTestFailed())
            return;
        HistogramPlot *plot = w()->histogram();
        if (auto *tabs = w()->findChild<QTabWidget *>())
            tabs->setCurrentWidget(plot);
        plot->setThreshold(0.5);
        plot->replot();
        QSignalSpy released(plot, &HistogramPlot::thresholdReleased);
        const QPoint start(plot->thresholdPixel(), plot->height() / 2);
        const QPoint end(static_cast<int>(plot->xAxis->coordToPixel(0.7)), plot->height() / 2);
        QTest::mousePress(plot, Qt::LeftButton, {}, start);
        QMouseEvent move(QEvent::MouseMove, QPointF(end), plot->mapToGlobal(QPointF(end)), Qt::NoButton, Qt::LeftButton, {});
        QCoreApplication::sendEvent(plot, &move);
        QTest::mouseRelease(plot, Qt::LeftButton, {}, end);
        QCOMPARE(released.count(), 1);
        QVERIFY(std::abs(w()->parameterPanel()->params().attentionThreshold - 0.7f) < 0.03f);
        QTRY_VERIFY_WITH_TIMEOUT(!w()->session()->isBusy(), 10000);
        QTRY_VERIFY(std::abs(doc()->result()->params.attentionThreshold - 0.7f) < 0.03f);
        // The spin box follows, and typing a value there re-segments too.
        QSignalSpy shown(w(), &MainWindow::segmentationShown);
        w()->parameterPanel()->thresholdField()->setValue(0.31);
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, 10000);
        settle();
        QVERIFY(doc()->objectCount() >= 4);
    }

    void deleteMergeUndoRedo()
    {
        showTruck();
        if (QTest::currentTestFailed())
            return;
        settle();
        const int n = doc()->objectCount();
        const QString original = signature(doc());
        ObjectListWidget *list = w()->objectList();
        QVERIFY2(n >= 4, qPrintable(original));
        QCOMPARE(list->topLevelItemCount(), n);
        list->clearSelection();
        list->topLevelItem(0)->setSelected(true);
        w()->action(QStringLiteral("delete"))->trigger();
        QCOMPARE(doc()->objectCount(), n - 1);
        QCOMPARE(list->topLevelItemCount(), n - 1);
        QVERIFY(list->topLevelItem(1));
        list->clearSelection();
        list->topLevelItem(0)->setSelected(true);
        list->topLevelItem(1)->setSelected(true);
        w()->action(QStringLiteral("merge"))->trigger();
        QCOMPARE(doc()->objectCount(), n - 2);
        // Hide one via its check box: also undoable.
        list->topLevelItem(0)->setCheckState(0, Qt::Unchecked);
        QTRY_VERIFY(!doc()->objects()[0].visible);
        QCOMPARE(doc()->undoStack()->count(), 3);
        w()->action(QStringLiteral("undo"))->trigger();
        QVERIFY(doc()->objects()[0].visible);
        w()->action(QStringLiteral("undo"))->trigger();
        QCOMPARE(doc()->objectCount(), n - 1);
        w()->action(QStringLiteral("undo"))->trigger();
        QCOMPARE(signature(doc()), original);
        w()->action(QStringLiteral("redo"))->trigger();
        w()->action(QStringLiteral("redo"))->trigger();
        QCOMPARE(doc()->objectCount(), n - 2);
        w()->action(QStringLiteral("undo"))->trigger();
        w()->action(QStringLiteral("undo"))->trigger();
        QCOMPARE(signature(doc()), original);
    }

    void labelledObjectsSurviveSliderMovesAndUndo()
    {
        showTruck();
        if (QTest::currentTestFailed())
            return;
        ObjectListWidget *list = w()->objectList();
        QVERIFY(doc()->objectCount() >= 4);
        const auto first = doc()->objects()[0].object, second = doc()->objects()[1].object;
        // Label two objects in the list: double-click the label cell and type, as a user does.
        for (int row : {0, 1}) {
            QTreeWidgetItem *item = list->topLevelItem(row);
            list->clearSelection();
            item->setSelected(true);
            list->editItem(item, ObjectListWidget::kLabelColumn);
            auto *editor = list->findChild<QLineEdit *>(QStringLiteral("labelEditor"));
            QVERIFY(editor);
            editor->setText(row == 0 ? QStringLiteral("truck") : QStringLiteral("Rad (vorn) 車輪"));
            QTest::keyClick(editor, Qt::Key_Return);
            QTRY_COMPARE(doc()->undoStack()->count(), row + 1);
        }
        QCOMPARE(doc()->objects()[0].object->label, std::string("truck"));
        QCOMPARE(QString::fromStdString(doc()->objects()[1].object->label), QStringLiteral("Rad (vorn) 車輪"));
        QCOMPARE(list->topLevelItem(0)->text(ObjectListWidget::kLabelColumn), QStringLiteral("truck"));

        // A threshold move re-runs discovery: the labelled objects stay, with their labels and
        // masks; the automatic objects are new; the move is one undo step after the labels.
        const int runs = m_engine->segmentCalls.load();
        QSlider *slider = w()->parameterPanel()->thresholdField()->slider();
        dragAndWait(slider, slider->value() + 5);
        QTRY_VERIFY_WITH_TIMEOUT(m_engine->segmentCalls.load() > runs, 10000);
        settle();
        auto find = [this](const std::string &label) -> const DocumentObject * {
            for (const DocumentObject &o : doc()->objects())
                if (o.object->label == label)
                    return &o;
            return nullptr;
        };
        const DocumentObject *truck = find("truck");
        const DocumentObject *wheel = find("Rad (vorn) 車輪");
        QVERIFY(truck && wheel);
        QCOMPARE(truck->object->area, first->area);
        QCOMPARE(wheel->object->area, second->area);
        QVERIFY(truck->kept && wheel->kept);
        // No automatic object duplicates a kept one.
        for (const DocumentObject &o : doc()->objects())
            if (!o.kept)
                QVERIFY(o.object->box != first->box || o.object->area != first->area);
        QCOMPARE(doc()->undoStack()->count(), 3);
        // Undo: the slider's result, then the second label, then the first.
        w()->action(QStringLiteral("undo"))->trigger();
        QVERIFY(find("truck") && find("Rad (vorn) 車輪"));
        w()->action(QStringLiteral("undo"))->trigger();
        QVERIFY(find("truck") && !find("Rad (vorn) 車輪"));
        w()->action(QStringLiteral("undo"))->trigger();
        QVERIFY(!find("truck"));
        w()->action(QStringLiteral("redo"))->trigger();
        QVERIFY(find("truck"));
    }

    void digitKeysLabelTheSelectionAndMasksColourByLabel()
    {
        showTruck();
        if (QTest::currentTestFailed())
            return;
        QAction *one = w()->action(QStringLiteral("label1")), *two = w()->action(QStringLiteral("label2"));
        QCOMPARE(one->shortcut(), QKeySequence(Qt::Key_1));
        // The automatic objects carry the label for new objects, "object": the folder's first label, key 1.
        QCOMPARE(doc()->objects()[1].object->label, std::string("object"));
        doc()->setSelection({1, 2}, 1);
        two->trigger(); // no second label yet: nothing changes, the status bar says why
        QCOMPARE(doc()->undoStack()->count(), 0);
        QVERIFY2(w()->statusText().contains(QLatin1Char('2')), qPrintable(w()->statusText()));
        doc()->setLabel({0}, QStringLiteral("truck")); // the folder's second label: key 2
        doc()->setSelection({1, 2}, 1);
        two->trigger();
        QCOMPARE(doc()->objects()[1].object->label, std::string("truck"));
        QCOMPARE(doc()->objects()[2].object->label, std::string("truck"));
        QVERIFY(doc()->objects()[2].kept);
        doc()->setSelection({2}, 2);
        one->trigger();
        QCOMPARE(doc()->objects()[2].object->label, std::string("object"));
        // Colour by label: the masks panel changes; off again gives back the per-object colours.
        doc()->setSelection({}, -1);
        const QImage byObject = doc()->overlay();
        w()->action(QStringLiteral("colorByLabel"))->setChecked(true);
        QVERIFY(doc()->overlay() != byObject);
        w()->action(QStringLiteral("colorByLabel"))->setChecked(false);
        QCOMPARE(doc()->overlay(), byObject);
    }

    void findSimilarSuggestsAcceptsAndUndoes()
    {
        showTruck();
        if (QTest::currentTestFailed())
            return;
        FindSimilarPanel *panel = w()->similar()->panel();
        QSignalSpy ready(w()->similar(), &SimilarController::suggestionsReady);
        // Without an example the panel says what to do.
        doc()->setSelectedIndex(-1);
        panel->findChild<QPushButton *>(QStringLiteral("findSimilarHere"))->click();
        QVERIFY(panel->findChild<QLabel *>(QStringLiteral("similarStatus"))->text().contains(QStringLiteral("Select")));
        // Example: object 0, labelled, alone (the others deleted, so that there is something to find);
        // suggestions come with its label, none duplicating an object.
        QList<int> others;
        for (int i = 1; i < doc()->objectCount(); ++i)
            others << i;
        doc()->removeObjects(others);
        doc()->setLabel({0}, QStringLiteral("blob"));
        doc()->setSelectedIndex(0);
        const int n = doc()->objectCount();
        panel->similarityField()->setValue(0.5);
        panel->findChild<QPushButton *>(QStringLiteral("findSimilarHere"))->click();
        QTRY_VERIFY_WITH_TIMEOUT(ready.count() >= 1, 10000);
        const int found = doc()->suggestionCount();
        QVERIFY2(found > 0, qPrintable(QString::number(ready.last().at(0).toInt())));
        QCOMPARE(doc()->objectCount(), n + found);
        for (const DocumentObject &o : doc()->objects())
            if (o.suggested)
                QCOMPARE(o.object->label, std::string("blob"));
        QVERIFY(w()->objectList()->topLevelItem(n)->text(0).startsWith(QStringLiteral("Suggestion")));
        // Suggestions are not exported until accepted.
        QCOMPARE(int(doc()->visibleObjects().size()), n);
        // A stricter threshold searches again (same example, cached features): fewer suggestions.
        const int callsBefore = m_engine->similarCalls.load();
        panel->similarityField()->setValue(0.95);
        QTRY_VERIFY_WITH_TIMEOUT(m_engine->similarCalls.load() > callsBefore && ready.count() >= 2, 10000);
        QTRY_VERIFY(doc()->suggestionCount() < found);
        const int strict = doc()->suggestionCount();
        // Accept: ordinary kept objects; undo brings the suggestions back, and undo again the previous search.
        panel->findChild<QPushButton *>(QStringLiteral("acceptSuggestions"))->click();
        QCOMPARE(doc()->suggestionCount(), 0);
        QCOMPARE(doc()->objectCount(), n + strict);
        QVERIFY(doc()->objects().back().kept);
        QCOMPARE(int(doc()->visibleObjects().size()), n + strict);
        w()->action(QStringLiteral("undo"))->trigger();
        QCOMPARE(doc()->suggestionCount(), strict);
        w()->action(QStringLiteral("undo"))->trigger();
        QCOMPARE(doc()->suggestionCount(), found);
        QVERIFY(strict < found);
        panel->findChild<QPushButton *>(QStringLiteral("rejectSuggestions"))->click();
        QCOMPARE(doc()->suggestionCount(), 0);
        QCOMPARE(doc()->objectCount(), n);
    }

    void findSimilarShowsTheSimilarityMap()
    {
        showTruck();
        if (QTest::currentTestFailed())
            return;
        ThreePanelView *view = w()->view();
        ImagePanel *middle = view->panel(ThreePanelView::Heatmap);
        auto *tabs = w()->findChild<QTabWidget *>();
        QVERIFY(tabs);
        HistogramPlot *similarPlot = w()->similar()->histogram();
        QCOMPARE(view->title(ThreePanelView::Heatmap), QStringLiteral("Discovery map"));
        const QImage discovery = doc()->heatmap().convertToFormat(QImage::Format_RGB32);
        QCOMPARE(shownPicture(middle), discovery);
        // Find similar from its dock: the middle panel shows the similarity map, the plots its histogram.
        QDockWidget *similarDock = w()->similar()->dock();
        similarDock->raise();
        QTRY_VERIFY(similarDock->isVisible());
        FindSimilarPanel *panel = w()->similar()->panel();
        QSignalSpy ready(w()->similar(), &SimilarController::suggestionsReady);
        doc()->setSelectedIndex(0);
        panel->similarityField()->setValue(0.5);
        panel->findChild<QPushButton *>(QStringLiteral("findSimilarHere"))->click();
        QTRY_VERIFY_WITH_TIMEOUT(ready.count() >= 1, 10000);
        QCOMPARE(view->title(ThreePanelView::Heatmap), QStringLiteral("Similarity map"));
        QCOMPARE(view->mapKind(), ThreePanelView::MapKind::Similarity);
        const QImage similarity = shownPicture(middle);
        QCOMPARE(similarity.size(), discovery.size());
        QVERIFY(similarity != discovery);
        QCOMPARE(tabs->currentWidget(), static_cast<QWidget *>(similarPlot));
        // The histogram's line is the slider's threshold, both ways.
        QCOMPARE(similarPlot->threshold(), 0.5);
        panel->similarityField()->setValue(0.7);
        QCOMPARE(similarPlot->threshold(), 0.7);
        similarPlot->replot();
        const QPoint start(similarPlot->thresholdPixel(), similarPlot->height() / 2);
        const QPoint end(int(similarPlot->xAxis->coordToPixel(0.6)), similarPlot->height() / 2);
        QTest::mousePress(similarPlot, Qt::LeftButton, {}, start);
        QMouseEvent move(QEvent::MouseMove, QPointF(end), similarPlot->mapToGlobal(QPointF(end)), Qt::NoButton,
                         Qt::LeftButton, {});
        QCoreApplication::sendEvent(similarPlot, &move);
        QTest::mouseRelease(similarPlot, Qt::LeftButton, {}, end);
        QVERIFY(std::abs(panel->similarityField()->value() - 0.6) < 0.03);
        // ... and the search follows the threshold; the similarity map stays.
        QTRY_VERIFY_WITH_TIMEOUT(ready.count() >= 2 && !w()->similar()->isSearching(), 10000);
        QCOMPARE(view->title(ThreePanelView::Heatmap), QStringLiteral("Similarity map"));
        // Leaving the dock's tab shows the discovery map again, and its histogram.
        w()->findChild<QDockWidget *>(QStringLiteral("paramsDock"))->raise();
        QTRY_COMPARE(view->title(ThreePanelView::Heatmap), QStringLiteral("Discovery map"));
        QCOMPARE(shownPicture(middle), discovery);
        QCOMPARE(tabs->currentIndex(), 0);
        // Back to the dock: the similarity map; a new discovery of the image replaces it.
        similarDock->raise();
        QTRY_COMPARE(view->title(ThreePanelView::Heatmap), QStringLiteral("Similarity map"));
        QSignalSpy shown(w(), &MainWindow::segmentationShown);
        w()->parameterPanel()->thresholdField()->setValue(0.4);
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, 10000);
        QCOMPARE(view->title(ThreePanelView::Heatmap), QStringLiteral("Discovery map"));
        QCOMPARE(view->mapKind(), ThreePanelView::MapKind::Discovery);
    }

    void findSimilarInAllImages()
    {
        showTruck();
        if (QTest::currentTestFailed())
            return;
        FindSimilarPanel *panel = w()->similar()->panel();
        QSignalSpy ready(w()->similar(), &SimilarController::suggestionsReady);
        w()->similar()->dock()->raise();
        // The bar counts the images and, once one is done, says how long the rest take.
        auto *bar = panel->findChild<QProgressBar *>(QStringLiteral("similarProgress"));
        QStringList progressTexts;
        QObject receiver; // the connection ends with this function
        connect(w()->session(), &SegmentationSession::progress, &receiver,
                [&] { progressTexts << (bar->isVisible() ? bar->text() : QString()); });
        doc()->setSelectedIndex(0);
        panel->similarityField()->setValue(0.5);
        panel->findChild<QPushButton *>(QStringLiteral("findSimilarAll"))->click();
        QTRY_VERIFY_WITH_TIMEOUT(ready.count() == 1, 20000);
        QVERIFY2(progressTexts.contains(QStringLiteral("0 / 4 images")), qPrintable(progressTexts.join(u'|')));
        const QRegularExpression eta(QStringLiteral("^[123] / 4 images, about \\d+ s left$"));
        QVERIFY2(!progressTexts.filter(eta).isEmpty(), qPrintable(progressTexts.join(u'|')));
        // cars.jpg and groceries.jpg were never opened: their documents hold the suggestions, and
        // showing one loads its picture without running discovery; broken.jpg failed and says so.
        const QString cars = m_folder.filePath(QStringLiteral("cars.jpg"));
        SegmentationDocument *carsDoc = w()->documents()->find(cars);
        QVERIFY(carsDoc && carsDoc->suggestionCount() > 0);
        QVERIFY(panel->findChild<QLabel *>(QStringLiteral("similarStatus"))->text().contains(QStringLiteral("broken.jpg")));
        const int runs = m_engine->segmentCalls.load();
        QVERIFY(w()->browser()->setCurrentPath(cars));
        QTRY_VERIFY_WITH_TIMEOUT(!doc()->image().isNull(), 10000);
        QCOMPARE(m_engine->segmentCalls.load(), runs);
        // Its similarity map from the folder run is what the middle panel shows.
        QTRY_COMPARE(w()->view()->title(ThreePanelView::Heatmap), QStringLiteral("Similarity map"));
        panel->findChild<QPushButton *>(QStringLiteral("acceptAllSuggestions"))->click();
        for (SegmentationDocument *d : w()->documents()->all())
            QCOMPARE(d->suggestionCount(), 0);
    }

    void clickRefinesAndBoxAddsObjects()
    {
        showTruck();
        if (QTest::currentTestFailed())
            return;
        ImagePanel *panel = w()->view()->panel(ThreePanelView::Masks);
        const int n = doc()->objectCount();
        // Select object 0 by clicking on it in Navigate mode.
        const cv::Rect box = doc()->objects()[0].object->box;
        const QPointF centre(box.x + box.width / 2.0, box.y + box.height / 2.0);
        w()->action(QStringLiteral("toolNavigate"))->trigger();
        QTest::mouseClick(panel->viewport(), Qt::LeftButton, {}, panel->mapFromScene(centre));
        QCOMPARE(doc()->selectedIndex(), 0);
        // A positive point re-segments it.
        w()->action(QStringLiteral("toolPositive"))->trigger();
        const int refinesBefore = m_engine->refineCalls.load();
        const QPointF outside(centre.x() + box.width, centre.y());
        QTest::mouseClick(panel->viewport(), Qt::LeftButton, {}, panel->mapFromScene(outside));
        QTRY_COMPARE(doc()->undoStack()->count(), 1);
        QCOMPARE(m_engine->refineCalls.load(), refinesBefore + 1);
        QCOMPARE(doc()->objectCount(), n);
        QCOMPARE(doc()->undoStack()->undoText(), QStringLiteral("Refine object"));
        // A box with nothing selected adds an object.
        w()->action(QStringLiteral("toolNavigate"))->trigger();
        doc()->setSelectedIndex(-1);
        w()->action(QStringLiteral("toolBox"))->trigger();
        const QPoint a = panel->mapFromScene(QPointF(100, 100));
        const QPoint b = panel->mapFromScene(QPointF(400, 300));
        QTest::mousePress(panel->viewport(), Qt::LeftButton, {}, a);
        QMouseEvent move(QEvent::MouseMove, QPointF(b), panel->viewport()->mapToGlobal(QPointF(b)), Qt::NoButton, Qt::LeftButton, {});
        QCoreApplication::sendEvent(panel->viewport(), &move);
        QTest::mouseRelease(panel->viewport(), Qt::LeftButton, {}, b);
        QTRY_COMPARE(doc()->objectCount(), n + 1);
        QCOMPARE(doc()->undoStack()->undoText(), QStringLiteral("Add object"));
        w()->action(QStringLiteral("undo"))->trigger();
        QCOMPARE(doc()->objectCount(), n);
        w()->action(QStringLiteral("toolNavigate"))->trigger();
    }

    void exportsCurrentImageWithEdits()
    {
        showTruck();
        if (QTest::currentTestFailed())
            return;
        QTemporaryDir out;
        QVERIFY(out.isValid());
        // Delete one object first: the export must contain the edited set.
        doc()->removeObjects({0});
        const int n = doc()->objectCount();
        QSignalSpy finished(w(), &MainWindow::exportFinished);
        ExportChoice choice;
        choice.outputDir = out.path();
        w()->startExport(choice);
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 20000);
        const auto report = finished.at(0).at(0).value<ExportReport>();
        QCOMPARE(report.imagesDone, 1);
        QVERIFY(report.failures.isEmpty());
        const QDir masks(out.filePath(QStringLiteral("truck_masks")));
        QVERIFY2(masks.exists(), qPrintable(report.files.join(QLatin1Char(' '))));
        QCOMPARE(masks.entryList({QStringLiteral("mask_*.png")}).size(), n);
        QCOMPARE(QDir(out.filePath(QStringLiteral("truck_cutouts"))).entryList({QStringLiteral("*.png")}).size(), n);
        QVERIFY(QFileInfo(out.filePath(QStringLiteral("coco.json"))).size() > 100); // one COCO file for the export
        QVERIFY(QFileInfo::exists(out.filePath(QStringLiteral("truck_visualization.jpg"))));
        QCOMPARE(QImage(out.filePath(QStringLiteral("truck_overlay.png"))).size(), QSize(1800, 1200));
        QImage mask(masks.filePath(QStringLiteral("mask_000.png")));
        QCOMPARE(mask.size(), QSize(1800, 1200));
        for (auto *box : w()->findChildren<QMessageBox *>(QStringLiteral("exportSummary")))
            delete box;
        w()->action(QStringLiteral("undo"))->trigger();
    }

    void exportsWholeFolderWithFailureSummary()
    {
        showTruck();
        if (QTest::currentTestFailed())
            return;
        QTemporaryDir out;
        QSignalSpy finished(w(), &MainWindow::exportFinished);
        ExportChoice choice;
        choice.outputDir = out.path();
        choice.formats = {"seed", "coco", "overlay"};
        choice.wholeFolder = true;
        w()->startExport(choice);
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 30000);
        const auto report = finished.at(0).at(0).value<ExportReport>();
        QCOMPARE(report.imagesDone, 3);
        QCOMPARE(report.failures.size(), 1);
        QVERIFY(report.failures.at(0).first.endsWith(QStringLiteral("broken.jpg")));
        // One COCO file lists the three images that worked; no cut-outs were asked for.
        QFile coco(out.filePath(QStringLiteral("coco.json")));
        QVERIFY(coco.open(QIODevice::ReadOnly));
        const QJsonArray images = QJsonDocument::fromJson(coco.readAll())[QStringLiteral("images")].toArray();
        QStringList names;
        for (const QJsonValue &im : images)
            names << im[QStringLiteral("file_name")].toString();
        names.sort();
        QCOMPARE(names, QStringList({QStringLiteral("cars.jpg"), QStringLiteral("groceries.jpg"), QStringLiteral("truck.jpg")}));
        for (const char *name : {"cars", "groceries", "truck"}) {
            QVERIFY(QFileInfo::exists(out.filePath(QString::fromLatin1(name) + QStringLiteral("_summary.txt"))));
            QVERIFY(QFileInfo::exists(out.filePath(QString::fromLatin1(name) + QStringLiteral("_overlay.png"))));
            QVERIFY(!QFileInfo::exists(out.filePath(QString::fromLatin1(name) + QStringLiteral("_cutouts"))));
        }
        const auto boxes = w()->findChildren<QMessageBox *>(QStringLiteral("exportSummary"));
        QCOMPARE(boxes.size(), 1);
        QVERIFY(boxes.front()->text().contains(QStringLiteral("broken.jpg")));
        delete boxes.front();
    }

    void corruptImageShowsErrorAndSessionGoesOn()
    {
        showTruck();
        if (QTest::currentTestFailed())
            return;
        QSignalSpy failed(w(), &MainWindow::imageFailed);
        QSignalSpy shown(w(), &MainWindow::segmentationShown);
        w()->browser()->setCurrentPath(m_folder.filePath(QStringLiteral("broken.jpg")));
        QTRY_VERIFY_WITH_TIMEOUT(failed.count() == 1, 10000);
        QVERIFY(failed.at(0).at(0).toString().endsWith(QStringLiteral("broken.jpg")));
        auto labels = w()->view()->findChildren<QLabel *>();
        bool shownMessage = false;
        for (QLabel *l : labels)
            shownMessage |= l->isVisible() && l->text().contains(QStringLiteral("broken.jpg"));
        QVERIFY(shownMessage);
        QCOMPARE(w()->objectList()->topLevelItemCount(), 0);
        w()->browser()->setCurrentPath(m_folder.filePath(QStringLiteral("groceries.jpg")));
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, 10000);
        QVERIFY(doc()->objectCount() > 0);
    }

    void switchesLanguage()
    {
        LanguageManager languages;
        QVERIFY(languages.apply(QStringLiteral("de")));
        QCOMPARE(w()->action(QStringLiteral("export"))->text(), QStringLiteral("&Exportieren…"));
        QVERIFY(languages.apply(QStringLiteral("zh_CN")));
        QVERIFY(w()->action(QStringLiteral("export"))->text().startsWith(QStringLiteral("导出")));
        QVERIFY(languages.apply(QStringLiteral("fr")));
        QCOMPARE(w()->action(QStringLiteral("export"))->text(), QStringLiteral("&Exporter…"));
        QVERIFY(languages.apply(QStringLiteral("en")));
        QCoreApplication::processEvents();
        QCOMPARE(w()->action(QStringLiteral("export"))->text(), QStringLiteral("&Export…"));
    }

    void aboutNamesTheLicences()
    {
        const QString html = AboutDialog::aboutHtml();
        for (const char *needle : {"GPL-3.0-or-later", "QCustomPlot", "LibTorch", "BSD-3-Clause", "OpenCV",
                                   "Apache-2.0", "LGPL-3.0", "DINOv2", "SAM2"})
            QVERIFY2(html.contains(QLatin1String(needle)), needle);
    }

    void missingModelsStillStartAndSayWhatToDo()
    {
        auto engine = std::make_shared<test::FakeEngine>();
        engine->ready = false;
        MainWindow window(engine);
        window.show();
        QVERIFY(!window.engineMessage().isEmpty());
        window.openPaths({m_folder.filePath(QStringLiteral("truck.jpg"))});
        // Wait for the window to have taken the image and said what to do ...
        auto told = [&] {
            for (QLabel *l : window.view()->findChildren<QLabel *>())
                if (l->isVisible() && l->text().contains(QStringLiteral("Settings")))
                    return true;
            return false;
        };
        QTRY_VERIFY(QFileInfo(window.currentImage()).fileName() == QStringLiteral("truck.jpg") && told());
        QCoreApplication::processEvents(); // anything the opening queued has run
        // ... without starting a job (the session counts jobs as it starts them, synchronously).
        QCOMPARE(window.session()->jobsStarted(), 0);
        QVERIFY(!window.session()->isBusy());
        QCOMPARE(engine->segmentCalls.load(), 0);
    }

    void annotationsAreSavedAndRestoredWithoutAModelRun()
    {
        showTruck();
        if (QTest::currentTestFailed())
            return;
        const QString truck = m_folder.filePath(QStringLiteral("truck.jpg"));
        doc()->setLabel({0, 1}, QStringLiteral("Lastwagen"));
        doc()->setObjectVisible(2, false);
        const QString before = signature(doc());
        const int n = doc()->objectCount();
        // Leaving the image saves it; quitting saves the one shown.
        QVERIFY(w()->browser()->setCurrentPath(m_folder.filePath(QStringLiteral("cars.jpg"))));
        const QString annotation = m_folder.filePath(QStringLiteral(".dinosam/annotations/truck.jpg.json"));
        QTRY_VERIFY2(QFileInfo::exists(annotation), qPrintable(QDir(m_folder.filePath(QStringLiteral(".dinosam")))
                                                               .entryList(QDir::AllEntries | QDir::NoDotAndDotDot)
                                                               .join(QLatin1Char(' '))));
        QTRY_COMPARE(w()->browser()->annotationState(truck), ImageBrowser::AnnotationState::Edited);
        QVERIFY(w()->close());
        cleanup();

        // A new window and engine: truck.jpg comes back from the file, with labels and the
        // hidden object, and the engine never runs on it.
        m_engine = std::make_shared<test::FakeEngine>();
        m_window = std::make_unique<MainWindow>(m_engine);
        QSignalSpy failed(w(), &MainWindow::imageFailed);
        QCOMPARE(w()->openFolder(m_folder.path()), 4); // shows broken.jpg first, which fails
        QTRY_VERIFY_WITH_TIMEOUT(failed.count() == 1 && !w()->session()->isBusy(), 10000);
        // Marked as annotated from the files alone; the filter shows only those.
        QCOMPARE(w()->browser()->annotationState(truck), ImageBrowser::AnnotationState::Annotated);
        QCOMPARE(w()->browser()->annotationState(m_folder.filePath(QStringLiteral("groceries.jpg"))),
                 ImageBrowser::AnnotationState::NotStarted);
        const int runsBefore = m_engine->segmentCalls.load();
        QVERIFY(w()->browser()->setCurrentPath(truck));
        QTRY_COMPARE_WITH_TIMEOUT(QFileInfo(w()->currentImage()).fileName(), QStringLiteral("truck.jpg"), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!doc()->image().isNull(), 10000); // the picture follows the masks
        settle();
        QCOMPARE(m_engine->segmentCalls.load(), runsBefore);
        QCOMPARE(doc()->objectCount(), n);
        QCOMPARE(signature(doc()), before);
        QCOMPARE(QString::fromStdString(doc()->objects()[1].object->label), QStringLiteral("Lastwagen"));
        QVERIFY(doc()->objects()[0].kept && doc()->isEdited());
        QCOMPARE(w()->objectList()->topLevelItem(0)->text(ObjectListWidget::kLabelColumn), QStringLiteral("Lastwagen"));
        QVERIFY(!doc()->overlay().isNull());
        QCOMPARE(w()->browser()->annotationState(truck), ImageBrowser::AnnotationState::Edited);
        w()->browser()->setFilter(ImageBrowser::Filter::Edited);
        int shownRows = 0;
        for (int r = 0; r < w()->browser()->count(); ++r)
            shownRows += w()->browser()->item(r)->isHidden() ? 0 : 1;
        QCOMPARE(shownRows, 1); // truck.jpg, the only edited image (and the one shown)
        w()->browser()->setFilter(ImageBrowser::Filter::All);
    }

    void closingMidRunExitsCleanly()
    {
        auto engine = std::make_shared<test::FakeEngine>();
        engine->firstRunMs = 30000;
        {
            MainWindow window(engine);
            window.show();
            QSignalSpy started(window.session(), &SegmentationSession::jobStarted);
            window.openPaths({m_folder.filePath(QStringLiteral("cars.jpg"))});
            QTRY_COMPARE(started.count(), 1);
            QTRY_COMPARE(engine->segmentCalls.load(), 1);
            QVERIFY(window.close());
        } // destroyed: the worker was cancelled and joined (30 s would time out the test)
        QCOMPARE(engine->cancelledCalls.load(), 1);
        QCOMPARE(engine->completedSegments.load(), 0);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
