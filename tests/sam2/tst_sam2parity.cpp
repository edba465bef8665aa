// Parity of the native SAM2.1 image predictor with Meta's Python code on the
// shared fixture (sam2.1_hiera_tiny_truck.pt, random weights). The encoder runs
// once, in initTestCase(); every other test decodes from its features.
#include "fixtures.h"

#include "io/checkpointreader.h"
#include "models/sam2/sam2model.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>
#include <torch/torch.h>

#include <optional>

using namespace dinosam;
using namespace dinosam::sam2;

namespace {

constexpr char kFixture[] = "sam2.1_hiera_tiny_truck.pt";
constexpr char kCheckpoint[] = "models/sam2.1_hiera_tiny_random.pt";
constexpr char kModelId[] = "sam2.1_hiera_tiny";

double maxAbsDiff(const at::Tensor &a, const at::Tensor &b)
{
    return (a.to(torch::kFloat32) - b.to(torch::kFloat32)).abs().max().item<double>();
}

/// IoU of two binary masks (1 when both are empty).
double maskIou(const at::Tensor &a, const at::Tensor &b)
{
    const auto ab = a.to(torch::kBool), bb = b.to(torch::kBool);
    const double inter = (ab & bb).sum().item<double>();
    const double uni = (ab | bb).sum().item<double>();
    return uni == 0 ? 1.0 : inter / uni;
}

std::array<float, 4> boxFrom(const QJsonArray &a)
{
    return {float(a[0].toDouble()), float(a[1].toDouble()), float(a[2].toDouble()), float(a[3].toDouble())};
}

/// The prompts of manifest.json's SAM2 entry, as SAM2ImagePredictor.predict() got them.
struct FixturePrompt
{
    PromptBatch batch;
    bool multimask = false;
};

std::vector<FixturePrompt> manifestPrompts()
{
    QFile file(test::fixturePath(QStringLiteral("manifest.json")));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const auto sam2 = QJsonDocument::fromJson(file.readAll()).object().value("sam2").toArray();
    std::vector<FixturePrompt> result;
    for (const auto &entry : sam2) {
        if (entry.toObject().value("file").toString() != QLatin1String(kFixture))
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
            std::vector<PointPrompt> points;
            const auto coords = p.value("point_coords").toArray();
            const auto labels = p.value("point_labels").toArray();
            for (qsizetype i = 0; i < coords.size(); ++i) {
                const auto c = coords[i].toArray();
                points.push_back({float(c[0].toDouble()), float(c[1].toDouble()), labels[i].toInt()});
            }
            // One prompt per box (a batch of boxes is N objects); points join a single prompt.
            if (boxes.empty()) {
                Prompt prompt;
                prompt.points = points;
                fp.batch.prompts.push_back(prompt);
            }
            for (const auto &b : boxes) {
                Prompt prompt = Prompt::fromBox(b[0], b[1], b[2], b[3]);
                prompt.points = points;
                fp.batch.prompts.push_back(prompt);
            }
            result.push_back(fp);
        }
    }
    return result;
}

} // namespace

class TestSam2Parity : public QObject
{
    Q_OBJECT

private:
    TensorMap m_fixture;
    std::optional<Sam2Model> m_model;
    ImageFeatures m_features;
    std::vector<FixturePrompt> m_prompts;

