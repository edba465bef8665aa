// The checkpoint reader against the team's fixtures, its own writer, and
// hostile or damaged files: every failure must be a CheckpointError, never a crash.
#include "fixtures.h"
#include "io/checkpointreader.h"
#include "checkpointwriter.h"

#include <ATen/ATen.h>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace dinosam;
using namespace std::string_literals;

namespace {

std::string readFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

void writeFile(const std::string &path, const std::string &bytes)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), std::streamsize(bytes.size()));
}

// Pickle fragments for hand-made checkpoints (protocol 2).
std::string pickleText(const std::string &s)
{
    std::string out = "X";
    for (int i = 0; i < 4; ++i)
        out.push_back(char((s.size() >> (8 * i)) & 0xff));
    return out + s;
}
std::string pickleInt(int64_t v)
{
    std::string out = "\x8a\x08";
    for (int i = 0; i < 8; ++i)
        out.push_back(char((uint64_t(v) >> (8 * i)) & 0xff));
    return out;
}
/// {"t": tensor of `sizes`/`strides` at `offset` on storage 0 (float, `numel` elements)}.
std::string tensorDictPickle(int64_t numel, std::vector<int64_t> sizes, std::vector<int64_t> strides, int64_t offset)
{
    std::string p = "\x80\x02}" + pickleText("t") + "ctorch._utils\n_rebuild_tensor_v2\n((" + pickleText("storage") +
                    "ctorch\nFloatStorage\n" + pickleText("0") + pickleText("cpu") + pickleInt(numel) + "tQ" +
                    pickleInt(offset) + "(";
    for (auto s : sizes)
        p += pickleInt(s);
    p += "t(";
    for (auto s : strides)
        p += pickleInt(s);
    p += "t\x89" "ccollections\nOrderedDict\n)RtRs.";
    return p;
}
std::string floatBytes(int n)
{
    std::string bytes(size_t(n) * 4, '\0');
    for (int i = 0; i < n; ++i) {
        const float v = float(i);
        std::memcpy(&bytes[size_t(i) * 4], &v, 4);
    }
    return bytes;
}

} // namespace

