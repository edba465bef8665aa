// End to end with the real DINOv2 and SAM2 on the random-weight fixture
// checkpoints: every export file exists and parses, masks have the image's
// size, parameter changes re-run no encoder, cancellation between stages.
// Each image is encoded at most once (SAM2 tiny takes seconds on 2 cores).
#include "countingbackend.h"
#include "fixtures.h"

#include "export/resultexporter.h"
#include "imageio/imageloader.h"
#include "models/sam2/sam2model.h"
#include "pipeline/pipeline.h"
#include "pipeline/torchbackend.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <atomic>
#include <fstream>
#include <sstream>

using namespace dinosam;

class TestPipelineEndToEnd : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void coldRunProducesImageSizedMasks();
    void exportedFilesExistAndParse();
    void parameterChangesRunNoEncoder_data();
    void parameterChangesRunNoEncoder();
    void spectralReusesTheEncoders();
    void promptEditingReusesSam2Features();
    void decodedMasksMatchTheSam2Predictor();
    void cancellationBetweenStages();

private:
    std::shared_ptr<test::CountingBackend> m_backend;
    std::unique_ptr<Pipeline> m_pipeline;
    SegmentationParams m_params;
    cv::Mat m_truck;
    SegmentationResult m_cold;
};

void TestPipelineEndToEnd::initTestCase()
{
    DINOSAM_REQUIRE_FIXTURE("models/dinov2_vits14_reg4_random.pth");
    DINOSAM_REQUIRE_FIXTURE("models/sam2.1_hiera_tiny_random.pt");
    DINOSAM_REQUIRE_FIXTURE("images/truck.jpg");
    PipelineConfig config;
    config.checkpoints["dinov2_vits14_reg4"] = test::fixtureFile("models/dinov2_vits14_reg4_random.pth");
    config.checkpoints["sam2.1_hiera_tiny"] = test::fixtureFile("models/sam2.1_hiera_tiny_random.pt");
    config.modelDir = "/nonexistent"; // never pick up a user's real checkpoints
    m_backend = std::make_shared<test::CountingBackend>(makeTorchBackend(config));
    m_pipeline = std::make_unique<Pipeline>(config, m_backend);
    m_params.dinoModel = "dinov2_vits14_reg4";
    m_params.sam2Model = "sam2.1_hiera_tiny";
    m_params.attentionThreshold = 0.5f; // random weights: make sure some regions survive
    m_params.minArea = 100;
    m_truck = loadImage(test::fixtureFile("images/truck.jpg")).rgb;
    m_cold = m_pipeline->run(ImageInput::fromMat(m_truck, {}, "truck.jpg"), m_params);
    QCOMPARE(m_backend->counts.dino, 1);
    QCOMPARE(m_backend->counts.samEncode, 1);
}

void TestPipelineEndToEnd::coldRunProducesImageSizedMasks()
{
    QCOMPARE(m_cold.imageSize, cv::Size(1800, 1200));
    QCOMPARE(m_cold.discoveryMap.size(), m_cold.imageSize);
    QVERIFY(!m_cold.regions.empty());
    QVERIFY(!m_cold.objects.empty());
    QVERIFY(int(m_cold.objects.size()) <= m_params.numObjects);
    for (const auto &o : m_cold.objects) {
        QCOMPARE(o.mask.size(), m_cold.imageSize);
        QCOMPARE(o.mask.type(), CV_8U);
        QCOMPARE(int64_t(cv::countNonZero(o.mask)), o.area);
        QVERIFY(o.area >= m_params.minArea);
        QCOMPARE(o.box, cv::boundingRect(o.mask));
        QVERIFY(o.samScore == o.samScore); // finite score
    }
    QVERIFY(m_cold.timings.dinoMs > 0);
    QVERIFY(m_cold.timings.sam2EncodeMs > 0);
    QVERIFY(m_cold.timings.sam2DecodeMs > 0);
}

