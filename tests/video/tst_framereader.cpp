// FrameReader: frame folders (natural order, one size) and video files through
// OpenCV's VideoCapture (FFmpeg), bad input included. Videos are written at test
// time with OpenCV's VideoWriter (MJPG in AVI), so no binary data is checked in.
#include "video/framereader.h"

#include <QTemporaryDir>
#include <QtTest>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <filesystem>
#include <fstream>

using namespace dinosam;
namespace fs = std::filesystem;

namespace {

/// Frame i: a white square moving right on a dark background (RGB).
cv::Mat syntheticFrame(int i, cv::Size size = {96, 64})
{
    cv::Mat rgb(size, CV_8UC3, cv::Scalar(20, 40, 60));
    cv::rectangle(rgb, cv::Rect(4 + 3 * i, 20, 16, 16), cv::Scalar(250, 250, 250), cv::FILLED);
    return rgb;
}

bool writeVideo(const fs::path &file, int frames, cv::Size size = {96, 64})
{
    cv::VideoWriter writer(file.string(), cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 25.0, size);
    if (!writer.isOpened())
        return false;
    for (int i = 0; i < frames; ++i) {
        cv::Mat bgr;
        cv::cvtColor(syntheticFrame(i, size), bgr, cv::COLOR_RGB2BGR);
        writer.write(bgr);
    }
    return true;
}

double meanAbsDiff(const cv::Mat &a, const cv::Mat &b)
{
    cv::Mat d;
    cv::absdiff(a, b, d);
    const auto m = cv::mean(d);
    return (m[0] + m[1] + m[2]) / 3.0;
}

} // namespace

class TestFrameReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void folderInNaturalOrder()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        // 2 before 10 (natural order), not after it (lexicographic).
        for (int i : {10, 2, 1}) {
            cv::Mat bgr;
            cv::cvtColor(syntheticFrame(i), bgr, cv::COLOR_RGB2BGR);
            QVERIFY(cv::imwrite((root / ("f" + std::to_string(i) + ".png")).string(), bgr));
        }
        auto reader = FrameReader::open(root);
        QCOMPARE(reader->frameCount(), int64_t(3));
        QVERIFY(reader->isFolder());
        QCOMPARE(reader->frameFile(1).filename().string(), std::string("f2.png"));
        QCOMPARE(reader->frameSize(), cv::Size(96, 64));
        QCOMPARE(cv::norm(reader->frame(2), syntheticFrame(10), cv::NORM_INF), 0.0); // PNG: lossless, RGB order
        QCOMPARE(cv::norm(reader->frame(0), syntheticFrame(1), cv::NORM_INF), 0.0);
        QVERIFY_THROWS_EXCEPTION(FrameReadError, reader->frame(3));
    }

    void folderMixingSizesNamesTheOddFrame()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        QVERIFY(cv::imwrite((root / "a1.png").string(), syntheticFrame(0)));
        QVERIFY(cv::imwrite((root / "a2.png").string(), syntheticFrame(1, {50, 50})));
        QVERIFY(cv::imwrite((root / "a3.png").string(), syntheticFrame(2)));
        try {
            FrameReader::open(root);
            QFAIL("mixed sizes accepted");
        } catch (const FrameReadError &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains("a2.png"), e.what());
        }
    }

    void videoFileInOrderAndBackwards()
    {
        QTemporaryDir dir;
        const fs::path file = fs::path(dir.path().toStdString()) / "clip.avi";
        if (!writeVideo(file, 30))
            QFAIL("OpenCV has no MJPG/AVI writer (FFmpeg backend missing?)");
        FrameReaderOptions options;
        options.cacheFrames = 4;
        auto reader = FrameReader::open(file, options);
        QCOMPARE(reader->frameCount(), int64_t(30));
        QCOMPARE(reader->frameSize(), cv::Size(96, 64));
        QVERIFY(!reader->isFolder());
        for (int i : {0, 1, 2, 15, 29, 3, 28}) { // forward, a jump, backwards (re-decode), cached
            const cv::Mat f = reader->frame(i);
            QCOMPARE(f.type(), CV_8UC3);
            const double err = meanAbsDiff(f, syntheticFrame(i));
            QVERIFY2(err < 4.0, qPrintable(QStringLiteral("frame %1: mean error %2").arg(i).arg(err)));
            // The right frame, not a neighbour (the square moves 3 px per frame).
            if (i > 0)
                QVERIFY(meanAbsDiff(f, syntheticFrame(i - 1)) > err);
        }
        QVERIFY(!reader->truncated());
    }

    void truncatedVideoStopsAtTheLastGoodFrame()
    {
        QTemporaryDir dir;
        const fs::path file = fs::path(dir.path().toStdString()) / "cut.avi";
        if (!writeVideo(file, 40))
            QFAIL("OpenCV has no MJPG/AVI writer");
        // Cut the file in half: the header still says 40 frames.
        const auto size = fs::file_size(file);
        fs::resize_file(file, size / 2);
        std::unique_ptr<FrameReader> reader;
        try {
            reader = FrameReader::open(file);
        } catch (const FrameReadError &e) {
            // Some demuxers refuse the file outright; that is a clear error too.
            QVERIFY(QString::fromUtf8(e.what()).contains("cut.avi"));
            return;
        }
        int64_t good = 0;
        bool failed = false;
        for (int64_t i = 0; i < 40; ++i) {
            try {
                reader->frame(i);
                ++good;
            } catch (const FrameReadError &e) {
                QVERIFY2(QString::fromUtf8(e.what()).contains("truncated"), e.what());
                failed = true;
                break;
            }
        }
        if (reader->frameCount() == 40) {
            // The header was rewritten short by the demuxer: nothing to detect.
            QVERIFY(!failed);
        } else {
            QVERIFY(failed);
            QVERIFY(reader->truncated());
            QCOMPARE(reader->frameCount(), good);
            QVERIFY(good > 5 && good < 40);
        }
    }

    void badFiles()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        QVERIFY_THROWS_EXCEPTION(FrameReadError, FrameReader::open(root / "missing.mp4"));
        {
            std::ofstream(root / "garbage.mp4") << "this is not a video";
        }
        QVERIFY_THROWS_EXCEPTION(FrameReadError, FrameReader::open(root / "garbage.mp4"));
        {
            std::ofstream(root / "empty.avi");
        }
        QVERIFY_THROWS_EXCEPTION(FrameReadError, FrameReader::open(root / "empty.avi"));
        fs::create_directory(root / "nothing");
        QVERIFY_THROWS_EXCEPTION(FrameReadError, FrameReader::open(root / "nothing"));
        // A frame size above the limit is refused from the header.
        const fs::path file = root / "big.avi";
        QVERIFY(writeVideo(file, 3));
        FrameReaderOptions options;
        options.maxPixels = 1000;
        try {
            FrameReader::open(file, options);
            QFAIL("a frame above maxPixels was accepted");
        } catch (const FrameReadError &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains("exceed"), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestFrameReader)
#include "tst_framereader.moc"
