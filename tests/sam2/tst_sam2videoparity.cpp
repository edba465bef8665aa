// Parity of the native SAM2.1 video predictor with Meta's SAM2VideoPredictor on
// the shared fixture (sam2.1_hiera_tiny_bedroom_video.pt, random weights, 6 frames,
// two objects, a correction on frame 3). The slots share one inference state and
// run in the order the fixture's scenario was made: prompts on frame 0, pass 1,
// the correction, pass 2 under Meta's default; then the add_all_frames_to_correct_as_cond
// variant on a copy of the state taken after pass 1.
//
// Tolerances (README of the fixtures): low-res logits, video-res logits, object
// scores and pointers <= 1e-4; memory-conditioned features and memories <= 1e-3.
#include "fixtures.h"

#include "io/checkpointerror.h"
#include "io/checkpointreader.h"
#include "models/sam2/sam2videopredictor.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>
#include <torch/torch.h>

#include <optional>

using namespace dinosam;
using namespace dinosam::sam2;

namespace {

constexpr char kFixture[] = "sam2.1_hiera_tiny_bedroom_video.pt";
constexpr char kCheckpoint[] = "models/sam2.1_hiera_tiny_random.pt";
constexpr char kModelId[] = "sam2.1_hiera_tiny";
constexpr double kLogitTol = 1e-4;
constexpr double kFeatureTol = 1e-3;

double maxAbsDiff(const at::Tensor &a, const at::Tensor &b)
{
    return (a.to(torch::kFloat32) - b.to(torch::kFloat32)).abs().max().item<double>();
}

double maskIou(const at::Tensor &a, const at::Tensor &b)
{
    const auto ab = a.to(torch::kBool), bb = b.to(torch::kBool);
    const double inter = (ab & bb).sum().item<double>();
    const double uni = (ab | bb).sum().item<double>();
    return uni == 0 ? 1.0 : inter / uni;
}

QJsonObject videoManifest()
{
    QFile file(test::fixturePath(QStringLiteral("manifest.json")));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    for (const auto &e : QJsonDocument::fromJson(file.readAll()).object().value("sam2_video").toArray())
        if (e.toObject().value("file").toString() == QLatin1String(kFixture))
            return e.toObject();
    return {};
}

/// The memory_log entry of (phase, obj_idx, frame_idx), or an empty object.
QJsonObject memoryLogEntry(const QJsonArray &log, const QString &phase, int objIdx, int frameIdx)
{
    for (const auto &v : log) {
        const auto o = v.toObject();
        if (o.value("phase").toString() == phase && o.value("obj_idx").toInt() == objIdx &&
            o.value("frame_idx").toInt() == frameIdx)
            return o;
    }
    return {};
}

/// Compares a selection with a memory_log entry; returns an empty string when equal.
QString compareSelection(const MemorySelection &sel, const QJsonObject &entry)
{
    if (entry.isEmpty())
        return QStringLiteral("no memory_log entry");
    const auto spatial = entry.value("spatial_memories").toArray();
    const auto ptrs = entry.value("object_pointers").toArray();
    if (qsizetype(sel.spatial.size()) != spatial.size())
        return QStringLiteral("%1 spatial memories, expected %2").arg(sel.spatial.size()).arg(spatial.size());
    for (qsizetype i = 0; i < spatial.size(); ++i) {
        const auto s = spatial[i].toObject();
        const auto &m = sel.spatial[size_t(i)];
        if (m.frame != s.value("frame").toInt() || m.tPos != s.value("t_pos").toInt() ||
            m.tposEncIndex(7) != s.value("maskmem_tpos_enc_index").toInt())
            return QStringLiteral("spatial memory %1: frame %2 t_pos %3").arg(i).arg(m.frame).arg(m.tPos);
    }
    if (qsizetype(sel.pointers.size()) != ptrs.size())
        return QStringLiteral("%1 pointers, expected %2").arg(sel.pointers.size()).arg(ptrs.size());
    for (qsizetype i = 0; i < ptrs.size(); ++i) {
        const auto p = ptrs[i].toObject();
        const auto &q = sel.pointers[size_t(i)];
        if (q.frame != p.value("frame").toInt() || q.pos != p.value("pos").toInt())
            return QStringLiteral("pointer %1: frame %2 pos %3").arg(i).arg(q.frame).arg(q.pos);
    }
    if (sel.tDiffMax != entry.value("t_diff_max").toInt())
        return QStringLiteral("t_diff_max %1").arg(sel.tDiffMax);
    const int tokens = int(sel.spatial.size()) * 4096 + int(sel.pointers.size()) * 4;
    if (tokens != entry.value("memory_tokens").toInt())
        return QStringLiteral("memory tokens %1").arg(tokens);
    return {};
}

} // namespace

