// The `dinosam` executable through QProcess: usage, version, missing models,
// and a batch of bad inputs (each reported clearly, the rest completes, exit 1).
// The valid images in the batch share their decoded pixels, so the models encode
// them once (the pipeline's cache is keyed by content).
#include "fixtures.h"

#include "annotation/annotationstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cstdint>

namespace {

constexpr int kExitImageFailed = 1;
constexpr int kExitUsage = 2;
constexpr int kExitSetupFailed = 3;

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

QStringList modelArgs()
{
    return {QStringLiteral("--dino-checkpoint"), dinosam::test::fixturePath("models/dinov2_vits14_reg4_random.pth"),
            QStringLiteral("--dino-model"),      QStringLiteral("dinov2_vits14_reg4"),
            QStringLiteral("--sam2-checkpoint"), dinosam::test::fixturePath("models/sam2.1_hiera_tiny_random.pt"),
            QStringLiteral("--threads"),         QStringLiteral("2")};
}

Run runCli(const QStringList &args, const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(DINOSAM_CLI_PATH), args);
    Run r;
    if (!p.waitForStarted(10000) || !p.waitForFinished(540000)) {
        p.kill();
        p.waitForFinished();
        r.err = QStringLiteral("dinosam did not finish");
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromLocal8Bit(p.readAllStandardOutput());
    r.err = QString::fromLocal8Bit(p.readAllStandardError());
    return r;
}

uint32_t crc32(const QByteArray &data)
{
    uint32_t c = 0xFFFFFFFFu;
    for (const char ch : data) {
        c ^= uint8_t(ch);
        for (int k = 0; k < 8; ++k)
            c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return c ^ 0xFFFFFFFFu;
}

QByteArray be32(uint32_t v)
{
    QByteArray b(4, 0);
    for (int i = 0; i < 4; ++i)
        b[i] = char((v >> (24 - 8 * i)) & 0xFF);
    return b;
}

QByteArray pngChunk(const QByteArray &type, const QByteArray &data)
{
    return be32(uint32_t(data.size())) + type + data + be32(crc32(type + data));
}

/// A PNG whose header claims 40000 x 40000 pixels (1.6 GP) with no real pixel data.
QByteArray hugePngHeader()
{
    // 1.6 gigapixels: past the 100 MP limit and past what tiling's memory budget holds too.
    QByteArray ihdr = be32(40000) + be32(40000);
    ihdr += char(8);                       // bit depth
    ihdr += char(0);                       // gray
    ihdr += QByteArray(3, char(0));        // compression, filter, interlace
    return QByteArray("\x89PNG\r\n\x1a\n", 8) + pngChunk("IHDR", ihdr) + pngChunk("IEND", {});
}

/// Inserts an EXIF APP1 segment with Orientation = `orientation` right after the JPEG's SOI.
QByteArray withExifOrientation(const QByteArray &jpeg, uint16_t orientation)
{
    QByteArray tiff("II*\0\x08\0\0\0", 8);          // little-endian TIFF header, IFD at 8
    tiff += QByteArray("\x01\0", 2);                 // one entry
    tiff += QByteArray("\x12\x01\x03\0\x01\0\0\0", 8); // tag 0x0112, SHORT, count 1
    tiff += char(orientation & 0xFF);
    tiff += char(orientation >> 8);
    tiff += QByteArray(2, 0);                        // value padding
    tiff += QByteArray(4, 0);                        // no next IFD
    const QByteArray payload = QByteArray("Exif\0\0", 6) + tiff;
    const int length = payload.size() + 2;
    QByteArray app1("\xFF\xE1", 2);
    app1 += char(length >> 8);
    app1 += char(length & 0xFF);
    return jpeg.left(2) + app1 + payload + jpeg.mid(2);
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

/// 160 x 120 gray pattern: bright blobs on a dark gradient.
cv::Mat grayPattern()
{
    cv::Mat g(120, 160, CV_8U);
    for (int y = 0; y < g.rows; ++y)
        for (int x = 0; x < g.cols; ++x)
            g.at<uint8_t>(y, x) = uint8_t((x + y) / 4);
    cv::circle(g, {50, 60}, 25, cv::Scalar(230), cv::FILLED);
    cv::rectangle(g, cv::Rect(100, 20, 40, 70), cv::Scalar(200), cv::FILLED);
    return g;
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void versionAndHelp();
    void usageErrors_data();
    void usageErrors();
    void missingModelSaysWhatAndWhere();
    void onlyRegisterModelInstalledIsUsed();
    void checkpointOfAnotherVariantIsNamed();
    void modelsDownloadOfflineFailsFast();
    void demoScriptOfflineWithoutDisplay();
    void cudaWithoutCudaIsSetupFailure();
    void openMpThreadsWaitPassivelyUnlessTold();
    void unwritableSaveDir();
    void batchWithBadInputs();
    void formatsLabelsAndEqualBaseNames();
    void failedSetupLeavesNoOutputFolder();
    void gifInAFolderIsSaidToBeSkipped();
    void exportAnnotatedFolderWithoutModels();

private:
    QProcessEnvironment m_isolatedEnv; // no user model folders
    QTemporaryDir m_home;
};

void TestCli::initTestCase()
{
    QVERIFY2(QFileInfo(QStringLiteral(DINOSAM_CLI_PATH)).isExecutable(), DINOSAM_CLI_PATH);
    m_isolatedEnv = QProcessEnvironment::systemEnvironment();
    m_isolatedEnv.remove(QStringLiteral("DINOSAM_MODEL_DIR"));
    m_isolatedEnv.insert(QStringLiteral("HOME"), m_home.path());
    m_isolatedEnv.insert(QStringLiteral("XDG_CACHE_HOME"), m_home.filePath(QStringLiteral("cache")));
}

void TestCli::versionAndHelp()
{
    const Run v = runCli({QStringLiteral("--version")});
    QCOMPARE(v.exitCode, 0);
    QVERIFY2(v.out.contains(QStringLiteral("dinosam " DINOSAM_VERSION)), qPrintable(v.out));
    const Run h = runCli({QStringLiteral("--help")});
    QCOMPARE(h.exitCode, 0);
    for (const char *option : {"--save-dir", "--num-objects", "--threshold", "--min-area", "--prompt-type",
                               "--dino-model", "--sam2-model", "--dino-checkpoint", "--sam2-checkpoint", "--model-dir",
                               "--method", "--format", "--threads", "--device", "--quiet", "dinosam models", "dinosam bench"})
        QVERIFY2(h.out.contains(QLatin1String(option)), option);
    // Every command names the default it really uses (the register model), not the old one.
    QVERIFY2(h.out.simplified().contains(QStringLiteral("(default dinov2_vits14_reg4)")), qPrintable(h.out)); // help wraps
    for (const QString &command : {QStringLiteral("similar"), QStringLiteral("eval")}) {
        const Run c = runCli({command, QStringLiteral("--help")});
        QCOMPARE(c.exitCode, 0);
        QVERIFY2(c.out.simplified().contains(QStringLiteral("(default dinov2_vits14_reg4)")), qPrintable(command + c.out));
        QVERIFY2(!c.out.simplified().contains(QStringLiteral("(default dinov2_vits14)")), qPrintable(command + c.out));
    }
}

void TestCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown option") << QStringList{"--frobnicate"} << "frobnicate";
    QTest::newRow("threshold") << QStringList{"--threshold", "1.5"} << "--threshold";
    QTest::newRow("num-objects") << QStringList{"--num-objects", "many"} << "--num-objects";
    // 0 is refused like --threads 0 (it would compute every model for no object).
    QTest::newRow("num-objects 0") << QStringList{"--num-objects", "0"} << "--num-objects needs a whole number >= 1";
    QTest::newRow("prompt-type") << QStringList{"--prompt-type", "lasso"} << "--prompt-type";
    QTest::newRow("method") << QStringList{"--method", "magic"} << "--method";
    QTest::newRow("format") << QStringList{"--format", "original,tiff"} << "--format";
    QTest::newRow("dino-model") << QStringList{"--dino-model", "dinov3"} << "dinov2_vits14";
    QTest::newRow("threads") << QStringList{"--threads", "0"} << "--threads";
    QTest::newRow("device") << QStringList{"--device", "gpu"} << "--device must be cpu or cuda";
    QTest::newRow("bench device") << QStringList{"bench", "--device", "tpu"} << "--device must be cpu or cuda";
    QTest::newRow("missing value") << QStringList{"--save-dir"} << "save-dir";
    QTest::newRow("duplicate-iou") << QStringList{"--duplicate-iou", "0"} << "--duplicate-iou";
    QTest::newRow("dino-input-size not /14") << QStringList{"--dino-input-size", "450"} << "multiple of 14";
    QTest::newRow("dino-input-size small") << QStringList{"--dino-input-size", "14"} << "--dino-input-size";
    QTest::newRow("cache-mb") << QStringList{"--cache-mb", "1"} << "--cache-mb";
    QTest::newRow("jpeg-quality") << QStringList{"--jpeg-quality", "101"} << "--jpeg-quality";
}

void TestCli::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const Run r = runCli(args);
    QCOMPARE(r.exitCode, kExitUsage);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral("--help")), qPrintable(r.err));
}

