// Stage logic of Pipeline with a fake backend: caching (which parameter change
// re-runs which stage), cancellation, progress, interactive prompts, errors;
// and the real backend's refusal of a CUDA device that is not there.
#include "fakebackend.h"

#include "pipeline/pipeline.h"

#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>
#include <torch/cuda.h>

#include <atomic>
#include <fstream>

using namespace dinosam;
using dinosam::test::FakeBackend;

Q_DECLARE_METATYPE(dinosam::SegmentationParams)

namespace {

struct Fixture
{
    std::shared_ptr<FakeBackend> backend = std::make_shared<FakeBackend>();
    Pipeline pipeline{PipelineConfig{}, backend};
    cv::Mat scene = test::syntheticScene();
};

bool sameMask(const cv::Mat &a, const cv::Mat &b)
{
    return a.size() == b.size() && a.type() == b.type() && cv::countNonZero(a != b) == 0;
}

} // namespace

class TestPipeline : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void runFindsTheObjects();
    void parameterChangeReusesStages_data();
    void parameterChangeReusesStages();
    void decodesAllPromptsInOneBatchAndRemembersThem();
    void promptTypes_data();
    void promptTypes();
    void cancellationBetweenStages_data();
    void cancellationBetweenStages();
    void cancellationPollsTheCallback();
    void progressIsMonotonic();
    void segmentWithPromptUsesCachedFeatures();
    void segmentWithPromptRejectsBadPrompts();
    void resultsAreCopies();
    void sameFileTwiceEncodesOnce();
    void badImagesGiveClearErrors_data();
    void badImagesGiveClearErrors();
    void invalidParameters();
    void cacheBudgetEvictsOtherImagesOnly();
    void cudaWithoutCudaIsRefused();
};

void TestPipeline::runFindsTheObjects()
{
    Fixture f;
    SegmentationParams params;
    params.numObjects = 5;
    const auto r = f.pipeline.run(ImageInput::fromMat(f.scene, {}, "scene.png"), params);
    QCOMPARE(r.imageName, std::string("scene.png"));
    QCOMPARE(r.imageSize, f.scene.size());
    QVERIFY(!r.imageKey.empty());
    QCOMPARE(r.regions.size(), size_t(3));
    QCOMPARE(r.objects.size(), size_t(3));
    QCOMPARE(r.discoveryMap.size(), f.scene.size());
    QCOMPARE(r.discoveryMap.type(), CV_32F);
    // Fake scores grow with mask area: B (140x140) > A (112x84) > C (84x56).
    const cv::Rect expected[] = {{224, 56, 140, 140}, {28, 28, 112, 84}, {56, 224, 84, 56}};
    for (size_t i = 0; i < r.objects.size(); ++i) {
        const auto &o = r.objects[i];
        QCOMPARE(o.mask.size(), f.scene.size());
        QCOMPARE(o.mask.type(), CV_8U);
        QCOMPARE(o.box, expected[i]);
        QCOMPARE(o.area, int64_t(expected[i].area()));
        QCOMPARE(int64_t(cv::countNonZero(o.mask)), o.area);
        QVERIFY(o.dinoConfidence > 0);
        QCOMPARE(o.promptType, PromptType::Box);
        if (i > 0)
            QVERIFY(r.objects[i - 1].samScore >= o.samScore);
    }
    QCOMPARE(f.backend->counts.dinoEncodes, 1);
    QCOMPARE(f.backend->counts.samEncodes, 1);
    QCOMPARE(f.backend->counts.samDecodeCalls, 1);
    QVERIFY(r.timings.dinoMs > 0);
    QVERIFY(r.timings.sam2EncodeMs > 0);
}