class TestSam2VideoParity : public QObject
{
    Q_OBJECT

private:
    TensorMap m_fixture;
    QJsonObject m_manifest;
    std::optional<Sam2VideoPredictor> m_predictor;
    std::shared_ptr<TensorFrameSource> m_source;
    std::optional<Sam2VideoState> m_state;
    std::optional<Sam2VideoState> m_afterPass1; // for the variant
    double m_maxErr[4] = {0, 0, 0, 0};          // logits, scores, pointers, video-res logits

    at::Tensor fixture(const std::string &name) const
    {
        const auto it = m_fixture.find(name);
        if (it == m_fixture.end())
            qFatal("fixture tensor %s missing", name.c_str());
        return it->second;
    }

    /// Compares one object's result with the fixture tensors under `prefix` ("obj1_f3").
    void compareResult(const VideoObjectResult &r, const std::string &prefix, const char *what)
    {
        const double logitErr = maxAbsDiff(r.lowResLogits, fixture(prefix + "_low_res_logits"));
        const double scoreErr = maxAbsDiff(r.objectScoreLogits, fixture(prefix + "_obj_score"));
        const double ptrErr = maxAbsDiff(r.objPtr, fixture(prefix + "_obj_ptr"));
        m_maxErr[0] = std::max(m_maxErr[0], logitErr);
        m_maxErr[1] = std::max(m_maxErr[1], scoreErr);
        m_maxErr[2] = std::max(m_maxErr[2], ptrErr);
        qInfo("%s %s: low-res logits %.3g, score %.3g, pointer %.3g", what, prefix.c_str(), logitErr, scoreErr,
              ptrErr);
        QVERIFY2(logitErr <= kLogitTol, qPrintable(QString::fromStdString(prefix) + " logits " +
                                                    QString::number(logitErr)));
        QVERIFY2(scoreErr <= kLogitTol, qPrintable(QString::fromStdString(prefix) + " score " +
                                                    QString::number(scoreErr)));
        QVERIFY2(ptrErr <= kLogitTol, qPrintable(QString::fromStdString(prefix) + " pointer " +
                                                  QString::number(ptrErr)));
    }

    void compareVideoRes(const VideoObjectResult &r, const std::string &prefix)
    {
        const auto got = Sam2VideoPredictor::videoResLogits(*m_state, r.lowResLogits);
        const auto expected = fixture(prefix + "_video_res_logits");
        QCOMPARE(got.sizes().vec(), expected.sizes().vec());
        const double err = maxAbsDiff(got, expected);
        const double iou = maskIou(got > 0, expected > 0);
        m_maxErr[3] = std::max(m_maxErr[3], err);
        qInfo("%s video-res logits %.3g, mask IoU %.6f", prefix.c_str(), err, iou);
        QVERIFY2(err <= kLogitTol, qPrintable(QString::number(err)));
        QVERIFY2(iou >= 0.999, qPrintable(QString::number(iou)));
    }