    at::Tensor fixture(const std::string &name) const
    {
        const auto it = m_fixture.find(name);
        return it == m_fixture.end() ? at::Tensor() : it->second;
    }

private Q_SLOTS:
    void initTestCase()
    {
        DINOSAM_REQUIRE_FIXTURE("sam2.1_hiera_tiny_truck.pt");
        DINOSAM_REQUIRE_FIXTURE("models/sam2.1_hiera_tiny_random.pt");
        DINOSAM_REQUIRE_FIXTURE("manifest.json");
        torch::set_num_threads(2);
        CheckpointReadOptions options;
        options.floatingToFloat32 = true;
        m_fixture = readCheckpoint(test::fixtureFile(kFixture), options);
        m_model = Sam2Model::load(test::fixtureFile(kCheckpoint), kModelId);
        QCOMPARE(m_model->config().id, std::string(kModelId));
        const auto image = fixture("image");
        QVERIFY(image.defined());
        // The expensive part, once: encode the fixture's own input so that the
        // encoder's and the decoder's errors are measured separately.
        m_features = m_model->encodeInput(fixture("input"), image.size(0), image.size(1));
        m_prompts = manifestPrompts();
        QCOMPARE(m_prompts.size(), size_t(5));
    }

    void preprocessMatchesFixture()
    {
        const auto input = Sam2Model::preprocess(fixture("image"));
        QCOMPARE(input.sizes().vec(), fixture("input").sizes().vec());
        const double err = maxAbsDiff(input, fixture("input"));
        qInfo("input: max abs error %.3g", err);
        QVERIFY2(err <= 1e-4, qPrintable(QString::number(err)));
    }