void TestPipeline::parameterChangeReusesStages_data()
{
    QTest::addColumn<SegmentationParams>("changed");
    QTest::addColumn<int>("dinoEncodes");
    QTest::addColumn<int>("samEncodes");
    QTest::addColumn<int>("prepares");
    const SegmentationParams base;
    auto row = [&](const char *name, auto change, int dino, int sam, int prepares) {
        SegmentationParams p = base;
        change(p);
        QTest::newRow(name) << p << dino << sam << prepares;
    };
    row("same", [](SegmentationParams &) {}, 0, 0, 0);
    row("minArea", [](SegmentationParams &p) { p.minArea = 6000; }, 0, 0, 0);
    row("numObjects", [](SegmentationParams &p) { p.numObjects = 1; }, 0, 0, 0);
    row("threshold", [](SegmentationParams &p) { p.attentionThreshold = 0.9f; }, 0, 0, 0);
    row("promptType", [](SegmentationParams &p) { p.promptType = PromptType::Point; }, 0, 0, 0);
    row("duplicateIou", [](SegmentationParams &p) { p.duplicateIou = 0.3f; }, 0, 0, 0);
    row("holes", [](SegmentationParams &p) { p.removeSmallHolesAndSpecks = true; }, 0, 0, 0);
    row("sam2Model", [](SegmentationParams &p) { p.sam2Model = "sam2.1_hiera_small"; }, 0, 1, 0);
    row("dinoModel", [](SegmentationParams &p) { p.dinoModel = "dinov2_vitb14"; }, 1, 0, 1);
    row("dinoInputSize", [](SegmentationParams &p) { p.dinoInputSize = 224; }, 1, 0, 1);
}

void TestPipeline::parameterChangeReusesStages()
{
    QFETCH(SegmentationParams, changed);
    QFETCH(int, dinoEncodes);
    QFETCH(int, samEncodes);
    QFETCH(int, prepares);
    Fixture f;
    const auto input = ImageInput::fromMat(f.scene);
    const auto first = f.pipeline.run(input, SegmentationParams{});
    QVERIFY(!first.objects.empty());
    const auto before = f.backend->counts;
    const auto second = f.pipeline.run(input, changed);
    QCOMPARE(f.backend->counts.dinoEncodes - before.dinoEncodes, dinoEncodes);
    QCOMPARE(f.backend->counts.samEncodes - before.samEncodes, samEncodes);
    QCOMPARE(f.backend->counts.prepares - before.prepares, prepares);
    if (dinoEncodes == 0)
        QCOMPARE(second.timings.dinoMs, 0.0);
    if (samEncodes == 0)
        QCOMPARE(second.timings.sam2EncodeMs, 0.0);
    // The cached stages give what a cold pipeline gives.
    Fixture cold;
    const auto fresh = cold.pipeline.run(input, changed);
    QCOMPARE(second.objects.size(), fresh.objects.size());
    for (size_t i = 0; i < fresh.objects.size(); ++i) {
        QCOMPARE(second.objects[i].box, fresh.objects[i].box);
        QVERIFY(sameMask(second.objects[i].mask, fresh.objects[i].mask));
    }
}

void TestPipeline::decodesAllPromptsInOneBatchAndRemembersThem()
{
    Fixture f;
    const auto input = ImageInput::fromMat(f.scene);
    SegmentationParams params;
    f.pipeline.run(input, params);
    QCOMPARE(f.backend->counts.samDecodeCalls, 1);
    QCOMPARE(f.backend->counts.promptsDecoded, 3);
    params.numObjects = 2; // a subset of the same prompts: nothing to decode
    const auto r = f.pipeline.run(input, params);
    QCOMPARE(r.objects.size(), size_t(2));
    QCOMPARE(f.backend->counts.samDecodeCalls, 1);
    QCOMPARE(r.timings.sam2DecodeMs, 0.0);
    params.promptType = PromptType::BoxAndPoint; // new prompts: one more batch
    f.pipeline.run(input, params);
    QCOMPARE(f.backend->counts.samDecodeCalls, 2);
    QCOMPARE(f.backend->counts.promptsDecoded, 5);
}

void TestPipeline::promptTypes_data()
{
    QTest::addColumn<int>("type");
    QTest::newRow("box") << int(PromptType::Box);
    QTest::newRow("point") << int(PromptType::Point);
    QTest::newRow("box+point") << int(PromptType::BoxAndPoint);
}

void TestPipeline::promptTypes()
{
    QFETCH(int, type);
    Fixture f;
    SegmentationParams params;
    params.promptType = PromptType(type);
    const auto r = f.pipeline.run(ImageInput::fromMat(f.scene), params);
    QCOMPARE(r.objects.size(), size_t(3));
    for (const auto &o : r.objects) {
        QCOMPARE(o.promptType, PromptType(type));
        const bool hasBox = params.promptType != PromptType::Point;
        const bool hasPoint = params.promptType != PromptType::Box;
        QCOMPARE(o.promptBox.area() > 0, hasBox);
        if (hasPoint) // the point lies inside the object's mask
            QVERIFY(o.mask.at<uint8_t>(cv::Point(o.promptPoint)) != 0);
    }
}

