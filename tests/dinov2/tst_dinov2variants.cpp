// All eight DINOv2 hub models: construction, strict loading of a state dict of their
// own shape, and a forward pass on a non-square input; strict-loading errors.
#include "fixtures.h"
#include "dinov2testutil.h"

#include "io/checkpointerror.h"
#include "checkpointwriter.h"
#include "models/catalog/modelcatalog.h"
#include "models/dinov2/dinov2model.h"
#include "models/dinov2/dinovisiontransformer.h"

#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest>

using namespace dinosam;
using dinosam::test::ShapeMap;

namespace {

// Non-square input: 5 x 7 patches (pos_embed interpolated in both directions).
constexpr int64_t kTestH = 70;
constexpr int64_t kTestW = 98;

at::Tensor testInput(int64_t h = kTestH, int64_t w = kTestW)
{
    auto gen = at::make_generator<at::CPUGeneratorImpl>(11);
    return at::randn({1, 3, h, w}, gen);
}

void checkOutput(const DinoV2Output &out, const DinoV2Config &c, int64_t gridH, int64_t gridW)
{
    const int64_t tokens = 1 + c.numRegisterTokens + gridH * gridW;
    QCOMPARE(out.gridH, gridH);
    QCOMPARE(out.gridW, gridW);
    QCOMPARE(out.clsToken.sizes().vec(), (std::vector<int64_t>{1, c.embedDim}));
    QCOMPARE(out.registerTokens.sizes().vec(), (std::vector<int64_t>{1, c.numRegisterTokens, c.embedDim}));
    QCOMPARE(out.patchTokens.sizes().vec(), (std::vector<int64_t>{1, gridH * gridW, c.embedDim}));
    QCOMPARE(out.lastAttnCls.sizes().vec(), (std::vector<int64_t>{1, c.numHeads, tokens}));
    QCOMPARE(out.lastKeys.sizes().vec(), (std::vector<int64_t>{1, c.numHeads, tokens, c.headDim()}));
    QVERIFY(out.patchTokens.isfinite().all().item<bool>());
    QVERIFY(out.clsToken.isfinite().all().item<bool>());
    QVERIFY(out.lastAttnCls.sum(-1).sub(1.0).abs().max().item<double>() < 1e-4);
    // Final LayerNorm output: per-token spread must be non-trivial (weights were really used).
    QVERIFY(out.patchTokens.std().item<double>() > 0.1);
}

/// Empty when equal, else the first differences (names and shapes) for the failure message.
QString shapeDiff(const ShapeMap &got, const ShapeMap &expected)
{
    QStringList lines;
    auto text = [](const std::vector<int64_t> &shape) {
        QStringList parts;
        for (auto v : shape)
            parts << QString::number(v);
        return QLatin1Char('[') + parts.join(QLatin1String(", ")) + QLatin1Char(']');
    };
    for (const auto &[name, shape] : expected) {
        const auto it = got.find(name);
        if (it == got.end())
            lines << QStringLiteral("missing %1").arg(QString::fromStdString(name));
        else if (it->second != shape)
            lines << QStringLiteral("%1 is %2, expected %3").arg(QString::fromStdString(name), text(it->second), text(shape));
    }
    for (const auto &[name, shape] : got) {
        if (!expected.count(name))
            lines << QStringLiteral("unexpected %1").arg(QString::fromStdString(name));
    }
    return lines.mid(0, 10).join(QLatin1String("; "));
}

ShapeMap moduleShapes(torch::nn::Module &module)
{
    ShapeMap shapes;
    for (const auto &p : module.named_parameters())
        shapes[p.key()] = p.value().sizes().vec();
    for (const auto &b : module.named_buffers())
        shapes[b.key()] = b.value().sizes().vec();
    return shapes;
}

} // namespace

class TestDinoV2Variants : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void catalogListsTheEightHubModels();
    void swigluHiddenDimAsMeta();
    void loadsOwnShapeStrictlyAndRunsNonSquare_data();
    void loadsOwnShapeStrictlyAndRunsNonSquare();
    void smallLoadsFromWrittenCheckpointFile();
    void giantFullDepthHasOfficialKeysAndShapes_data();
    void giantFullDepthHasOfficialKeysAndShapes();
    void giantReducedDepthLoadsStrictlyAndRuns();
    void squareNativeSizeUsesPosEmbedAsIs();
    void strictLoadingNamesTheProblem_data();
    void strictLoadingNamesTheProblem();
    void nonRegisterCheckpointRefusedByRegisterModel();
    void unknownModelNameIsRefused();
    void malformedInputIsRefused_data();
    void malformedInputIsRefused();
};

