// Parity of the native SAM2 image predictor with Meta's Python code on the shared
// fixtures (random weights), driven by ../shared/fixtures/manifest.json ("sam2"
// entries: file, checkpoint, model, image, prompts and the tensors each file holds):
// a new fixture, image or prompt is a manifest entry, not a code change. Each
// fixture's encoder runs once (on first use); every other test decodes from its features.
#include "fixturemanifest.h"
#include "fixtures.h"

#include "io/checkpointreader.h"
#include "models/sam2/sam2model.h"

#include <QtTest>
#include <torch/torch.h>

#include <functional>
#include <limits>
#include <map>
#include <memory>

using namespace dinosam;
using namespace dinosam::sam2;
using dinosam::test::SamFixtureEntry;

namespace {

/// Max |a - b| in float32; +inf when the shapes differ (a wrong shape never passes a tolerance).
double maxAbsDiff(const at::Tensor &a, const at::Tensor &b)
{
    if (!a.defined() || !b.defined() || a.sizes() != b.sizes())
        return std::numeric_limits<double>::infinity();
    if (a.numel() == 0)
        return 0.0;
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

/// A manifest prompt as SAM2ImagePredictor.predict() got it: one prompt per box (a batch of
/// boxes is N objects); points join a single prompt.
PromptBatch toBatch(const test::SamPromptEntry &p)
{
    std::vector<PointPrompt> points;
    for (size_t i = 0; i < p.points.size(); ++i)
        points.push_back({p.points[i][0], p.points[i][1], p.labels[i]});
    PromptBatch batch;
    if (p.boxes.empty()) {
        Prompt prompt;
        prompt.points = points;
        batch.prompts.push_back(prompt);
    }
    for (const auto &b : p.boxes) {
        Prompt prompt = Prompt::fromBox(b[0], b[1], b[2], b[3]);
        prompt.points = points;
        batch.prompts.push_back(prompt);
    }
    return batch;
}

/// One fixture file with its model and the encoder's output, made once.
struct FixtureState
{
    TensorMap tensors;
    std::unique_ptr<Sam2Model> model;
    ImageFeatures features;
    int64_t imageH = 0, imageW = 0;

    at::Tensor tensor(const std::string &name) const
    {
        const auto it = tensors.find(name);
        return it == tensors.end() ? at::Tensor() : it->second;
    }
};

const SamFixtureEntry &entry(int index)
{
    return test::fixtureManifest().sam2.at(size_t(index));
}

QString rowName(int fixture, int prompt)
{
    return QStringLiteral("%1 p%2").arg(entry(fixture).file).arg(prompt);
}

/// Rows (fixture, prompt) of every manifest prompt that `keep` accepts; fails when none does.
void addPromptRows(const std::function<bool(const test::SamPromptEntry &)> &keep)
{
    DINOSAM_REQUIRE_MANIFEST();
    QTest::addColumn<int>("fixture");
    QTest::addColumn<int>("prompt");
    int rows = 0;
    const auto &entries = test::fixtureManifest().sam2;
    for (size_t f = 0; f < entries.size(); ++f)
        for (size_t i = 0; i < entries[f].prompts.size(); ++i)
            if (keep(entries[f].prompts[i])) {
                QTest::newRow(qPrintable(rowName(int(f), int(i)))) << int(f) << int(i);
                ++rows;
            }
    QVERIFY2(rows > 0, "the manifest has no prompt for this test");
}

bool singleObjectSingleMask(const test::SamPromptEntry &p)
{
    return p.objects() == 1 && !p.multimask;
}

/// Token 0's stability as Meta's _get_stability_scores: count(logits > delta) / count(logits > -delta).
double stability(const at::Tensor &logits, double delta)
{
    const auto flat = logits.flatten();
    return (flat > delta).sum().item<double>() / std::max(1.0, (flat > -delta).sum().item<double>());
}

} // namespace

class TestSam2Parity : public QObject
{
    Q_OBJECT

private:
    std::map<int, FixtureState> m_states;

