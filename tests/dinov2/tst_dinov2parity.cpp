// Parity of the native DINOv2 with Meta's Python code on the shared fixtures
// (../shared/fixtures/dinov2_vits14{,_reg4}_{truck,groceries}.pt, see its README).
#include "fixtures.h"

#include "io/checkpointreader.h"
#include "models/dinov2/dinov2model.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <torch/torch.h>

#include <QtTest>

#include <cmath>
#include <limits>
#include <memory>

using namespace dinosam;

namespace {

constexpr double kInputTolerance = 1e-4;
constexpr double kTokenTolerance = 1e-3;
constexpr double kAttentionTolerance = 1e-4;

double maxAbsDiff(const at::Tensor &a, const at::Tensor &b)
{
    if (a.sizes() != b.sizes())
        return std::numeric_limits<double>::infinity();
    if (a.numel() == 0)
        return 0.0;
    return (a - b).abs().max().item<double>();
}

at::Tensor readRgbImage(const std::string &path)
{
    const cv::Mat bgr = cv::imread(path, cv::IMREAD_COLOR);
    if (bgr.empty())
        return {};
    cv::Mat rgb;
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    return torch::from_blob(rgb.data, {rgb.rows, rgb.cols, 3}, torch::kUInt8).clone(); // [H, W, 3]
}

} // namespace

class TestDinoV2Parity : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void inputSizeRule_data();
    void inputSizeRule();
    void preprocessingMatchesFixtureInput_data();
    void preprocessingMatchesFixtureInput();
    void forwardMatchesFixture_data();
    void forwardMatchesFixture();

private:
    void addFixtureRows();
    const DinoV2Model &model(const QString &name) const;

    std::unique_ptr<DinoV2Model> m_vits14;
    std::unique_ptr<DinoV2Model> m_vits14Reg4;
};

void TestDinoV2Parity::initTestCase()
{
    DINOSAM_REQUIRE_FIXTURE("models/dinov2_vits14_reg4_random.pth");
    const auto checkpoint = test::fixtureFile("models/dinov2_vits14_reg4_random.pth");
    // The register model loads straight from the file (float16 storage -> float32).
    m_vits14Reg4 = std::make_unique<DinoV2Model>(DinoV2Model::load(checkpoint, "dinov2_vits14_reg4"));
    // The non-register fixtures use the same checkpoint with register_tokens removed.
    CheckpointReadOptions options;
    options.floatingToFloat32 = true;
    auto stateDict = readStateDict(checkpoint, options);
    QCOMPARE(stateDict.erase("register_tokens"), size_t(1));
    m_vits14 = std::make_unique<DinoV2Model>(
        DinoV2Model::fromStateDict(stateDict, dinoV2Config("dinov2_vits14"), "dinov2_vits14_reg4_random.pth"));
}

const DinoV2Model &TestDinoV2Parity::model(const QString &name) const
{
    return name == QLatin1String("dinov2_vits14_reg4") ? *m_vits14Reg4 : *m_vits14;
}

void TestDinoV2Parity::inputSizeRule_data()
{
    QTest::addColumn<int>("imageH");
    QTest::addColumn<int>("imageW");
    QTest::addColumn<double>("maxAspect");
    QTest::addColumn<int>("expectedH");
    QTest::addColumn<int>("expectedW");
    const double keep = std::numeric_limits<double>::infinity();
    QTest::newRow("truck 1200x1800 (fixture)") << 1200 << 1800 << 4.0 / 3.0 << 448 << 602;
    QTest::newRow("groceries 534x800 (fixture)") << 534 << 800 << 4.0 / 3.0 << 448 << 602;
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
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("modelName");
    QTest::addColumn<QString>("image");
    for (const char *image : {"truck", "groceries"}) {
        for (const char *modelName : {"dinov2_vits14", "dinov2_vits14_reg4"}) {
            const QString fixture = QStringLiteral("%1_%2.pt").arg(QLatin1String(modelName), QLatin1String(image));
            QTest::newRow(qPrintable(fixture)) << fixture << QString::fromLatin1(modelName)
                                               << QStringLiteral("images/%1.jpg").arg(QLatin1String(image));
        }
    }
}