void TestCli::missingModelSaysWhatAndWhere()
{
    QTemporaryDir models, out;
    const QString saveDir = out.filePath(QStringLiteral("output"));
    const Run r = runCli({QStringLiteral("--model-dir"), models.path(), QStringLiteral("--save-dir"), saveDir,
                          dinosam::test::fixturePath("images/truck.jpg")},
                         m_isolatedEnv);
    QCOMPARE(r.exitCode, kExitSetupFailed);
    // The default is the register model (one default, from the catalogue).
    QVERIFY2(r.err.contains(QStringLiteral("dinov2_vits14_reg4_pretrain.pth")), qPrintable(r.err));
    QVERIFY2(r.err.contains(models.path()), qPrintable(r.err));
    QVERIFY2(r.err.contains(m_home.filePath(QStringLiteral("cache/dinosam/models"))), qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral("dinosam models download dinov2_vits14_reg4")), qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral("dinosam models install FILE")), qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral("https://dl.fbaipublicfiles.com/dinov2/dinov2_vits14/"
                                           "dinov2_vits14_reg4_pretrain.pth")),
             qPrintable(r.err));
    QVERIFY2(!QFileInfo::exists(saveDir), "a run that failed for missing models left its output folder behind");
}

void TestCli::onlyRegisterModelInstalledIsUsed()
{
    DINOSAM_REQUIRE_FIXTURE("models/dinov2_vits14_reg4_random.pth");
    QTemporaryDir models, out;
    // The fixture is not Meta's file: installed as the user's own checkpoint.
    const Run install = runCli({QStringLiteral("models"), QStringLiteral("install"),
                                dinosam::test::fixturePath("models/dinov2_vits14_reg4_random.pth"), QStringLiteral("--as"),
                                QStringLiteral("dinov2_vits14_reg4"), QStringLiteral("--own"), QStringLiteral("--dir"),
                                models.path()},
                               m_isolatedEnv);
    QVERIFY2(install.exitCode == 0, qPrintable(install.out + install.err));
    const QString image = dinosam::test::fixturePath("images/truck.jpg");
    // By default the CLI takes it; what is missing is only the SAM2 file.
    Run r = runCli({QStringLiteral("--model-dir"), models.path(), QStringLiteral("--save-dir"), out.path(), image},
                   m_isolatedEnv);
    QCOMPARE(r.exitCode, kExitSetupFailed);
    QVERIFY2(r.err.contains(QStringLiteral("sam2.1_hiera_tiny.pt")), qPrintable(r.err));
    QVERIFY2(!r.err.contains(QStringLiteral("dinov2_vits14_reg4_pretrain.pth")), qPrintable(r.err));
    // Asked for the model without registers, it says that the register model is there.
    r = runCli({QStringLiteral("--model-dir"), models.path(), QStringLiteral("--dino-model"), QStringLiteral("dinov2_vits14"),
                QStringLiteral("--save-dir"), out.path(), image},
               m_isolatedEnv);
    QCOMPARE(r.exitCode, kExitSetupFailed);
    QVERIFY2(r.err.contains(QStringLiteral("Installed and usable instead: dinov2_vits14_reg4")), qPrintable(r.err));
}

