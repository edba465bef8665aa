// Strict state-dict loading onto torch::nn modules.
#include "io/statedictloader.h"

#include <QtTest>
#include <torch/torch.h>

using namespace dinosam;

namespace {

struct TinyImpl : torch::nn::Module
{
    TinyImpl()
    {
        proj = register_module("proj", torch::nn::Linear(4, 3));
        scale = register_parameter("scale", torch::ones({3}));
        stats = register_buffer("stats", torch::zeros({2}));
    }
    torch::nn::Linear proj{nullptr};
    torch::Tensor scale, stats;
};
TORCH_MODULE(Tiny);

TensorMap matchingState()
{
    return {{"proj.weight", torch::full({3, 4}, 2.0)},
            {"proj.bias", torch::tensor({1.0, 2.0, 3.0})},
            {"scale", torch::tensor({0.5, 0.25, 0.125}).to(torch::kHalf)},
            {"stats", torch::tensor({7.0, 8.0})}};
}

} // namespace

class TestStateDictLoader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void loadsEverythingAndConvertsDtype()
    {
        Tiny tiny;
        const StateDictReport report = loadStateDict(*tiny, matchingState());
        QVERIFY(report.ok());
        QCOMPARE(report.loaded, size_t(4));
        QVERIFY(torch::equal(tiny->proj->weight, torch::full({3, 4}, 2.0)));
        QCOMPARE(tiny->scale.scalar_type(), torch::kFloat);
        QVERIFY(torch::equal(tiny->scale, torch::tensor({0.5f, 0.25f, 0.125f})));
        QVERIFY(torch::equal(tiny->stats, torch::tensor({7.0f, 8.0f})));
    }

    void strictReportsEachProblemAndLeavesModuleUntouched_data()
    {
        QTest::addColumn<QString>("change");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("missing") << "missing" << "1 missing keys: proj.bias";
        QTest::newRow("unexpected") << "unexpected" << "1 unexpected keys: extra.weight";
        QTest::newRow("mismatch") << "mismatch" << "proj.weight got [4, 3] expected [3, 4]";
    }
    void strictReportsEachProblemAndLeavesModuleUntouched()
    {
        QFETCH(QString, change);
        QFETCH(QString, fragment);
        TensorMap state = matchingState();
        if (change == QLatin1String("missing"))
            state.erase("proj.bias");
        else if (change == QLatin1String("unexpected"))
            state["extra.weight"] = torch::zeros({1});
        else
            state["proj.weight"] = torch::zeros({4, 3});
        Tiny tiny;
        const auto before = tiny->proj->weight.clone();
        StateDictLoadOptions options;
        options.sourceName = "tiny.pth";
        try {
            loadStateDict(*tiny, state, options);
            QFAIL("strict load accepted a bad state dict");
        } catch (const CheckpointError &e) {
            const QString message = QString::fromUtf8(e.what());
            QVERIFY2(message.contains(fragment), qPrintable(message));
            QVERIFY2(message.contains(QLatin1String("tiny.pth")), qPrintable(message));
        }
        QVERIFY(torch::equal(tiny->proj->weight, before));
    }

    void ignoredPrefixesAreRecognisedNotUnexpected()
    {
        TensorMap state = matchingState();
        state["memory_encoder.conv.weight"] = torch::zeros({2});
        state["maskmem_tpos_enc"] = torch::zeros({2});
        StateDictLoadOptions options;
        options.ignoredPrefixes = {"memory_encoder.", "maskmem_tpos_enc"};
        Tiny tiny;
        const StateDictReport report = loadStateDict(*tiny, state, options);
        QVERIFY(report.ok());
        QCOMPARE(report.ignored.size(), size_t(2));
        QVERIFY(report.unexpected.empty());
    }

    void nonStrictLoadsWhatMatches()
    {
        TensorMap state = matchingState();
        state.erase("stats");
        state["proj.bias"] = torch::zeros({5});
        StateDictLoadOptions options;
        options.strict = false;
        Tiny tiny;
        const StateDictReport report = loadStateDict(*tiny, state, options);
        QVERIFY(!report.ok());
        QCOMPARE(report.loaded, size_t(2));
        QCOMPARE(report.missing, std::vector<std::string>{"stats"});
        QCOMPARE(report.mismatched.size(), size_t(1));
        QVERIFY(torch::equal(tiny->proj->weight, torch::full({3, 4}, 2.0)));
    }

    void describeListsAtMostN()
    {
        StateDictReport report;
        for (int i = 0; i < 8; ++i)
            report.missing.push_back("k" + std::to_string(i));
        const std::string text = report.describe(3);
        QVERIFY(text.find("8 missing keys: k0, k1, k2, ...") != std::string::npos);
        QVERIFY(text.find("k3") == std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestStateDictLoader)
#include "tst_statedictloader.moc"
