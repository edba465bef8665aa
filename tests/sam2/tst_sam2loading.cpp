// SAM2 model catalog and strict checkpoint loading: all four sizes build and
// load a state dict of their own shape; errors name the offending keys.
#include "fixtures.h"

#include "io/checkpointreader.h"
#include "io/statedictloader.h"
#include "models/catalog/modelcatalog.h"
#include "models/sam2/sam2base.h"
#include "models/sam2/sam2model.h"

#include <QtTest>
#include <torch/torch.h>

using namespace dinosam;
using namespace dinosam::sam2;

namespace {

constexpr char kCheckpoint[] = "models/sam2.1_hiera_tiny_random.pt";

/// A few keys of every video-only kind, as Meta's files have them.
TensorMap videoOnlyKeys(bool sam21)
{
    TensorMap keys = {
        {"memory_attention.layers.0.self_attn.q_proj.weight", torch::zeros({2, 2})},
        {"memory_encoder.mask_downsampler.encoder.0.weight", torch::zeros({2})},
        {"maskmem_tpos_enc", torch::zeros({7, 1, 1, 64})},
        {"no_mem_pos_enc", torch::zeros({1, 1, 256})},
        {"no_obj_ptr", torch::zeros({1, 256})},
        {"mask_downsample.weight", torch::zeros({1, 1, 4, 4})},
        {"obj_ptr_proj.layers.0.weight", torch::zeros({256, 256})},
    };
    if (sam21) {
        keys.emplace("no_obj_embed_spatial", torch::zeros({1, 64}));
        keys.emplace("obj_ptr_tpos_proj.weight", torch::zeros({64, 256}));
    }
    return keys;
}

bool mentions(const std::exception &e, const std::string &what)
{
    return std::string(e.what()).find(what) != std::string::npos;
}

} // namespace

class TestSam2Loading : public QObject
{
    Q_OBJECT

private:
    TensorMap m_tiny; // the fixture checkpoint, float32

private Q_SLOTS:
    void initTestCase()
    {
        DINOSAM_REQUIRE_FIXTURE("models/sam2.1_hiera_tiny_random.pt");
        torch::set_num_threads(2);
        CheckpointReadOptions options;
        options.floatingToFloat32 = true;
        m_tiny = readStateDict(test::fixtureFile(kCheckpoint), options);
        QCOMPARE(m_tiny.size(), size_t(471));
    }