class TestCheckpointReader : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::string tempPath(const char *name) { return QString(m_dir.path() + QLatin1Char('/') + QLatin1String(name)).toStdString(); }
    /// A small valid checkpoint with a shared storage, a view with offset and several dtypes.
    TensorMap sampleTensors()
    {
        TensorMap t;
        t["a.weight"] = at::arange(24, at::kFloat).reshape({2, 3, 4});
        t["a.bias"] = at::tensor({1.5, -2.25}).to(at::kHalf);
        t["b.index"] = at::tensor({int64_t(1) << 40, int64_t(-7)});
        t["b.flag"] = at::tensor({1, 0, 1}).to(at::kBool);
        t["c.bf16"] = at::tensor({0.5f, 3.0f}).to(at::kBFloat16);
        t["c.bytes"] = at::arange(5, at::kByte);
        t["c.int"] = at::tensor({-3, 4}).to(at::kInt);
        return t;
    }
    void expectCheckpointError(const std::string &path, const char *expectedFragment)
    {
        try {
            readCheckpoint(path);
            QFAIL(qPrintable(QStringLiteral("no error for ") + QString::fromStdString(path)));
        } catch (const CheckpointError &e) {
            const std::string message = e.what();
            QVERIFY2(message.find(path) != std::string::npos, message.c_str());
            QVERIFY2(message.find(expectedFragment) != std::string::npos, message.c_str());
        }
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void fixtureCheckpointsLoad_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("entries");
        QTest::newRow("dinov2 reg4 random") << "models/dinov2_vits14_reg4_random.pth" << 176;
        QTest::newRow("sam2.1 tiny random") << "models/sam2.1_hiera_tiny_random.pt" << 471;
        QTest::newRow("dinov2 truck") << "dinov2_vits14_truck.pt" << 5;
        QTest::newRow("dinov2 reg4 truck") << "dinov2_vits14_reg4_truck.pt" << 5;
        QTest::newRow("dinov2 groceries") << "dinov2_vits14_groceries.pt" << 5;
        QTest::newRow("dinov2 reg4 groceries") << "dinov2_vits14_reg4_groceries.pt" << 5;
        QTest::newRow("sam2.1 truck") << "sam2.1_hiera_tiny_truck.pt" << 21;
    }
    void fixtureCheckpointsLoad()
    {
        QFETCH(QString, file);
        QFETCH(int, entries);
        if (!QFileInfo::exists(test::fixturePath(file)))
            QFAIL(qPrintable(QStringLiteral("missing fixture ") + test::fixturePath(file)));
        const TensorMap tensors = readCheckpoint(test::fixturePath(file).toStdString());
        QCOMPARE(int(tensors.size()), entries);
    }

    void dinoCheckpointShapesAndValues()
    {
        DINOSAM_REQUIRE_FIXTURE("models/dinov2_vits14_reg4_random.pth");
        const TensorMap raw = readCheckpoint(test::fixtureFile("models/dinov2_vits14_reg4_random.pth"));
        // Stored as float16 (fixture README); ViT-S/14: 384 wide, 12 blocks, 4 registers, 37x37 positions + CLS.
        QCOMPARE(raw.at("cls_token").scalar_type(), at::kHalf);
        QCOMPARE(raw.at("cls_token").sizes().vec(), (std::vector<int64_t>{1, 1, 384}));
        QCOMPARE(raw.at("pos_embed").sizes().vec(), (std::vector<int64_t>{1, 1370, 384}));
        QCOMPARE(raw.at("register_tokens").sizes().vec(), (std::vector<int64_t>{1, 4, 384}));
        QCOMPARE(raw.at("patch_embed.proj.weight").sizes().vec(), (std::vector<int64_t>{384, 3, 14, 14}));
        QCOMPARE(raw.at("blocks.11.attn.qkv.weight").sizes().vec(), (std::vector<int64_t>{1152, 384}));
        QVERIFY(raw.count("blocks.11.ls2.gamma"));
        QVERIFY(!raw.count("blocks.12.norm1.weight"));

        CheckpointReadOptions toFloat;
        toFloat.floatingToFloat32 = true;
        const TensorMap f32 = readCheckpoint(test::fixtureFile("models/dinov2_vits14_reg4_random.pth"), toFloat);
        QCOMPARE(f32.at("pos_embed").scalar_type(), at::kFloat);
        // Conversion is exact: float16 → float32 loses nothing.
        QVERIFY(at::equal(f32.at("pos_embed"), raw.at("pos_embed").to(at::kFloat)));
        // Random weights are not all zero and finite.
        QVERIFY(f32.at("blocks.0.attn.qkv.weight").abs().sum().item<double>() > 0);
        QVERIFY(at::isfinite(f32.at("blocks.0.attn.qkv.weight")).all().item<bool>());
    }

    void samCheckpointUnwrapsModel()
    {
        DINOSAM_REQUIRE_FIXTURE("models/sam2.1_hiera_tiny_random.pt");
        const auto path = test::fixtureFile("models/sam2.1_hiera_tiny_random.pt");
        const TensorMap all = readCheckpoint(path);
        QVERIFY(all.count("model.no_mem_embed"));
        const TensorMap model = readStateDict(path);
        QCOMPARE(model.size(), size_t(471));
        QCOMPARE(model.at("no_mem_embed").sizes().vec(), (std::vector<int64_t>{1, 1, 256}));
        QCOMPARE(model.at("image_encoder.neck.convs.0.conv.weight").sizes().vec(),
                 (std::vector<int64_t>{256, 768, 1, 1}));
        QCOMPARE(model.at("maskmem_tpos_enc").sizes().vec(), (std::vector<int64_t>{7, 1, 1, 64}));
        // maskmem_tpos_enc is stored with strides (64, 64, 64, 1): the reader honours them.
        QVERIFY(at::equal(model.at("maskmem_tpos_enc"), all.at("model.maskmem_tpos_enc")));
        QCOMPARE(readStateDict(path, {}, "model").size(), size_t(471));
        QVERIFY_THROWS_EXCEPTION(CheckpointError, readStateDict(path, {}, "ema"));
    }

    void shapesWithoutTheData()
    {
        DINOSAM_REQUIRE_FIXTURE("models/dinov2_vits14_reg4_random.pth");
        DINOSAM_REQUIRE_FIXTURE("models/sam2.1_hiera_tiny_random.pt");
        // The same keys and shapes as the full read, "model" unwrapped the same way.
        for (const char *file : {"models/dinov2_vits14_reg4_random.pth", "models/sam2.1_hiera_tiny_random.pt"}) {
            const auto path = test::fixtureFile(file);
            const TensorMap full = readStateDict(path);
            const auto shapes = readStateDictShapes(path);
            QCOMPARE(shapes.size(), full.size());
            for (const auto &[key, tensor] : full)
                QCOMPARE(shapes.at(key), tensor.sizes().vec());
        }
        const auto sam = readStateDictShapes(test::fixtureFile("models/sam2.1_hiera_tiny_random.pt"), "model");
        QCOMPARE(sam.at("no_obj_embed_spatial"), (std::vector<int64_t>{1, 64}));
        QVERIFY_THROWS_EXCEPTION(CheckpointError,
                                 readStateDictShapes(test::fixtureFile("models/sam2.1_hiera_tiny_random.pt"), "ema"));
        // What the records' sizes say is still checked; the pickle's own checks too.
        const std::string path = tempPath("shapes.pt");
        writeCheckpoint(path, sampleTensors());
        QCOMPARE(readStateDictShapes(path).size(), readCheckpoint(path).size());
        const std::string bytes = readFile(path);
        writeFile(path, bytes.substr(0, bytes.size() / 2));
        QVERIFY_THROWS_EXCEPTION(CheckpointError, readStateDictShapes(path));
    }

    void fixtureValuesMatchManifest()
    {
        DINOSAM_REQUIRE_FIXTURE("sam2.1_hiera_tiny_truck.pt");
        const TensorMap t = readCheckpoint(test::fixtureFile("sam2.1_hiera_tiny_truck.pt"));
        QCOMPARE(t.at("image").scalar_type(), at::kByte);
        QCOMPARE(t.at("image").sizes().vec(), (std::vector<int64_t>{1200, 1800, 3}));
        QCOMPARE(t.at("p4_masks").sizes().vec(), (std::vector<int64_t>{3, 1, 1200, 1800}));
        // Masks are 0/1 and the input is ImageNet-normalised: roughly within [-2.2, 2.7].
        QVERIFY(t.at("p0_masks").max().item<int>() <= 1);
        QVERIFY(t.at("input").min().item<float>() >= -2.2f);
        QVERIFY(t.at("input").max().item<float>() <= 2.7f);
    }

    void writerRoundTrip()
    {
        const TensorMap original = sampleTensors();
        const std::string path = tempPath("roundtrip.pt");
        writeCheckpoint(path, original);
        const TensorMap back = readCheckpoint(path);
        QCOMPARE(back.size(), original.size());
        for (const auto &[name, tensor] : original) {
            QVERIFY2(back.count(name), name.c_str());
            QCOMPARE(back.at(name).scalar_type(), tensor.scalar_type());
            QVERIFY2(at::equal(back.at(name), tensor), name.c_str());
        }
        writeCheckpoint(path, original, "model");
        QCOMPARE(readStateDict(path).size(), original.size());
        QVERIFY(!QFileInfo::exists(QString::fromStdString(path + ".tmp")));
    }

    void sharedStorageAndStrides()
    {
        // Two tensors viewing one storage, one transposed and offset.
        const std::string p = "\x80\x02}(" + pickleText("x") +
                              "ctorch._utils\n_rebuild_tensor_v2\nq\x00(("s + pickleText("storage") +
                              "ctorch\nFloatStorage\n" + pickleText("0") + pickleText("cpu") + pickleInt(12) +
                              "tq\x01Q" + pickleInt(0) + "(" + pickleInt(3) + pickleInt(4) + "t(" + pickleInt(4) +
                              pickleInt(1) + "t\x89)tR" + pickleText("y") + "h\x00(h\x01Q"s + pickleInt(1) + "(" +
                              pickleInt(2) + pickleInt(3) + "t(" + pickleInt(1) + pickleInt(4) + "t\x89)tRu.";
        const std::string path = tempPath("shared.pt");
        writeRawCheckpoint(path, p, {floatBytes(12)});
        const TensorMap t = readCheckpoint(path);
        const auto base = at::arange(12, at::kFloat).reshape({3, 4});
        QVERIFY(at::equal(t.at("x"), base));
        QVERIFY(at::equal(t.at("y"), base.t().narrow(0, 1, 2)));
    }

    void refusesDangerousGlobals_data()
    {
        QTest::addColumn<QByteArray>("pickle");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("os.system via GLOBAL")
            << QByteArray::fromStdString("\x80\x02" "cposix\nsystem\n" + pickleText("ls") + "\x85R.") << "posix.system";
        QTest::newRow("builtins.eval")
            << QByteArray::fromStdString("\x80\x02" "cbuiltins\neval\n" + pickleText("1") + "\x85R.") << "builtins.eval";
        QTest::newRow("STACK_GLOBAL os.system")
            << QByteArray("\x80\x04\x8c\x02os\x8c\x06system\x93.") << "os.system";
        QTest::newRow("torch.load") << QByteArray("\x80\x02" "ctorch\nload\n.") << "torch.load";
        QTest::newRow("INST opcode") << QByteArray("\x80\x02(ios\nsystem\n.") << "opcode 0x69";
        QTest::newRow("OrderedDict with args")
            << QByteArray("\x80\x02" "ccollections\nOrderedDict\n" "K\x01\x85R.") << "arguments";
        QTest::newRow("protocol 0") << QByteArray("\x80\x01}.") << "protocol";
        QTest::newRow("no STOP") << QByteArray("\x80\x02}") << "ends unexpectedly";
        QTest::newRow("memo miss") << QByteArray("\x80\x02h\x05.") << "memo";
        QTest::newRow("persistent id not a storage")
            << QByteArray::fromStdString("\x80\x02" + pickleText("x") + "Q.") << "persistent id";
        QTest::newRow("stack underflow") << QByteArray("\x80\x02s.") << "underflow";
        QTest::newRow("not a dict") << QByteArray("\x80\x02K\x05.") << "dict of tensors";
    }
    void refusesDangerousGlobals()
    {
        QFETCH(QByteArray, pickle);
        QFETCH(QString, fragment);
        const std::string path = tempPath("evil.pt");
        writeRawCheckpoint(path, pickle.toStdString(), {});
        expectCheckpointError(path, fragment.toStdString().c_str());
    }

    void refusesInconsistentTensors_data()
    {
        QTest::addColumn<qint64>("numel");
        QTest::addColumn<QList<qint64>>("sizes");
        QTest::addColumn<QList<qint64>>("strides");
        QTest::addColumn<qint64>("offset");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("storage too small") << qint64(4) << QList<qint64>{10} << QList<qint64>{1} << qint64(0)
                                           << "storage holding only 4";
        QTest::newRow("stride too large") << qint64(4) << QList<qint64>{2, 2} << QList<qint64>{4, 1} << qint64(0)
                                          << "storage holding only 4";
        QTest::newRow("offset past end") << qint64(4) << QList<qint64>{1} << QList<qint64>{1} << qint64(9)
                                         << "offset";
        QTest::newRow("negative size") << qint64(4) << QList<qint64>{-1} << QList<qint64>{1} << qint64(0)
                                       << "negative";
        QTest::newRow("overflowing stride")
            << qint64(4) << QList<qint64>{3} << QList<qint64>{qint64(1) << 62} << qint64(0) << "overflows";
        QTest::newRow("rank mismatch") << qint64(4) << QList<qint64>{2, 2} << QList<qint64>{1} << qint64(0)
                                       << "different lengths";
        QTest::newRow("numel larger than record") << qint64(1000000000000) << QList<qint64>{1} << QList<qint64>{1}
                                                  << qint64(0) << "holds 16 bytes";
    }
    void refusesInconsistentTensors()
    {
        QFETCH(qint64, numel);
        QFETCH(QList<qint64>, sizes);
        QFETCH(QList<qint64>, strides);
        QFETCH(qint64, offset);
        QFETCH(QString, fragment);
        const std::string path = tempPath("inconsistent.pt");
        writeRawCheckpoint(path,
                           tensorDictPickle(numel, std::vector<int64_t>(sizes.begin(), sizes.end()),
                                            std::vector<int64_t>(strides.begin(), strides.end()), offset),
                           {floatBytes(4)});
        expectCheckpointError(path, fragment.toStdString().c_str());
    }

    void refusesNonCheckpoints()
    {
        const std::string empty = tempPath("empty.pt");
        writeFile(empty, "");
        expectCheckpointError(empty, "empty");
        expectCheckpointError(m_dir.path().toStdString(), "directory");
        expectCheckpointError(tempPath("does-not-exist.pt"), "does not exist");
        const std::string text = tempPath("text.pt");
        writeFile(text, "this is not a zip file at all, just text that is long enough");
        expectCheckpointError(text, "not a zip checkpoint");
        // A legacy (pre-1.6) torch.save file starts with a pickled magic number.
        const std::string legacy = tempPath("legacy.pt");
        writeFile(legacy, "\x80\x02\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19."s + std::string(64, '\0'));
        expectCheckpointError(legacy, "legacy");
    }

    void refusesZipBombAndCompression()
    {
        const std::string path = tempPath("bomb.pt");
        writeCheckpoint(path, sampleTensors());
        std::string bytes = readFile(path);
        // Mark the first central-directory record as deflated, claiming 4 GiB uncompressed.
        const size_t cd = bytes.find("PK\x01\x02");
        QVERIFY(cd != std::string::npos);
        bytes[cd + 10] = 8;
        for (int i = 0; i < 4; ++i)
            bytes[cd + 24 + size_t(i)] = char(0xff - i);
        writeFile(path, bytes);
        expectCheckpointError(path, "compressed");

        // A central directory claiming far more records than it can hold.
        writeCheckpoint(path, sampleTensors());
        std::string many = readFile(path);
        const size_t eocd = many.rfind("PK\x05\x06");
        many[eocd + 8] = char(0xff);
        many[eocd + 9] = char(0xff);
        many[eocd + 10] = char(0xff);
        many[eocd + 11] = char(0xff);
        writeFile(path, many);
        expectCheckpointError(path, "more records");
    }

    void survivesDeepNestingAndCycles()
    {
        // 200000 nested lists, then a list that contains itself: no stack overflow, no leak.
        const std::string deep = "\x80\x02}" + pickleText("x") + std::string(200000, ']') + std::string(199999, 'a') + "s.";
        const std::string path = tempPath("deep.pt");
        writeRawCheckpoint(path, deep, {});
        QCOMPARE(readCheckpoint(path).size(), size_t(0)); // lists hold no tensors of a state dict

        const std::string cycle = "\x80\x02}" + pickleText("x") + "]q\x00h\x00" "as."s;
        writeRawCheckpoint(path, cycle, {});
        QCOMPARE(readCheckpoint(path).size(), size_t(0));

        // Nested dicts beyond the depth limit are refused, not recursed into.
        std::string dicts = "\x80\x02";
        for (int i = 0; i < 100; ++i)
            dicts += "}" + pickleText("k");
        dicts += "}" + std::string(100, 's') + ".";
        writeRawCheckpoint(path, dicts, {});
        expectCheckpointError(path, "nested deeper");
    }

    void truncatedFilesFailCleanly()
    {
        const std::string path = tempPath("whole.pt");
        writeCheckpoint(path, sampleTensors());
        const std::string bytes = readFile(path);
        const std::string cut = tempPath("cut.pt");
        // Every offset in the last 600 bytes (directory, end record) and a spread over the rest.
        for (size_t length = 0; length < bytes.size(); length += (length + 600 >= bytes.size() ? 1 : 37)) {
            writeFile(cut, bytes.substr(0, length));
            try {
                readCheckpoint(cut);
                QFAIL(qPrintable(QStringLiteral("truncation at %1 was not detected").arg(length)));
            } catch (const CheckpointError &) {
            }
        }
    }

    void flippedBytesAreDetectedOrHarmless()
    {
        const std::string path = tempPath("flip-source.pt");
        const TensorMap original = sampleTensors();
        writeCheckpoint(path, original);
        const std::string bytes = readFile(path);
        const std::string flipped = tempPath("flipped.pt");
        int detected = 0;
        for (size_t i = 0; i < bytes.size(); ++i) {
            std::string damaged = bytes;
            damaged[i] = char(damaged[i] ^ 0x5a);
            writeFile(flipped, damaged);
            try {
                const TensorMap back = readCheckpoint(flipped);
                // Undetected flips may only hit bytes that carry no data (padding, timestamps).
                QCOMPARE(back.size(), original.size());
                for (const auto &[name, tensor] : original)
                    QVERIFY2(back.count(name) && at::equal(back.at(name), tensor),
                             qPrintable(QStringLiteral("flip at %1 changed %2").arg(i).arg(QString::fromStdString(name))));
            } catch (const CheckpointError &) {
                ++detected;
            }
        }
        QVERIFY(detected > int(bytes.size() / 4));
    }
};

QTEST_GUILESS_MAIN(TestCheckpointReader)
#include "tst_checkpointreader.moc"
