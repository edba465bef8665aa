// The one model catalogue (std-only): every id has its published hash, size and URL;
// content signatures tell every variant apart; SHA-256; "verified" stamps.
#include "models/catalog/modelcatalog.h"
#include "models/catalog/modelfolders.h"
#include "models/catalog/sha256.h"
#include "models/catalog/verifiedstamp.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace dinosam;

namespace {

TensorShapes shapesFromSignature(const ModelEntry &e)
{
    TensorShapes shapes;
    for (const TensorSignature &t : e.signature)
        if (t.present)
            shapes[t.key] = t.shape.empty() ? std::vector<int64_t>{1} : t.shape;
    return shapes;
}

void writeBytes(const QString &path, const QByteArray &bytes)
{
    std::ofstream out(path.toStdString(), std::ios::binary | std::ios::trunc);
    out.write(bytes.constData(), bytes.size());
}

QString hexOf(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

} // namespace

class TestModelCatalog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyIdHasHashSizeAndUrl();
    void publishedValuesAsInTheIssue_data();
    void publishedValuesAsInTheIssue();
    void defaultsAreTheRegisterModels();
    void urlBaseFollowsEnvironment();
    void signaturesTellEveryVariantApart();
    void wrongVariantIsNamed();
    void sha256KnownVectors();
    void sha256MatchesQtOnChunks();
    void stampSkipsRehashAndIsInvalidatedWhenTheFileChanges();
    void wrongFileNamesBothHashes();
    void ownStampIsAcceptedAsUnverified();
    void folderPolicy();
};

void TestModelCatalog::everyIdHasHashSizeAndUrl()
{
    const auto &all = ModelCatalog::all();
    QCOMPARE(all.size(), size_t(16)); // DINOv2 S/B/L/g x {plain, reg4}, SAM2 and SAM2.1 x 4 sizes
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
    QSet<QString> ids, files, hashes;
    int dino = 0, sam2 = 0, sam21 = 0;
    for (const ModelEntry &e : all) {
        const QString id = QString::fromStdString(e.id);
        QVERIFY2(!ids.contains(id), qPrintable(id));
        ids.insert(id);
        files.insert(QString::fromStdString(e.fileName));
        hashes.insert(QString::fromStdString(e.sha256));
        QVERIFY2(hex.match(QString::fromStdString(e.sha256)).hasMatch(), qPrintable(id));
        // Every size is published except sam2_hiera_base_plus's (the hash alone decides there).
        QCOMPARE(e.sizeBytes == 0, e.id == "sam2_hiera_base_plus");
        const QString url = QString::fromStdString(ModelCatalog::url(e));
        QVERIFY2(url.startsWith(QLatin1String("https://dl.fbaipublicfiles.com/")), qPrintable(url));
        QVERIFY2(url.endsWith(QLatin1Char('/') + QString::fromStdString(e.fileName)), qPrintable(url));
        QVERIFY2(!e.signature.empty() && !e.architecture.empty() && !e.displayName.empty(), qPrintable(id));
        QCOMPARE(e.stateDictKey, std::string(e.isDino() ? "" : "model"));
        QCOMPARE(ModelCatalog::find(e.id), &e);
        QCOMPARE(ModelCatalog::findByFileName(e.fileName), &e);
        dino += e.family == ModelFamily::Dinov2;
        sam2 += e.family == ModelFamily::Sam2;
        sam21 += e.family == ModelFamily::Sam21;
    }
    QCOMPARE(files.size(), 16);
    QCOMPARE(hashes.size(), 16);
    QCOMPARE(dino, 8);
    QCOMPARE(sam2, 4);
    QCOMPARE(sam21, 4);
    QCOMPARE(ModelCatalog::dinoIds().size(), size_t(8));
    QCOMPARE(ModelCatalog::sam2Ids().size(), size_t(8));
    QVERIFY(!ModelCatalog::find("dinov2_vith14"));
    QCOMPARE(ModelCatalog::url(*ModelCatalog::find("dinov2_vitg14_reg4")),
             std::string("https://dl.fbaipublicfiles.com/dinov2/dinov2_vitg14/dinov2_vitg14_reg4_pretrain.pth"));
    QCOMPARE(ModelCatalog::url(*ModelCatalog::find("sam2_hiera_tiny")),
             std::string("https://dl.fbaipublicfiles.com/segment_anything_2/072824/sam2_hiera_tiny.pt"));
    QCOMPARE(ModelCatalog::url(*ModelCatalog::find("sam2.1_hiera_base_plus")),
             std::string("https://dl.fbaipublicfiles.com/segment_anything_2/092824/sam2.1_hiera_base_plus.pt"));
}