void TestPipeline::cancellationBetweenStages_data()
{
    QTest::addColumn<int>("cancelAfter"); // stage whose end triggers the cancel
    QTest::addColumn<int>("dinoEncodes");
    QTest::addColumn<int>("samEncodes");
    QTest::newRow("after image") << int(PipelineStage::DecodeImage) << 0 << 0;
    QTest::newRow("after DINOv2") << int(PipelineStage::DinoEncode) << 1 << 0;
    QTest::newRow("after discovery") << int(PipelineStage::Discovery) << 1 << 0;
    QTest::newRow("after SAM2 encoder") << int(PipelineStage::Sam2Encode) << 1 << 1;
    QTest::newRow("after SAM2 decoder") << int(PipelineStage::Sam2Decode) << 1 << 1;
}

void TestPipeline::cancellationBetweenStages()
{
    QFETCH(int, cancelAfter);
    QFETCH(int, dinoEncodes);
    QFETCH(int, samEncodes);
    Fixture f;
    std::atomic<bool> cancel{false};
    RunControl control;
    control.cancelFlag = &cancel;
    control.progress = [&](const PipelineProgress &p) {
        if (int(p.stage) == cancelAfter && p.stageFraction >= 1.0)
            cancel = true;
    };
    const auto input = ImageInput::fromMat(f.scene);
    QVERIFY_THROWS_EXCEPTION(Cancelled, f.pipeline.run(input, SegmentationParams{}, control));
    QCOMPARE(f.backend->counts.dinoEncodes, dinoEncodes);
    QCOMPARE(f.backend->counts.samEncodes, samEncodes);
    // What finished stays cached; the next run completes without redoing it.
    const auto r = f.pipeline.run(input, SegmentationParams{});
    QCOMPARE(r.objects.size(), size_t(3));
    QCOMPARE(f.backend->counts.dinoEncodes, 1);
    QCOMPARE(f.backend->counts.samEncodes, 1);
}

void TestPipeline::cancellationPollsTheCallback()
{
    Fixture f;
    RunControl control;
    control.isCancelled = [] { return true; };
    QVERIFY_THROWS_EXCEPTION(Cancelled, f.pipeline.run(ImageInput::fromMat(f.scene), SegmentationParams{}, control));
    QCOMPARE(f.backend->counts.dinoEncodes, 0);
}

void TestPipeline::progressIsMonotonic()
{
    Fixture f;
    std::vector<PipelineProgress> seen;
    RunControl control;
    control.progress = [&](const PipelineProgress &p) { seen.push_back(p); };
    f.pipeline.run(ImageInput::fromMat(f.scene), SegmentationParams{}, control);
    QVERIFY(seen.size() >= 6);
    for (size_t i = 1; i < seen.size(); ++i)
        QVERIFY2(seen[i].overall >= seen[i - 1].overall, stageName(seen[i].stage));
    QCOMPARE(seen.back().overall, 1.0);
    QCOMPARE(seen.back().stage, PipelineStage::Postprocess);
    // A second run reports the encoders as cached.
    seen.clear();
    f.pipeline.run(ImageInput::fromMat(f.scene), SegmentationParams{}, control);
    bool dinoCached = false;
    for (const auto &p : seen)
        dinoCached |= p.stage == PipelineStage::DinoEncode && p.cached;
    QVERIFY(dinoCached);
}

void TestPipeline::segmentWithPromptUsesCachedFeatures()
{
    Fixture f;
    const auto r = f.pipeline.run(ImageInput::fromMat(f.scene), SegmentationParams{});
    Prompt prompt;
    prompt.points = {cv::Point2f(60, 230 + 20)}; // inside rectangle C
    prompt.labels = {1};
    const auto o = f.pipeline.segmentWithPrompt(ImageInput::fromKey(r.imageKey), prompt, SegmentationParams{});
    QCOMPARE(f.backend->counts.samEncodes, 1);
    QCOMPARE(o.box, cv::Rect(56, 224, 84, 56));
    QCOMPARE(o.area, int64_t(84 * 56));
    QCOMPARE(o.promptType, PromptType::Point);
    QCOMPARE(o.dinoConfidence, 0.f);

    Prompt box;
    box.box = cv::Rect2f(0, 0, 200, 150); // covers rectangle A
    const auto b = f.pipeline.segmentWithPrompt(ImageInput::fromMat(f.scene), box, SegmentationParams{});
    QCOMPARE(b.box, cv::Rect(28, 28, 112, 84));
    QCOMPARE(f.backend->counts.samEncodes, 1);

    // A fresh image given by pixels is encoded on demand.
    cv::Mat other = f.scene.clone();
    cv::flip(other, other, 1);
    f.pipeline.segmentWithPrompt(ImageInput::fromMat(other), box, SegmentationParams{});
    QCOMPARE(f.backend->counts.samEncodes, 2);
    QCOMPARE(f.backend->counts.dinoEncodes, 1);
}