void TestCli::checkpointOfAnotherVariantIsNamed()
{
    DINOSAM_REQUIRE_FIXTURE("models/dinov2_vits14_reg4_random.pth");
    DINOSAM_REQUIRE_FIXTURE("models/sam2.1_hiera_tiny_random.pt");
    QTemporaryDir out;
    const QString dino = dinosam::test::fixturePath("models/dinov2_vits14_reg4_random.pth");
    const QString sam = dinosam::test::fixturePath("models/sam2.1_hiera_tiny_random.pt");
    const QString image = dinosam::test::fixturePath("images/truck.jpg");
    // The register model given as the one without registers: one line naming what it is.
    Run r = runCli({QStringLiteral("--dino-model"), QStringLiteral("dinov2_vits14"), QStringLiteral("--dino-checkpoint"),
                    dino, QStringLiteral("--sam2-checkpoint"), sam, QStringLiteral("--save-dir"), out.path(), image},
                   m_isolatedEnv);
    QCOMPARE(r.exitCode, kExitSetupFailed);
    QVERIFY2(r.err.contains(QStringLiteral("the file is DINOv2 ViT-S/14 (4 registers) (dinov2_vits14_reg4), not "
                                           "DINOv2 ViT-S/14: choose it with --dino-model dinov2_vits14_reg4")),
             qPrintable(r.err));
    QVERIFY2(!r.err.contains(QStringLiteral("unexpected keys")), qPrintable(r.err));
    // SAM2.1 weights given as SAM2: told apart by their keys.
    r = runCli({QStringLiteral("--sam2-model"), QStringLiteral("sam2_hiera_tiny"), QStringLiteral("--dino-checkpoint"), dino,
                QStringLiteral("--sam2-checkpoint"), sam, QStringLiteral("--save-dir"), out.path(), image},
               m_isolatedEnv);
    QCOMPARE(r.exitCode, kExitSetupFailed);
    QVERIFY2(r.err.contains(QStringLiteral("the file is SAM 2.1 Hiera tiny (sam2.1_hiera_tiny), not SAM 2 Hiera tiny")),
             qPrintable(r.err));
    // A DINOv2 file given as SAM2: one message, not a wall of keys.
    r = runCli({QStringLiteral("--dino-checkpoint"), dino, QStringLiteral("--sam2-checkpoint"), dino,
                QStringLiteral("--save-dir"), out.path(), image},
               m_isolatedEnv);
    QCOMPARE(r.exitCode, kExitSetupFailed);
    QVERIFY2(r.err.contains(QStringLiteral("it is a DINOv2 checkpoint (pass it with --dino-checkpoint)")),
             qPrintable(r.err));
    QVERIFY2(r.err.count(QLatin1Char('\n')) <= 2, qPrintable(r.err));
}