void TestDinoV2Variants::catalogListsTheEightHubModels()
{
    const auto &catalog = dinoV2Catalog();
    QCOMPARE(catalog.size(), size_t(8));
    struct Expected
    {
        const char *name;
        int64_t dim, depth, heads, registers;
    };
    const Expected expected[] = {{"dinov2_vits14", 384, 12, 6, 0},       {"dinov2_vits14_reg4", 384, 12, 6, 4},
                                 {"dinov2_vitb14", 768, 12, 12, 0},      {"dinov2_vitb14_reg4", 768, 12, 12, 4},
                                 {"dinov2_vitl14", 1024, 24, 16, 0},     {"dinov2_vitl14_reg4", 1024, 24, 16, 4},
                                 {"dinov2_vitg14", 1536, 40, 24, 0},     {"dinov2_vitg14_reg4", 1536, 40, 24, 4}};
    for (size_t i = 0; i < 8; ++i) {
        const auto &c = catalog[i];
        QCOMPARE(c.name, std::string(expected[i].name));
        QCOMPARE(c.embedDim, expected[i].dim);
        QCOMPARE(c.depth, expected[i].depth);
        QCOMPARE(c.numHeads, expected[i].heads);
        QCOMPARE(c.numRegisterTokens, expected[i].registers);
        QCOMPARE(c.patchSize, int64_t(14));
        QCOMPARE(c.imgSize, int64_t(518));
        QCOMPARE(c.layerScaleInit, 1.0);
        // Hub: register models antialias=True offset 0.0, others antialias=False offset 0.1.
        QCOMPARE(c.interpolateAntialias, expected[i].registers > 0);
        QCOMPARE(c.interpolateOffset, expected[i].registers > 0 ? 0.0 : 0.1);
        QCOMPARE(c.ffnLayer, i >= 6 ? DinoV2FfnLayer::SwiGluFused : DinoV2FfnLayer::Mlp);
        QCOMPARE(c.checkpointFile, std::string(expected[i].name) + "_pretrain.pth");
        QCOMPARE(dinoV2Config(c.name).name, c.name);
        // The catalogue's content signature agrees with the architecture.
        const ModelEntry *entry = ModelCatalog::find(c.name);
        QVERIFY(entry);
        QCOMPARE(c.checkpointFile, entry->fileName);
        QCOMPARE(int64_t(entry->registers), c.numRegisterTokens);
        TensorShapes shapes;
        shapes["cls_token"] = {1, 1, c.embedDim};
        shapes["pos_embed"] = {1, c.posEmbedGrid() * c.posEmbedGrid() + 1, c.embedDim};
        shapes["mask_token"] = {1, c.embedDim};
        shapes["patch_embed.proj.weight"] = {c.embedDim, 3, c.patchSize, c.patchSize};
        shapes["norm.weight"] = {c.embedDim};
        shapes["blocks." + std::to_string(c.depth - 1) + ".norm1.weight"] = {c.embedDim};
        if (c.ffnLayer == DinoV2FfnLayer::SwiGluFused)
            shapes["blocks.0.mlp.w12.weight"] = {2 * c.ffnHiddenDim(), c.embedDim};
        else
            shapes["blocks.0.mlp.fc1.weight"] = {c.ffnHiddenDim(), c.embedDim};
        if (c.numRegisterTokens > 0)
            shapes["register_tokens"] = {1, c.numRegisterTokens, c.embedDim};
        QCOMPARE(identifyCheckpoint(shapes), entry);
    }
}

void TestDinoV2Variants::swigluHiddenDimAsMeta()
{
    // SwiGLUFFNFused: hidden = (int(6144 * 2 / 3) + 7) // 8 * 8 = 4096 for ViT-G.
    QCOMPARE(dinoV2Config("dinov2_vitg14").ffnHiddenDim(), int64_t(4096));
    QCOMPARE(dinoV2Config("dinov2_vitl14").ffnHiddenDim(), int64_t(4096));
    QCOMPARE(dinoV2Config("dinov2_vits14").ffnHiddenDim(), int64_t(1536));
}

void TestDinoV2Variants::loadsOwnShapeStrictlyAndRunsNonSquare_data()
{
    QTest::addColumn<QString>("name");
    for (const char *name : {"dinov2_vits14", "dinov2_vits14_reg4", "dinov2_vitb14", "dinov2_vitb14_reg4",
                             "dinov2_vitl14", "dinov2_vitl14_reg4"})
        QTest::newRow(name) << QString::fromLatin1(name);
}

