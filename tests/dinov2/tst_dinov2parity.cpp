// Parity of the native DINOv2 with Meta's Python code on the shared fixtures, driven by
// ../shared/fixtures/manifest.json ("dinov2" entries: file, checkpoint, model, image,
// input size, patch grid, position-embedding interpolation and the tensors each file
// holds): a new fixture is a manifest entry, not a code change.
#include "fixturemanifest.h"
#include "fixtures.h"

#include "imageio/imageloader.h"
#include "io/checkpointreader.h"
#include "models/dinov2/dinov2model.h"

#include <torch/torch.h>

#include <QtTest>

#include <cmath>
#include <limits>
#include <map>
#include <memory>

using namespace dinosam;
using dinosam::test::DinoFixtureEntry;

namespace {

constexpr double kInputTolerance = 1e-4;
constexpr double kTokenTolerance = 1e-3;
constexpr double kAttentionTolerance = 1e-4;

/// Max |a - b|; +inf when the shapes differ (a wrong shape never passes a tolerance).
double maxAbsDiff(const at::Tensor &a, const at::Tensor &b)
{
    if (!a.defined() || !b.defined() || a.sizes() != b.sizes())
        return std::numeric_limits<double>::infinity();
    if (a.numel() == 0)
        return 0.0;
    return (a - b).abs().max().item<double>();
}

/// The image as the application decodes it (imageio's loadImage: EXIF, colour
/// conversion), as a [H, W, 3] uint8 tensor.
at::Tensor appRgbImage(const std::string &path)
{
    const LoadedImage image = loadImage(path);
    return torch::from_blob(image.rgb.data, {image.rgb.rows, image.rgb.cols, 3}, torch::kUInt8).clone();
}

const DinoFixtureEntry &entry(int index)
{
    return test::fixtureManifest().dinov2.at(size_t(index));
}

} // namespace

class TestDinoV2Parity : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void inputSizeRule_data();
    void inputSizeRule();
    void manifestMatchesFilesAndConfig_data();
    void manifestMatchesFilesAndConfig();
    void preprocessingMatchesFixtureInput_data();
    void preprocessingMatchesFixtureInput();
    void forwardMatchesFixture_data();
    void forwardMatchesFixture();

private:
    void addFixtureRows();
    /// The model of a manifest entry, loaded once per (checkpoint, model).
    const DinoV2Model &model(const DinoFixtureEntry &e);

    std::map<QString, std::unique_ptr<DinoV2Model>> m_models;
};

void TestDinoV2Parity::initTestCase()
{
    DINOSAM_REQUIRE_FIXTURE("manifest.json");
    DINOSAM_REQUIRE_MANIFEST();
}

const DinoV2Model &TestDinoV2Parity::model(const DinoFixtureEntry &e)
{
    const QString key = e.checkpoint + QLatin1Char('|') + e.model;
    auto &slot = m_models[key];
    if (!slot) {
        const auto checkpoint = test::fixturePath(e.checkpoint).toStdString();
        const auto config = dinoV2Config(e.model.toStdString());
        if (e.checkpointNote.isEmpty()) { // the file as it is: loads straight from disk (float16 -> float32)
            slot = std::make_unique<DinoV2Model>(DinoV2Model::load(checkpoint, e.model.toStdString()));
            return *slot;
        }
        CheckpointReadOptions options;
        options.floatingToFloat32 = true; // float16 storage -> float32
        auto stateDict = readStateDict(checkpoint, options);
        // A model without registers runs on the register checkpoint with register_tokens
        // removed (the manifest's checkpoint_note says so).
        if (config.numRegisterTokens == 0) {
            if (stateDict.erase("register_tokens") != 1)
                throw std::runtime_error("checkpoint_note says register_tokens was removed, but " + checkpoint +
                                         " has none");
        }
        slot = std::make_unique<DinoV2Model>(
            DinoV2Model::fromStateDict(stateDict, config, QFileInfo(e.checkpoint).fileName().toStdString()));
    }
    return *slot;
}

void TestDinoV2Parity::inputSizeRule_data()
{
    QTest::addColumn<int>("imageH");
    QTest::addColumn<int>("imageW");
    QTest::addColumn<double>("maxAspect");
    QTest::addColumn<int>("expectedH");
    QTest::addColumn<int>("expectedW");
    const double keep = std::numeric_limits<double>::infinity();
    QTest::newRow("truck 1200x1800") << 1200 << 1800 << 4.0 / 3.0 << 448 << 602;
    QTest::newRow("groceries 534x800") << 534 << 800 << 4.0 / 3.0 << 448 << 602;
    QTest::newRow("portrait 1800x1200") << 1800 << 1200 << 4.0 / 3.0 << 602 << 448;
    QTest::newRow("square 500x500") << 500 << 500 << 4.0 / 3.0 << 448 << 448;
    QTest::newRow("4:3 below the cap 600x760") << 600 << 760 << 4.0 / 3.0 << 448 << 574;
    QTest::newRow("aspect kept 1200x1800") << 1200 << 1800 << keep << 448 << 672;
}

void TestDinoV2Parity::inputSizeRule()
{
    QFETCH(int, imageH);
    QFETCH(int, imageW);
    QFETCH(double, maxAspect);
    QFETCH(int, expectedH);
    QFETCH(int, expectedW);
    const auto size = dinoV2InputSize(imageH, imageW, 448, maxAspect);
    QCOMPARE(size.height, int64_t(expectedH));
    QCOMPARE(size.width, int64_t(expectedW));
}

