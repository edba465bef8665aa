// Labelling on the real window with the fake engine (issue 13): locked objects, the label editor,
// the label for new objects, File ▸ Import Annotations… and another folder for the annotations
// of a read-only folder. Every function has its own window, settings and annotation folder.
#include "appsettings.h"
#include "documentstore.h"
#include "fakeengine.h"
#include "fixtures.h"
#include "imagebrowser.h"
#include "importcontroller.h"
#include "labelcontroller.h"
#include "labeleditordialog.h"
#include "mainwindow.h"
#include "objectlistwidget.h"
#include "parameterpanel.h"
#include "projectautosave.h"
#include "segmentationdocument.h"
#include "segmentationsession.h"
#include "sliderfield.h"
#include "threepanelview.h"
#include "windowdriver.h"

#include <QAction>
#include <QColorDialog>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSlider>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <unistd.h>

using namespace dinosam;
using namespace dinosam::ui;

namespace {

QJsonObject readJson(const QString &file)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

/// The top-level widget of type T named @p name that is open now (dialogs are non-modal).
template <typename T> T *openWidget(const QString &name)
{
    for (QWidget *w : QApplication::topLevelWidgets())
        if (auto *t = qobject_cast<T *>(w); t && t->objectName() == name && t->isVisible())
            return t;
    return nullptr;
}

/// Types @p path into a file dialog's name field, as a user does (selectFile() leaves a focused
/// field alone).
void typeFileName(QFileDialog *dialog, const QString &path)
{
    auto *edit = dialog->findChild<QLineEdit *>(QStringLiteral("fileNameEdit"));
    QVERIFY(edit);
    edit->setText(path);
}

void writeText(const QString &file, const QByteArray &text)
{
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
}

} // namespace

class TestLabelling : public QObject
{
    Q_OBJECT
private:
    std::shared_ptr<test::FakeEngine> m_engine;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<QTemporaryDir> m_folder;

    MainWindow *w() { return m_window.get(); }
    SegmentationDocument *doc() { return m_window->document(); }
    QString image(const char *name) const { return m_folder->filePath(QString::fromLatin1(name)); }

    void newWindow()
    {
        m_engine = std::make_shared<test::FakeEngine>();
        m_engine->firstRunMs = 100;
        m_engine->cheapRunMs = 40;
        m_window = std::make_unique<MainWindow>(m_engine);
        m_window->resize(1400, 900);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void closeWindow()
    {
        for (QWidget *top : QApplication::topLevelWidgets())
            if (qobject_cast<QDialog *>(top))
                top->close();
        if (m_window)
            m_window->close();
        m_window.reset();
        m_engine.reset();
    }

    /// Opens the folder and shows @p name, settled.
    void show(const char *name)
    {
        QSignalSpy shown(w(), &MainWindow::segmentationShown);
        QVERIFY(w()->openFolder(m_folder->path()) >= 2);
        QVERIFY(w()->browser()->setCurrentPath(image(name)));
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1 && QFileInfo(w()->currentImage()).fileName() == QLatin1String(name),
                                 10000);
        test::settle(w(), 10000);
    }

    void moveThreshold()
    {
        QSlider *slider = w()->parameterPanel()->thresholdField()->slider();
        const int runs = m_engine->segmentCalls.load();
        test::dragAndWait(w(), slider, slider->value() + 5, 10000, 10000, 5);
        QVERIFY(m_engine->segmentCalls.load() > runs);
    }

    const DocumentObject *withObject(const std::shared_ptr<const SegmentedObject> &o)
    {
        for (const DocumentObject &d : doc()->objects())
            if (d.object == o)
                return &d;
        return nullptr;
    }

