// Shards cover a list exactly once and evenly; base names are unique and shard-independent;
// done-markers accept only complete outputs of the same image and settings.
#include "batch/batchnames.h"
#include "batch/donemarker.h"
#include "batch/shardspec.h"

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <algorithm>
#include <set>

namespace fs = std::filesystem;
using namespace dinosam;

namespace {

void writeBytes(const fs::path &file, const std::string &bytes)
{
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << bytes;
}

std::string readBytes(const fs::path &file)
{
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

} // namespace

class TestBatch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void shardsCoverEveryItemOnce();
    void shardParse_data();
    void shardParse();
    void sortIsNaturalAndOrderIndependent();
    void baseNamesUniqueAndStable();
    void markerRoundTrip();
    void markerStaleCases_data();
    void markerStaleCases();
    void markerUntrustedText_data();
    void markerUntrustedText();
    void interruptedTemporariesOnlyOwn();
};

void TestBatch::shardsCoverEveryItemOnce()
{
    for (int n = 1; n <= 7; ++n) {
        for (size_t m = 0; m <= 50; ++m) {
            std::vector<int> hits(m, 0);
            size_t smallest = m, largest = 0, expectedFirst = 0;
            for (int k = 0; k < n; ++k) {
                const ShardSpec::Range r = ShardSpec{k, n}.range(m);
                QVERIFY(r.first <= r.last && r.last <= m);
                QCOMPARE(r.first, expectedFirst); // contiguous, in shard order
                expectedFirst = r.last;
                for (size_t i = r.first; i < r.last; ++i)
                    ++hits[i];
                smallest = std::min(smallest, r.size());
                largest = std::max(largest, r.size());
            }
            QCOMPARE(expectedFirst, m);
            for (size_t i = 0; i < m; ++i)
                QVERIFY2(hits[i] == 1, qPrintable(QStringLiteral("N=%1 M=%2 item %3 taken %4 times")
                                                       .arg(n)
                                                       .arg(m)
                                                       .arg(i)
                                                       .arg(hits[i])));
            QVERIFY2(largest - smallest <= 1, qPrintable(QStringLiteral("N=%1 M=%2 unbalanced").arg(n).arg(m)));
        }
    }
    // Large counts do not overflow.
    const ShardSpec last{999999, 1000000};
    const auto r = last.range(size_t(4000000000ull));
    QCOMPARE(r.last, size_t(4000000000ull));
    QCOMPARE(r.size(), size_t(4000));
}

void TestBatch::shardParse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("index"); // -1: rejected
    QTest::addColumn<int>("count");
    QTest::newRow("0/1") << "0/1" << 0 << 1;
    QTest::newRow("2/3") << "2/3" << 2 << 3;
    QTest::newRow("K = N") << "3/3" << -1 << 0;
    QTest::newRow("N = 0") << "0/0" << -1 << 0;
    QTest::newRow("negative") << "-1/3" << -1 << 0;
    QTest::newRow("plus") << "+1/3" << -1 << 0;
    QTest::newRow("no slash") << "3" << -1 << 0;
    QTest::newRow("spaces") << "1 / 3" << -1 << 0;
    QTest::newRow("empty K") << "/3" << -1 << 0;
    QTest::newRow("letters") << "a/b" << -1 << 0;
    QTest::newRow("huge") << "1/99999999999999999999" << -1 << 0;
}

void TestBatch::shardParse()
{
    QFETCH(QString, text);
    QFETCH(int, index);
    QFETCH(int, count);
    std::string error;
    const auto spec = ShardSpec::parse(text.toStdString(), error);
    if (index < 0) {
        QVERIFY(!spec);
        QVERIFY2(error.find("--shard") != std::string::npos, error.c_str());
    } else {
        QVERIFY2(spec.has_value(), error.c_str());
        QCOMPARE(spec->index, index);
        QCOMPARE(spec->count, count);
        QCOMPARE(QString::fromStdString(spec->toString()), text);
    }
}

void TestBatch::sortIsNaturalAndOrderIndependent()
{
    std::vector<fs::path> a{"d/img10.jpg", "d/img2.jpg", "c/x.png", "d/img1.jpg"};
    std::vector<fs::path> b{"d/img1.jpg", "c/x.png", "d/img2.jpg", "d/img10.jpg"};
    sortForBatch(a);
    sortForBatch(b);
    QCOMPARE(a, b);
    QCOMPARE(a, (std::vector<fs::path>{"c/x.png", "d/img1.jpg", "d/img2.jpg", "d/img10.jpg"}));
}