namespace {

/// A local port nothing listens on (a server started there and closed again).
quint16 closedPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost))
        return 0;
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

} // namespace

void TestCli::modelsDownloadOfflineFailsFast()
{
    const quint16 port = closedPort();
    QVERIFY(port != 0);
    QTemporaryDir models;
    QProcessEnvironment env = m_isolatedEnv;
    env.insert(QStringLiteral("DINOSAM_MODEL_URL_BASE"), QStringLiteral("http://127.0.0.1:%1/").arg(port));
    QElapsedTimer clock;
    clock.start();
    const Run r = runCli({QStringLiteral("models"), QStringLiteral("download"), QStringLiteral("default"),
                          QStringLiteral("--dir"), models.path()},
                         env);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(clock.elapsed() < 10000, qPrintable(QString::number(clock.elapsed())));
    QVERIFY2(r.out.contains(QStringLiteral("About to download 2 files")), qPrintable(r.out));
    QVERIFY2(r.err.contains(QStringLiteral("cannot reach")), qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral("dinosam models install FILE")), qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral("http://127.0.0.1:%1/dinov2/dinov2_vits14/dinov2_vits14_reg4_pretrain.pth").arg(port)),
             qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral("http://127.0.0.1:%1/segment_anything_2/092824/sam2.1_hiera_tiny.pt").arg(port)),
             qPrintable(r.err));
    QVERIFY(QDir(models.path()).entryList(QDir::Files).isEmpty());
}

void TestCli::demoScriptOfflineWithoutDisplay()
{
    // The README's first command on a machine without ../shared, without a display, offline:
    // tools/run-demo.sh says it runs the CLI demo, tries to download the default models,
    // and stops within seconds naming `dinosam models install FILE`.
    const quint16 port = closedPort();
    QVERIFY(port != 0);
    QTemporaryDir models;
    QProcessEnvironment env = m_isolatedEnv;
    env.insert(QStringLiteral("DINOSAM_MODEL_URL_BASE"), QStringLiteral("http://127.0.0.1:%1/").arg(port));
    env.insert(QStringLiteral("DINOSAM_MODEL_DIR"), models.path());
    env.insert(QStringLiteral("DINOSAM_CLI"), QStringLiteral(DINOSAM_CLI_PATH));
    env.insert(QStringLiteral("DINOSAM_DEMO_FIXTURES"), models.filePath(QStringLiteral("no-fixtures")));
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    QProcess p;
    p.setProcessEnvironment(env);
    QElapsedTimer clock;
    clock.start();
    p.start(QStringLiteral("bash"), {QStringLiteral(DINOSAM_SOURCE_DIR "/tools/run-demo.sh")});
    QVERIFY(p.waitForFinished(60000));
    const QString out = QString::fromLocal8Bit(p.readAllStandardOutput() + p.readAllStandardError());
    QVERIFY2(p.exitCode() != 0, qPrintable(out));
    QVERIFY2(clock.elapsed() < 15000, qPrintable(QString::number(clock.elapsed())));
    QVERIFY2(out.contains(QStringLiteral("no display")), qPrintable(out));
    QVERIFY2(out.contains(QStringLiteral("About to download 2 files")), qPrintable(out));
    QVERIFY2(out.contains(QStringLiteral("dinosam models install FILE")), qPrintable(out));
    QVERIFY(QDir(models.path()).entryList(QDir::Files).isEmpty());
}