void TestDinoV2Variants::loadsOwnShapeStrictlyAndRunsNonSquare()
{
    QFETCH(QString, name);
    const auto config = dinoV2Config(name.toStdString());
    std::optional<DinoV2Model> model;
    {
        const auto stateDict = test::randomDinoV2StateDict(config); // official keys and shapes, built in memory
        model.emplace(DinoV2Model::fromStateDict(stateDict, config));
        const auto diff = shapeDiff(moduleShapes(model->module()), test::officialDinoV2Shapes(config));
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }
    const auto out = model->run(testInput(), /*withKeys=*/true);
    checkOutput(out, config, kTestH / 14, kTestW / 14);
}

void TestDinoV2Variants::smallLoadsFromWrittenCheckpointFile()
{
    // Round trip through a torch.save-compatible file, as Meta's release files are read.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto config = dinoV2Config("dinov2_vits14_reg4");
    auto stateDict = test::randomDinoV2StateDict(config, 3);
    for (auto &[key, tensor] : stateDict)
        tensor = tensor.to(at::kHalf); // Meta-like float16 storage, converted back on load
    const auto path = dir.filePath(QStringLiteral("dinov2_vits14_reg4_pretrain.pth")).toStdString();
    writeCheckpoint(path, stateDict);
    const auto model = DinoV2Model::load(path, "dinov2_vits14_reg4");
    const auto weights = model.config().embedDim; // touch config
    QCOMPARE(weights, int64_t(384));
    const auto out = model.run(testInput(), true);
    checkOutput(out, config, 5, 7);
}

void TestDinoV2Variants::giantFullDepthHasOfficialKeysAndShapes_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("dinov2_vitg14") << QStringLiteral("dinov2_vitg14");
    QTest::newRow("dinov2_vitg14_reg4") << QStringLiteral("dinov2_vitg14_reg4");
}

void TestDinoV2Variants::giantFullDepthHasOfficialKeysAndShapes()
{
    // Full 40-block ViT-G (1.1e9 parameters). Its linear weights are allocated but never
    // touched (uninitialised), so this costs address space, not 4.5 GB of memory. Checks
    // names and shapes only; running is covered by giantReducedDepthLoadsStrictlyAndRuns.
    QFETCH(QString, name);
    const auto config = dinoV2Config(name.toStdString());
    DinoV2Model model(config);
    const auto shapes = moduleShapes(model.module());
    const auto diff = shapeDiff(shapes, test::officialDinoV2Shapes(config));
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
    int64_t count = 0;
    for (const auto &p : model.module().parameters())
        count += p.numel();
    QVERIFY2(count > 1'100'000'000 && count < 1'150'000'000, qPrintable(QString::number(count)));
    QVERIFY(shapes.count("blocks.39.mlp.w12.weight"));
    QCOMPARE(shapes.at("blocks.39.mlp.w12.weight"), (std::vector<int64_t>{8192, 1536}));
    QCOMPARE(shapes.at("blocks.39.mlp.w3.weight"), (std::vector<int64_t>{1536, 4096}));
}

void TestDinoV2Variants::giantReducedDepthLoadsStrictlyAndRuns()
{
    // ViT-G's block (SwiGLU, 24 heads, 1536 wide) with depth 2 instead of 40: same code, 1/20 of the memory.
    for (const char *name : {"dinov2_vitg14", "dinov2_vitg14_reg4"}) {
        auto config = dinoV2Config(name);
        config.depth = 2;
        std::optional<DinoV2Model> model;
        {
            const auto stateDict = test::randomDinoV2StateDict(config);
            model.emplace(DinoV2Model::fromStateDict(stateDict, config));
        }
        checkOutput(model->run(testInput(), true), config, 5, 7);
    }
}

void TestDinoV2Variants::squareNativeSizeUsesPosEmbedAsIs()
{
    // Upstream returns pos_embed itself for the 518x518 training size and interpolates otherwise.
    auto config = dinoV2Config("dinov2_vits14");
    config.depth = 1;
    auto model = DinoV2Model::fromStateDict(test::randomDinoV2StateDict(config), config);
    auto &vit = dynamic_cast<dinov2::DinoVisionTransformerImpl &>(model.module());
    const auto posEmbed = vit.named_parameters()["pos_embed"];
    c10::InferenceMode guard;
    const auto native = vit.interpolatePosEncoding(37 * 37, 518, 518);
    QVERIFY(native.is_same(posEmbed));
    // 532x532 = 38x38 patches with offset 0.1: scale_factor 38.1/37 gives floor(38.1) = 38 rows.
    const auto larger = vit.interpolatePosEncoding(38 * 38, 532, 532);
    QCOMPARE(larger.sizes().vec(), (std::vector<int64_t>{1, 1 + 38 * 38, 384}));
    QCOMPARE(larger.select(1, 0).sub(posEmbed.select(1, 0)).abs().max().item<double>(), 0.0); // CLS untouched
    // Non-square 5x7 grid.
    const auto nonSquare = vit.interpolatePosEncoding(35, 70, 98);
    QCOMPARE(nonSquare.sizes().vec(), (std::vector<int64_t>{1, 36, 384}));
    // A full run at 518x518 works too.
    const auto out = model.run(testInput(518, 518));
    QCOMPARE(out.gridH, int64_t(37));
    QCOMPARE(out.gridW, int64_t(37));
}