void TestPipelineEndToEnd::exportedFilesExistAndParse()
{
    QTemporaryDir dir;
    ExportOptions options; // everything on
    const auto files = exportResult(m_cold, m_truck, dir.path().toStdString(), options);
    QVERIFY(!files.empty());
    int masks = 0, cutouts = 0;
    for (const auto &file : files) {
        const QString f = QString::fromStdString(file.string());
        QVERIFY2(QFileInfo(f).isFile() && QFileInfo(f).size() > 0, qPrintable(f));
        if (f.endsWith(".png") && f.contains("_masks/")) {
            const cv::Mat m = cv::imread(file.string(), cv::IMREAD_UNCHANGED);
            QCOMPARE(m.size(), m_cold.imageSize);
            QCOMPARE(m.type(), CV_8U);
            ++masks;
        } else if (f.endsWith(".png") && f.contains("_cutouts/")) {
            const cv::Mat m = cv::imread(file.string(), cv::IMREAD_UNCHANGED);
            QCOMPARE(m.channels(), 4);
            ++cutouts;
        } else if (f.endsWith(".jpg")) {
            QVERIFY(!cv::imread(file.string()).empty());
        } else if (f.endsWith(".json")) {
            QFile json(f);
            QVERIFY(json.open(QIODevice::ReadOnly));
            QJsonParseError error;
            const auto doc = QJsonDocument::fromJson(json.readAll(), &error);
            QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
            QCOMPARE(doc.object().value("annotations").toArray().size(), qsizetype(m_cold.objects.size()));
            const auto image = doc.object().value("images").toArray().at(0).toObject();
            QCOMPARE(image.value("width").toInt(), 1800);
            QCOMPARE(image.value("height").toInt(), 1200);
        } else if (f.endsWith(".txt")) {
            std::ifstream in(file);
            std::stringstream text;
            text << in.rdbuf();
            QVERIFY(!text.str().empty());
        }
    }
    QCOMPARE(masks, int(m_cold.objects.size()));
    QCOMPARE(cutouts, int(m_cold.objects.size()));
}

void TestPipelineEndToEnd::parameterChangesRunNoEncoder_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<double>("value");
    QTest::newRow("minArea") << "minArea" << 50000.0;
    QTest::newRow("numObjects") << "numObjects" << 2.0;
    QTest::newRow("threshold") << "threshold" << 0.8;
    QTest::newRow("promptType point") << "promptType" << double(PromptType::Point);
    QTest::newRow("promptType both") << "promptType" << double(PromptType::BoxAndPoint);
}

void TestPipelineEndToEnd::parameterChangesRunNoEncoder()
{
    QFETCH(QString, field);
    QFETCH(double, value);
    SegmentationParams p = m_params;
    if (field == "minArea")
        p.minArea = int64_t(value);
    else if (field == "numObjects")
        p.numObjects = int(value);
    else if (field == "threshold")
        p.attentionThreshold = float(value);
    else
        p.promptType = PromptType(int(value));
    const auto before = m_backend->counts;
    const auto r = m_pipeline->run(ImageInput::fromMat(m_truck, m_cold.imageKey, "truck.jpg"), p);
    QCOMPARE(m_backend->counts.dino, before.dino);
    QCOMPARE(m_backend->counts.samEncode, before.samEncode);
    QCOMPARE(r.timings.dinoMs, 0.0);
    QCOMPARE(r.timings.sam2EncodeMs, 0.0);
    for (const auto &o : r.objects) {
        QCOMPARE(o.mask.size(), m_cold.imageSize);
        QVERIFY(o.area >= p.minArea);
    }
    QVERIFY(int(r.objects.size()) <= p.numObjects);
    if (field == "minArea" || field == "numObjects") // same prompts: not even the decoder runs
        QCOMPARE(m_backend->counts.samDecodeCalls, before.samDecodeCalls);
}

void TestPipelineEndToEnd::spectralReusesTheEncoders()
{
    SegmentationParams p = m_params;
    p.method = DiscoveryMethod::Spectral;
    p.numObjects = 3;
    const auto before = m_backend->counts;
    const auto r = m_pipeline->run(ImageInput::fromMat(m_truck, m_cold.imageKey, "truck.jpg"), p);
    QCOMPARE(m_backend->counts.dino, before.dino);
    QCOMPARE(m_backend->counts.samEncode, before.samEncode);
    QCOMPARE(r.discoveryMap.size(), m_cold.imageSize);
    QVERIFY(int(r.regions.size()) <= 3);
}

