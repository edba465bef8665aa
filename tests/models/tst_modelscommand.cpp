// `dinosam models ...` through runModelsCommand(): output, files and exit codes.
#include "fixtures.h"
#include "testhttpserver.h"

#include "modelscommand.h"
#include "models/catalog/modelcatalog.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QNetworkProxy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTextStream>
#include <QtTest>

#include <chrono>
#include <filesystem>

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
    void installFormsAndWrongHash();
    void offlineDownloadFailsFast();

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
    m_server.addFile("/" + QByteArray::fromStdString(ModelCatalog::find("dinov2_vits14_reg4")->relativeUrl), m_dino);
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
    QTest::newRow("install prints its forms") << QStringList{QStringLiteral("install")}
                                              << QStringLiteral("dinosam models install ID FILE");
    QTest::newRow("install two files") << QStringList{QStringLiteral("install"), QStringLiteral("a.pt"), QStringLiteral("b.pt")}
                                       << QStringLiteral("one known model ID");
    QTest::newRow("own without id") << QStringList{QStringLiteral("install"), QStringLiteral("a.pt"), QStringLiteral("--own")}
                                    << QStringLiteral("--own needs the model ID");
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
    for (const ModelEntry &e : ModelCatalog::all()) {
        // id, size and the first 12 hex digits of the published SHA-256 on one line
        const QString size = e.sizeBytes > 0 ? QString::number(double(e.sizeBytes) / (1024.0 * 1024.0), 'f', 1) +
                                                   QStringLiteral(" MiB")
                                             : QStringLiteral("unconfirmed");
        const QRegularExpression row(QStringLiteral("\\n%1 +- +%2 +%3 ")
                                         .arg(QRegularExpression::escape(QString::fromStdString(e.id)),
                                              QRegularExpression::escape(size),
                                              QString::fromStdString(e.sha256.substr(0, 12))));
        QVERIFY2(r.out.contains(row), qPrintable(QString::fromStdString(e.id) + QLatin1Char('\n') + r.out));
    }
    QVERIFY(r.out.contains(QStringLiteral("dinov2_vits14_reg4 ")));
    QVERIFY(r.out.contains(QLatin1String("[default]")));
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
    const QString fixture = dinosam::test::fixturePath(QStringLiteral("models/dinov2_vits14_reg4_random.pth"));
    const QString published = QString::fromStdString(ModelCatalog::find(id.toStdString())->sha256);
    const QString fixtureSha =
        QString::fromLatin1(QCryptographicHash::hash(m_dino, QCryptographicHash::Sha256).toHex());

    // The server's file (the random-weight fixture) is not Meta's: refused, both hashes named.
    Run r = runModels(QStringList{QStringLiteral("download"), id} + common);
    QCOMPARE(r.exit, int(ModelsExitFailed));
    QVERIFY2(r.out.contains(QLatin1String("About to download 1 file, 84.2 MiB")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QLatin1String("(100%)")), qPrintable(r.out));
    QVERIFY2(r.err.contains(published) && r.err.contains(fixtureSha), qPrintable(r.err));
    QVERIFY(!QFile::exists(file));
    QVERIFY(!QFile::exists(file + QStringLiteral(".part")));

    // Your own checkpoint: explicit id + --own, shown as unverified.
    r = runModels(QStringList{QStringLiteral("install"), fixture, QStringLiteral("--as"), id, QStringLiteral("--own")} +
                  common);
    QVERIFY2(r.exit == ModelsExitOk, qPrintable(r.out + r.err));
    QVERIFY2(r.out.contains(QLatin1String("UNVERIFIED")), qPrintable(r.out));
    QCOMPARE(readAll(file), m_dino);

    r = runModels(QStringList{QStringLiteral("list")} + common);
    QCOMPARE(r.exit, int(ModelsExitOk));
    QVERIFY2(r.out.contains(QRegularExpression(QStringLiteral("dinov2_vits14_reg4 +installed \\(own, unverified\\) +84\\.2 MiB +%1")
                                                   .arg(published.left(12)))),
             qPrintable(r.out));

    r = runModels(QStringList{QStringLiteral("path"), id} + common);
    QCOMPARE(r.exit, int(ModelsExitOk));
    QCOMPARE(r.out.trimmed(), file);

    r = runModels(QStringList{QStringLiteral("verify")} + common);
    QCOMPARE(r.exit, int(ModelsExitOk));
    QVERIFY2(r.out.contains(QStringLiteral("OK ") + id) && r.out.contains(QLatin1String("UNVERIFIED")), qPrintable(r.out));

    {
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.seek(f.size() / 2));
        QVERIFY(f.write("tampered") == 8);
    }
    std::filesystem::last_write_time(file.toStdString(),
                                     std::filesystem::last_write_time(file.toStdString()) + std::chrono::seconds(2));
    r = runModels(QStringList{QStringLiteral("verify"), id} + common);
    QCOMPARE(r.exit, int(ModelsExitFailed));
    QVERIFY2(r.err.contains(QStringLiteral("FAILED ") + id) && r.err.contains(QLatin1String("SHA-256 mismatch")),
             qPrintable(r.err));

    // Re-installing (the `install ID FILE` form) repairs it.
    r = runModels(QStringList{QStringLiteral("install"), id, fixture, QStringLiteral("--own")} + common);
    QVERIFY2(r.exit == ModelsExitOk, qPrintable(r.out + r.err));
    QCOMPARE(readAll(file), m_dino);
    QCOMPARE(runModels(QStringList{QStringLiteral("verify"), id} + common).exit, int(ModelsExitOk));

    // A DINOv2 file offered as SAM2 gets one message naming what it is, and leaves nothing behind.
    r = runModels(QStringList{QStringLiteral("install"), file, QStringLiteral("--as"), QStringLiteral("sam2_hiera_tiny"),
                              QStringLiteral("--own")} + common);
    QCOMPARE(r.exit, int(ModelsExitFailed));
    QVERIFY2(r.err.contains(QLatin1String("is DINOv2 ViT-S/14 (4 registers) (dinov2_vits14_reg4), not SAM 2 Hiera tiny")),
             qPrintable(r.err));
    QVERIFY2(r.err.count(QLatin1Char('\n')) == 1, qPrintable(r.err));
    QVERIFY(!QFile::exists(dir.path() + QStringLiteral("/sam2_hiera_tiny.pt")));
    r = runModels(QStringList{QStringLiteral("verify"), QStringLiteral("sam2_hiera_tiny")} + common);
    QCOMPARE(r.exit, int(ModelsExitFailed));
    QVERIFY(r.err.contains(QLatin1String("not installed")));
}

