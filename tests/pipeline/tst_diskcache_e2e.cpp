// The disk feature cache with the real models (random-weight fixtures):
// - what float16 storage does to decoded masks: Meta's SAM2 encoder outputs from the parity
//   fixture, stored and reloaded through the cache, decoded with the fixture's prompts and
//   compared with Meta's outputs under the SAM2 parity tolerances (logits <= 1e-2, predicted
//   IoU <= 1e-3, mask IoU >= 0.999), next to the same decode from the float32 features;
// - a fresh Pipeline (a reopened folder, another process) segments from the disk cache with
//   no encoder run, and its result matches the computed one;
// - a damaged cache file is recomputed.
#include "countingbackend.h"
#include "fixtures.h"

#include "imageio/imageloader.h"
#include "io/checkpointreader.h"
#include "models/sam2/sam2model.h"
#include "pipeline/diskfeaturecache.h"
#include "pipeline/pipeline.h"
#include "pipeline/torchbackend.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/imgproc.hpp>
#include <torch/torch.h>

#include <filesystem>

using namespace dinosam;
namespace fs = std::filesystem;

namespace {

double maxAbsDiff(const at::Tensor &a, const at::Tensor &b)
{
    return (a.to(torch::kFloat32) - b.to(torch::kFloat32)).abs().max().item<double>();
}

double maskIou(const at::Tensor &a, const at::Tensor &b)
{
    const auto ab = a.to(torch::kBool), bb = b.to(torch::kBool);
    const double uni = (ab | bb).sum().item<double>();
    return uni == 0 ? 1.0 : (ab & bb).sum().item<double>() / uni;
}

double maskIou(const cv::Mat &a, const cv::Mat &b)
{
    const double uni = cv::countNonZero(a | b);
    return uni == 0 ? 1.0 : cv::countNonZero(a & b) / uni;
}

std::array<float, 4> boxFrom(const QJsonArray &a)
{
    return {float(a[0].toDouble()), float(a[1].toDouble()), float(a[2].toDouble()), float(a[3].toDouble())};
}

struct FixturePrompt
{
    sam2::PromptBatch batch;
    bool multimask = false;
};

/// The prompts of manifest.json's entry for `fixture` (as in tst_sam2parity).
std::vector<FixturePrompt> manifestPrompts(const char *fixture)
{
    QFile file(test::fixturePath(QStringLiteral("manifest.json")));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const auto sam2 = QJsonDocument::fromJson(file.readAll()).object().value("sam2").toArray();
    std::vector<FixturePrompt> result;
    for (const auto &entry : sam2) {
        if (entry.toObject().value("file").toString() != QLatin1String(fixture))
            continue;
        for (const auto &pv : entry.toObject().value("prompts").toArray()) {
            const auto p = pv.toObject();
            FixturePrompt fp;
            fp.multimask = p.value("multimask").toBool();
            std::vector<std::array<float, 4>> boxes;
            if (p.contains("box")) {
                const auto box = p.value("box").toArray();
                if (box[0].isArray()) {
                    for (const auto &b : box)
                        boxes.push_back(boxFrom(b.toArray()));
                } else {
                    boxes.push_back(boxFrom(box));
                }
            }
            std::vector<sam2::PointPrompt> points;
            const auto coords = p.value("point_coords").toArray();
            const auto labels = p.value("point_labels").toArray();
            for (qsizetype i = 0; i < coords.size(); ++i) {
                const auto c = coords[i].toArray();
                points.push_back({float(c[0].toDouble()), float(c[1].toDouble()), labels[i].toInt()});
            }
            if (boxes.empty()) {
                sam2::Prompt prompt;
                prompt.points = points;
                fp.batch.prompts.push_back(prompt);
            }
            for (const auto &b : boxes) {
                sam2::Prompt prompt = sam2::Prompt::fromBox(b[0], b[1], b[2], b[3]);
                prompt.points = points;
                fp.batch.prompts.push_back(prompt);
            }
            result.push_back(fp);
        }
    }
    return result;
}

PipelineConfig fixtureConfig(const fs::path &cacheDir)
{
    PipelineConfig config;
    config.checkpoints["dinov2_vits14_reg4"] = test::fixtureFile("models/dinov2_vits14_reg4_random.pth");
    config.checkpoints["sam2.1_hiera_tiny"] = test::fixtureFile("models/sam2.1_hiera_tiny_random.pt");
    config.modelDir = "/nonexistent";
    config.threads = 2;
    config.diskCacheDir = cacheDir;
    return config;
}

} // namespace

class TestDiskCacheEndToEnd : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void float16DecodesWithinParity();
    void reopenedImageNeedsNoEncoder();
    void damagedFileIsRecomputed();

private:
    void float16Parity();
    SegmentationParams m_params;
    cv::Mat m_truck;
    QTemporaryDir m_cache;
    SegmentationResult m_computed;
};