    /// Runs a propagation, checking the memory selection of every tracked frame against
    /// memory_log and every output against `expectedPrefix(objId, frame)`.
    void propagateAndCompare(Sam2VideoState &state, const PropagateOptions &options, const QJsonArray &log,
                             const QString &phase, const std::function<std::string(int64_t, int64_t)> &expected,
                             std::vector<int64_t> expectedFrames, const char *what, double *seconds = nullptr)
    {
        std::vector<int64_t> frames;
        QString selectionError;
        QElapsedTimer timer;
        timer.start();
        m_predictor->propagate(state, options, [&](const VideoFrameResult &frame) {
            frames.push_back(frame.frameIdx);
            for (size_t i = 0; i < frame.objects.size(); ++i) {
                const auto &r = frame.objects[i];
                if (r.conditioning)
                    continue;
                const int objIdx = r.objId == 1 ? 0 : 1;
                const auto sel = m_predictor->memorySelection(state, r.objId, frame.frameIdx);
                const auto err = compareSelection(sel, memoryLogEntry(log, phase, objIdx, int(frame.frameIdx)));
                if (!err.isEmpty() && selectionError.isEmpty())
                    selectionError = QStringLiteral("obj %1 frame %2: ").arg(r.objId).arg(frame.frameIdx) + err;
            }
            return true;
        });
        if (seconds)
            *seconds = timer.elapsed() / 1000.0;
        QCOMPARE(frames, expectedFrames);
        QVERIFY2(selectionError.isEmpty(), qPrintable(selectionError));
        // Outputs as stored in the state (what the callback saw for tracked frames).
        for (const auto &obj : state.objects) {
            for (int64_t f : expectedFrames) {
                VideoObjectResult r;
                r.objId = obj.objId;
                const Sam2FrameOutput *out = obj.output.cond.find(f);
                if (!out) {
                    const auto it = obj.output.nonCond.find(f);
                    QVERIFY(it != obj.output.nonCond.end());
                    out = &it->second;
                }
                r.lowResLogits = out->predMasks;
                r.objectScoreLogits = out->objectScoreLogits;
                r.objPtr = out->objPtr;
                compareResult(r, expected(obj.objId, f), what);
                if (QTest::currentTestFailed())
                    return;
            }
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        DINOSAM_REQUIRE_FIXTURE("sam2.1_hiera_tiny_bedroom_video.pt");
        DINOSAM_REQUIRE_FIXTURE("models/sam2.1_hiera_tiny_random.pt");
        DINOSAM_REQUIRE_FIXTURE("manifest.json");
        torch::set_num_threads(2);
        CheckpointReadOptions options;
        options.floatingToFloat32 = true;
        m_fixture = readCheckpoint(test::fixtureFile(kFixture), options);
        m_manifest = videoManifest();
        QVERIFY(!m_manifest.isEmpty());
        m_predictor = Sam2VideoPredictor::load(test::fixtureFile(kCheckpoint), kModelId);
        const auto hw = fixture("video_hw");
        QCOMPARE(hw.numel(), int64_t(2));
        const auto frames = fixture("frames_uint8");
        QCOMPARE(frames.sizes().vec(), (std::vector<int64_t>{6, 1024, 1024, 3}));
        m_source = std::make_shared<TensorFrameSource>(frames, hw[0].item<int64_t>(), hw[1].item<int64_t>());
        // All six frames' features stay cached: each frame is encoded once.
        m_state = m_predictor->initState(m_source, /*addAllFramesToCorrectAsCond=*/false, 6);
        QCOMPARE(m_state->numFrames, int64_t(6));
        QCOMPARE(m_state->videoHeight, int64_t(540));
        QCOMPARE(m_state->videoWidth, int64_t(960));
    }

    void loadsEveryKeyStrictly()
    {
        CheckpointReadOptions options;
        options.floatingToFloat32 = true;
        auto dict = readStateDict(test::fixtureFile(kCheckpoint), options);
        QCOMPARE(dict.size(), size_t(471));
        // A video-only key missing is an error naming it (nothing is skipped any more).
        dict.erase("memory_attention.layers.3.cross_attn_image.k_proj.weight");
        try {
            Sam2VideoPredictor::fromStateDict(dict, kModelId, "test");
            QFAIL("a missing video key was accepted");
        } catch (const CheckpointError &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains("memory_attention.layers.3.cross_attn_image.k_proj.weight"),
                     e.what());
        }
    }