    /// The fixture's tensors, model and encoder output (encoded on first use).
    FixtureState &state(int index)
    {
        auto it = m_states.find(index);
        if (it != m_states.end())
            return it->second;
        const auto &e = entry(index);
        FixtureState s;
        CheckpointReadOptions options;
        options.floatingToFloat32 = true;
        s.tensors = readCheckpoint(test::fixturePath(e.file).toStdString(), options);
        s.model = std::make_unique<Sam2Model>(
            Sam2Model::load(test::fixturePath(e.checkpoint).toStdString(), e.model.toStdString()));
        const auto image = s.tensor("image");
        if (!image.defined() || image.dim() != 3)
            throw std::runtime_error(e.file.toStdString() + " holds no [H, W, 3] image");
        s.imageH = image.size(0);
        s.imageW = image.size(1);
        // The expensive part, once: encode the fixture's own input so that the
        // encoder's and the decoder's errors are measured separately.
        s.features = s.model->encodeInput(s.tensor("input"), s.imageH, s.imageW);
        return m_states.emplace(index, std::move(s)).first->second;
    }

    void fixtureRows()
    {
        DINOSAM_REQUIRE_MANIFEST();
        QTest::addColumn<int>("fixture");
        const auto &entries = test::fixtureManifest().sam2;
        for (size_t f = 0; f < entries.size(); ++f)
            QTest::newRow(qPrintable(entries[f].file)) << int(f);
    }

private Q_SLOTS:
    void initTestCase()
    {
        DINOSAM_REQUIRE_FIXTURE("manifest.json");
        DINOSAM_REQUIRE_MANIFEST();
        torch::set_num_threads(2);
        for (const auto &e : test::fixtureManifest().sam2) {
            QVERIFY2(QFileInfo::exists(test::fixturePath(e.file)), qPrintable(e.file));
            QVERIFY2(QFileInfo::exists(test::fixturePath(e.checkpoint)), qPrintable(e.checkpoint));
        }
    }

    void manifestMatchesFiles_data() { fixtureRows(); }

    void manifestMatchesFiles()
    {
        // The manifest lists every tensor of the file with its shape, and an output set per prompt.
        QFETCH(int, fixture);
        const auto &e = entry(fixture);
        const auto &s = state(fixture);
        QCOMPARE(s.model->config().id, e.model.toStdString());
        for (const auto &[name, shape] : e.tensors) {
            QVERIFY2(s.tensors.count(name.toStdString()), qPrintable(name));
            QCOMPARE(s.tensors.at(name.toStdString()).sizes().vec(), shape);
        }
        QCOMPARE(s.tensors.size(), e.tensors.size());
        for (size_t i = 0; i < e.prompts.size(); ++i)
            for (const char *what : {"low_res_logits", "iou", "masks"})
                QVERIFY2(e.tensors.count(QStringLiteral("p%1_%2").arg(i).arg(QLatin1String(what))),
                         qPrintable(QStringLiteral("p%1_%2").arg(i).arg(QLatin1String(what))));
    }

    void preprocessMatchesFixture_data() { fixtureRows(); }

    void preprocessMatchesFixture()
    {
        QFETCH(int, fixture);
        const auto &s = state(fixture);
        const auto input = Sam2Model::preprocess(s.tensor("image"));
        QCOMPARE(input.sizes().vec(), s.tensor("input").sizes().vec());
        const double err = maxAbsDiff(input, s.tensor("input"));
        qInfo("input: max abs error %.3g", err);
        QVERIFY2(err <= 1e-4, qPrintable(QString::number(err)));
    }

    void encoderMatchesFixture_data()
    {
        DINOSAM_REQUIRE_MANIFEST();
        QTest::addColumn<int>("fixture");
        QTest::addColumn<QString>("name");
        const auto &entries = test::fixtureManifest().sam2;
        for (size_t f = 0; f < entries.size(); ++f) {
            QVERIFY2(entries[f].tensors.count(QStringLiteral("image_embed")), qPrintable(entries[f].file));
            for (const char *name : {"image_embed", "high_res_feat0", "high_res_feat1"})
                if (entries[f].tensors.count(QLatin1String(name)))
                    QTest::newRow(qPrintable(entries[f].file + QLatin1Char(' ') + QLatin1String(name)))
                        << int(f) << QString::fromLatin1(name);
        }
    }

