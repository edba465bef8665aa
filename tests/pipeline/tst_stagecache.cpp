// The stage cache's LRU order, byte budget and protection of the current image;
// content keys.
#include "pipeline/contenthash.h"
#include "pipeline/stagecache.h"

#include <QtTest>

using namespace dinosam;

class TestStageCache : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hitsAndMisses();
    void evictsLeastRecentlyUsedFirst();
    void neverEvictsTheCurrentImage();
    void replacingAnEntryUpdatesBytes();
    void contentKeys();
};

void TestStageCache::hitsAndMisses()
{
    StageCache cache(100);
    QVERIFY(!cache.find("a"));
    cache.put("a", std::make_shared<int>(7), 10, "img1");
    QCOMPARE(*cache.get<int>("a"), 7);
    QCOMPARE(cache.hits(), uint64_t(1));
    QCOMPARE(cache.misses(), uint64_t(1));
    QCOMPARE(cache.bytes(), size_t(10));
    cache.clear();
    QCOMPARE(cache.size(), size_t(0));
    QCOMPARE(cache.bytes(), size_t(0));
}

void TestStageCache::evictsLeastRecentlyUsedFirst()
{
    StageCache cache(30);
    cache.put("a", std::make_shared<int>(1), 10, "A");
    cache.put("b", std::make_shared<int>(2), 10, "B");
    cache.put("c", std::make_shared<int>(3), 10, "C");
    QVERIFY(cache.find("a")); // a is now the most recently used
    cache.put("d", std::make_shared<int>(4), 10, "D"); // over budget: b goes
    QVERIFY(!cache.find("b"));
    QVERIFY(cache.find("a"));
    QVERIFY(cache.find("c"));
    QVERIFY(cache.find("d"));
    QCOMPARE(cache.bytes(), size_t(30));
    cache.setBudget(10); // only the current image (D) stays
    QCOMPARE(cache.size(), size_t(1));
    QVERIFY(cache.find("d"));
}

void TestStageCache::neverEvictsTheCurrentImage()
{
    StageCache cache(15);
    cache.put("a1", std::make_shared<int>(1), 10, "A");
    cache.put("a2", std::make_shared<int>(2), 10, "A"); // 20 > 15 but both belong to the current image
    QCOMPARE(cache.size(), size_t(2));
    cache.put("b1", std::make_shared<int>(3), 10, "B"); // B is current now: A's entries go
    QCOMPARE(cache.size(), size_t(1));
    QVERIFY(cache.find("b1"));
    QVERIFY(!cache.find("a1"));
}

void TestStageCache::replacingAnEntryUpdatesBytes()
{
    StageCache cache(100);
    cache.put("a", std::make_shared<int>(1), 40, "A");
    cache.put("a", std::make_shared<int>(2), 5, "A");
    QCOMPARE(cache.size(), size_t(1));
    QCOMPARE(cache.bytes(), size_t(5));
    QCOMPARE(*cache.get<int>("a"), 2);
}

void TestStageCache::contentKeys()
{
    cv::Mat a(40, 30, CV_8UC3, cv::Scalar(1, 2, 3));
    cv::Mat b = a.clone();
    QCOMPARE(contentHash(a), contentHash(b));
    b.at<cv::Vec3b>(39, 29)[2] = 4; // the very last byte
    QVERIFY(contentHash(a) != contentHash(b));
    // Same bytes, other shape: other key.
    QVERIFY(contentHash(a) != contentHash(a.reshape(3, 30)));
    // A non-continuous view hashes like its continuous copy's pixels.
    cv::Mat big(50, 50, CV_8UC3, cv::Scalar(1, 2, 3));
    QCOMPARE(contentHash(big(cv::Rect(0, 0, 30, 40))), contentHash(a));
    QCOMPARE(contentHash("abc", 3), contentHash(std::string("abc").data(), 3));
    QVERIFY(contentHash("abc", 3) != contentHash("abd", 3));
    QCOMPARE(contentHash(a).size(), size_t(32));
}

QTEST_GUILESS_MAIN(TestStageCache)
#include "tst_stagecache.moc"
