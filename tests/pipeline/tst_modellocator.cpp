// Checkpoint resolution: explicit file, model folder, $DINOSAM_MODEL_DIR, user cache; the
// official-file check with its "verified" stamp; messages.
#include "pipeline/modellocator.h"
#include "pipeline/pipelineerror.h"
#include "models/catalog/modelcatalog.h"
#include "models/catalog/verifiedstamp.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace dinosam;

class TestModelLocator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        qunsetenv("DINOSAM_MODEL_DIR");
        qputenv("XDG_CACHE_HOME", m_home.path().toUtf8());
    }
    void fileNames_data();
    void fileNames();
    void searchOrder();
    void explicitPathWins();
    void missingModelMessage();
    void missingModelNamesInstalledAlternative();
    void installedFileMustBeTheOfficialOne();
    void unknownModel();

private:
    QTemporaryDir m_home;
};

void TestModelLocator::fileNames_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("file");
    QTest::newRow("vits14") << "dinov2_vits14" << "dinov2_vits14_pretrain.pth";
    QTest::newRow("vits14 reg") << "dinov2_vits14_reg4" << "dinov2_vits14_reg4_pretrain.pth";
    QTest::newRow("vitg14 reg") << "dinov2_vitg14_reg4" << "dinov2_vitg14_reg4_pretrain.pth";
    QTest::newRow("sam2.1 tiny") << "sam2.1_hiera_tiny" << "sam2.1_hiera_tiny.pt";
    QTest::newRow("sam2 b+") << "sam2_hiera_base_plus" << "sam2_hiera_base_plus.pt";
}

void TestModelLocator::fileNames()
{
    QFETCH(QString, id);
    QFETCH(QString, file);
    QCOMPARE(QString::fromStdString(ModelLocator::checkpointFileName(id.toStdString())), file);
    QVERIFY(QString::fromStdString(ModelLocator::downloadUrl(id.toStdString())).endsWith(file));
    QVERIFY(ModelLocator::isDinoModel(id.toStdString()) != ModelLocator::isSam2Model(id.toStdString()));
}

void TestModelLocator::searchOrder()
{
    QTemporaryDir modelDir, envDir;
    const std::string file = "dinov2_vits14_pretrain.pth";
    auto touch = [&](const QTemporaryDir &d) { std::ofstream(d.filePath(QString::fromStdString(file)).toStdString()) << "x"; };
    // Only in the user cache.
    QDir().mkpath(m_home.filePath("dinosam/models"));
    std::ofstream(m_home.filePath("dinosam/models/" + QString::fromStdString(file)).toStdString()) << "x";
    ModelLocator locator(modelDir.path().toStdString());
    QCOMPARE(QString::fromStdString(locator.locate("dinov2_vits14").string()),
             m_home.filePath("dinosam/models/" + QString::fromStdString(file)));
    // $DINOSAM_MODEL_DIR before the user cache.
    touch(envDir);
    qputenv("DINOSAM_MODEL_DIR", envDir.path().toUtf8());
    QCOMPARE(QString::fromStdString(locator.locate("dinov2_vits14").string()),
             envDir.filePath(QString::fromStdString(file)));
    // The model folder first.
    touch(modelDir);
    QCOMPARE(QString::fromStdString(locator.locate("dinov2_vits14").string()),
             modelDir.filePath(QString::fromStdString(file)));
    QCOMPARE(locator.searchDirs().size(), size_t(3));
}

void TestModelLocator::explicitPathWins()
{
    QTemporaryDir dir;
    const auto path = dir.filePath("my.pth").toStdString();
    std::ofstream(path) << "x";
    ModelLocator locator;
    QCOMPARE(locator.resolve("sam2.1_hiera_tiny", path).string(), path);
    try {
        locator.resolve("sam2.1_hiera_tiny", dir.filePath("nope.pt").toStdString());
        QFAIL("no error");
    } catch (const PipelineError &e) {
        QCOMPARE(e.kind(), PipelineError::Kind::ModelMissing);
        QVERIFY(QString(e.what()).contains("nope.pt"));
    }
}