// dinosam re-executes itself with OMP_WAIT_POLICY=PASSIVE when the variable is unset
// (spinning OpenMP threads collapse on a busy machine); a user's setting is kept.
// The bench prints the policy in its header before it loads anything.
void TestCli::openMpThreadsWaitPassivelyUnlessTold()
{
    QTemporaryDir models;
    const QStringList args = {QStringLiteral("bench"), QStringLiteral("--device"), QStringLiteral("cuda"),
                              QStringLiteral("--model-dir"), models.path()};
    QProcessEnvironment unset = m_isolatedEnv;
    unset.remove(QStringLiteral("OMP_WAIT_POLICY"));
    const Run passive = runCli(args, unset);
    QVERIFY2(passive.out.contains(QStringLiteral("OpenMP wait: PASSIVE")), qPrintable(passive.out + passive.err));
    QProcessEnvironment told = m_isolatedEnv;
    told.insert(QStringLiteral("OMP_WAIT_POLICY"), QStringLiteral("ACTIVE"));
    const Run active = runCli(args, told);
    QVERIFY2(active.out.contains(QStringLiteral("OpenMP wait: ACTIVE")), qPrintable(active.out + active.err));
}

void TestCli::cudaWithoutCudaIsSetupFailure()
{
    // Debian's LibTorch has no CUDA: --device cuda stops before any model is looked for.
    // An empty model folder tells the two apart: with CUDA, the missing model is the error.
    QTemporaryDir models, out;
    const QString image = dinosam::test::fixturePath("images/truck.jpg");
    const Run segment = runCli({QStringLiteral("--device"), QStringLiteral("cuda"), QStringLiteral("--model-dir"),
                                models.path(), QStringLiteral("--save-dir"), out.path(), image},
                               m_isolatedEnv);
    QCOMPARE(segment.exitCode, kExitSetupFailed);
    if (segment.err.contains(QStringLiteral("dinov2_vits14_reg4_pretrain.pth")))
        QSKIP("this machine has CUDA: --device cuda was accepted, the refusal cannot be checked here");
    const QString refusal =
        QStringLiteral("CUDA requested but this LibTorch build has no CUDA support or no CUDA device is visible");
    QVERIFY2(segment.err.contains(QStringLiteral("dinosam: ") + refusal), qPrintable(segment.err));

    const Run bench = runCli({QStringLiteral("bench"), QStringLiteral("--device"), QStringLiteral("cuda"),
                              QStringLiteral("--model-dir"), models.path(), image},
                             m_isolatedEnv);
    QCOMPARE(bench.exitCode, kExitSetupFailed);
    QVERIFY2(bench.err.contains(QStringLiteral("dinosam bench: ") + refusal), qPrintable(bench.err));
}

void TestCli::unwritableSaveDir()
{
    // Tests run as root, so permissions do not stop writes: use a path below a regular file.
    QTemporaryDir dir;
    QVERIFY(writeFile(dir.filePath(QStringLiteral("afile")), "x"));
    const QString saveDir = dir.filePath(QStringLiteral("afile/out"));
    QStringList args = modelArgs();
    args << QStringLiteral("--save-dir") << saveDir << dinosam::test::fixturePath("images/truck.jpg");
    const Run r = runCli(args, m_isolatedEnv);
    QCOMPARE(r.exitCode, kExitSetupFailed);
    QVERIFY2(r.err.contains(QStringLiteral("save folder")) && r.err.contains(saveDir), qPrintable(r.err));
}

