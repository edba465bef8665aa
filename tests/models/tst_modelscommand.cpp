// `dinosam models ...` through runModelsCommand(): output, files and exit codes.
#include "fixtures.h"
#include "testhttpserver.h"

#include "modelmanager/modelcatalog.h"
#include "modelmanager/modelscommand.h"

#include <QNetworkProxy>
#include <QTemporaryDir>
#include <QTextStream>
#include <QtTest>

using namespace dinosam;

namespace {

struct Run
{
    int exit = -1;
    QString out;
    QString err;
};

Run runModels(const QStringList &args)
{
    Run r;
    QTextStream out(&r.out), err(&r.err);
    r.exit = runModelsCommand(args, out, err);
    return r;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestModelsCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void usageErrors_data();
    void usageErrors();
    void listShowsCatalogAndFolder();
    void downloadVerifyTamperInstall();
    void downloadFailureExitsOne();

private:
    dinosam::test::TestHttpServer m_server;
    QByteArray m_dino;
};

void TestModelsCommand::initTestCase()
{
    DINOSAM_REQUIRE_FIXTURE("models/dinov2_vits14_reg4_random.pth");
    DINOSAM_REQUIRE_FIXTURE("models/sam2.1_hiera_tiny_random.pt");
    QNetworkProxy::setApplicationProxy(QNetworkProxy::NoProxy);
    m_dino = readAll(dinosam::test::fixturePath(QStringLiteral("models/dinov2_vits14_reg4_random.pth")));
    QVERIFY(!m_dino.isEmpty());
    QVERIFY(m_server.start());
    m_server.addFile("/" + ModelCatalog::find(QStringLiteral("dinov2_vits14_reg4"))->relativeUrl.toLatin1(), m_dino);
}

void TestModelsCommand::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("nothing") << QStringList{} << QStringLiteral("usage:");
    QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate")} << QStringLiteral("unknown command");
    QTest::newRow("unknown option") << QStringList{QStringLiteral("list"), QStringLiteral("--fast")}
                                    << QStringLiteral("unknown option --fast");
    QTest::newRow("--dir without value") << QStringList{QStringLiteral("list"), QStringLiteral("--dir")}
                                         << QStringLiteral("--dir needs a value");
    QTest::newRow("download nothing") << QStringList{QStringLiteral("download")} << QStringLiteral("at least one");
    QTest::newRow("download unknown") << QStringList{QStringLiteral("download"), QStringLiteral("dinov3")}
                                      << QStringLiteral("unknown model 'dinov3'");
    QTest::newRow("list with argument") << QStringList{QStringLiteral("list"), QStringLiteral("all")}
                                        << QStringLiteral("takes no arguments");
    QTest::newRow("install nothing") << QStringList{QStringLiteral("install")} << QStringLiteral("exactly one FILE");
    QTest::newRow("install as unknown") << QStringList{QStringLiteral("install"), QStringLiteral("x.pt"),
                                                       QStringLiteral("--as"), QStringLiteral("sam3")}
                                        << QStringLiteral("unknown model 'sam3'");
    QTest::newRow("verify unknown") << QStringList{QStringLiteral("verify"), QStringLiteral("nope")}
                                    << QStringLiteral("unknown model 'nope'");
}

void TestModelsCommand::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    QTemporaryDir dir;
    const Run r = runModels(QStringList{QStringLiteral("--dir"), dir.path()} + args);
    QCOMPARE(r.exit, int(ModelsExitUsage));
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
}

void TestModelsCommand::listShowsCatalogAndFolder()
{
    QTemporaryDir dir;
    const Run r = runModels({QStringLiteral("list"), QStringLiteral("--dir"), dir.path()});
    QCOMPARE(r.exit, int(ModelsExitOk));
    QVERIFY(r.out.contains(QStringLiteral("Model folder: ") + dir.path()));
    for (const ModelSpec &s : ModelCatalog::builtin())
        QVERIFY2(r.out.contains(s.id + QLatin1Char(' ')), qPrintable(s.id));
    QVERIFY(r.err.isEmpty());
    const Run help = runModels({QStringLiteral("--help")});
    QCOMPARE(help.exit, int(ModelsExitOk));
    QVERIFY(help.out.contains(QLatin1String("exit codes")));
}

