// Settings and export dialogs: what the user sets is what gets stored / returned.
#include "appsettings.h"
#include "exportdialog.h"
#include "export/exportformatregistry.h"
#include "fixtures.h"
#include "installedmodels.h"
#include "languagemanager.h"
#include "modelfilerow.h"
#include "settingsdialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

using namespace dinosam;
using namespace dinosam::ui;

namespace {

const char *const kDinoFixture = "models/dinov2_vits14_reg4_random.pth";
const char *const kSamFixture = "models/sam2.1_hiera_tiny_random.pt";

QString fixture(const char *relative)
{
    return test::fixturePath(QString::fromLatin1(relative));
}

/// Saves a picture of `widget` where $DINOSAM_SCREENSHOT_DIR says (docs/screenshots), if set.
void screenshot(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("DINOSAM_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QCoreApplication::sendPostedEvents(); // the layout follows what was just shown
    QVERIFY(widget->grab().save(QDir(dir).filePath(name)));
}

} // namespace

class TestDialogs : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("DinoSamTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_dialogs"));
        QSettings().clear();
    }
    void cleanupTestCase() { QSettings().clear(); }

    void settingsArePersisted()
    {
        SettingsDialog dialog({QStringLiteral("dinov2_vits14_reg4"), QStringLiteral("sam2.1_hiera_tiny")});
        const auto rows = dialog.findChildren<ModelFileRow *>();
        QCOMPARE(rows.size(), 2);
        rows[0]->setPath(QStringLiteral("/models/dino.pth"));
        auto *threads = dialog.findChild<QSpinBox *>(QStringLiteral("threadsSpin"));
        auto *cache = dialog.findChild<QSpinBox *>(QStringLiteral("cacheSpin"));
        QVERIFY(threads && cache);
        threads->setValue(3);
        cache->setValue(2048); // MB
        auto *language = dialog.findChild<QComboBox *>(QStringLiteral("languageCombo"));
        QVERIFY(language);
        language->setCurrentIndex(language->findData(QStringLiteral("fr")));
        dialog.accept();
        const AppSettings s;
        QCOMPARE(s.checkpointPath(QStringLiteral("dinov2_vits14_reg4")), QStringLiteral("/models/dino.pth"));
        QCOMPARE(s.checkpointPath(QStringLiteral("sam2.1_hiera_tiny")), QString());
        QCOMPARE(s.threads(), 3);
        QCOMPARE(s.cacheMegabytes(), 2048);
        QCOMPARE(s.language(), QStringLiteral("fr"));
        // A new dialog shows what was stored.
        SettingsDialog again({QStringLiteral("dinov2_vits14_reg4")});
        QCOMPARE(again.findChildren<ModelFileRow *>().front()->path(), QStringLiteral("/models/dino.pth"));
        QCOMPARE(again.findChild<QSpinBox *>(QStringLiteral("cacheSpin"))->value(), 2048);
    }

    void diskCacheSettingsArePersistedAndABadFolderIsRefused()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        QFile blocker(tmp.filePath(QStringLiteral("file")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        SettingsDialog dialog({QStringLiteral("dinov2_vits14_reg4")});
        auto *enabled = dialog.findChild<QCheckBox *>(QStringLiteral("diskCacheCheck"));
        auto *folder = dialog.findChild<QLineEdit *>(QStringLiteral("diskCacheDirEdit"));
        auto *size = dialog.findChild<QSpinBox *>(QStringLiteral("diskCacheSizeSpin"));
        QVERIFY(enabled && folder && size);
        QVERIFY(!enabled->isChecked()); // test mode: off unless a test turns it on
        QVERIFY(!folder->isEnabled());
        enabled->setChecked(true);
        QVERIFY(folder->isEnabled() && size->isEnabled());
        size->setValue(4);

        // A folder under a file cannot be created: the dialog says so and stays open.
        folder->setText(tmp.filePath(QStringLiteral("file/features")));
        QTimer::singleShot(0, this, [] {
            QTRY_VERIFY(qobject_cast<QMessageBox *>(QApplication::activeModalWidget()));
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            QVERIFY(box->text().contains(QStringLiteral("cannot be created")));
            box->accept();
        });
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QVERIFY(!AppSettings().diskCacheEnabled());

        folder->setText(tmp.filePath(QStringLiteral("features")));
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(QFileInfo(tmp.filePath(QStringLiteral("features"))).isDir());
        const AppSettings s;
        QVERIFY(s.diskCacheEnabled());
        QCOMPARE(s.diskCacheDir(), tmp.filePath(QStringLiteral("features")));
        QCOMPARE(s.diskCacheGigabytes(), 4);
        SettingsDialog again({QStringLiteral("dinov2_vits14_reg4")});
        QVERIFY(again.findChild<QCheckBox *>(QStringLiteral("diskCacheCheck"))->isChecked());
        QCOMPARE(again.findChild<QLineEdit *>(QStringLiteral("diskCacheDirEdit"))->text(),
                 tmp.filePath(QStringLiteral("features")));
        QSettings().remove(QStringLiteral("engine/diskCache"));
    }

    void missingModelRowSaysWhatToDo()
    {
        SettingsDialog dialog({QStringLiteral("sam2.1_hiera_large")});
        auto *row = dialog.findChildren<ModelFileRow *>().front();
        row->setPath(QStringLiteral("/nonexistent/sam2.1_hiera_large.pt"));
        bool told = false;
        for (QLabel *l : row->findChildren<QLabel *>())
            told |= l->text().contains(QStringLiteral("Missing")) && l->text().contains(QStringLiteral("Download"));
        QVERIFY(told);
    }

    // --- issue 12.3: Settings names the variant a file actually is -------------------------

    void fileOfAnotherVariantIsNamedAndCanBeUsed()
    {
        DINOSAM_REQUIRE_FIXTURE("models/dinov2_vits14_reg4_random.pth");
        QSettings().clear();
        SettingsDialog dialog({QStringLiteral("dinov2_vits14"), QStringLiteral("sam2.1_hiera_tiny")});
        dialog.show();
        const auto rows = dialog.findChildren<ModelFileRow *>();
        QCOMPARE(rows.size(), 2);
        QElapsedTimer timer;
        timer.start();
        rows[0]->setPath(fixture(kDinoFixture));
        const qint64 readMs = timer.elapsed(); // the shapes only, not the tensors
        // Not "Found": what the file is, in one line, and a button to use it as that.
        const QString status = rows[0]->statusLabel()->text();
        QVERIFY2(status.contains(QStringLiteral("is DINOv2 ViT-S/14 (4 registers) (dinov2_vits14_reg4), not DINOv2 ViT-S/14")),
                 qPrintable(status));
        QVERIFY(!status.contains(QStringLiteral("Found")));
        QVERIFY(!status.contains(QStringLiteral("register_tokens")));
        QCOMPARE(rows[0]->identifiedId(), QStringLiteral("dinov2_vits14_reg4"));
        QVERIFY(rows[0]->useAsButton()->isVisible());
        QCOMPARE(rows[0]->useAsButton()->text(), QStringLiteral("Use as dinov2_vits14_reg4"));
        qInfo("identified %s in %lld ms", qPrintable(fixture(kDinoFixture)), readMs);
        screenshot(&dialog, QStringLiteral("settings-identified-variant.png"));

        QTest::mouseClick(rows[0]->useAsButton(), Qt::LeftButton);
        QCOMPARE(rows[0]->modelId(), QStringLiteral("dinov2_vits14_reg4"));
        QCOMPARE(rows[0]->path(), fixture(kDinoFixture));
        QVERIFY2(rows[0]->statusLabel()->text().startsWith(QStringLiteral("Found")), qPrintable(rows[0]->statusLabel()->text()));
        QVERIFY(rows[0]->statusLabel()->text().contains(QStringLiteral("DINOv2 ViT-S/14 (4 registers)")));
        QVERIFY(!rows[0]->useAsButton()->isVisible());
        auto *combo = dialog.findChild<QComboBox *>(QStringLiteral("dinoModelCombo"));
        QCOMPARE(combo->currentData().toString(), QStringLiteral("dinov2_vits14_reg4"));
        dialog.accept();
        const AppSettings s;
        QCOMPARE(s.params().dinoModel, std::string("dinov2_vits14_reg4"));
        QCOMPARE(s.checkpointPath(QStringLiteral("dinov2_vits14_reg4")), fixture(kDinoFixture));
        QCOMPARE(s.checkpointPath(QStringLiteral("dinov2_vits14")), QString()); // not kept for the wrong model
    }

    void dinoFileInTheSam2RowIsNamedAsSuch()
    {
        DINOSAM_REQUIRE_FIXTURE("models/dinov2_vits14_reg4_random.pth");
        DINOSAM_REQUIRE_FIXTURE("models/sam2.1_hiera_tiny_random.pt");
        QSettings().clear();
        SettingsDialog dialog({QStringLiteral("dinov2_vits14_reg4"), QStringLiteral("sam2_hiera_tiny")});
        dialog.show();
        const auto rows = dialog.findChildren<ModelFileRow *>();
        // SAM2.1 weights given as SAM2: told apart by their keys.
        rows[1]->setPath(fixture(kSamFixture));
        QVERIFY2(rows[1]->statusLabel()->text().contains(
                     QStringLiteral("is SAM 2.1 Hiera tiny (sam2.1_hiera_tiny), not SAM 2 Hiera tiny")),
                 qPrintable(rows[1]->statusLabel()->text()));
        QCOMPARE(rows[1]->useAsButton()->text(), QStringLiteral("Use as sam2.1_hiera_tiny"));
        // A DINOv2 file in the SAM2 row: named as a DINOv2 checkpoint, not a wall of keys.
        rows[1]->setPath(fixture(kDinoFixture));
        const QString status = rows[1]->statusLabel()->text();
        QVERIFY2(status.contains(QStringLiteral("is a DINOv2 checkpoint, DINOv2 ViT-S/14 (4 registers) (dinov2_vits14_reg4)")),
                 qPrintable(status));
        QVERIFY(!status.contains(QStringLiteral("missing")) && !status.contains(QStringLiteral("unexpected")));
        QVERIFY(rows[1]->useAsButton()->isVisible());
        // Used as what it is, it moves to the DINOv2 row.
        QTest::mouseClick(rows[1]->useAsButton(), Qt::LeftButton);
        QCOMPARE(rows[0]->modelId(), QStringLiteral("dinov2_vits14_reg4"));
        QCOMPARE(rows[0]->path(), fixture(kDinoFixture));
        QCOMPARE(rows[1]->path(), QString());
        QCOMPARE(rows[1]->modelId(), QStringLiteral("sam2_hiera_tiny"));
        // Not a checkpoint at all: one line saying so.
        QTemporaryDir dir;
        QFile text(dir.filePath(QStringLiteral("notes.pt")));
        QVERIFY(text.open(QIODevice::WriteOnly));
        text.write("not a checkpoint");
        text.close();
        rows[1]->setPath(text.fileName());
        QVERIFY2(rows[1]->statusLabel()->text().contains(QStringLiteral("notes.pt is not a readable")),
                 qPrintable(rows[1]->statusLabel()->text()));
        QVERIFY(!rows[1]->useAsButton()->isVisible());
    }

    void comboOffersTheInstalledModels()
    {
        DINOSAM_REQUIRE_FIXTURE("models/dinov2_vits14_reg4_random.pth");
        DINOSAM_REQUIRE_FIXTURE("models/sam2.1_hiera_tiny_random.pt");
        QSettings().clear();
        QTemporaryDir models;
        // The model folder holds the register model under its official name, and the same
        // file again under the name of the model without registers.
        QVERIFY(QFile::link(fixture(kDinoFixture), models.filePath(QStringLiteral("dinov2_vits14_reg4_pretrain.pth"))));
        QVERIFY(QFile::link(fixture(kDinoFixture), models.filePath(QStringLiteral("dinov2_vits14_pretrain.pth"))));
        QVERIFY(QFile::link(fixture(kSamFixture), models.filePath(QStringLiteral("sam2.1_hiera_tiny.pt"))));
        AppSettings().setModelDir(models.path());
        QCOMPARE(installedModels(true), (QStringList{QStringLiteral("dinov2_vits14"), QStringLiteral("dinov2_vits14_reg4")}));
        QCOMPARE(installedModels(false), QStringList{QStringLiteral("sam2.1_hiera_tiny")});

        SettingsDialog dialog({QStringLiteral("dinov2_vitb14"), QStringLiteral("sam2.1_hiera_tiny")});
        auto *combo = dialog.findChild<QComboBox *>(QStringLiteral("dinoModelCombo"));
        QCOMPARE(combo->count(), 3); // the chosen one (not installed) and the two installed
        QCOMPARE(combo->currentData().toString(), QStringLiteral("dinov2_vitb14"));
        QVERIFY(combo->currentText().contains(QStringLiteral("not installed")));
        QCOMPARE(dialog.findChild<QComboBox *>(QStringLiteral("sam2ModelCombo"))->count(), 1);
        const auto rows = dialog.findChildren<ModelFileRow *>();
        combo->setCurrentIndex(combo->findData(QStringLiteral("dinov2_vits14")));
        QCOMPARE(rows[0]->modelId(), QStringLiteral("dinov2_vits14"));
        // The folder's dinov2_vits14_pretrain.pth is really the register model: said so.
        QVERIFY2(rows[0]->statusLabel()->text().contains(QStringLiteral("(dinov2_vits14_reg4), not DINOv2 ViT-S/14")),
                 qPrintable(rows[0]->statusLabel()->text()));
        combo->setCurrentIndex(combo->findData(QStringLiteral("dinov2_vits14_reg4")));
        QVERIFY(rows[0]->statusLabel()->text().startsWith(QStringLiteral("Found")));
        QCOMPARE(rows[0]->path(), QString()); // the folder's file, by its official name
        dialog.accept();
        QCOMPARE(AppSettings().params().dinoModel, std::string("dinov2_vits14_reg4"));

        // Asked for a model that is not there while another of its kind is: that one is used.
        SegmentationParams p;
        p.dinoModel = "dinov2_vits14_reg4";
        QCOMPARE(withInstalledModels(p).dinoModel, std::string("dinov2_vits14_reg4"));
        p.dinoModel = "dinov2_vitl14";
        p.sam2Model = "sam2_hiera_large";
        QCOMPARE(withInstalledModels(p).dinoModel, std::string("dinov2_vits14_reg4")); // the recommended one
        QCOMPARE(withInstalledModels(p).sam2Model, std::string("sam2.1_hiera_tiny"));
        QVERIFY(QFile::remove(models.filePath(QStringLiteral("dinov2_vits14_reg4_pretrain.pth"))));
        QCOMPARE(withInstalledModels(p).dinoModel, std::string("dinov2_vits14")); // else the smallest there
        AppSettings().setModelDir(QString());
        QSettings().clear();
    }

    void recentFilesAreMostRecentFirstAndCapped()
    {
        AppSettings s;
        s.clearRecentFiles();
        for (int i = 0; i < AppSettings::kMaxRecent + 3; ++i)
            s.addRecentFile(QStringLiteral("/tmp/image%1.jpg").arg(i));
        s.addRecentFile(QStringLiteral("/tmp/image5.jpg"));
        const QStringList files = s.recentFiles();
        QCOMPARE(files.size(), AppSettings::kMaxRecent);
        QCOMPARE(files.front(), QStringLiteral("/tmp/image5.jpg"));
        QCOMPARE(files.count(QStringLiteral("/tmp/image5.jpg")), 1);
    }

    void exportChoiceRoundTrip()
    {
        ExportDialog dialog;
        dialog.setFolderAvailable(true, 7);
        ExportChoice c;
        c.outputDir = QStringLiteral("/tmp/out");
        c.formats = {"cutouts", "overlay", "yolo"};
        c.options.polygonEpsilon = 2.5;
        c.wholeFolder = true;
        dialog.setChoice(c);
        const ExportChoice back = dialog.choice();
        QCOMPARE(back.outputDir, c.outputDir);
        // Registry order, whatever order they were given in.
        QCOMPARE(back.formats, (std::vector<std::string>{"yolo", "cutouts", "overlay"}));
        QCOMPARE(back.options.polygonEpsilon, 2.5);
        QCOMPARE(back.wholeFolder, true);
        // One check box per registered format, built from the registry.
        for (const auto &f : dinosam::ExportFormatRegistry::instance().formats())
            QVERIFY2(dialog.formatBox(f.id), f.id.c_str());
        QVERIFY(!dialog.formatBox("coco")->isChecked());
        dialog.formatBox("coco")->setChecked(true);
        QCOMPARE(dialog.choice().formats, (std::vector<std::string>{"coco", "yolo", "cutouts", "overlay"}));
        dialog.setFolderAvailable(false, 1);
        QCOMPARE(dialog.choice().wholeFolder, false);
    }

    void everyLanguageHasItsCatalogue()
    {
        LanguageManager languages;
        for (const auto &lang : LanguageManager::languages())
            QVERIFY2(languages.apply(lang.first), qPrintable(lang.first));
        QVERIFY(languages.apply(QStringLiteral("en")));
    }
};

QTEST_MAIN(TestDialogs)
#include "tst_dialogs.moc"