void TestCli::batchWithBadInputs()
{
    DINOSAM_REQUIRE_FIXTURE("models/dinov2_vits14_reg4_random.pth");
    DINOSAM_REQUIRE_FIXTURE("models/sam2.1_hiera_tiny_random.pt");
    QTemporaryDir in, out;
    auto path = [&](const char *name) { return in.filePath(QString::fromLatin1(name)); };
    const cv::Mat gray = grayPattern();
    // Bad ones.
    QVERIFY(writeFile(path("corrupt.jpg"), QByteArray("\xFF\xD8\xFF\xE0 not really a JPEG", 24)));
    QVERIFY(writeFile(path("empty.png"), {}));
    QVERIFY(cv::imwrite(path("tiny.png").toStdString(), cv::Mat(1, 1, CV_8UC3, cv::Scalar(10, 20, 30))));
    QVERIFY(writeFile(path("huge.png"), hugePngHeader()));
    QVERIFY(writeFile(path("anim.gif"), QByteArray("GIF89a\x01\x00\x01\x00\x00\x00\x00;", 14))); // given directly
    const QString missing = path("no/such/file.jpg");
    // Valid ones in unusual encodings; gray, 16-bit and RGBA decode to the same pixels.
    QVERIFY(cv::imwrite(path("gray.png").toStdString(), gray));
    cv::Mat gray16;
    gray.convertTo(gray16, CV_16U, 257.0);
    QVERIFY(cv::imwrite(path("gray16.png").toStdString(), gray16));
    cv::Mat rgba;
    cv::cvtColor(gray, rgba, cv::COLOR_GRAY2BGRA); // alpha 255 everywhere
    QVERIFY(cv::imwrite(path("rgba.png").toStdString(), rgba));
    std::vector<uchar> jpeg;
    QVERIFY(cv::imencode(".jpg", gray, jpeg)); // stored 160 x 120; orientation 6 shows it 120 x 160
    QVERIFY(writeFile(path("exif.jpg"), withExifOrientation(QByteArray(reinterpret_cast<const char *>(jpeg.data()),
                                                                       qsizetype(jpeg.size())),
                                                            6)));

    QStringList args = modelArgs();
    args << QStringLiteral("--save-dir") << out.path() << QStringLiteral("--min-area") << QStringLiteral("50")
         << QStringLiteral("--format") << QStringLiteral("all");
    for (const char *name : {"corrupt.jpg", "gray.png", "empty.png", "tiny.png", "gray16.png", "huge.png", "rgba.png",
                             "exif.jpg", "anim.gif"})
        args << path(name);
    args << missing;
    const Run r = runCli(args, m_isolatedEnv);
    const QByteArray log = ("stdout:\n" + r.out + "\nstderr:\n" + r.err).toLocal8Bit();
    QCOMPARE(r.exitCode, kExitImageFailed);

    // Each bad input: one clear line naming the file and the reason.
    const struct
    {
        const char *file;
        const char *reason;
    } bad[] = {{"corrupt.jpg", ""}, {"empty.png", "empty"}, {"tiny.png", "too small"},
               {"huge.png", "too large"}, {"file.jpg", ""}, {"anim.gif", "GIF is not supported"}};
    for (const auto &b : bad) {
        const QStringList lines = r.err.split(QLatin1Char('\n')).filter(QLatin1String(b.file));
        QVERIFY2(!lines.isEmpty(), log.constData());
        QVERIFY2(lines.first().contains(QLatin1String(b.reason), Qt::CaseInsensitive), log.constData());
    }
    QVERIFY2(r.err.contains(QStringLiteral("6 failed")), log.constData());
    QVERIFY2(r.out.contains(QStringLiteral("4 of 10 images segmented")), log.constData());
    QVERIFY2(!r.err.contains(QStringLiteral("despite the extension .gif")), log.constData());
    // The good ones completed, with notes on what was converted.
    for (const char *base : {"gray", "gray16", "rgba", "exif"}) {
        const QString summary = out.filePath(QString::fromLatin1(base) + QStringLiteral("_summary.txt"));
        QVERIFY2(QFileInfo::exists(summary), qPrintable(summary));
        QVERIFY(QFileInfo::exists(out.filePath(QString::fromLatin1(base) + QStringLiteral("_overlay.png")))); // all includes overlays
        QVERIFY(QFileInfo::exists(out.filePath(QString::fromLatin1(base) + QStringLiteral("_visualization.jpg"))));
    }
    // One COCO file for the batch, listing the four images that worked.
    {
        QFile coco(out.filePath(QStringLiteral("coco.json")));
        QVERIFY2(coco.open(QIODevice::ReadOnly), log.constData());
        QCOMPARE(QJsonDocument::fromJson(coco.readAll())[QStringLiteral("images")].toArray().size(), 4);
    }
    QVERIFY2(r.out.contains(QStringLiteral("16-bit")), log.constData());
    QVERIFY2(r.out.contains(QStringLiteral("EXIF orientation 6")), log.constData());
    // EXIF orientation applied: the visualisation (three panels side by side) is 3 x 120 wide, 160 high.
    const cv::Mat vis = cv::imread(out.filePath(QStringLiteral("exif_visualization.jpg")).toStdString());
    QCOMPARE(vis.rows, 160);
    QCOMPARE(vis.cols, 3 * 120);
    // Masks have the image's size.
    const QDir masks(out.filePath(QStringLiteral("gray_masks")));
    for (const QString &m : masks.entryList({QStringLiteral("*.png")}))
        QCOMPARE(cv::imread(masks.filePath(m).toStdString(), cv::IMREAD_UNCHANGED).size(), gray.size());
}