    void memoryEncoderFromMetaLogits()
    {
        // Meta's own frame-0 logits of object 1: binarised, *20 - 10 (clicked frame).
        const auto got = m_predictor->encodeMemoryFromLogits(*m_state, 0, fixture("obj1_f0_low_res_logits"),
                                                             fixture("obj1_f0_obj_score"), true);
        const auto expected = fixture("maskmem_features_f0");
        QCOMPARE(got.sizes().vec(), expected.sizes().vec());
        const double err = maxAbsDiff(got, expected);
        qInfo("maskmem_features_f0 (from Meta's logits): max abs error %.3g (max |value| %.3g)", err,
              expected.abs().max().item<double>());
        QVERIFY2(err <= kFeatureTol, qPrintable(QString::number(err)));
        const auto posErr = maxAbsDiff(m_predictor->model()->maskmemPosEnc(), fixture("maskmem_pos_enc_f0"));
        qInfo("maskmem_pos_enc_f0: max abs error %.3g", posErr);
        QVERIFY2(posErr <= 1e-5, qPrintable(QString::number(posErr)));
    }

    void promptsOnFrame0()
    {
        const auto prompts = m_manifest.value("prompts").toArray();
        QCOMPARE(prompts.size(), qsizetype(3));
        const auto box = prompts[0].toObject().value("box").toArray();
        const auto r1 = m_predictor->addNewPointsOrBox(
            *m_state, 0, 1, {},
            std::array<float, 4>{float(box[0].toDouble()), float(box[1].toDouble()), float(box[2].toDouble()),
                                 float(box[3].toDouble())});
        QVERIFY(r1.conditioning);
        compareResult(r1, "obj1_f0", "add");
        compareVideoRes(r1, "obj1_f0");
        const auto pt = prompts[1].toObject().value("points").toArray()[0].toArray();
        const auto r2 = m_predictor->addNewPointsOrBox(
            *m_state, 0, 2, {{float(pt[0].toDouble()), float(pt[1].toDouble()), 1}});
        compareResult(r2, "obj2_f0", "add");
        compareVideoRes(r2, "obj2_f0");
        // The model-space coordinates Meta recorded.
        const auto coords = m_state->object(1)->pointInputs.at(0).coords;
        const auto rec = m_manifest.value("scenario").toArray()[0].toObject().value("point_inputs_model_space")
                             .toObject().value("point_coords").toArray();
        QCOMPARE(coords[0][1][0].item<float>(), float(rec[1].toArray()[0].toDouble()));
        QCOMPARE(coords[0][1][1].item<float>(), float(rec[1].toArray()[1].toDouble()));
    }

    void pass1()
    {
        double seconds = 0;
        propagateAndCompare(
            *m_state, {}, m_manifest.value("memory_log").toArray(), QStringLiteral("pass1"),
            [](int64_t obj, int64_t f) { return "obj" + std::to_string(obj) + "_f" + std::to_string(f); },
            {0, 1, 2, 3, 4, 5}, "pass1", &seconds);
        // Frames 1-5 were tracked for two objects (frame 0 includes the preflight memory encoding).
        qInfo("pass 1: 6 frames x 2 objects in %.1f s (%.3g frames/s, image encoder included)", seconds,
              6.0 / seconds);
        // Meta's video-resolution outputs of frame 5.
        for (int64_t obj : {1, 2}) {
            VideoObjectResult r;
            r.lowResLogits = m_state->object(obj)->output.nonCond.at(5).predMasks;
            compareVideoRes(r, "obj" + std::to_string(obj) + "_f5");
        }
        // The stored memory of a clicked frame is bf16 (Meta's .to(torch.bfloat16)).
        QCOMPARE(m_state->object(1)->output.cond.find(0)->maskmemFeatures.scalar_type(), torch::kBFloat16);
        m_afterPass1 = *m_state;
    }