void TestPipeline::segmentWithPromptRejectsBadPrompts()
{
    Fixture f;
    const auto r = f.pipeline.run(ImageInput::fromMat(f.scene), SegmentationParams{});
    const auto key = ImageInput::fromKey(r.imageKey);
    auto kindOf = [&](const ImageInput &in, const Prompt &p) {
        try {
            f.pipeline.segmentWithPrompt(in, p, SegmentationParams{});
        } catch (const PipelineError &e) {
            return int(e.kind());
        }
        return -1;
    };
    QCOMPARE(kindOf(key, Prompt{}), int(PipelineError::Kind::InvalidArgument));
    Prompt mismatch;
    mismatch.points = {cv::Point2f(1, 1), cv::Point2f(2, 2)};
    mismatch.labels = {1};
    QCOMPARE(kindOf(key, mismatch), int(PipelineError::Kind::InvalidArgument));
    Prompt ok;
    ok.points = {cv::Point2f(60, 250)};
    ok.labels = {1};
    QCOMPARE(kindOf(ImageInput::fromKey("no-such-key"), ok), int(PipelineError::Kind::NotCached));
    QCOMPARE(kindOf(key, ok), -1);
}

void TestPipeline::resultsAreCopies()
{
    Fixture f;
    const auto input = ImageInput::fromMat(f.scene);
    auto r = f.pipeline.run(input, SegmentationParams{});
    const cv::Mat saved = r.objects.front().mask.clone();
    r.objects.front().mask.setTo(0); // the GUI edits masks in place
    const auto again = f.pipeline.run(input, SegmentationParams{});
    QVERIFY(sameMask(again.objects.front().mask, saved));
}

void TestPipeline::sameFileTwiceEncodesOnce()
{
    QTemporaryDir dir;
    cv::Mat bgr;
    cv::cvtColor(test::syntheticScene(), bgr, cv::COLOR_RGB2BGR);
    const std::string a = dir.filePath("a.png").toStdString(), b = dir.filePath("b.png").toStdString();
    QVERIFY(cv::imwrite(a, bgr));
    QVERIFY(cv::imwrite(b, bgr));
    Fixture f;
    const auto ra = f.pipeline.run(ImageInput::fromFile(a), SegmentationParams{});
    const auto rb = f.pipeline.run(ImageInput::fromFile(b), SegmentationParams{});
    QCOMPARE(ra.imageName, std::string("a.png"));
    QCOMPARE(rb.imageName, std::string("b.png"));
    QCOMPARE(ra.imageKey, rb.imageKey);
    QCOMPARE(f.backend->counts.dinoEncodes, 1);
    QCOMPARE(f.backend->counts.samEncodes, 1);
    QCOMPARE(rb.objects.size(), size_t(3));
}

void TestPipeline::badImagesGiveClearErrors_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("messagePart");
    QTest::newRow("missing") << "missing.png" << int(PipelineError::Kind::ImageUnreadable) << "does not exist";
    QTest::newRow("empty") << "empty.png" << int(PipelineError::Kind::ImageUnreadable) << "empty";
    QTest::newRow("corrupt") << "corrupt.jpg" << int(PipelineError::Kind::ImageUnreadable) << "corrupt.jpg";
    QTest::newRow("folder") << "folder" << int(PipelineError::Kind::ImageUnreadable) << "folder";
    QTest::newRow("1x1") << "tiny.png" << int(PipelineError::Kind::ImageTooSmall) << "too small";
}