void TestModelCatalog::publishedValuesAsInTheIssue_data()
{
    // A few rows of issue 11's table, typed in again: a slip in the catalogue fails here.
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("sha");
    QTest::addColumn<qint64>("size");
    QTest::newRow("sam2.1 tiny") << "sam2.1_hiera_tiny.pt"
                                 << "7402e0d864fa82708a20fbd15bc84245c2f26dff0eb43a4b5b93452deb34be69" << qint64(156008466);
    QTest::newRow("sam2 large") << "sam2_hiera_large.pt"
                                << "7442e4e9b732a508f80e141e7c2913437a3610ee0c77381a66658c3a445df87b" << qint64(897952466);
    QTest::newRow("vits14 reg4") << "dinov2_vits14_reg4_pretrain.pth"
                                 << "f433177089a681826f849f194ece3bb48f4d63fb38d32fc837e3dc7a4e5641fb" << qint64(88291785);
    QTest::newRow("vitg14") << "dinov2_vitg14_pretrain.pth"
                            << "baf8467e50af277596bbbafa06887c177ee899ab46033649c383577d7e9309d3" << qint64(4546108579);
}

void TestModelCatalog::publishedValuesAsInTheIssue()
{
    QFETCH(QString, file);
    QFETCH(QString, sha);
    QFETCH(qint64, size);
    const ModelEntry *e = ModelCatalog::findByFileName(file.toStdString());
    QVERIFY(e);
    QCOMPARE(QString::fromStdString(e->sha256), sha);
    QCOMPARE(qint64(e->sizeBytes), size);
}

void TestModelCatalog::defaultsAreTheRegisterModels()
{
    const ModelEntry *dino = ModelCatalog::find(ModelCatalog::defaultDinoModel());
    const ModelEntry *sam = ModelCatalog::find(ModelCatalog::defaultSam2Model());
    QVERIFY(dino && sam);
    QCOMPARE(dino->registers, 4);
    QCOMPARE(dino->architecture, std::string("vit_small"));
    QCOMPARE(sam->family, ModelFamily::Sam21);
    QCOMPARE(sam->architecture, std::string("hiera_t"));
}

void TestModelCatalog::urlBaseFollowsEnvironment()
{
    const QByteArray old = qgetenv("DINOSAM_MODEL_URL_BASE");
    qputenv("DINOSAM_MODEL_URL_BASE", "http://127.0.0.1:9/mirror");
    QCOMPARE(ModelCatalog::urlBase(), std::string("http://127.0.0.1:9/mirror/"));
    QCOMPARE(ModelCatalog::url(*ModelCatalog::find("sam2.1_hiera_tiny")),
             std::string("http://127.0.0.1:9/mirror/segment_anything_2/092824/sam2.1_hiera_tiny.pt"));
    qunsetenv("DINOSAM_MODEL_URL_BASE");
    QCOMPARE(ModelCatalog::urlBase(), ModelCatalog::officialBaseUrl());
    if (!old.isNull())
        qputenv("DINOSAM_MODEL_URL_BASE", old);
}

void TestModelCatalog::signaturesTellEveryVariantApart()
{
    for (const ModelEntry &e : ModelCatalog::all()) {
        const TensorShapes shapes = shapesFromSignature(e);
        const ModelEntry *found = identifyCheckpoint(shapes);
        QVERIFY2(found == &e, qPrintable(QString::fromStdString(e.id + " identified as " + (found ? found->id : "-"))));
        // Exactly one entry accepts it.
        int accepting = 0;
        for (const ModelEntry &other : ModelCatalog::all())
            accepting += signatureProblems(other, shapes).empty();
        QCOMPARE(accepting, 1);
    }
    // SAM2 and SAM2.1 differ by SAM2.1's no_obj_embed_spatial alone.
    TensorShapes sam21 = shapesFromSignature(*ModelCatalog::find("sam2.1_hiera_tiny"));
    QVERIFY(sam21.count("no_obj_embed_spatial"));
    sam21.erase("no_obj_embed_spatial");
    QCOMPARE(identifyCheckpoint(sam21)->id, std::string("sam2_hiera_tiny"));
}