void TestBatch::baseNamesUniqueAndStable()
{
    const std::vector<fs::path> files{"a/img.jpg", "b/img.png", "c/img_2.png", "d/IMG.tif", "e/.jpg", "f/x.y.jpg"};
    const auto names = uniqueBaseNames(files);
    // "e/.jpg": std::filesystem takes a dot file's whole name as its stem.
    QCOMPARE(names, (std::vector<std::string>{"img", "img_3", "img_2", "IMG_4", ".jpg", "x.y"}));
    // Unique case-insensitively.
    std::set<std::string> folded;
    for (auto n : names) {
        std::transform(n.begin(), n.end(), n.begin(), [](unsigned char c) { return char(std::tolower(c)); });
        QVERIFY2(folded.insert(n).second, n.c_str());
    }
    // Shard-independent: computed on the whole list, the names of a shard's slice do not depend
    // on which process computes them (same list, same names).
    QCOMPARE(uniqueBaseNames(files), names);
    QCOMPARE(uniqueBaseNames({}), std::vector<std::string>{});
}

void TestBatch::markerRoundTrip()
{
    QTemporaryDir dir;
    const fs::path root = dir.path().toStdString();
    const fs::path save = root / "out";
    const fs::path image = root / "in" / "a.jpg";
    writeBytes(image, "pixels");
    writeBytes(save / "a_summary.txt", "summary");
    writeBytes(save / "a_masks" / "mask_000.png", "png!");
    QCOMPARE(donemarker::check(save, "a", image, "s").state, DoneCheck::State::Missing);
    donemarker::write(save, "a", image, "s", {save / "a_summary.txt", save / "a_masks" / "mask_000.png"});
    QVERIFY(fs::is_regular_file(donemarker::path(save, "a")));
    const DoneCheck c = donemarker::check(save, "a", image, "s");
    QVERIFY2(c.isComplete(), c.reason.c_str());
    // A relative spelling of the same image is the same image.
    const fs::path cwd = fs::current_path();
    fs::current_path(root);
    QVERIFY(donemarker::check(save, "a", fs::path("in") / "a.jpg", "s").isComplete());
    fs::current_path(cwd);
    donemarker::remove(save, "a");
    QCOMPARE(donemarker::check(save, "a", image, "s").state, DoneCheck::State::Missing);
    // Outputs outside the save folder are refused at writing.
    writeBytes(root / "elsewhere.txt", "x");
    QVERIFY_THROWS_EXCEPTION(std::exception, donemarker::write(save, "a", image, "s", {root / "elsewhere.txt"}));
}

void TestBatch::markerStaleCases_data()
{
    QTest::addColumn<QString>("change");
    QTest::addColumn<QString>("reason");
    QTest::newRow("settings") << "settings" << "settings";
    QTest::newRow("image content") << "image" << "changed";
    QTest::newRow("other image") << "other" << "another image";
    QTest::newRow("output deleted") << "delete" << "missing";
    QTest::newRow("output truncated") << "truncate" << "bytes";
}

void TestBatch::markerStaleCases()
{
    QFETCH(QString, change);
    QFETCH(QString, reason);
    QTemporaryDir dir;
    const fs::path root = dir.path().toStdString();
    const fs::path save = root / "out";
    const fs::path image = root / "a.jpg", other = root / "b.jpg";
    writeBytes(image, "pixels");
    writeBytes(other, "pixels");
    writeBytes(save / "a_coco.json", "{\"images\": []}");
    donemarker::write(save, "a", image, "threshold=0.6", {save / "a_coco.json"});
    QVERIFY(donemarker::check(save, "a", image, "threshold=0.6").isComplete());
    std::string settings = "threshold=0.6";
    fs::path source = image;
    if (change == QLatin1String("settings"))
        settings = "threshold=0.5";
    else if (change == QLatin1String("image"))
        writeBytes(image, "other pixels");
    else if (change == QLatin1String("other"))
        source = other;
    else if (change == QLatin1String("delete"))
        fs::remove(save / "a_coco.json");
    else if (change == QLatin1String("truncate"))
        fs::resize_file(save / "a_coco.json", 3);
    const DoneCheck c = donemarker::check(save, "a", source, settings);
    QCOMPARE(c.state, DoneCheck::State::Stale);
    QVERIFY2(QString::fromStdString(c.reason).contains(reason), c.reason.c_str());
}