void TestModelLocator::missingModelMessage()
{
    QTemporaryDir modelDir;
    ModelLocator locator(modelDir.path().toStdString());
    try {
        locator.resolve("sam2.1_hiera_tiny");
        QFAIL("no error");
    } catch (const PipelineError &e) {
        const QString m = e.what();
        QCOMPARE(e.kind(), PipelineError::Kind::ModelMissing);
        QVERIFY2(m.contains("sam2.1_hiera_tiny.pt"), qPrintable(m));
        QVERIFY2(m.contains(modelDir.path()), qPrintable(m));
        QVERIFY2(m.contains(m_home.path()), qPrintable(m));
        QVERIFY2(m.contains("dinosam models download sam2.1_hiera_tiny"), qPrintable(m));
        QVERIFY2(m.contains("https://dl.fbaipublicfiles.com/"), qPrintable(m));
        QVERIFY2(m.contains("dinosam models install FILE"), qPrintable(m));
        QVERIFY2(!m.contains("Installed and usable instead"), qPrintable(m));
    }
}

void TestModelLocator::missingModelNamesInstalledAlternative()
{
    // Only dinov2_vits14_reg4 installed, dinov2_vits14 asked for: say that reg4 is there.
    QTemporaryDir modelDir, emptyCache;
    qputenv("XDG_CACHE_HOME", emptyCache.path().toUtf8()); // nothing left there by other functions
    std::ofstream(modelDir.filePath("dinov2_vits14_reg4_pretrain.pth").toStdString()) << "x";
    ModelLocator locator(modelDir.path().toStdString());
    QCOMPARE(locator.installedAlternatives("dinov2_vits14"), std::vector<std::string>{"dinov2_vits14_reg4"});
    QVERIFY(locator.installedAlternatives("sam2.1_hiera_tiny").empty());
    try {
        locator.resolve("dinov2_vits14");
        QFAIL("no error");
    } catch (const PipelineError &e) {
        QCOMPARE(e.kind(), PipelineError::Kind::ModelMissing);
        QVERIFY2(QString(e.what()).contains("Installed and usable instead: dinov2_vits14_reg4 (choose it with "
                                            "--dino-model dinov2_vits14_reg4)"),
                 e.what());
    }
}

void TestModelLocator::installedFileMustBeTheOfficialOne()
{
    // A file under an official name that is not Meta's file (here: 5 bytes) is refused
    // with both hashes; stamped as the user's own, it is accepted; changed, refused again.
    QTemporaryDir modelDir;
    const QString file = modelDir.filePath("sam2.1_hiera_tiny.pt");
    std::ofstream(file.toStdString()) << "hello";
    ModelLocator locator(modelDir.path().toStdString());
    const std::string published = ModelCatalog::find("sam2.1_hiera_tiny")->sha256;
    try {
        locator.resolve("sam2.1_hiera_tiny");
        QFAIL("no error");
    } catch (const PipelineError &e) {
        const QString m = e.what();
        QCOMPARE(e.kind(), PipelineError::Kind::ModelInvalid);
        QVERIFY2(m.contains(QString::fromStdString(published)), qPrintable(m));
        // SHA-256 of "hello"
        QVERIFY2(m.contains("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"), qPrintable(m));
        QVERIFY2(m.contains("dinosam models download sam2.1_hiera_tiny"), qPrintable(m));
        QVERIFY2(m.contains("--sam2-checkpoint"), qPrintable(m));
    }
    QVERIFY(writeStamp(file.toStdString(), "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", true,
                       "sam2.1_hiera_tiny"));
    QCOMPARE(QString::fromStdString(locator.resolve("sam2.1_hiera_tiny").string()), file);
    std::ofstream(file.toStdString(), std::ios::app) << "!";
    QVERIFY_THROWS_EXCEPTION(PipelineError, locator.resolve("sam2.1_hiera_tiny"));
    // An explicit path is the user's own file: used as it is.
    QCOMPARE(QString::fromStdString(locator.resolve("sam2.1_hiera_tiny", file.toStdString()).string()), file);
}

void TestModelLocator::unknownModel()
{
    try {
        ModelLocator().resolve("resnet50");
        QFAIL("no error");
    } catch (const PipelineError &e) {
        QCOMPARE(e.kind(), PipelineError::Kind::InvalidArgument);
        QVERIFY(QString(e.what()).contains("dinov2_vits14"));
    }
}

QTEST_GUILESS_MAIN(TestModelLocator)
#include "tst_modellocator.moc"