    void catalogHasEightModels()
    {
        const auto &catalog = sam2Catalog();
        QCOMPARE(catalog.size(), size_t(8));
        for (const char *id : {"sam2_hiera_tiny", "sam2_hiera_small", "sam2_hiera_base_plus", "sam2_hiera_large",
                               "sam2.1_hiera_tiny", "sam2.1_hiera_small", "sam2.1_hiera_base_plus",
                               "sam2.1_hiera_large"}) {
            const auto &c = sam2Config(id);
            QCOMPARE(c.id, std::string(id));
            QCOMPARE(c.checkpointFile, std::string(id) + ".pt");
            // The catalogue's content signature agrees with the architecture.
            const ModelEntry *entry = ModelCatalog::find(id);
            QVERIFY(entry);
            QCOMPARE(c.isSam21, entry->family == ModelFamily::Sam21);
            int64_t blocks = 0;
            for (int64_t n : c.trunk.stages)
                blocks += n;
            const int64_t ch = c.trunk.embedDim;
            TensorShapes shapes = {
                {"image_encoder.trunk.patch_embed.proj.weight", {ch, 3, 7, 7}},
                {"image_encoder.trunk.blocks." + std::to_string(blocks - 1) + ".norm1.weight", {c.trunk.stageDims().back()}},
                {"image_encoder.neck.convs.0.conv.weight", {c.dModel, c.backboneChannelList().front(), 1, 1}},
                {"image_encoder.neck.convs.3.conv.weight", {c.dModel, c.backboneChannelList().back(), 1, 1}},
                {"no_mem_embed", {1, 1, c.dModel}},
                {"sam_prompt_encoder.point_embeddings.0.weight", {1, c.dModel}},
                {"sam_mask_decoder.iou_prediction_head.layers.0.weight", {c.dModel, c.dModel}},
            };
            if (c.isSam21)
                shapes["no_obj_embed_spatial"] = {1, 64};
            QCOMPARE(identifyCheckpoint(shapes), entry);
        }
        QCOMPARE(sam2Config("sam2.1_hiera_large").trunk.stageDims(), (std::vector<int64_t>{144, 288, 576, 1152}));
        QCOMPARE(sam2Config("sam2_hiera_base_plus").backboneChannelList(),
                 (std::vector<int64_t>{896, 448, 224, 112}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, sam2Config("sam3_hiera_huge"));
    }

    void fixtureCheckpointLoadsStrictly()
    {
        // Every one of the 471 keys is either loaded or a recognised video-only key.
        Sam2Base module(sam2Config("sam2.1_hiera_tiny"));
        StateDictLoadOptions options;
        options.ignoredPrefixes = sam2VideoOnlyPrefixes();
        const auto report = loadStateDict(*module, m_tiny, options);
        QVERIFY2(report.ok(), report.describe().c_str());
        QCOMPARE(report.loaded + report.ignored.size(), size_t(471));
        QVERIFY(report.unexpected.empty());
        for (const auto &name : report.ignored)
            QVERIFY2(name.rfind("image_encoder", 0) != 0 && name.rfind("sam_", 0) != 0, name.c_str());
        qInfo("loaded %zu tensors, skipped %zu video-only tensors", report.loaded, report.ignored.size());
    }

    void allSizesLoadTheirOwnShape_data()
    {
        QTest::addColumn<QString>("id");
        for (const char *id : {"sam2.1_hiera_tiny", "sam2.1_hiera_small", "sam2.1_hiera_base_plus",
                               "sam2.1_hiera_large", "sam2_hiera_base_plus"})
            QTest::newRow(id) << QString::fromLatin1(id);
    }

    void allSizesLoadTheirOwnShape()
    {
        QFETCH(QString, id);
        const auto &config = sam2Config(id.toStdString());
        Sam2Base module(config);
        // The state dict aliases the module's own tensors (no copy of ~1 GB for
        // large), with the video-only keys that Meta's files carry.
        TensorMap state = videoOnlyKeys(config.isSam21);
        for (const auto &item : module->named_parameters())
            state.emplace(item.key(), item.value());
        for (const auto &item : module->named_buffers())
            state.emplace(item.key(), item.value());
        QVERIFY(state.count("image_encoder.trunk.pos_embed"));
        QVERIFY(state.count("sam_mask_decoder.pred_obj_score_head.layers.2.weight"));
        QCOMPARE(state.at("image_encoder.trunk.pos_embed").size(2), config.trunk.windowPosEmbedBkgSpatialSize[0]);

        StateDictLoadOptions options;
        options.ignoredPrefixes = sam2VideoOnlyPrefixes();
        options.sourceName = id.toStdString();
        const auto report = loadStateDict(*module, state, options);
        QVERIFY2(report.ok(), report.describe().c_str());
        QCOMPARE(report.ignored.size(), videoOnlyKeys(config.isSam21).size());
        int64_t params = 0;
        for (const auto &p : module->parameters())
            params += p.numel();
        qInfo("%s: %zu tensors, %.1f M image-predictor parameters", qPrintable(id), report.loaded, double(params) / 1e6);
    }

    void missingKeyIsNamed()
    {
        auto state = m_tiny;
        state.erase("sam_mask_decoder.iou_token.weight");
        try {
            Sam2Model::fromStateDict(state, "sam2.1_hiera_tiny", "tiny.pt");
            QFAIL("no error");
        } catch (const CheckpointError &e) {
            QVERIFY2(mentions(e, "sam_mask_decoder.iou_token.weight"), e.what());
            QVERIFY2(mentions(e, "missing"), e.what());
            QVERIFY2(mentions(e, "tiny.pt"), e.what());
        }
    }

    void unexpectedKeyIsNamed()
    {
        auto state = m_tiny;
        state.emplace("sam_mask_decoder.extra_head.weight", torch::zeros({2}));
        state.emplace("memory_attentionX.weight", torch::zeros({2})); // not a video-only prefix
        try {
            Sam2Model::fromStateDict(state, "sam2.1_hiera_tiny");
            QFAIL("no error");
        } catch (const CheckpointError &e) {
            QVERIFY2(mentions(e, "sam_mask_decoder.extra_head.weight"), e.what());
            QVERIFY2(mentions(e, "memory_attentionX.weight"), e.what());
            QVERIFY2(mentions(e, "unexpected"), e.what());
        }
    }

    void shapeMismatchIsNamed()
    {
        auto state = m_tiny;
        state["image_encoder.trunk.pos_embed"] = torch::zeros({1, 96, 14, 14});
        try {
            Sam2Model::fromStateDict(state, "sam2.1_hiera_tiny");
            QFAIL("no error");
        } catch (const CheckpointError &e) {
            QVERIFY2(mentions(e, "image_encoder.trunk.pos_embed got [1, 96, 14, 14] expected [1, 96, 7, 7]"),
                     e.what());
        }
    }

    void wrongModelIdFails()
    {
        // The tiny checkpoint does not fit small (more blocks) or base+ (other widths).
        QVERIFY_THROWS_EXCEPTION(CheckpointError, Sam2Model::fromStateDict(m_tiny, "sam2.1_hiera_small"));
        QVERIFY_THROWS_EXCEPTION(CheckpointError, Sam2Model::fromStateDict(m_tiny, "sam2_hiera_base_plus"));
        // SAM2.1 weights are not SAM2's, though the image predictor's keys are the same:
        // SAM2.1 files carry no_obj_embed_spatial.
        try {
            Sam2Model::fromStateDict(m_tiny, "sam2_hiera_tiny", "tiny.pt");
            QFAIL("SAM2.1 weights accepted as SAM2");
        } catch (const CheckpointError &e) {
            QVERIFY2(mentions(e, "tiny.pt is a SAM2.1 checkpoint (it has no_obj_embed_spatial), not SAM 2 Hiera tiny"),
                     e.what());
        }
        auto sam20 = m_tiny;
        sam20.erase("no_obj_embed_spatial");
        QVERIFY_THROWS_EXCEPTION(CheckpointError, Sam2Model::fromStateDict(sam20, "sam2.1_hiera_tiny"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Sam2Model::load(test::fixtureFile(kCheckpoint), "sam2_tiny"));
    }
};

QTEST_GUILESS_MAIN(TestSam2Loading)
#include "tst_sam2loading.moc"