    void encoderMatchesFixture_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("image_embed") << "image_embed";
        QTest::newRow("high_res_feat0") << "high_res_feat0";
        QTest::newRow("high_res_feat1") << "high_res_feat1";
    }

    void encoderMatchesFixture()
    {
        QFETCH(QString, name);
        const auto expected = fixture(name.toStdString());
        const auto got = name == "image_embed" ? m_features.imageEmbed
                                               : m_features.highResFeats[name == "high_res_feat0" ? 0 : 1];
        QCOMPARE(got.sizes().vec(), expected.sizes().vec());
        const double err = maxAbsDiff(got, expected);
        qInfo("%s: max abs error %.3g (max |value| %.3g)", qPrintable(name), err,
              expected.abs().max().item<double>());
        QVERIFY2(err <= 1e-3, qPrintable(QString::number(err)));
    }

    void promptsMatchFixture_data()
    {
        QTest::addColumn<int>("index");
        for (int i = 0; i < 5; ++i)
            QTest::newRow(qPrintable(QStringLiteral("p%1").arg(i))) << i;
    }

    void promptsMatchFixture()
    {
        QFETCH(int, index);
        const auto &fp = m_prompts[size_t(index)];
        const std::string p = "p" + std::to_string(index) + "_";
        const auto pred = m_model->predict(m_features, fp.batch, fp.multimask);
        const int64_t n = int64_t(fp.batch.size());
        const int64_t m = fp.multimask ? 3 : 1;
        QCOMPARE(pred.lowResLogits.sizes().vec(), (std::vector<int64_t>{n, m, 256, 256}));
        QCOMPARE(pred.masks.sizes().vec(), (std::vector<int64_t>{n, m, 1200, 1800}));

        const auto expLogits = fixture(p + "low_res_logits").reshape({n, m, 256, 256});
        const auto expIou = fixture(p + "iou").reshape({n, m});
        const auto expMasks = fixture(p + "masks").reshape({n, m, 1200, 1800});
        const double logitErr = maxAbsDiff(pred.lowResLogits, expLogits);
        const double iouErr = maxAbsDiff(pred.iouPredictions, expIou);
        double minMaskIou = 1.0;
        for (int64_t i = 0; i < n; ++i)
            for (int64_t j = 0; j < m; ++j)
                minMaskIou = std::min(minMaskIou, maskIou(pred.masks[i][j], expMasks[i][j]));
        qInfo("%slow_res_logits max abs error %.3g, iou max abs error %.3g, min mask IoU %.6f", p.c_str(), logitErr,
              iouErr, minMaskIou);
        QVERIFY2(logitErr <= 1e-2, qPrintable(QString::number(logitErr)));
        QVERIFY2(iouErr <= 1e-3, qPrintable(QString::number(iouErr)));
        QVERIFY2(minMaskIou >= 0.999, qPrintable(QString::number(minMaskIou)));
    }

    void mixedBatchKeepsOrder()
    {
        // p0's box and p2's points in one call, in that order, plus p0 again:
        // grouped internally, returned in the caller's order, equal to p0/p2 alone.
        PromptBatch batch;
        batch.prompts = {m_prompts[0].batch.prompts[0], m_prompts[2].batch.prompts[0], m_prompts[0].batch.prompts[0]};
        const auto pred = m_model->predict(m_features, batch, false);
        QCOMPARE(pred.lowResLogits.size(0), int64_t(3));
        const auto p0 = fixture("p0_low_res_logits").reshape({1, 256, 256});
        const auto p2 = fixture("p2_low_res_logits").reshape({1, 256, 256});
        QVERIFY(maxAbsDiff(pred.lowResLogits[0], p0) <= 1e-2);
        QVERIFY(maxAbsDiff(pred.lowResLogits[1], p2) <= 1e-2);
        QVERIFY(maxAbsDiff(pred.lowResLogits[2], p0) <= 1e-2);
    }

    void dynamicMultimaskFallsBack()
    {
        // p0's single mask (token 0) is unstable under the random weights, so the
        // dynamic mode of build_sam2(apply_postprocessing=True) must return the
        // multimask output with the highest predicted IoU instead.
        const auto single = fixture("p0_low_res_logits").flatten();
        const double stability = (single > 0.05).sum().item<double>() / (single > -0.05).sum().item<double>();
        QVERIFY2(stability < 0.98, qPrintable(QString::number(stability)));
        PredictOptions dynamic;
        dynamic.dynamicMultimaskViaStability = true;
        const auto dyn = m_model->predict(m_features, m_prompts[0].batch, dynamic);
        const auto multi = m_model->predict(m_features, m_prompts[0].batch, true);
        const auto best = multi.iouPredictions[0].argmax().item<int64_t>();
        QCOMPARE(dyn.iouPredictions[0][0].item<float>(), multi.iouPredictions[0][best].item<float>());
        QVERIFY(torch::equal(dyn.lowResLogits[0][0], multi.lowResLogits[0][best]));
        QVERIFY(torch::equal(dyn.masks[0][0], multi.masks[0][best]));
    }

    void maskInputPrompt()
    {
        // A previous low-res result fed back as mask input, with p1's point.
        const auto first = m_model->predict(m_features, m_prompts[1].batch, true);
        const auto best = first.iouPredictions[0].argmax().item<int64_t>();
        Prompt prompt = m_prompts[1].batch.prompts[0];
        prompt.maskInput = first.lowResLogits[0][best].unsqueeze(0);
        PromptBatch batch;
        batch.prompts = {prompt};
        PredictOptions options;
        options.computeMasks = false;
        const auto pred = m_model->predict(m_features, batch, options);
        QVERIFY(!pred.masks.defined());
        QCOMPARE(pred.lowResLogits.sizes().vec(), (std::vector<int64_t>{1, 1, 256, 256}));
        QVERIFY(torch::isfinite(pred.lowResLogits).all().item<bool>());
        QVERIFY(torch::isfinite(pred.iouPredictions).all().item<bool>());
    }

    void emptyBatchAndErrors()
    {
        const auto pred = m_model->predict(m_features, PromptBatch{}, false);
        QCOMPARE(pred.iouPredictions.size(0), int64_t(0));

        PromptBatch empty;
        empty.prompts.push_back(Prompt{});
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, m_model->predict(m_features, empty, false));

        auto foreign = m_features;
        foreign.modelId = "sam2_hiera_large";
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 m_model->predict(foreign, PromptBatch::fromBoxes({{0, 0, 10, 10}}), false));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, m_model->encode(torch::zeros({10, 10, 4}, torch::kByte)));
    }
};

QTEST_GUILESS_MAIN(TestSam2Parity)
#include "tst_sam2parity.moc"