void TestModelCatalog::wrongVariantIsNamed()
{
    const TensorShapes reg4 = shapesFromSignature(*ModelCatalog::find("dinov2_vits14_reg4"));
    const auto problems = signatureProblems(*ModelCatalog::find("dinov2_vits14"), reg4);
    QCOMPARE(problems.size(), size_t(1));
    QCOMPARE(problems.front(), std::string("unexpected register_tokens"));
    const auto asBase = signatureProblems(*ModelCatalog::find("dinov2_vitb14_reg4"), reg4);
    QVERIFY(std::find(asBase.begin(), asBase.end(), "cls_token has shape [1, 1, 384], expected [1, 1, 768]") !=
            asBase.end());
    QCOMPARE(describeCheckpointKind(reg4), std::string("a DINOv2 checkpoint"));
    QCOMPARE(describeCheckpointKind(shapesFromSignature(*ModelCatalog::find("sam2_hiera_large"))),
             std::string("a SAM2 checkpoint"));
    QCOMPARE(describeCheckpointKind({{"conv1.weight", {64, 3, 7, 7}}}), std::string());
    QVERIFY(!identifyCheckpoint({{"conv1.weight", {64, 3, 7, 7}}}));
}

void TestModelCatalog::sha256KnownVectors()
{
    // FIPS 180-2 examples.
    auto hex = [](const std::string &s) {
        Sha256 h;
        h.add(s.data(), s.size());
        return h.hexDigest();
    };
    QCOMPARE(hex(""), std::string("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    QCOMPARE(hex("abc"), std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    QCOMPARE(hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
             std::string("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));
    Sha256 million;
    const std::string a(1000, 'a');
    for (int i = 0; i < 1000; ++i)
        million.add(a.data(), a.size());
    QCOMPARE(million.hexDigest(), std::string("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"));
}

void TestModelCatalog::sha256MatchesQtOnChunks()
{
    QTemporaryDir dir;
    QRandomGenerator rng(11);
    for (int size : {0, 1, 55, 56, 63, 64, 65, 1000, (1 << 20) + 17, 3 * (1 << 20)}) {
        QByteArray bytes(size, Qt::Uninitialized);
        for (char &c : bytes)
            c = char(rng.bounded(256));
        const QString path = dir.filePath(QStringLiteral("f%1").arg(size));
        writeBytes(path, bytes);
        QCOMPARE(QString::fromStdString(sha256OfFile(path.toStdString())), hexOf(bytes));
        // Odd chunking gives the same digest.
        Sha256 h;
        for (qsizetype at = 0; at < bytes.size(); at += 37)
            h.add(bytes.constData() + at, size_t(std::min<qsizetype>(37, bytes.size() - at)));
        QCOMPARE(QString::fromStdString(h.hexDigest()), hexOf(bytes));
    }
    std::string error;
    QVERIFY(sha256OfFile(dir.filePath(QStringLiteral("missing")).toStdString(), &error).empty());
    QVERIFY(!error.empty());
}

void TestModelCatalog::stampSkipsRehashAndIsInvalidatedWhenTheFileChanges()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("model.pth"));
    const QByteArray original(100000, 'x');
    writeBytes(path, original);
    const std::string sha = hexOf(original).toStdString();
    const std::filesystem::path file = path.toStdString();

    QVERIFY(!readValidStamp(file));
    HashCheck first = verifyInstalledFile(file, sha, original.size(), "m");
    QVERIFY2(first.ok, first.message.c_str());
    QVERIFY(!first.fromStamp); // hashed
    QVERIFY(std::filesystem::exists(stampPath(file)));
    const HashCheck second = verifyInstalledFile(file, sha, original.size(), "m");
    QVERIFY(second.ok);
    QVERIFY(second.fromStamp); // answered without reading the file
    QCOMPARE(second.sha256, sha);

    // Same size, other bytes, newer mtime: the stamp no longer describes the file.
    QByteArray changed = original;
    changed[5000] = 'y';
    writeBytes(path, changed);
    std::filesystem::last_write_time(file, std::filesystem::last_write_time(file) + std::chrono::seconds(2));
    QVERIFY(!readValidStamp(file));
    const HashCheck third = verifyInstalledFile(file, sha, original.size(), "m");
    QVERIFY(!third.ok);
    QVERIFY(!third.fromStamp);
    QVERIFY2(third.message.find(sha) != std::string::npos, third.message.c_str());
    QVERIFY2(third.message.find(hexOf(changed).toStdString()) != std::string::npos, third.message.c_str());

    // A size change invalidates it too.
    writeBytes(path, original);
    QVERIFY(verifyInstalledFile(file, sha, original.size(), "m").ok);
    QVERIFY(readValidStamp(file));
    {
        std::ofstream append(path.toStdString(), std::ios::binary | std::ios::app);
        append << 'z';
    }
    QVERIFY(!readValidStamp(file));
    // A damaged stamp is ignored, not trusted.
    writeBytes(path, original);
    QVERIFY(verifyInstalledFile(file, sha, original.size(), "m").ok);
    writeBytes(QString::fromStdString(stampPath(file).string()), QByteArray("dinosam-verified 1\nsha256 zz\n"));
    QVERIFY(!readValidStamp(file));
}

void TestModelCatalog::wrongFileNamesBothHashes()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("photo.pth"));
    const QByteArray bytes("\xff\xd8\xff\xe0 not a checkpoint");
    writeBytes(path, bytes);
    const ModelEntry &e = *ModelCatalog::find("dinov2_vits14_reg4");
    const HashCheck r = checkFileHash(path.toStdString(), e.sha256, e.sizeBytes, "photo.pth");
    QVERIFY(!r.ok);
    QVERIFY2(r.message.find("photo.pth") != std::string::npos, r.message.c_str());
    QVERIFY2(r.message.find(e.sha256) != std::string::npos, r.message.c_str());
    QVERIFY2(r.message.find(hexOf(bytes).toStdString()) != std::string::npos, r.message.c_str());
    QVERIFY2(r.message.find("88291785") != std::string::npos, r.message.c_str());
    QVERIFY(!std::filesystem::exists(stampPath(path.toStdString())));
}