void TestModelsCommand::downloadVerifyTamperInstall()
{
    QTemporaryDir dir;
    const QStringList common = {QStringLiteral("--dir"), dir.path(), QStringLiteral("--mirror"), m_server.baseUrl().toString()};
    const QString id = QStringLiteral("dinov2_vits14_reg4");
    const QString file = dir.path() + QStringLiteral("/dinov2_vits14_reg4_pretrain.pth");

    Run r = runModels(QStringList{QStringLiteral("download"), id} + common);
    QVERIFY2(r.exit == ModelsExitOk, qPrintable(r.out + r.err));
    QVERIFY(r.out.contains(QStringLiteral("OK ") + id));
    QVERIFY(r.out.contains(QLatin1String("(100%)")));
    QCOMPARE(readAll(file), m_dino);

    r = runModels(QStringList{QStringLiteral("list")} + common);
    QCOMPARE(r.exit, int(ModelsExitOk));
    QVERIFY2(r.out.contains(QRegularExpression(QStringLiteral("dinov2_vits14_reg4 +installed +42\\.1 MiB +recorded"))),
             qPrintable(r.out));

    r = runModels(QStringList{QStringLiteral("path"), id} + common);
    QCOMPARE(r.exit, int(ModelsExitOk));
    QCOMPARE(r.out.trimmed(), file);

    r = runModels(QStringList{QStringLiteral("verify")} + common);
    QCOMPARE(r.exit, int(ModelsExitOk));
    QVERIFY2(r.out.contains(QStringLiteral("OK ") + id), qPrintable(r.out));

    {
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.seek(f.size() / 2));
        QVERIFY(f.write("tampered") == 8);
    }
    r = runModels(QStringList{QStringLiteral("verify"), id} + common);
    QCOMPARE(r.exit, int(ModelsExitFailed));
    QVERIFY2(r.err.contains(QStringLiteral("FAILED ") + id) && r.err.contains(QLatin1String("SHA-256 mismatch")),
             qPrintable(r.err));

    // Re-installing the original repairs it.
    r = runModels(QStringList{QStringLiteral("install"),
                              dinosam::test::fixturePath(QStringLiteral("models/dinov2_vits14_reg4_random.pth")),
                              QStringLiteral("--as"), id} + common);
    QVERIFY2(r.exit == ModelsExitOk, qPrintable(r.out + r.err));
    QCOMPARE(readAll(file), m_dino);
    QCOMPARE(runModels(QStringList{QStringLiteral("verify"), id} + common).exit, int(ModelsExitOk));

    // A DINOv2 file offered as SAM2 is refused and leaves nothing behind.
    r = runModels(QStringList{QStringLiteral("install"), file, QStringLiteral("--as"), QStringLiteral("sam2_hiera_tiny")} +
                  common);
    QCOMPARE(r.exit, int(ModelsExitFailed));
    QVERIFY(!QFile::exists(dir.path() + QStringLiteral("/sam2_hiera_tiny.pt")));
    r = runModels(QStringList{QStringLiteral("verify"), QStringLiteral("sam2_hiera_tiny")} + common);
    QCOMPARE(r.exit, int(ModelsExitFailed));
    QVERIFY(r.err.contains(QLatin1String("not installed")));
}

void TestModelsCommand::downloadFailureExitsOne()
{
    QTemporaryDir dir;
    const Run r = runModels({QStringLiteral("download"), QStringLiteral("sam2_hiera_large"), QStringLiteral("--quiet"),
                             QStringLiteral("--dir"), dir.path(), QStringLiteral("--mirror"), m_server.baseUrl().toString()});
    QCOMPARE(r.exit, int(ModelsExitFailed));
    QVERIFY2(r.err.contains(QLatin1String("HTTP 404")), qPrintable(r.err));
    QVERIFY(!QFile::exists(dir.path() + QStringLiteral("/sam2_hiera_large.pt")));
}

QTEST_GUILESS_MAIN(TestModelsCommand)
#include "tst_modelscommand.moc"