void TestBatch::markerUntrustedText_data()
{
    QTest::addColumn<QByteArray>("edit"); // "truncate", "garbage", "escape", "absolute", "huge", "folder", "tail"
    for (const char *e : {"truncate", "garbage", "escape", "absolute", "huge", "folder", "tail", "badsize"})
        QTest::newRow(e) << QByteArray(e);
}

void TestBatch::markerUntrustedText()
{
    QFETCH(QByteArray, edit);
    QTemporaryDir dir;
    const fs::path root = dir.path().toStdString();
    const fs::path save = root / "out";
    const fs::path image = root / "a.jpg";
    writeBytes(image, "pixels");
    writeBytes(save / "a_summary.txt", "summary");
    writeBytes(root / "secret.txt", "summary"); // same size as the output: only the path can tell
    donemarker::write(save, "a", image, "s", {save / "a_summary.txt"});
    const fs::path marker = donemarker::path(save, "a");
    std::string text = readBytes(marker);
    const auto replace = [&](const std::string &from, const std::string &to) {
        const auto at = text.find(from);
        QVERIFY(at != std::string::npos);
        text.replace(at, from.size(), to);
    };
    if (edit == "truncate")
        text.resize(text.size() - 4);
    else if (edit == "garbage")
        text = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(100, '\0');
    else if (edit == "escape")
        replace("a_summary.txt", "../secret.txt");
    else if (edit == "absolute")
        replace("output 7 a_summary.txt", "output 7 " + (root / "secret.txt").generic_string());
    else if (edit == "huge")
        text += std::string(2 << 20, 'x');
    else if (edit == "tail")
        text += "output 7 a_summary.txt\n";
    else if (edit == "badsize")
        replace("output 7 ", "output 99999999999999999999999 ");
    if (edit == "folder") {
        fs::remove(marker);
        fs::create_directories(marker);
    } else {
        writeBytes(marker, text);
    }
    const DoneCheck c = donemarker::check(save, "a", image, "s");
    QCOMPARE(c.state, DoneCheck::State::Stale);
    QVERIFY(!c.reason.empty());
}

void TestBatch::interruptedTemporariesOnlyOwn()
{
    QTemporaryDir dir;
    const fs::path save = fs::path(dir.path().toStdString()) / "out";
    // Left by a killed export of "img".
    writeBytes(save / ".img_summary.txt.tmp-AbC123", "x");
    writeBytes(save / ".img_coco.json.tmp-ZZZZZZ", "x");
    writeBytes(save / "img_masks" / ".mask_000.png.tmp-q1w2e3", "x");
    writeBytes(save / ".dinosam-done" / ".img.done.tmp-a1b2c3", "x");
    // Not img's: another image's temporaries (possibly another shard's export in flight), real files.
    writeBytes(save / ".img_2_summary.txt.tmp-AbC123", "x");
    writeBytes(save / "img_2_masks" / ".mask_000.png.tmp-q1w2e3", "x");
    writeBytes(save / "img_summary.txt", "x");
    writeBytes(save / "img_masks" / "mask_000.png", "x");
    writeBytes(save / ".img_summary.txt.tmp-short", "x"); // not AtomicFile's pattern (6 random characters)
    QCOMPARE(donemarker::removeInterruptedTemporaries(save, "img"), 4);
    QVERIFY(!fs::exists(save / ".img_summary.txt.tmp-AbC123"));
    QVERIFY(!fs::exists(save / "img_masks" / ".mask_000.png.tmp-q1w2e3"));
    QVERIFY(fs::exists(save / ".img_2_summary.txt.tmp-AbC123"));
    QVERIFY(fs::exists(save / "img_2_masks" / ".mask_000.png.tmp-q1w2e3"));
    QVERIFY(fs::exists(save / "img_summary.txt"));
    QVERIFY(fs::exists(save / "img_masks" / "mask_000.png"));
    QVERIFY(fs::exists(save / ".img_summary.txt.tmp-short"));
    QCOMPARE(donemarker::removeInterruptedTemporaries(save / "nonexistent", "img"), 0);
}

QTEST_GUILESS_MAIN(TestBatch)
#include "tst_batch.moc"