    void select(QList<int> rows)
    {
        ObjectListWidget *list = w()->objectList();
        list->clearSelection();
        for (int r : rows)
            list->topLevelItem(r)->setSelected(true);
        QCOMPARE(doc()->selection(), rows);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("DinoSamTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_labelling"));
        DINOSAM_REQUIRE_FIXTURE("images/truck.jpg");
    }

    void init()
    {
        QSettings().clear();
        SegmentationParams rich; // many objects: 10, no minimum area, threshold 0.3
        rich.numObjects = 10;
        rich.minArea = 0;
        rich.attentionThreshold = 0.3f;
        AppSettings().setParams(rich);
        m_folder = std::make_unique<QTemporaryDir>();
        QVERIFY(m_folder->isValid());
        for (const char *name : {"cars.jpg", "truck.jpg"})
            QVERIFY(QFile::copy(test::fixturePath(QStringLiteral("images/") + QString::fromLatin1(name)),
                                image(name)));
        newWindow();
    }

    void cleanup()
    {
        closeWindow();
        QFile::setPermissions(m_folder->path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        m_folder.reset();
    }

    void cleanupTestCase() { QSettings().clear(); }

    void lockSurvivesSliderMovesAndBlocksDeleteMergeRefine()
    {
        show("truck.jpg");
        if (QTest::currentTestFailed())
            return;
        ObjectListWidget *list = w()->objectList();
        QVERIFY(doc()->objectCount() >= 4);
        const auto first = doc()->objects()[0].object, second = doc()->objects()[1].object;
        // Lock object 0 from the Edit menu's action, object 1 with its check box in the list.
        select({0});
        QAction *lock = w()->action(QStringLiteral("lock"));
        QVERIFY(lock->isEnabled());
        QVERIFY(!w()->action(QStringLiteral("unlock"))->isEnabled());
        QVERIFY(list->actions().contains(lock)); // and in the list's context menu
        lock->trigger();
        QVERIFY(doc()->objects()[0].locked);
        QVERIFY(!lock->isEnabled() && w()->action(QStringLiteral("unlock"))->isEnabled());
        // A closed padlock marks it, a faint open one the others.
        auto padlock = [list](int row) {
            return list->topLevelItem(row)->icon(ObjectListWidget::kLockColumn).pixmap(13, 13).toImage();
        };
        QCOMPARE(padlock(0), ObjectListWidget::lockIcon().pixmap(13, 13).toImage());
        QVERIFY(padlock(2) != padlock(0));
        QVERIFY(list->topLevelItem(0)->toolTip(ObjectListWidget::kLockColumn).contains(QStringLiteral("Locked")));
        // A click on object 1's padlock locks it, and leaves the selection alone.
        const QRect cell = list->visualItemRect(list->topLevelItem(1));
        const int x = list->header()->sectionViewportPosition(ObjectListWidget::kLockColumn)
                      + list->header()->sectionSize(ObjectListWidget::kLockColumn) / 2;
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, QPoint(x, cell.center().y()));
        QTRY_VERIFY(doc()->objects()[1].locked);
        QCOMPARE(doc()->selection(), QList<int>{0});
        QCOMPARE(padlock(1), padlock(0));
        QCOMPARE(doc()->undoStack()->count(), 2);

        // Delete and merge are refused while a locked object is selected, with a reason.
        const int n = doc()->objectCount();
        select({0, 2});
        w()->action(QStringLiteral("delete"))->trigger();
        QCOMPARE(doc()->objectCount(), n);
        QVERIFY2(w()->statusText().contains(QStringLiteral("locked")), qPrintable(w()->statusText()));
        w()->action(QStringLiteral("merge"))->trigger();
        QCOMPARE(doc()->objectCount(), n);
        // The document itself never deletes or merges them either.
        QCOMPARE(doc()->removeObjects({0, 1}), 0);
        QVERIFY(!doc()->mergeObjects({1, 2}));
        QCOMPARE(doc()->undoStack()->count(), 2);

        // Re-segmenting a locked object with a point is refused before any model run.
        ImagePanel *panel = w()->view()->panel(ThreePanelView::Masks);
        doc()->setSelectedIndex(0);
        w()->action(QStringLiteral("toolPositive"))->trigger();
        const int refines = m_engine->refineCalls.load();
        const cv::Rect box = first->box;
        QTest::mouseClick(panel->viewport(), Qt::LeftButton, {},
                          panel->mapFromScene(QPointF(box.x + box.width / 2.0, box.y + box.height / 2.0)));
        QVERIFY2(w()->statusText().contains(QStringLiteral("locked")), qPrintable(w()->statusText()));
        QVERIFY(!w()->session()->isBusy());
        QCOMPARE(m_engine->refineCalls.load(), refines);
        SegmentedObject other = *first;
        QVERIFY(!doc()->applyRefinement(doc()->objects()[0].uid, other)); // a late answer is refused too
        w()->action(QStringLiteral("toolNavigate"))->trigger();

        // A slider move keeps both, untouched, still locked: one more undo step.
        doc()->setSelectedIndex(-1);
        moveThreshold();
        if (QTest::currentTestFailed())
            return;
        QVERIFY(withObject(first) && withObject(first)->locked);
        QVERIFY(withObject(second) && withObject(second)->locked);
        QCOMPARE(doc()->undoStack()->count(), 3);
        // Undo: the slider step, then object 1's lock, then object 0's: deletable again.
        w()->action(QStringLiteral("undo"))->trigger();
        w()->action(QStringLiteral("undo"))->trigger();
        QVERIFY(withObject(first)->locked && !withObject(second)->locked);
        w()->action(QStringLiteral("undo"))->trigger();
        QVERIFY(!withObject(first)->locked);
        QVERIFY(padlock(0) != ObjectListWidget::lockIcon().pixmap(13, 13).toImage());
        select({0});
        w()->action(QStringLiteral("delete"))->trigger();
        QVERIFY(!withObject(first));
    }

    void lockIsSavedAndRestored()
    {
        show("truck.jpg");
        if (QTest::currentTestFailed())
            return;
        doc()->setLocked({1, 2}, true);
        const auto locked = doc()->objects()[1].object;
        const int n = doc()->objectCount();
        QVERIFY(w()->browser()->setCurrentPath(image("cars.jpg"))); // leaving saves truck.jpg
        w()->autosave()->waitForWrites();
        const QString file = m_folder->filePath(QStringLiteral(".dinosam/annotations/truck.jpg.json"));
        QTRY_VERIFY(QFileInfo::exists(file));
        const QJsonArray objects = readJson(file).value(QStringLiteral("objects")).toArray();
        QCOMPARE(objects.size(), n);
        QCOMPARE(objects[0].toObject().value(QStringLiteral("locked")).toBool(true), false);
        QCOMPARE(objects[1].toObject().value(QStringLiteral("locked")).toBool(), true);
        QCOMPARE(objects[2].toObject().value(QStringLiteral("locked")).toBool(), true);
        closeWindow();

        newWindow();
        show("truck.jpg"); // restored from the file, no model run
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(doc()->objectCount(), n);
        QVERIFY(!doc()->objects()[0].locked && doc()->objects()[1].locked && doc()->objects()[2].locked);
        QCOMPARE(doc()->objects()[1].object->area, locked->area);
        QVERIFY(w()->objectList()->topLevelItem(2)->toolTip(ObjectListWidget::kLockColumn).contains(QStringLiteral("Locked")));
        QCOMPARE(doc()->removeObjects({1}), 0);
    }

    void labelEditorRenamesAndRecolours()
    {
        // cars.jpg labelled and left (saved, not shown), truck.jpg labelled and shown.
        show("cars.jpg");
        if (QTest::currentTestFailed())
            return;
        doc()->setLabel({0}, QStringLiteral("truck"));
        QVERIFY(w()->browser()->setCurrentPath(image("truck.jpg")));
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(w()->currentImage()).fileName() == QLatin1String("truck.jpg")
                                     && doc()->result(), 10000);
        test::settle(w(), 10000);
        doc()->setLabel({0, 1}, QStringLiteral("truck"));
        const int steps = doc()->undoStack()->count();
        w()->action(QStringLiteral("colorByLabel"))->setChecked(true);
        const QImage before = doc()->overlay();

        w()->action(QStringLiteral("editLabels"))->trigger();
        LabelEditorDialog *editor = nullptr;
        QTRY_VERIFY((editor = openWidget<LabelEditorDialog>(QStringLiteral("labelEditor"))));
        QTableWidget *table = editor->table();
        int row = -1;
        for (int r = 0; r < table->rowCount(); ++r)
            if (table->item(r, LabelEditorDialog::NameColumn)->text() == QLatin1String("truck"))
                row = r;
        QVERIFY(row >= 0);
        QCOMPARE(table->item(row, LabelEditorDialog::UsesColumn)->text(), QStringLiteral("3")); // 2 here, 1 saved
        // Rename by editing the name; a name already used is refused.
        table->item(row, LabelEditorDialog::NameColumn)->setText(QStringLiteral("object"));
        QTRY_COMPARE(table->item(row, LabelEditorDialog::NameColumn)->text(), QStringLiteral("truck"));
        QVERIFY(editor->findChild<QLabel *>(QStringLiteral("labelEditorMessage"))->text().contains(QStringLiteral("object")));
        table->item(row, LabelEditorDialog::NameColumn)->setText(QStringLiteral("  Lastwagen "));
        QTRY_COMPARE(table->item(row, LabelEditorDialog::NameColumn)->text(), QStringLiteral("Lastwagen"));
        // A new colour through the colour dialog (a click on the swatch opens it).
        QSignalSpy clicked(table, &QTableWidget::cellClicked);
        const QRect cell = table->visualItemRect(table->item(row, LabelEditorDialog::ColorColumn));
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
        QCOMPARE(clicked.count(), 1);
        QColorDialog *colors = nullptr;
        QTRY_VERIFY((colors = openWidget<QColorDialog>(QStringLiteral("labelColorDialog"))));
        colors->setCurrentColor(QColor(10, 200, 30));
        colors->accept();
        // The key of "object" given to it: "object" has none then (keys are unique).
        const int objectRow = row == 0 ? 1 : 0;
        QCOMPARE(table->item(objectRow, LabelEditorDialog::NameColumn)->text(), QStringLiteral("object"));
        const int objectKey = editor->labels().at(size_t(objectRow)).shortcut;
        QVERIFY(objectKey > 0);
        auto *key = table->findChild<QComboBox *>(QStringLiteral("labelKey%1").arg(row));
        QVERIFY(key);
        key->setCurrentIndex(objectKey);
        Q_EMIT key->activated(objectKey);
        QTRY_COMPARE(editor->labels().at(size_t(row)).shortcut, objectKey);
        QCOMPARE(editor->labels().at(size_t(objectRow)).shortcut, 0);
        // The label for new objects cannot be deleted.
        editor->selectRow(objectRow);
        editor->deleteSelected();
        QCOMPARE(editor->labels().size(), size_t(2));
        editor->accept();

        // Every object follows: here (one undo step), in the saved cars.jpg, in the label set.
        QCOMPARE(doc()->objects()[0].object->label, std::string("Lastwagen"));
        QCOMPARE(doc()->objects()[1].object->label, std::string("Lastwagen"));
        QCOMPARE(doc()->undoStack()->count(), steps + 1);
        ProjectAutosave *autosave = w()->autosave();
        QCOMPARE(autosave->labelColor("Lastwagen"), QColor(10, 200, 30));
        QCOMPARE(autosave->labelForShortcut(objectKey), QStringLiteral("Lastwagen"));
        QVERIFY(!autosave->labelNames().contains(QStringLiteral("truck")));
        QVERIFY(doc()->overlay() != before); // the masks are drawn in the new colour
        const cv::Rect box = doc()->objects()[0].object->box;
        const QColor pixel = doc()->overlay().pixelColor(box.x + box.width / 2, box.y + box.height / 2);
        QVERIFY2(pixel.green() > pixel.red() && pixel.green() > pixel.blue(), qPrintable(pixel.name()));
        autosave->waitForWrites();
        const QJsonArray cars = readJson(m_folder->filePath(QStringLiteral(".dinosam/annotations/cars.jpg.json")))
                                    .value(QStringLiteral("objects"))
                                    .toArray();
        QVERIFY(!cars.isEmpty());
        QCOMPARE(cars[0].toObject().value(QStringLiteral("label")).toString(), QStringLiteral("Lastwagen"));
        QFile classes(m_folder->filePath(QStringLiteral(".dinosam/classes.txt")));
        QVERIFY(classes.open(QIODevice::ReadOnly));
        QStringList names = QString::fromUtf8(classes.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        names.sort();
        QCOMPARE(names, (QStringList{QStringLiteral("Lastwagen"), QStringLiteral("object")}));
        QString colour;
        for (const QJsonValue &l : readJson(m_folder->filePath(QStringLiteral(".dinosam/project.json")))
                                       .value(QStringLiteral("labels"))
                                       .toArray())
            if (l.toObject().value(QStringLiteral("name")).toString() == QLatin1String("Lastwagen"))
                colour = l.toObject().value(QStringLiteral("color")).toString();
        QCOMPARE(colour, QStringLiteral("#0ac81e"));
        w()->action(QStringLiteral("undo"))->trigger();
        QCOMPARE(doc()->objects()[0].object->label, std::string("truck"));
    }

    void labelEditorDeletesAfterAsking()
    {
        show("truck.jpg");
        if (QTest::currentTestFailed())
            return;
        doc()->setLabel({0}, QStringLiteral("Rad"));
        w()->labels()->editLabels();
        LabelEditorDialog *editor = nullptr;
        QTRY_VERIFY((editor = openWidget<LabelEditorDialog>(QStringLiteral("labelEditor"))));
        // A label added here and not used goes at once.
        editor->findChild<QPushButton *>(QStringLiteral("addLabel"))->click();
        QCOMPARE(editor->labels().size(), size_t(3));
        editor->selectRow(2);
        editor->deleteSelected();
        QCOMPARE(editor->labels().size(), size_t(2));
        // A used one after a question: its object gets the label for new objects.
        const int row = editor->table()->item(0, LabelEditorDialog::NameColumn)->text() == QLatin1String("Rad") ? 0 : 1;
        editor->selectRow(row);
        editor->deleteSelected();
        QMessageBox *ask = nullptr;
        QTRY_VERIFY((ask = openWidget<QMessageBox>(QStringLiteral("confirmDeleteLabel"))));
        QVERIFY(ask->text().contains(QStringLiteral("object")));
        ask->button(QMessageBox::Yes)->click();
        QTRY_COMPARE(editor->labels().size(), size_t(1));
        editor->accept();
        QCOMPARE(doc()->objects()[0].object->label, std::string("object"));
        QCOMPARE(w()->autosave()->labelNames(), QStringList{QStringLiteral("object")});
    }

    void defaultLabelGoesToNewObjects()
    {
        show("truck.jpg");
        if (QTest::currentTestFailed())
            return;
        QComboBox *box = w()->labels()->defaultLabelBox();
        QCOMPARE(box->currentText(), QStringLiteral("object"));
        for (const DocumentObject &o : doc()->objects())
            QCOMPARE(o.object->label, std::string("object")); // the initial label for new objects
        doc()->setLabel({0}, QStringLiteral("truck"));
        // A new name typed in the box becomes a label and the label for new objects.
        box->lineEdit()->selectAll();
        QTest::keyClicks(box->lineEdit(), QStringLiteral("Fahrzeug"));
        QTest::keyClick(box->lineEdit(), Qt::Key_Return);
        QTRY_COMPARE(w()->autosave()->defaultLabel(), QStringLiteral("Fahrzeug"));
        QVERIFY(w()->autosave()->labelNames().contains(QStringLiteral("Fahrzeug")));
        // New automatic objects get it; the user's object keeps its label.
        moveThreshold();
        if (QTest::currentTestFailed())
            return;
        int automatic = 0;
        for (const DocumentObject &o : doc()->objects()) {
            if (o.kept)
                continue;
            ++automatic;
            QCOMPARE(o.object->label, std::string("Fahrzeug"));
        }
        QVERIFY(automatic > 0);
        QCOMPARE(withObject(doc()->objects()[0].object)->object->label, std::string("truck"));
        // So does an object added with a box (nothing selected).
        doc()->setSelectedIndex(-1);
        const int n = doc()->objectCount();
        Q_EMIT w()->view()->boxDrawn(QRectF(100, 100, 300, 200));
        QTRY_COMPARE(doc()->objectCount(), n + 1);
        QCOMPARE(doc()->objects().back().object->label, std::string("Fahrzeug"));
        // Saved in the project file, and chosen again when the folder is reopened.
        w()->autosave()->waitForWrites();
        QCOMPARE(readJson(m_folder->filePath(QStringLiteral(".dinosam/project.json"))).value(QStringLiteral("default_label")).toString(),
                 QStringLiteral("Fahrzeug"));
        closeWindow();
        newWindow();
        QVERIFY(w()->openFolder(m_folder->path()) >= 2);
        QCOMPARE(w()->labels()->defaultLabelBox()->currentText(), QStringLiteral("Fahrzeug"));
    }

    void importFromTheFileMenu()
    {
        show("truck.jpg");
        if (QTest::currentTestFailed())
            return;
        const int n = doc()->objectCount();
        doc()->setLabel({0}, QStringLiteral("truck")); // unsaved yet: the import must keep it
        const QString json = m_folder->filePath(QStringLiteral("truck.json"));
        writeText(json, R"({"version": "5.2.1", "imagePath": "truck.jpg", "imageWidth": 1800, "imageHeight": 1200,
            "shapes": [{"label": "Hund", "shape_type": "polygon", "points": [[100, 100], [400, 120], [300, 500]]},
                       {"label": "Hund", "shape_type": "circle", "points": [[50, 50], [60, 60]]}]})");
        QSignalSpy imported(w()->importer(), &ImportController::imported);
        w()->action(QStringLiteral("importAnnotations"))->trigger();
        QFileDialog *files = nullptr;
        QTRY_VERIFY((files = openWidget<QFileDialog>(QStringLiteral("importAnnotationsDialog"))));
        typeFileName(files, json);
        static_cast<QDialog *>(files)->accept(); // QFileDialog::accept() is protected: the virtual call
        QTRY_COMPARE(imported.count(), 1);
        QMessageBox *report = nullptr;
        QTRY_VERIFY((report = openWidget<QMessageBox>(QStringLiteral("importReport"))));
        QVERIFY2(report->text().contains(QStringLiteral("Imported 1 object")), qPrintable(report->text()));
        QVERIFY2(report->detailedText().contains(QStringLiteral("circle")), qPrintable(report->detailedText()));
        report->close();
        // The image shown reloads with the imported object added; the label joins the set.
        QCOMPARE(doc()->objectCount(), n + 1);
        QCOMPARE(doc()->objects()[0].object->label, std::string("truck"));
        QCOMPARE(doc()->objects().back().object->label, std::string("Hund"));
        QVERIFY(doc()->objects().back().kept);
        QCOMPARE(w()->objectList()->topLevelItemCount(), n + 1);
        QCOMPARE(w()->browser()->annotationState(image("truck.jpg")), ImageBrowser::AnnotationState::Edited);
        QVERIFY(w()->autosave()->labelNames().contains(QStringLiteral("Hund")));
    }

    void readOnlyFolderOffersAnotherFolder()
    {
        // Root ignores file permissions: then the store folder is made impossible to create instead.
        const bool root = ::geteuid() == 0;
        if (root)
            writeText(m_folder->filePath(QStringLiteral(".dinosam")), "a file, not a folder");
        else
            QVERIFY(QFile::setPermissions(m_folder->path(), QFile::ReadOwner | QFile::ExeOwner | QFile::ReadGroup |
                                                                QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther));
        QTemporaryDir elsewhere;
        QVERIFY(elsewhere.isValid());
        w()->autosave()->setInterval(100);
        show("truck.jpg");
        if (QTest::currentTestFailed())
            return;
        doc()->setLabel({0, 1}, QStringLiteral("Kipper"));
        const int n = doc()->objectCount();
        QVERIFY(w()->browser()->setCurrentPath(image("cars.jpg"))); // leaving truck.jpg saves it: fails
        QMessageBox *box = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((box = openWidget<QMessageBox>(QStringLiteral("autosaveFailed"))), 10000);
        QVERIFY2(box->text().contains(QStringLiteral(".dinosam")), qPrintable(box->text()));
        QVERIFY(w()->autosave()->failedWrites() >= 1);
        box->findChild<QPushButton *>(QStringLiteral("chooseStoreFolder"))->click();
        QFileDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = openWidget<QFileDialog>(QStringLiteral("storeFolderDialog"))));
        typeFileName(dialog, elsewhere.path());
        static_cast<QDialog *>(dialog)->accept();
        // The failed writes go to the new place (an empty folder: used as it is); remembered.
        const QString saved = elsewhere.filePath(QStringLiteral("annotations/truck.jpg.json"));
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(saved), 10000);
        QCOMPARE(QDir(w()->autosave()->storeFolder()), QDir(elsewhere.path()));
        QCOMPARE(QDir(AppSettings().annotationFolder(QDir(m_folder->path()).absolutePath())), QDir(elsewhere.path()));
        QTRY_COMPARE(w()->autosave()->failedWrites(), 0);
        const QJsonArray objects = readJson(saved).value(QStringLiteral("objects")).toArray();
        QCOMPARE(objects.size(), n);
        QCOMPARE(objects[1].toObject().value(QStringLiteral("label")).toString(), QStringLiteral("Kipper"));
        QTRY_VERIFY(QFileInfo::exists(elsewhere.filePath(QStringLiteral("project.json"))));
        closeWindow();

        // Reopened: the annotations come from there, without a model run.
        newWindow();
        show("truck.jpg");
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(doc()->objectCount(), n);
        QCOMPARE(doc()->objects()[1].object->label, std::string("Kipper"));
        QVERIFY(openWidget<QMessageBox>(QStringLiteral("autosaveFailed")) == nullptr);
    }
};

QTEST_MAIN(TestLabelling)
#include "tst_labelling.moc"