void TestDinoV2Variants::strictLoadingNamesTheProblem_data()
{
    QTest::addColumn<QString>("change");
    QTest::addColumn<QString>("expectedText");
    QTest::newRow("missing key") << QStringLiteral("missing") << QStringLiteral("missing keys: blocks.3.attn.qkv.bias");
    QTest::newRow("extra key") << QStringLiteral("extra") << QStringLiteral("unexpected keys: head.weight");
    QTest::newRow("wrong shape") << QStringLiteral("shape")
                                 << QStringLiteral("blocks.5.mlp.fc1.weight got [1536, 383] expected [1536, 384]");
}

void TestDinoV2Variants::strictLoadingNamesTheProblem()
{
    QFETCH(QString, change);
    QFETCH(QString, expectedText);
    const auto config = dinoV2Config("dinov2_vits14");
    auto stateDict = test::randomDinoV2StateDict(config);
    if (change == QLatin1String("missing"))
        stateDict.erase("blocks.3.attn.qkv.bias");
    else if (change == QLatin1String("extra"))
        stateDict["head.weight"] = at::zeros({10, 384});
    else
        stateDict["blocks.5.mlp.fc1.weight"] = at::zeros({1536, 383});
    try {
        DinoV2Model::fromStateDict(stateDict, config, "broken.pth");
        QFAIL("strict loading accepted a mismatching state dict");
    } catch (const CheckpointError &e) {
        const QString message = QString::fromUtf8(e.what());
        QVERIFY2(message.contains(expectedText), qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("broken.pth")), qPrintable(message));
    }
}

void TestDinoV2Variants::nonRegisterCheckpointRefusedByRegisterModel()
{
    // Meta's register checkpoint loaded as the plain model: register_tokens is unexpected.
    DINOSAM_REQUIRE_FIXTURE("models/dinov2_vits14_reg4_random.pth");
    try {
        DinoV2Model::load(test::fixtureFile("models/dinov2_vits14_reg4_random.pth"), "dinov2_vits14");
        QFAIL("a register checkpoint loaded into dinov2_vits14");
    } catch (const CheckpointError &e) {
        const QString message = QString::fromUtf8(e.what());
        QVERIFY2(message.contains(QLatin1String("unexpected keys: register_tokens")), qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("dinov2_vits14_reg4_random.pth")), qPrintable(message));
    }
    // And a checkpoint of the wrong size (ViT-S into ViT-B) lists shape mismatches.
    try {
        DinoV2Model::load(test::fixtureFile("models/dinov2_vits14_reg4_random.pth"), "dinov2_vitb14_reg4");
        QFAIL("a ViT-S checkpoint loaded into ViT-B");
    } catch (const CheckpointError &e) {
        const QString message = QString::fromUtf8(e.what());
        QVERIFY2(message.contains(QLatin1String("blocks.0.attn.qkv.weight got [1152, 384] expected [2304, 768]")), qPrintable(message));
    }
}

void TestDinoV2Variants::unknownModelNameIsRefused()
{
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, dinoV2Config("dinov2_vith14"));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, DinoV2Model::load("/nonexistent.pth", "dinov2_vits15"));
    QVERIFY_THROWS_EXCEPTION(CheckpointError, DinoV2Model::load("/nonexistent.pth", "dinov2_vits14"));
}

void TestDinoV2Variants::malformedInputIsRefused_data()
{
    QTest::addColumn<QList<qlonglong>>("shape");
    QTest::newRow("not a multiple of 14") << QList<qlonglong>{1, 3, 70, 100};
    QTest::newRow("one channel") << QList<qlonglong>{1, 1, 70, 98};
    QTest::newRow("no batch dimension") << QList<qlonglong>{3, 70, 98};
    QTest::newRow("smaller than a patch") << QList<qlonglong>{1, 3, 0, 14};
}

void TestDinoV2Variants::malformedInputIsRefused()
{
    QFETCH(QList<qlonglong>, shape);
    auto config = dinoV2Config("dinov2_vits14");
    config.depth = 1;
    const auto model = DinoV2Model::fromStateDict(test::randomDinoV2StateDict(config), config);
    std::vector<int64_t> sizes(shape.begin(), shape.end());
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, model.run(at::zeros(sizes)));
}

QTEST_GUILESS_MAIN(TestDinoV2Variants)
#include "tst_dinov2variants.moc"