void TestDiskCacheEndToEnd::initTestCase()
{
    DINOSAM_REQUIRE_FIXTURE("models/dinov2_vits14_reg4_random.pth");
    DINOSAM_REQUIRE_FIXTURE("models/sam2.1_hiera_tiny_random.pt");
    DINOSAM_REQUIRE_FIXTURE("sam2.1_hiera_tiny_truck.pt");
    DINOSAM_REQUIRE_FIXTURE("manifest.json");
    DINOSAM_REQUIRE_FIXTURE("images/truck.jpg");
    torch::set_num_threads(2);
    m_params.dinoModel = "dinov2_vits14_reg4";
    m_params.sam2Model = "sam2.1_hiera_tiny";
    m_params.attentionThreshold = 0.5f; // random weights: make sure some regions survive
    m_params.minArea = 100;
    m_truck = loadImage(test::fixtureFile("images/truck.jpg")).rgb;
}

void TestDiskCacheEndToEnd::float16DecodesWithinParity()
{
    try {
        float16Parity();
    } catch (const std::exception &e) {
        QFAIL(e.what());
    }
}

void TestDiskCacheEndToEnd::float16Parity()
{
    CheckpointReadOptions options;
    options.floatingToFloat32 = true;
    const TensorMap fixture = readCheckpoint(test::fixtureFile("sam2.1_hiera_tiny_truck.pt"), options);
    const auto model = sam2::Sam2Model::load(test::fixtureFile("models/sam2.1_hiera_tiny_random.pt"), m_params.sam2Model);
    const at::Tensor image = fixture.at("image");

    // Meta's encoder outputs, through the disk cache.
    Sam2Features computed;
    computed.modelId = m_params.sam2Model;
    computed.imageSize = {int(image.size(1)), int(image.size(0))};
    computed.imageEmbed = fixture.at("image_embed");
    computed.highResFeat0 = fixture.at("high_res_feat0");
    computed.highResFeat1 = fixture.at("high_res_feat1");
    QTemporaryDir dir;
    DiskFeatureCache cache(dir.path().toStdString(), uint64_t(1) << 30);
    cache.storeSam2(m_params.sam2Model + "|fixture", "truck", computed);
    const auto reloaded = cache.loadSam2(m_params.sam2Model + "|fixture", "truck");
    QVERIFY(reloaded);
    const uint64_t fileBytes = cache.diskBytes();
    qInfo("SAM2 features: %.1f MB as float32, %.1f MB on disk (float16); max abs change: embed %.3g, feat0 %.3g, "
          "feat1 %.3g",
          double(computed.bytes()) / 1e6, double(fileBytes) / 1e6,
          maxAbsDiff(reloaded->imageEmbed, computed.imageEmbed),
          maxAbsDiff(reloaded->highResFeat0, computed.highResFeat0),
          maxAbsDiff(reloaded->highResFeat1, computed.highResFeat1));

    auto native = [&](const Sam2Features &f) {
        sam2::ImageFeatures n;
        n.imageEmbed = f.imageEmbed;
        n.highResFeats = {f.highResFeat0, f.highResFeat1};
        n.originalHeight = int(image.size(0));
        n.originalWidth = int(image.size(1));
        n.modelId = f.modelId;
        return n;
    };
    const auto fp32 = native(computed), fp16 = native(*reloaded);
    const auto prompts = manifestPrompts("sam2.1_hiera_tiny_truck.pt");
    QCOMPARE(prompts.size(), size_t(5));
    double worstLogit[2] = {0, 0}, worstIou[2] = {0, 0}, worstMask[2] = {1, 1};
    for (size_t k = 0; k < prompts.size(); ++k) {
        const std::string p = "p" + std::to_string(k) + "_";
        const int64_t n = int64_t(prompts[k].batch.prompts.size()), m = prompts[k].multimask ? 3 : 1;
        const auto expLogits = fixture.at(p + "low_res_logits").reshape({n, m, 256, 256});
        const auto expIou = fixture.at(p + "iou").reshape({n, m});
        const auto expMasks = fixture.at(p + "masks").reshape({n, m, image.size(0), image.size(1)});
        int which = 0;
        for (const auto *features : {&fp32, &fp16}) {
            const auto pred = model.predict(*features, prompts[k].batch, prompts[k].multimask);
            worstLogit[which] = std::max(worstLogit[which], maxAbsDiff(pred.lowResLogits, expLogits));
            worstIou[which] = std::max(worstIou[which], maxAbsDiff(pred.iouPredictions, expIou));
            for (int64_t i = 0; i < n; ++i)
                for (int64_t j = 0; j < m; ++j)
                    worstMask[which] = std::min(worstMask[which], maskIou(pred.masks[i][j], expMasks[i][j]));
            ++which;
        }
    }
    qInfo("vs Meta, float32 features: low-res logits max abs error %.3g, predicted IoU %.3g, min mask IoU %.6f",
          worstLogit[0], worstIou[0], worstMask[0]);
    qInfo("vs Meta, float16 (disk) features: low-res logits max abs error %.3g, predicted IoU %.3g, min mask IoU %.6f",
          worstLogit[1], worstIou[1], worstMask[1]);
    // The SAM2 parity tolerances (tst_sam2parity) hold for features read back from the disk cache.
    QVERIFY2(worstLogit[1] <= 1e-2, qPrintable(QString::number(worstLogit[1])));
    QVERIFY2(worstIou[1] <= 1e-3, qPrintable(QString::number(worstIou[1])));
    QVERIFY2(worstMask[1] >= 0.999, qPrintable(QString::number(worstMask[1])));
}