void TestPipelineEndToEnd::promptEditingReusesSam2Features()
{
    Prompt prompt;
    prompt.box = cv::Rect2f(425, 600, 275, 275);
    prompt.points = {cv::Point2f(575, 750)};
    prompt.labels = {0};
    const auto before = m_backend->counts;
    const auto o = m_pipeline->segmentWithPrompt(ImageInput::fromKey(m_cold.imageKey), prompt, m_params);
    QCOMPARE(m_backend->counts.samEncode, before.samEncode);
    QCOMPARE(m_backend->counts.samDecodeCalls, before.samDecodeCalls + 1);
    QCOMPARE(o.mask.size(), m_cold.imageSize);
    QCOMPARE(o.promptType, PromptType::BoxAndPoint);
}

// The backend upsamples the low-res logits with OpenCV instead of the predictor's
// LibTorch interpolate: the masks must be the same up to pixels whose logit rounds
// differently around 0.
void TestPipelineEndToEnd::decodedMasksMatchTheSam2Predictor()
{
    auto engine = m_backend->sam2(m_params.sam2Model);
    const auto features = engine->encode(m_truck);
    std::vector<Prompt> prompts;
    sam2::PromptBatch batch;
    for (const auto &o : m_cold.objects) {
        Prompt p;
        p.box = cv::Rect2f(o.box);
        prompts.push_back(p);
        batch.prompts.push_back(
            sam2::Prompt::fromBox(p.box->x, p.box->y, p.box->x + p.box->width, p.box->y + p.box->height));
    }
    Prompt point;
    point.points = {cv::Point2f(575, 750)};
    point.labels = {1};
    prompts.push_back(point);
    batch.prompts.push_back(sam2::Prompt::fromPoint(575, 750, 1));
    QVERIFY(prompts.size() >= 2);

    const auto decoded = engine->decode(*features, prompts);
    const auto model = sam2::Sam2Model::load(test::fixtureFile("models/sam2.1_hiera_tiny_random.pt"), m_params.sam2Model);
    sam2::ImageFeatures native;
    native.imageEmbed = features->imageEmbed;
    native.highResFeats = {features->highResFeat0, features->highResFeat1};
    native.originalHeight = m_truck.rows;
    native.originalWidth = m_truck.cols;
    native.modelId = features->modelId;
    const auto reference = model.predict(native, batch, false);
    QCOMPARE(decoded.size(), prompts.size());
    for (size_t i = 0; i < prompts.size(); ++i) {
        const at::Tensor expected = reference.masks[int64_t(i)][0].to(at::kByte).mul(255).contiguous();
        const cv::Mat expectedMask(m_truck.rows, m_truck.cols, CV_8U, expected.data_ptr<uint8_t>());
        QCOMPARE(decoded[i].mask.size(), expectedMask.size());
        const int differing = cv::countNonZero(decoded[i].mask != expectedMask);
        const int area = cv::countNonZero(expectedMask);
        qInfo("prompt %zu: %d of %d mask pixels differ", i, differing, area);
        QVERIFY2(differing <= std::max(2, area / 10000), qPrintable(QString::number(differing)));
        QCOMPARE(decoded[i].score, reference.iouPredictions[int64_t(i)][0].item<float>());
    }
}

void TestPipelineEndToEnd::cancellationBetweenStages()
{
    DINOSAM_REQUIRE_FIXTURE("images/groceries.jpg");
    const cv::Mat groceries = loadImage(test::fixtureFile("images/groceries.jpg")).rgb;
    std::atomic<bool> cancel{false};
    RunControl control;
    control.cancelFlag = &cancel;
    control.progress = [&](const PipelineProgress &p) {
        if (p.stage == PipelineStage::DinoEncode && p.stageFraction >= 1.0)
            cancel = true; // e.g. the user moved on to another image
    };
    const auto before = m_backend->counts;
    QVERIFY_THROWS_EXCEPTION(Cancelled, m_pipeline->run(ImageInput::fromMat(groceries), m_params, control));
    QCOMPARE(m_backend->counts.dino, before.dino + 1);
    QCOMPARE(m_backend->counts.samEncode, before.samEncode); // stopped before the expensive SAM2 encoder
    // Resuming reuses DINOv2's cached output and finishes.
    const auto r = m_pipeline->run(ImageInput::fromMat(groceries), m_params);
    QCOMPARE(m_backend->counts.dino, before.dino + 1);
    QCOMPARE(r.imageSize, groceries.size());
    for (const auto &o : r.objects)
        QCOMPARE(o.mask.size(), groceries.size());
}

QTEST_GUILESS_MAIN(TestPipelineEndToEnd)
#include "tst_pipeline_e2e.moc"