void TestModelCatalog::ownStampIsAcceptedAsUnverified()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("dinov2_vits14_reg4_pretrain.pth"));
    writeBytes(path, QByteArray(5000, 'f'));
    const std::filesystem::path file = path.toStdString();
    const ModelEntry &e = *ModelCatalog::find("dinov2_vits14_reg4");
    QVERIFY(!verifyInstalledFile(file, e.sha256, e.sizeBytes, e.id).ok); // not the official file
    QVERIFY(writeStamp(file, hexOf(QByteArray(5000, 'f')).toStdString(), true, e.id));
    const HashCheck own = verifyInstalledFile(file, e.sha256, e.sizeBytes, e.id);
    QVERIFY(own.ok);
    QVERIFY(own.own);
    QVERIFY2(own.message.find("unverified") != std::string::npos, own.message.c_str());
    // Changed afterwards: no longer accepted.
    {
        std::ofstream append(path.toStdString(), std::ios::binary | std::ios::app);
        append << 'z';
    }
    QVERIFY(!verifyInstalledFile(file, e.sha256, e.sizeBytes, e.id).ok);
}

void TestModelCatalog::folderPolicy()
{
    const QByteArray oldDir = qgetenv("DINOSAM_MODEL_DIR"), oldXdg = qgetenv("XDG_CACHE_HOME");
    qputenv("XDG_CACHE_HOME", "/tmp/xdg-cache");
    qunsetenv("DINOSAM_MODEL_DIR");
#ifndef _WIN32
    QCOMPARE(userModelDir(), std::filesystem::path("/tmp/xdg-cache/dinosam/models"));
    QCOMPARE(defaultModelDir(), userModelDir());
    QCOMPARE(modelSearchDirs("/opt/m"), (std::vector<std::filesystem::path>{"/opt/m", userModelDir()}));
    qputenv("DINOSAM_MODEL_DIR", "/srv/models/");
    QCOMPARE(defaultModelDir(), std::filesystem::path("/srv/models"));
    QCOMPARE(modelSearchDirs("/opt/m"),
             (std::vector<std::filesystem::path>{"/opt/m", "/srv/models", userModelDir()}));
    QCOMPARE(modelSearchDirs(), (std::vector<std::filesystem::path>{"/srv/models", userModelDir()}));
#endif
    qunsetenv("DINOSAM_MODEL_DIR");
    qunsetenv("XDG_CACHE_HOME");
    if (!oldDir.isNull())
        qputenv("DINOSAM_MODEL_DIR", oldDir);
    if (!oldXdg.isNull())
        qputenv("XDG_CACHE_HOME", oldXdg);
}

QTEST_GUILESS_MAIN(TestModelCatalog)
#include "tst_modelcatalog.moc"