// Several formats at once, a label for automatic objects, and photo.jpg next to photo.png:
// one coco.json for the batch, photo.png written as photo_2* and said so.
void TestCli::formatsLabelsAndEqualBaseNames()
{
    QTemporaryDir in, out;
    cv::Mat img(120, 160, CV_8UC3, cv::Scalar(40, 40, 40));
    cv::circle(img, {60, 60}, 30, cv::Scalar(230, 200, 40), -1);
    cv::rectangle(img, cv::Rect(100, 20, 40, 70), cv::Scalar(30, 60, 220), -1);
    QVERIFY(cv::imwrite(in.filePath(QStringLiteral("photo.jpg")).toStdString(), img));
    QVERIFY(cv::imwrite(in.filePath(QStringLiteral("photo.png")).toStdString(), img));
    QStringList args = modelArgs();
    args << QStringLiteral("--save-dir") << out.path() << QStringLiteral("--min-area") << QStringLiteral("50")
         << QStringLiteral("--format") << QStringLiteral("coco,yolo,labelme,voc") << QStringLiteral("--label")
         << QString::fromUtf8("Öl 油") << QStringLiteral("--polygon-tolerance") << QStringLiteral("2")
         << in.filePath(QStringLiteral("photo.jpg")) << in.filePath(QStringLiteral("photo.png"));
    const Run r = runCli(args, m_isolatedEnv);
    const QByteArray log = ("stdout:\n" + r.out + "\nstderr:\n" + r.err).toLocal8Bit();
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(QStringLiteral("photo.png is written as photo_2*")), log.constData());
    QFile coco(out.filePath(QStringLiteral("coco.json")));
    QVERIFY2(coco.open(QIODevice::ReadOnly), log.constData());
    const QJsonDocument doc = QJsonDocument::fromJson(coco.readAll());
    QCOMPARE(doc[QStringLiteral("images")].toArray().size(), 2);
    QCOMPARE(doc[QStringLiteral("categories")][0][QStringLiteral("name")].toString(), QString::fromUtf8("Öl 油"));
    for (const char *f : {"labels/photo.txt", "labels/photo_2.txt", "data.yaml", "classes.txt", "photo.json",
                          "photo_2.json", "SegmentationClass/photo.png", "SegmentationObject/photo_2.png", "labels.txt"})
        QVERIFY2(QFileInfo::exists(out.filePath(QString::fromLatin1(f))), f);
    QFile classes(out.filePath(QStringLiteral("classes.txt")));
    QVERIFY(classes.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(classes.readAll()), QString::fromUtf8("Öl 油\n"));
    // No seed layout unless asked for.
    QVERIFY(!QFileInfo::exists(out.filePath(QStringLiteral("photo_summary.txt"))));
}

// A run that cannot start (no models) leaves no empty save folder behind.
void TestCli::failedSetupLeavesNoOutputFolder()
{
    QTemporaryDir models, dir;
    const QString saveDir = dir.filePath(QStringLiteral("new/deeper"));
    const Run r = runCli({QStringLiteral("--model-dir"), models.path(), QStringLiteral("--save-dir"), saveDir,
                          dinosam::test::fixturePath("images/truck.jpg")},
                         m_isolatedEnv);
    QCOMPARE(r.exitCode, kExitSetupFailed);
    QVERIFY2(!QFileInfo::exists(dir.filePath(QStringLiteral("new"))), qPrintable(r.err));
}