void TestModelsCommand::installFormsAndWrongHash()
{
    QTemporaryDir dir;
    const QString fixture = dinosam::test::fixturePath(QStringLiteral("models/sam2.1_hiera_tiny_random.pt"));
    const QString published = QString::fromStdString(ModelCatalog::find("sam2.1_hiera_tiny")->sha256);
    const QString fixtureSha = QString::fromLatin1(
        QCryptographicHash::hash(readAll(fixture), QCryptographicHash::Sha256).toHex());
    // Both forms, wrong hash: exit 1 naming both hashes, nothing installed.
    for (const QStringList &form : {QStringList{QStringLiteral("install"), fixture, QStringLiteral("--as"),
                                                QStringLiteral("sam2.1_hiera_tiny")},
                                    QStringList{QStringLiteral("install"), QStringLiteral("sam2.1_hiera_tiny"), fixture}}) {
        const Run r = runModels(form + QStringList{QStringLiteral("--dir"), dir.path()});
        QCOMPARE(r.exit, int(ModelsExitFailed));
        QVERIFY2(r.err.contains(published) && r.err.contains(fixtureSha), qPrintable(r.err));
        QVERIFY2(r.err.contains(QLatin1String("sam2.1_hiera_tiny_random.pt")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QLatin1String("--own")), qPrintable(r.err));
        QVERIFY(QDir(dir.path()).entryList(QDir::Files).isEmpty());
    }
}

void TestModelsCommand::offlineDownloadFailsFast()
{
    // Nothing listens on the port of a server that was started and closed again.
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const quint16 port = closed.serverPort();
    closed.close();
    QTemporaryDir dir;
    qputenv("DINOSAM_MODEL_URL_BASE", QStringLiteral("http://127.0.0.1:%1/").arg(port).toLatin1());
    QElapsedTimer clock;
    clock.start();
    const Run r = runModels({QStringLiteral("download"), QStringLiteral("default"), QStringLiteral("--dir"), dir.path()});
    const qint64 ms = clock.elapsed();
    qunsetenv("DINOSAM_MODEL_URL_BASE");
    QCOMPARE(r.exit, int(ModelsExitFailed));
    QVERIFY2(ms < 5000, qPrintable(QString::number(ms)));
    QVERIFY2(r.err.contains(QLatin1String("cannot reach")), qPrintable(r.err));
    QVERIFY2(r.err.contains(QLatin1String("dinosam models install FILE")), qPrintable(r.err));
    for (const std::string &id : {ModelCatalog::defaultDinoModel(), ModelCatalog::defaultSam2Model()})
        QVERIFY2(r.err.contains(QStringLiteral("http://127.0.0.1:%1/").arg(port) +
                                QString::fromStdString(ModelCatalog::find(id)->relativeUrl)),
                 qPrintable(r.err));
    QVERIFY2(r.out.contains(QLatin1String("About to download 2 files")), qPrintable(r.out));
    QVERIFY(QDir(dir.path()).entryList(QDir::Files).isEmpty());
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