    void encoderMatchesFixture()
    {
        QFETCH(int, fixture);
        QFETCH(QString, name);
        const auto &s = state(fixture);
        const auto expected = s.tensor(name.toStdString());
        const auto got = name == "image_embed" ? s.features.imageEmbed
                                               : s.features.highResFeats[name == "high_res_feat0" ? 0 : 1];
        QCOMPARE(got.sizes().vec(), expected.sizes().vec());
        const double err = maxAbsDiff(got, expected);
        qInfo("%s: max abs error %.3g (max |value| %.3g)", qPrintable(name), err,
              expected.abs().max().item<double>());
        QVERIFY2(err <= 1e-3, qPrintable(QString::number(err)));
    }

    void promptsMatchFixture_data()
    {
        addPromptRows([](const test::SamPromptEntry &) { return true; });
    }

    void promptsMatchFixture()
    {
        QFETCH(int, fixture);
        QFETCH(int, prompt);
        const auto &s = state(fixture);
        const auto &fp = entry(fixture).prompts[size_t(prompt)];
        const std::string p = "p" + std::to_string(prompt) + "_";
        const auto batch = toBatch(fp);
        const auto pred = s.model->predict(s.features, batch, fp.multimask);
        const int64_t n = int64_t(batch.size());
        QCOMPARE(n, fp.objects());
        const int64_t m = fp.multimask ? 3 : 1;
        QCOMPARE(pred.lowResLogits.sizes().vec(), (std::vector<int64_t>{n, m, 256, 256}));
        QCOMPARE(pred.masks.sizes().vec(), (std::vector<int64_t>{n, m, s.imageH, s.imageW}));

        QCOMPARE(s.tensor(p + "low_res_logits").numel(), n * m * 256 * 256);
        QCOMPARE(s.tensor(p + "iou").numel(), n * m);
        QCOMPARE(s.tensor(p + "masks").numel(), n * m * s.imageH * s.imageW);
        const auto expLogits = s.tensor(p + "low_res_logits").reshape({n, m, 256, 256});
        const auto expIou = s.tensor(p + "iou").reshape({n, m});
        const auto expMasks = s.tensor(p + "masks").reshape({n, m, s.imageH, s.imageW});
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

    void mixedBatchKeepsOrder_data() { fixtureRows(); }

    void mixedBatchKeepsOrder()
    {
        // Every single-object, single-mask prompt of the fixture (boxes, points, both) in one
        // call, then the first one again: grouped internally, returned in the caller's
        // order, each equal to its fixture output.
        QFETCH(int, fixture);
        const auto &e = entry(fixture);
        const auto &s = state(fixture);
        PromptBatch batch;
        std::vector<int> which;
        for (size_t i = 0; i < e.prompts.size(); ++i) {
            if (singleObjectSingleMask(e.prompts[i])) {
                batch.prompts.push_back(toBatch(e.prompts[i]).prompts[0]);
                which.push_back(int(i));
            }
        }
        QVERIFY2(which.size() >= 2, "fewer than two single-object prompts: nothing to mix");
        batch.prompts.push_back(batch.prompts.front());
        which.push_back(which.front());
        const auto pred = s.model->predict(s.features, batch, false);
        QCOMPARE(pred.lowResLogits.size(0), int64_t(which.size()));
        for (size_t k = 0; k < which.size(); ++k) {
            const auto expected = s.tensor("p" + std::to_string(which[k]) + "_low_res_logits").reshape({1, 256, 256});
            const double err = maxAbsDiff(pred.lowResLogits[int64_t(k)], expected);
            QVERIFY2(err <= 1e-2, qPrintable(QStringLiteral("position %1 (p%2): %3").arg(k).arg(which[k]).arg(err)));
        }
    }

    void dynamicMultimask_data() { addPromptRows(singleObjectSingleMask); }

    void dynamicMultimask()
    {
        // build_sam2(apply_postprocessing=True)'s dynamic mode: an unstable single mask
        // (token 0) is replaced by the multimask output with the highest predicted IoU;
        // a stable one is kept. The fixture's single-mask logits say which case this is.
        QFETCH(int, fixture);
        QFETCH(int, prompt);
        const auto &s = state(fixture);
        const auto &config = s.model->config();
        const auto batch = toBatch(entry(fixture).prompts[size_t(prompt)]);
        const double stab = stability(s.tensor("p" + std::to_string(prompt) + "_low_res_logits"),
                                      config.dynamicMultimaskStabilityDelta);
        PredictOptions dynamic;
        dynamic.dynamicMultimaskViaStability = true;
        const auto dyn = s.model->predict(s.features, batch, dynamic);
        qInfo("p%d: token 0 stability %.3f (threshold %.2f)", prompt, stab, config.dynamicMultimaskStabilityThresh);
        if (stab < config.dynamicMultimaskStabilityThresh) {
            const auto multi = s.model->predict(s.features, batch, true);
            const auto best = multi.iouPredictions[0].argmax().item<int64_t>();
            QCOMPARE(dyn.iouPredictions[0][0].item<float>(), multi.iouPredictions[0][best].item<float>());
            QVERIFY(torch::equal(dyn.lowResLogits[0][0], multi.lowResLogits[0][best]));
            QVERIFY(torch::equal(dyn.masks[0][0], multi.masks[0][best]));
        } else {
            const auto single = s.model->predict(s.features, batch, false);
            QCOMPARE(dyn.iouPredictions[0][0].item<float>(), single.iouPredictions[0][0].item<float>());
            QVERIFY(torch::equal(dyn.lowResLogits[0][0], single.lowResLogits[0][0]));
            QVERIFY(torch::equal(dyn.masks[0][0], single.masks[0][0]));
        }
    }

    void dynamicFallbackIsExercised()
    {
        // At least one fixture prompt has an unstable single mask, so dynamicMultimask
        // proves the fallback branch, not only the trivial one.
        DINOSAM_REQUIRE_MANIFEST();
        int unstable = 0;
        const auto &entries = test::fixtureManifest().sam2;
        for (size_t f = 0; f < entries.size(); ++f) {
            const auto &s = state(int(f));
            for (size_t i = 0; i < entries[f].prompts.size(); ++i)
                if (singleObjectSingleMask(entries[f].prompts[i]) &&
                    stability(s.tensor("p" + std::to_string(i) + "_low_res_logits"),
                              s.model->config().dynamicMultimaskStabilityDelta) <
                        s.model->config().dynamicMultimaskStabilityThresh)
                    ++unstable;
        }
        QVERIFY2(unstable >= 1, "no fixture prompt has an unstable single mask: the fallback is untested");
    }

    void maskInputPrompt_data()
    {
        addPromptRows([](const test::SamPromptEntry &p) { return p.objects() == 1 && p.multimask; });
    }

    void maskInputPrompt()
    {
        // A previous low-res result fed back as mask input, with the same prompt.
        QFETCH(int, fixture);
        QFETCH(int, prompt);
        const auto &s = state(fixture);
        const auto batch0 = toBatch(entry(fixture).prompts[size_t(prompt)]);
        const auto first = s.model->predict(s.features, batch0, true);
        const auto best = first.iouPredictions[0].argmax().item<int64_t>();
        Prompt p = batch0.prompts[0];
        p.maskInput = first.lowResLogits[0][best].unsqueeze(0);
        PromptBatch batch;
        batch.prompts = {p};
        PredictOptions options;
        options.computeMasks = false;
        const auto pred = s.model->predict(s.features, batch, options);
        QVERIFY(!pred.masks.defined());
        QCOMPARE(pred.lowResLogits.sizes().vec(), (std::vector<int64_t>{1, 1, 256, 256}));
        QVERIFY(torch::isfinite(pred.lowResLogits).all().item<bool>());
        QVERIFY(torch::isfinite(pred.iouPredictions).all().item<bool>());
        // The mask input is used: the result differs from the same prompt without it.
        const auto without = s.model->predict(s.features, batch0, options);
        QVERIFY(maxAbsDiff(pred.lowResLogits, without.lowResLogits) > 1e-3);
    }

    void emptyBatchAndErrors()
    {
        DINOSAM_REQUIRE_MANIFEST();
        const auto &s = state(0);
        const auto pred = s.model->predict(s.features, PromptBatch{}, false);
        QCOMPARE(pred.iouPredictions.size(0), int64_t(0));

        PromptBatch empty;
        empty.prompts.push_back(Prompt{});
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, s.model->predict(s.features, empty, false));

        auto foreign = s.features;
        foreign.modelId = "sam2_hiera_large";
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 s.model->predict(foreign, PromptBatch::fromBoxes({{0, 0, 10, 10}}), false));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, s.model->encode(torch::zeros({10, 10, 4}, torch::kByte)));
    }
};

QTEST_GUILESS_MAIN(TestSam2Parity)
#include "tst_sam2parity.moc"