void TestPipeline::badImagesGiveClearErrors()
{
    QFETCH(QString, file);
    QFETCH(int, kind);
    QFETCH(QString, messagePart);
    QTemporaryDir dir;
    { std::ofstream(dir.filePath("empty.png").toStdString()); }
    { std::ofstream(dir.filePath("corrupt.jpg").toStdString()) << "\xff\xd8\xff\xe0 this is not really a jpeg"; }
    QVERIFY(QDir(dir.path()).mkdir("folder"));
    QVERIFY(cv::imwrite(dir.filePath("tiny.png").toStdString(), cv::Mat(1, 1, CV_8UC3, cv::Scalar(1, 2, 3))));
    Fixture f;
    try {
        f.pipeline.run(ImageInput::fromFile(dir.filePath(file).toStdString()), SegmentationParams{});
        QFAIL("no error");
    } catch (const PipelineError &e) {
        QCOMPARE(int(e.kind()), kind);
        QVERIFY2(QString::fromStdString(e.what()).contains(messagePart), e.what());
    }
    QCOMPARE(f.backend->counts.dinoEncodes, 0);
    // The pipeline stays usable.
    QCOMPARE(f.pipeline.run(ImageInput::fromMat(f.scene), SegmentationParams{}).objects.size(), size_t(3));
}

void TestPipeline::invalidParameters()
{
    Fixture f;
    SegmentationParams p;
    p.attentionThreshold = 1.5f;
    QVERIFY_THROWS_EXCEPTION(PipelineError, f.pipeline.run(ImageInput::fromMat(f.scene), p));
    p = {};
    p.dinoModel = "resnet50";
    try {
        f.pipeline.run(ImageInput::fromMat(f.scene), p);
        QFAIL("no error");
    } catch (const PipelineError &e) {
        QCOMPARE(e.kind(), PipelineError::Kind::ModelMissing);
    }
    p = {};
    p.numObjects = 0; // no regions: SAM2 is not needed at all
    const auto r = f.pipeline.run(ImageInput::fromMat(f.scene), p);
    QVERIFY(r.objects.empty());
    QCOMPARE(f.backend->counts.samEncodes, 0);
}

void TestPipeline::cacheBudgetEvictsOtherImagesOnly()
{
    auto backend = std::make_shared<FakeBackend>();
    PipelineConfig config;
    config.cacheBytes = 1; // everything but the current image is evicted at once
    Pipeline pipeline(config, backend);
    const cv::Mat a = test::syntheticScene();
    cv::Mat b;
    cv::flip(a, b, 0);
    pipeline.run(ImageInput::fromMat(a), SegmentationParams{});
    SegmentationParams p;
    p.minArea = 5000;
    pipeline.run(ImageInput::fromMat(a), p); // current image: still cached
    QCOMPARE(backend->counts.dinoEncodes, 1);
    pipeline.run(ImageInput::fromMat(b), p); // evicts a
    pipeline.run(ImageInput::fromMat(a), p);
    QCOMPARE(backend->counts.dinoEncodes, 3);
    QVERIFY(pipeline.cacheStats().bytes > 0);

    pipeline.setCacheBudget(size_t(1) << 30);
    pipeline.run(ImageInput::fromMat(b), p);
    pipeline.run(ImageInput::fromMat(a), p);
    QCOMPARE(backend->counts.dinoEncodes, 4); // b re-encoded once, then both stay
    pipeline.clearCache();
    QCOMPARE(pipeline.cacheStats().entries, size_t(0));
}

void TestPipeline::cudaWithoutCudaIsRefused()
{
    // The real backend: the device is checked when the pipeline is made, before any model loads.
    PipelineConfig config;
    config.device = ComputeDevice::Cuda;
    if (torch::cuda::is_available()) {
        Pipeline accepted(config);
        QSKIP("this machine has CUDA: checked only that the pipeline accepts it, not the refusal");
    }
    try {
        Pipeline pipeline(config);
        QFAIL("a pipeline on a missing CUDA device was made");
    } catch (const PipelineError &e) {
        QCOMPARE(e.kind(), PipelineError::Kind::InvalidArgument);
        QVERIFY2(QString::fromStdString(e.what())
                     .contains(QStringLiteral("CUDA requested but this LibTorch build has no CUDA support or no CUDA "
                                              "device is visible")),
                 e.what());
    }
    config.device = ComputeDevice::Cpu;
    Pipeline onCpu(config); // the default device is always there
    QCOMPARE(onCpu.config().device, ComputeDevice::Cpu);
}

QTEST_GUILESS_MAIN(TestPipeline)
#include "tst_pipeline.moc"