void TestDiskCacheEndToEnd::reopenedImageNeedsNoEncoder()
{
    const PipelineConfig config = fixtureConfig(m_cache.path().toStdString());
    {
        auto backend = std::make_shared<test::CountingBackend>(makeTorchBackend(config));
        Pipeline first(config, backend);
        m_computed = first.run(ImageInput::fromMat(m_truck, {}, "truck.jpg"), m_params);
        QCOMPARE(backend->counts.dino, 1);
        QCOMPARE(backend->counts.samEncode, 1);
        QCOMPARE(first.cacheStats().diskWrites, uint64_t(2));
        QVERIFY(!m_computed.objects.empty());
    }
    // A new Pipeline: nothing in memory, everything on disk.
    auto backend = std::make_shared<test::CountingBackend>(makeTorchBackend(config));
    Pipeline reopened(config, backend);
    const SegmentationResult fromDisk = reopened.run(ImageInput::fromMat(m_truck, {}, "truck.jpg"), m_params);
    QCOMPARE(backend->counts.dino, 0);
    QCOMPARE(backend->counts.samEncode, 0);
    QCOMPARE(reopened.cacheStats().diskHits, uint64_t(2));
    QCOMPARE(fromDisk.timings.dinoMs, 0.0);
    QCOMPARE(fromDisk.timings.sam2EncodeMs, 0.0);
    QCOMPARE(reopened.precompute(ImageInput::fromMat(m_truck, {}, "truck.jpg"), m_params), 0);

    // The same objects; the float16 features move masks by at most a few border pixels.
    double attentionDiff = 0;
    {
        cv::Mat d;
        cv::absdiff(fromDisk.discoveryMap, m_computed.discoveryMap, d);
        double maxVal = 0;
        cv::minMaxLoc(d, nullptr, &maxVal);
        attentionDiff = maxVal;
    }
    QCOMPARE(fromDisk.objects.size(), m_computed.objects.size());
    double worstIou = 1, worstScore = 0;
    for (size_t i = 0; i < fromDisk.objects.size(); ++i) {
        worstIou = std::min(worstIou, maskIou(fromDisk.objects[i].mask, m_computed.objects[i].mask));
        worstScore = std::max(worstScore, double(std::abs(fromDisk.objects[i].samScore - m_computed.objects[i].samScore)));
    }
    qInfo("reopened from disk (float16) vs computed: %zu objects, discovery map max abs diff %.3g, min mask IoU "
          "%.6f, max score diff %.3g",
          fromDisk.objects.size(), attentionDiff, worstIou, worstScore);
    QVERIFY2(attentionDiff <= 1e-2, qPrintable(QString::number(attentionDiff)));
    QVERIFY2(worstIou >= 0.999, qPrintable(QString::number(worstIou)));
    QVERIFY2(worstScore <= 1e-3, qPrintable(QString::number(worstScore)));
}

void TestDiskCacheEndToEnd::damagedFileIsRecomputed()
{
    QVERIFY(!m_computed.objects.empty()); // reopenedImageNeedsNoEncoder filled the cache
    const PipelineConfig config = fixtureConfig(m_cache.path().toStdString());
    auto backend = std::make_shared<test::CountingBackend>(makeTorchBackend(config));
    DiskFeatureCache probe(config.diskCacheDir, config.diskCacheBytes);
    const fs::path dinoFile = probe.fileFor("dino", backend->modelTag(m_params.dinoModel),
                                            Pipeline::contentKey(m_truck), m_params.dinoInputSize);
    QVERIFY2(fs::exists(dinoFile), dinoFile.c_str());
    fs::resize_file(dinoFile, fs::file_size(dinoFile) - 100); // a half-written or damaged file
    Pipeline pipeline(config, backend);
    const auto result = pipeline.run(ImageInput::fromMat(m_truck, {}, "truck.jpg"), m_params);
    QCOMPARE(backend->counts.dino, 1);      // recomputed, not trusted
    QCOMPARE(backend->counts.samEncode, 0); // the intact SAM2 file still serves
    QCOMPARE(pipeline.cacheStats().diskRejected, uint64_t(1));
    QCOMPARE(result.objects.size(), m_computed.objects.size());
    DiskFeatureCache check(config.diskCacheDir, config.diskCacheBytes);
    QVERIFY(check.loadDino(backend->modelTag(m_params.dinoModel), Pipeline::contentKey(m_truck),
                           m_params.dinoInputSize)); // rewritten intact
}

QTEST_GUILESS_MAIN(TestDiskCacheEndToEnd)
#include "tst_diskcache_e2e.moc"