void TestDinoV2Parity::preprocessingMatchesFixtureInput_data()
{
    addFixtureRows();
}

void TestDinoV2Parity::preprocessingMatchesFixtureInput()
{
    QFETCH(QString, fixture);
    QFETCH(QString, image);
    QVERIFY(QFileInfo::exists(test::fixturePath(fixture)));
    QVERIFY(QFileInfo::exists(test::fixturePath(image)));
    const auto expected = readCheckpoint(test::fixturePath(fixture).toStdString()).at("input"); // [1, 3, 448, 602]
    const auto rgb = readRgbImage(test::fixturePath(image).toStdString());                        // [H, W, 3]
    QVERIFY(rgb.defined());
    const auto size = dinoV2InputSize(rgb.size(0), rgb.size(1));
    QCOMPARE(size.height, expected.size(2));
    QCOMPARE(size.width, expected.size(3));
    const auto input = dinoV2Preprocess(rgb, size);
    const double err = maxAbsDiff(input, expected);
    qInfo("%s: input max abs error %.3g", qPrintable(fixture), err);
    QVERIFY2(err <= kInputTolerance, qPrintable(QStringLiteral("input max abs error %1").arg(err)));
}

void TestDinoV2Parity::forwardMatchesFixture_data()
{
    addFixtureRows();
}

void TestDinoV2Parity::forwardMatchesFixture()
{
    QFETCH(QString, fixture);
    QFETCH(QString, modelName);
    QVERIFY(QFileInfo::exists(test::fixturePath(fixture)));
    const auto ref = readCheckpoint(test::fixturePath(fixture).toStdString());
    const auto &net = model(modelName);
    // Keys are optional: ask for them on the register rows only, so both paths are exercised.
    const bool withKeys = net.config().numRegisterTokens > 0;
    const auto out = net.run(ref.at("input"), withKeys);

    QCOMPARE(out.gridH, int64_t(32));
    QCOMPARE(out.gridW, int64_t(43));
    const double cls = maxAbsDiff(out.clsToken, ref.at("cls_token"));
    const double patches = maxAbsDiff(out.patchTokens, ref.at("patch_tokens"));
    const double registers = maxAbsDiff(out.registerTokens, ref.at("register_tokens"));
    const double attn = maxAbsDiff(out.lastAttnCls, ref.at("last_attn_cls"));
    qInfo("%s: max abs error cls %.3g, patch %.3g, register %.3g, last_attn_cls %.3g", qPrintable(fixture), cls,
          patches, registers, attn);
    QVERIFY2(cls <= kTokenTolerance, qPrintable(QStringLiteral("cls_token error %1").arg(cls)));
    QVERIFY2(patches <= kTokenTolerance, qPrintable(QStringLiteral("patch_tokens error %1").arg(patches)));
    QVERIFY2(registers <= kTokenTolerance, qPrintable(QStringLiteral("register_tokens error %1").arg(registers)));
    QVERIFY2(attn <= kAttentionTolerance, qPrintable(QStringLiteral("last_attn_cls error %1").arg(attn)));
    QCOMPARE(out.lastKeys.defined(), withKeys);
    if (withKeys) {
        const int64_t tokens = ref.at("last_attn_cls").size(2);
        QCOMPARE(out.lastKeys.sizes().vec(), (std::vector<int64_t>{1, 6, tokens, 64}));
        QVERIFY(out.lastKeys.isfinite().all().item<bool>());
    }
    // Attention rows are distributions.
    QVERIFY(out.lastAttnCls.sum(-1).sub(1.0).abs().max().item<double>() < 1e-4);
}

QTEST_GUILESS_MAIN(TestDinoV2Parity)
#include "tst_dinov2parity.moc"