// Issue 12.8: a folder's GIF is listed as skipped with the reason, not left out silently
// (said before the models load, so no model is needed to see it).
void TestCli::gifInAFolderIsSaidToBeSkipped()
{
    QTemporaryDir models, in, out;
    QVERIFY(writeFile(in.filePath(QStringLiteral("anim.gif")), QByteArray("GIF89a\x01\x00\x01\x00\x00\x00\x00;", 14)));
    QVERIFY(QFile::copy(dinosam::test::fixturePath("images/truck.jpg"), in.filePath(QStringLiteral("truck.jpg"))));
    const Run r = runCli({QStringLiteral("--model-dir"), models.path(), QStringLiteral("--save-dir"), out.path(), in.path()},
                         m_isolatedEnv);
    QCOMPARE(r.exitCode, kExitSetupFailed); // no models here
    QVERIFY2(r.out.contains(QStringLiteral("anim.gif: GIF is not supported")), qPrintable(r.out + r.err));
}

// `dinosam export PROJECT_DIR`: the saved annotations in any format, no model loaded (an empty
// model folder); an annotation whose image is gone is exported alone, or reported when a format
// needs the pixels.
void TestCli::exportAnnotatedFolderWithoutModels()
{
    QTemporaryDir project, out;
    const std::filesystem::path root = project.path().toStdString();
    cv::Mat img(60, 80, CV_8UC3, cv::Scalar(10, 20, 30));
    QVERIFY(cv::imwrite((root / "a.png").string(), img));
    dinosam::ImageAnnotation a;
    a.imageSize = {80, 60};
    dinosam::AnnotatedObject o;
    o.object.mask = cv::Mat::zeros(60, 80, CV_8UC1);
    cv::rectangle(o.object.mask, cv::Rect(10, 10, 30, 20), 255, -1);
    o.object.label = "Kiste";
    a.objects.push_back(o);
    const dinosam::AnnotationStore store(root);
    store.save(root / "a.png", a);
    store.save(root / "gone.png", a);
    dinosam::LabelSet labels;
    labels.add("Kiste");
    store.saveLabels(labels);
    QTemporaryDir models;
    QProcessEnvironment env = m_isolatedEnv;
    env.insert(QStringLiteral("DINOSAM_MODEL_DIR"), models.path());

    const Run r = runCli({QStringLiteral("export"), project.path(), QStringLiteral("--format"),
                          QStringLiteral("coco,labelme"), QStringLiteral("--save-dir"), out.path()},
                         env);
    const QByteArray log = ("stdout:\n" + r.out + "\nstderr:\n" + r.err).toLocal8Bit();
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(QStringLiteral("Exported 2 of 2")), log.constData());
    QVERIFY2(r.err.contains(QStringLiteral("gone.png: the image is gone")), log.constData());
    QFile coco(out.filePath(QStringLiteral("coco.json")));
    QVERIFY(coco.open(QIODevice::ReadOnly));
    const QJsonDocument doc = QJsonDocument::fromJson(coco.readAll());
    QCOMPARE(doc[QStringLiteral("annotations")].toArray().size(), 2);
    QCOMPARE(doc[QStringLiteral("annotations")][0][QStringLiteral("area")].toInt(), 600);
    QCOMPARE(doc[QStringLiteral("categories")][0][QStringLiteral("name")].toString(), QStringLiteral("Kiste"));
    QVERIFY(QFileInfo::exists(out.filePath(QStringLiteral("a.json"))));

    // The overlay needs the pixels: the gone image is reported, the other exported, exit 1.
    QTemporaryDir out2;
    const Run o2 = runCli({QStringLiteral("export"), project.path(), QStringLiteral("--format"), QStringLiteral("overlay"),
                           QStringLiteral("--save-dir"), out2.path()},
                          env);
    QCOMPARE(o2.exitCode, kExitImageFailed);
    QVERIFY2(o2.err.contains(QStringLiteral("gone.png")), qPrintable(o2.err));
    QVERIFY(QFileInfo::exists(out2.filePath(QStringLiteral("a_overlay.png"))));

    // A folder without annotations is a setup error naming the folder.
    QTemporaryDir empty;
    const Run e = runCli({QStringLiteral("export"), empty.path()}, env);
    QCOMPARE(e.exitCode, kExitSetupFailed);
    QVERIFY2(e.err.contains(empty.path()), qPrintable(e.err));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