void TestDinoV2Parity::addFixtureRows()
{
    DINOSAM_REQUIRE_MANIFEST();
    QTest::addColumn<int>("index");
    const auto &entries = test::fixtureManifest().dinov2;
    for (size_t i = 0; i < entries.size(); ++i)
        QTest::newRow(qPrintable(entries[i].file)) << int(i);
}

void TestDinoV2Parity::manifestMatchesFilesAndConfig_data()
{
    addFixtureRows();
}

void TestDinoV2Parity::manifestMatchesFilesAndConfig()
{
    // What the manifest says is what the files hold and what the model config does.
    QFETCH(int, index);
    const auto &e = entry(index);
    QVERIFY2(QFileInfo::exists(test::fixturePath(e.file)), qPrintable(e.file));
    QVERIFY2(QFileInfo::exists(test::fixturePath(e.checkpoint)), qPrintable(e.checkpoint));
    QVERIFY2(QFileInfo::exists(test::fixturePath(e.imagePath())), qPrintable(e.imagePath()));
    const auto ref = readCheckpoint(test::fixturePath(e.file).toStdString());
    QCOMPARE(ref.size(), e.tensors.size());
    for (const auto &[name, shape] : e.tensors) {
        QVERIFY2(ref.count(name.toStdString()), qPrintable(name));
        QCOMPARE(ref.at(name.toStdString()).sizes().vec(), shape);
    }
    const auto config = dinoV2Config(e.model.toStdString());
    QCOMPARE(config.interpolateAntialias, e.antialias);
    QCOMPARE(config.interpolateOffset, e.interpolateOffset);
    QCOMPARE(e.inputH, e.gridH * config.patchSize);
    QCOMPARE(e.inputW, e.gridW * config.patchSize);
}

void TestDinoV2Parity::preprocessingMatchesFixtureInput_data()
{
    addFixtureRows();
}

void TestDinoV2Parity::preprocessingMatchesFixtureInput()
{
    QFETCH(int, index);
    const auto &e = entry(index);
    QVERIFY(QFileInfo::exists(test::fixturePath(e.file)));
    QVERIFY(QFileInfo::exists(test::fixturePath(e.imagePath())));
    const auto expected = readCheckpoint(test::fixturePath(e.file).toStdString()).at("input"); // [1, 3, h, w]
    const auto rgb = appRgbImage(test::fixturePath(e.imagePath()).toStdString());                // [H, W, 3]
    const auto size = dinoV2InputSize(rgb.size(0), rgb.size(1));
    QCOMPARE(size.height, e.inputH);
    QCOMPARE(size.width, e.inputW);
    const auto input = dinoV2Preprocess(rgb, size);
    const double err = maxAbsDiff(input, expected);
    qInfo("%s: input max abs error %.3g", qPrintable(e.file), err);
    QVERIFY2(err <= kInputTolerance, qPrintable(QStringLiteral("input max abs error %1").arg(err)));
}

void TestDinoV2Parity::forwardMatchesFixture_data()
{
    addFixtureRows();
}

void TestDinoV2Parity::forwardMatchesFixture()
{
    QFETCH(int, index);
    const auto &e = entry(index);
    QVERIFY(QFileInfo::exists(test::fixturePath(e.file)));
    const auto ref = readCheckpoint(test::fixturePath(e.file).toStdString());
    const auto &net = model(e);
    const auto &config = net.config();
    // Keys are optional: ask for them on the register rows only, so both paths are exercised.
    const bool withKeys = config.numRegisterTokens > 0;
    const auto out = net.run(ref.at("input"), withKeys);

    QCOMPARE(out.gridH, e.gridH);
    QCOMPARE(out.gridW, e.gridW);
    // Every output the fixture holds, with its tolerance.
    const std::pair<const char *, const at::Tensor *> outputs[] = {{"cls_token", &out.clsToken},
                                                                   {"patch_tokens", &out.patchTokens},
                                                                   {"register_tokens", &out.registerTokens},
                                                                   {"last_attn_cls", &out.lastAttnCls}};
    int compared = 0;
    for (const auto &[name, got] : outputs) {
        if (!e.tensors.count(QLatin1String(name)))
            continue;
        const double tolerance = QLatin1String(name) == QLatin1String("last_attn_cls") ? kAttentionTolerance
                                                                                       : kTokenTolerance;
        const double err = maxAbsDiff(*got, ref.at(name));
        qInfo("%s: %s max abs error %.3g", qPrintable(e.file), name, err);
        QVERIFY2(err <= tolerance, qPrintable(QStringLiteral("%1 error %2").arg(QLatin1String(name)).arg(err)));
        ++compared;
    }
    QVERIFY2(compared >= 3, "the fixture holds fewer than three of the model's outputs");
    QCOMPARE(out.lastKeys.defined(), withKeys);
    if (withKeys) {
        const int64_t tokens = 1 + config.numRegisterTokens + e.gridH * e.gridW;
        QCOMPARE(out.lastKeys.sizes().vec(), (std::vector<int64_t>{1, config.numHeads, tokens, config.headDim()}));
        QVERIFY(out.lastKeys.isfinite().all().item<bool>());
    }
    // Attention rows are distributions.
    QVERIFY(out.lastAttnCls.sum(-1).sub(1.0).abs().max().item<double>() < 1e-4);
}

QTEST_GUILESS_MAIN(TestDinoV2Parity)
#include "tst_dinov2parity.moc"