    void memoryConditionedFeaturesOnFrame1()
    {
        const auto got = m_predictor->memoryConditionedFeatures(*m_state, 1, 1);
        const auto expected = fixture("pix_feat_with_mem_f1");
        QCOMPARE(got.sizes().vec(), expected.sizes().vec());
        const double err = maxAbsDiff(got, expected);
        qInfo("pix_feat_with_mem_f1: max abs error %.3g (max |value| %.3g)", err, expected.abs().max().item<double>());
        QVERIFY2(err <= kFeatureTol, qPrintable(QString::number(err)));
    }

    void correctionOnFrame3()
    {
        const auto pt = m_manifest.value("prompts").toArray()[2].toObject().value("points").toArray()[0].toArray();
        const auto r = m_predictor->addNewPointsOrBox(*m_state, 3, 2,
                                                      {{float(pt[0].toDouble()), float(pt[1].toDouble()), 0}});
        QVERIFY(!r.conditioning); // Meta's default: a non-conditioning output
        compareResult(r, "obj2_f3_correction", "correction");
        QVERIFY(m_state->object(2)->temp.nonCond.count(3) == 1);
    }

    void pass2MetaDefaultOverwritesTheCorrection()
    {
        const auto map = m_manifest.value("pass2_expected").toObject();
        propagateAndCompare(
            *m_state, {3, std::nullopt, false}, m_manifest.value("memory_log").toArray(), QStringLiteral("pass2"),
            [&](int64_t obj, int64_t f) {
                return map.value(QStringLiteral("obj%1_f%2").arg(obj).arg(f)).toString().toStdString();
            },
            {3, 4, 5}, "pass2");
    }

    void variantCorrectionsAsConditioning()
    {
        QVERIFY(m_afterPass1);
        auto state = *m_afterPass1;
        state.addAllFramesToCorrectAsCond = true;
        // Objects are independent: removing object 1 leaves object 2's results unchanged
        // (and halves the time of this test).
        m_predictor->removeObject(state, 1);
        QCOMPARE(state.objectIds(), (std::vector<int64_t>{2}));
        const auto pt = m_manifest.value("prompts").toArray()[2].toObject().value("points").toArray()[0].toArray();
        const auto r = m_predictor->addNewPointsOrBox(state, 3, 2,
                                                      {{float(pt[0].toDouble()), float(pt[1].toDouble()), 0}});
        QVERIFY(r.conditioning);
        compareResult(r, "obj2_f3_correction", "ccond correction");
        const auto variant = m_manifest.value("variant_ccond").toObject();
        const auto map = variant.value("pass2_expected").toObject();
        propagateAndCompare(
            state, {3, std::nullopt, false}, variant.value("memory_log").toArray(), QStringLiteral("pass2"),
            [&](int64_t obj, int64_t f) {
                return map.value(QStringLiteral("obj%1_f%2").arg(obj).arg(f)).toString().toStdString();
            },
            {3, 4, 5}, "ccond pass2");
        // Frame 3 is now a conditioning frame of object 2 and no longer a tracked output.
        QVERIFY(state.object(2)->output.cond.find(3) != nullptr);
        QVERIFY(state.object(2)->output.nonCond.count(3) == 0);
    }

    void badInputsAndReset()
    {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, m_predictor->addNewPointsOrBox(*m_state, 6, 1, {{1, 1, 1}}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, m_predictor->addNewPointsOrBox(*m_state, 0, 1, {}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, m_predictor->addNewPointsOrBox(*m_state, 0, 1, {{1, 1, 5}}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, m_predictor->removeObject(*m_state, 42));
        m_predictor->resetState(*m_state);
        QVERIFY(m_state->objects.empty());
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, m_predictor->propagate(*m_state, {}, {}));
    }

    void cleanupTestCase()
    {
        qInfo("max errors reached: low-res logits %.3g, object scores %.3g, pointers %.3g, video-res logits %.3g",
              m_maxErr[0], m_maxErr[1], m_maxErr[2], m_maxErr[3]);
    }
};

QTEST_GUILESS_MAIN(TestSam2VideoParity)
#include "tst_sam2videoparity.moc"
