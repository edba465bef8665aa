// Settings and export dialogs: what the user sets is what gets stored / returned.
#include "appsettings.h"
#include "exportdialog.h"
#include "export/exportformatregistry.h"
#include "languagemanager.h"
#include "modelfilerow.h"
#include "settingsdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QRadioButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QtTest>

using namespace dinosam::ui;

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
