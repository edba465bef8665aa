// ImageReadAhead: images come back in order, decoded ahead on another thread, at most `depth`
// waiting; a loader error reaches the caller of take() for that image only; skipping and an
// early destruction neither hang nor leak.
#include "imageio/imagereadahead.h"

#include <QtTest>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>

using namespace dinosam;
namespace fs = std::filesystem;

namespace {

std::vector<fs::path> names(int n)
{
    std::vector<fs::path> files;
    for (int i = 0; i < n; ++i)
        files.emplace_back("image" + std::to_string(i) + ".png");
    return files;
}

/// A 1x1 image whose red value is the file's number; "image3.png" fails when failThree.
LoadedImage fakeLoad(const fs::path &file, bool failThree)
{
    const int n = std::stoi(file.stem().string().substr(5));
    if (failThree && n == 3)
        throw std::runtime_error(file.string() + ": broken");
    LoadedImage image;
    image.rgb = cv::Mat(1, 1, CV_8UC3, cv::Scalar(n, 0, 0));
    return image;
}

} // namespace

class TestImageReadAhead : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void imagesComeInOrderAndAnErrorStaysWithItsImage()
    {
        ImageReadAhead ahead(names(6), 1, [](const fs::path &f) { return fakeLoad(f, true); });
        for (int i = 0; i < 6; ++i) {
            if (i == 3) {
                QVERIFY_THROWS_EXCEPTION(std::runtime_error, ahead.take(3));
                continue;
            }
            QCOMPARE(int(ahead.take(size_t(i)).rgb.at<cv::Vec3b>(0, 0)[0]), i);
        }
    }

    void decodesAheadButAtMostDepthImagesWait()
    {
        // The loader records how far it got; the caller waits until the thread has decoded all
        // it may before taking the next image, and checks it went no further.
        std::mutex m;
        std::condition_variable cv;
        int loaded = 0;
        const size_t depth = 2;
        ImageReadAhead ahead(names(10), depth, [&](const fs::path &f) {
            auto image = fakeLoad(f, false);
            {
                std::lock_guard lock(m);
                ++loaded;
            }
            cv.notify_all();
            return image;
        });
        for (int i = 0; i < 10; ++i) {
            const int expectAhead = std::min(10, i + int(depth)); // images 0 .. i+depth-1 decoded
            std::unique_lock lock(m);
            QVERIFY(cv.wait_for(lock, std::chrono::seconds(10), [&] { return loaded >= expectAhead; }));
            lock.unlock();
            // Give the thread a chance to overrun the bound, if it would.
            std::this_thread::yield();
            lock.lock();
            QVERIFY2(loaded <= std::min(10, i + int(depth)), qPrintable(QString::number(loaded)));
            lock.unlock();
            QCOMPARE(int(ahead.take(size_t(i)).rgb.at<cv::Vec3b>(0, 0)[0]), i);
        }
    }

    void skippedImagesAreDroppedAndTakingBackwardsIsRefused()
    {
        ImageReadAhead ahead(names(8), 1, [](const fs::path &f) { return fakeLoad(f, false); });
        QCOMPARE(int(ahead.take(0).rgb.at<cv::Vec3b>(0, 0)[0]), 0);
        QCOMPARE(int(ahead.take(5).rgb.at<cv::Vec3b>(0, 0)[0]), 5);
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, ahead.take(2));
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, ahead.take(8));
        QCOMPARE(int(ahead.take(7).rgb.at<cv::Vec3b>(0, 0)[0]), 7);
    }

    void destroyingEarlyStopsTheThread()
    {
        std::atomic<int> calls{0};
        {
            ImageReadAhead ahead(names(1000), 1, [&](const fs::path &f) {
                ++calls;
                return fakeLoad(f, false);
            });
            QCOMPARE(int(ahead.take(0).rgb.at<cv::Vec3b>(0, 0)[0]), 0);
        } // joins here; must not decode the whole list
        QVERIFY2(calls.load() <= 3, qPrintable(QString::number(calls.load())));
    }

    void theDefaultLoaderReportsAMissingFile()
    {
        ImageReadAhead ahead({fs::path("/nonexistent/dinosam-readahead.png")});
        QVERIFY_THROWS_EXCEPTION(std::exception, ahead.take(0));
    }
};

QTEST_GUILESS_MAIN(TestImageReadAhead)
#include "tst_imagereadahead.moc"
