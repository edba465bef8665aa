// Tests for loadImage(): every bad input gives ImageLoadError naming the file; every good
// input gives the right size, orientation and colours.
#include "imageio/imageloader.h"
#include "testimagefiles.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <sys/stat.h>

using namespace dinosam;
using namespace dinosam::test;

namespace {

cv::Vec3b px(const cv::Mat &rgb, int x, int y) { return rgb.at<cv::Vec3b>(y, x); }

bool near(cv::Vec3b a, cv::Vec3b b, int tol)
{
    for (int c = 0; c < 3; ++c) {
        if (std::abs(int(a[c]) - int(b[c])) > tol)
            return false;
    }
    return true;
}

QString show(cv::Vec3b v) { return QStringLiteral("(%1,%2,%3)").arg(v[0]).arg(v[1]).arg(v[2]); }

// Quadrant test card, RGB: red | green / blue | white.
const cv::Vec3b kRed(255, 0, 0), kGreen(0, 255, 0), kBlue(0, 0, 255), kWhite(255, 255, 255);

cv::Mat quadrantCardBgr(int w, int h)
{
    cv::Mat bgr(h, w, CV_8UC3);
    auto bgrOf = [](cv::Vec3b rgb) { return cv::Scalar(rgb[2], rgb[1], rgb[0]); };
    bgr(cv::Rect(0, 0, w / 2, h / 2)).setTo(bgrOf(kRed));
    bgr(cv::Rect(w / 2, 0, w - w / 2, h / 2)).setTo(bgrOf(kGreen));
    bgr(cv::Rect(0, h / 2, w / 2, h - h / 2)).setTo(bgrOf(kBlue));
    bgr(cv::Rect(w / 2, h / 2, w - w / 2, h - h / 2)).setTo(bgrOf(kWhite));
    return bgr;
}

} // namespace

class TestImageLoader : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString write(const QString &name, const QByteArray &bytes)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

    QString writeMat(const QString &name, const cv::Mat &m, const std::vector<int> &params = {})
    {
        std::vector<unsigned char> bytes;
        if (!cv::imencode(QString(QLatin1Char('.') + QFileInfo(name).suffix()).toStdString(), m, bytes, params))
            qFatal("cannot encode %s", qPrintable(name));
        return write(name, toBytes(bytes));
    }

    static std::string expectLoadError(const QString &path)
    {
        try {
            loadImage(path.toStdString());
        } catch (const ImageLoadError &e) {
            return e.what();
        }
        return "no error";
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void badInput_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("reason"); // a fragment the message must contain

        QTest::newRow("missing") << m_dir.filePath("does-not-exist.png") << "does not exist";
        QDir(m_dir.path()).mkdir("folder.png");
        QTest::newRow("directory") << m_dir.filePath("folder.png") << "is a directory";
        QTest::newRow("zero bytes") << write("empty.jpg", {}) << "empty (0 bytes)";
        QTest::newRow("text as png") << write("notes.png", "hello, I am not a picture\n") << "not an image";
        QTest::newRow("random bytes as jpg")
            << write("noise.jpg", QByteArray("\x12\x34\x56\x78\x9a\xbc\xde\xf0\x00\x11", 10)) << "not an image";
        QTest::newRow("html as webp") << write("page.webp", "<!doctype html><html></html>") << "not an image";
        // A GIF is said to be a GIF, not a corrupt file, whatever its extension.
        QTest::newRow("gif") << write("anim.gif", QByteArray("GIF89a\x01\x00\x01\x00\x00\x00\x00;", 14)) << "GIF is not supported";
        QTest::newRow("gif as jpg") << write("anim.jpg", QByteArray("GIF87a\x01\x00\x01\x00\x00\x00\x00;", 14))
                                    << "GIF is not supported";

        const cv::Mat card = quadrantCardBgr(64, 48);
        std::vector<unsigned char> png, jpg, tif;
        cv::imencode(".png", card, png);
        cv::imencode(".jpg", card, jpg);
        cv::imencode(".tif", card, tif);
        QTest::newRow("png signature only") << write("sig.png", toBytes(png).left(8)) << "PNG";
        QTest::newRow("truncated png") << write("half.png", toBytes(png).left(int(png.size()) / 2)) << "decode PNG";
        QTest::newRow("truncated jpeg") << write("half.jpg", toBytes(jpg).left(int(jpg.size()) / 2)) << "truncated JPEG";
        QTest::newRow("jpeg header only") << write("head.jpg", toBytes(jpg).left(40)) << "JPEG";
        QTest::newRow("jpeg soi + garbage") << write("garbage.jpg", QByteArray("\xFF\xD8\xFF\x00garbage", 11))
                                            << "corrupt";
        QTest::newRow("truncated tiff") << write("half.tif", toBytes(tif).left(int(tif.size()) / 3)) << "TIFF";
        QByteArray corruptPng = toBytes(png);
        for (int i = 60; i < corruptPng.size() - 20; ++i)
            corruptPng[i] = char(corruptPng[i] ^ 0x5A); // image data scrambled, chunk CRCs wrong
        QTest::newRow("corrupt png data") << write("scrambled.png", corruptPng) << "decode PNG";

        // Huge images are refused from the header, before any decoding (the files are tiny).
        QTest::newRow("20000x20000 png")
            << write("huge.png", makePng(20000, 20000, 8, 2, {}, false)) << "too large: 20000x20000";
        QTest::newRow("30000x30000 jpeg") << write("huge.jpg", jpegHeaderClaiming(30000, 30000)) << "too large";
        QTest::newRow("zero-width png") << write("zero.png", makePng(0, 10, 8, 2, {}, false)) << "corrupt PNG header";
    }

    void badInput()
    {
        QFETCH(QString, path);
        QFETCH(QString, reason);
        const QString message = QString::fromStdString(expectLoadError(path));
        qInfo("%s", qPrintable(message));
        QVERIFY2(message.contains(path), qPrintable(message));
        QVERIFY2(message.contains(reason), qPrintable(message));
    }

    void errorCarriesPathAndReason()
    {
        const QString path = write("bogus.tiff", "not a tiff");
        try {
            loadImage(path.toStdString());
            QFAIL("no exception");
        } catch (const ImageLoadError &e) {
            QCOMPARE(QString::fromStdString(e.path().string()), path);
            QVERIFY(!e.reason().empty());
            QCOMPARE(QString::fromUtf8(e.what()), path + ": " + QString::fromStdString(e.reason()));
        }
    }

    void unreadableFile()
    {
        const QString path = writeMat("locked.png", quadrantCardBgr(8, 8));
        QVERIFY(::chmod(QFile::encodeName(path).constData(), 0) == 0);
        // As root (CI), permission bits do not stop reads: the read runs as "nobody" then.
        const std::string message = runUnprivileged([&] { return expectLoadError(path); });
        ::chmod(QFile::encodeName(path).constData(), 0644);
        qInfo("%s", message.c_str());
        QVERIFY2(QString::fromStdString(message).contains(path), message.c_str());
        QVERIFY2(message.find("Permission denied") != std::string::npos, message.c_str());
    }

    void pixelLimitIsConfigurable()
    {
        const QString path = writeMat("limit.png", quadrantCardBgr(100, 50)); // 5000 px
        ImageLoadOptions options;
        options.maxPixels = 4999;
        QVERIFY_THROWS_EXCEPTION(ImageLoadError, loadImage(path.toStdString(), options));
        options.maxPixels = 5000;
        QCOMPARE(loadImage(path.toStdString(), options).rgb.cols, 100);
    }

    void colourFormats_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("depth");
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("tolerance");

        const cv::Mat card = quadrantCardBgr(64, 48);
        const QString cardPng = writeMat("card.png", card);
        QTest::newRow("png rgb") << cardPng << int(CV_8U) << 3 << 0;
        QFile cardFile(cardPng);
        QVERIFY(cardFile.open(QIODevice::ReadOnly));
        QTest::newRow("png content, jpg name") << write("liar.jpg", cardFile.readAll()) << int(CV_8U) << 3 << 0;
        QTest::newRow("bmp") << writeMat("card.bmp", card) << int(CV_8U) << 3 << 0;
        QTest::newRow("tiff") << writeMat("card.tif", card) << int(CV_8U) << 3 << 0;
        QTest::newRow("ppm") << writeMat("card.ppm", card) << int(CV_8U) << 3 << 0;
        QTest::newRow("webp lossless")
            << writeMat("card.webp", card, {cv::IMWRITE_WEBP_QUALITY, 101}) << int(CV_8U) << 3 << 0;
        QTest::newRow("jpeg") << writeMat("card.jpg", card, {cv::IMWRITE_JPEG_QUALITY, 95}) << int(CV_8U) << 3 << 12;
        QTest::newRow("JPEG upper-case ext") << writeMat("CARD.JPG", card) << int(CV_8U) << 3 << 20;
        cv::Mat card16;
        card.convertTo(card16, CV_16U, 257.0);
        QTest::newRow("png 16-bit") << writeMat("card16.png", card16) << int(CV_16U) << 3 << 0;
        QTest::newRow("tiff 16-bit") << writeMat("card16.tif", card16) << int(CV_16U) << 3 << 0;
    }

    void colourFormats()
    {
        QFETCH(QString, path);
        QFETCH(int, depth);
        QFETCH(int, channels);
        QFETCH(int, tolerance);
        const LoadedImage img = loadImage(path.toStdString());
        QCOMPARE(img.rgb.type(), CV_8UC3);
        QCOMPARE(img.rgb.cols, 64);
        QCOMPARE(img.rgb.rows, 48);
        QVERIFY(img.rgb.isContinuous());
        QCOMPARE(img.info.originalDepth, depth);
        QCOMPARE(img.info.originalChannels, channels);
        QVERIFY(!img.info.alphaComposited);
        // Sample the middle of each quadrant (away from JPEG's blurred edges).
        const struct { int x, y; cv::Vec3b rgb; } probes[] = {
            {16, 12, kRed}, {48, 12, kGreen}, {16, 36, kBlue}, {48, 36, kWhite}};
        for (const auto &p : probes)
            QVERIFY2(near(px(img.rgb, p.x, p.y), p.rgb, tolerance),
                     qPrintable(show(px(img.rgb, p.x, p.y)) + " expected " + show(p.rgb)));
    }

    void sixteenBitScaling()
    {
        // Each 16-bit value v must become round(v * 255 / 65535).
        const std::vector<uint16_t> values = {0, 128, 129, 257, 1000, 25700, 32767, 32896, 65279, 65535};
        cv::Mat gray16(1, int(values.size()), CV_16UC1);
        for (size_t i = 0; i < values.size(); ++i)
            gray16.at<uint16_t>(0, int(i)) = values[i];
        for (const char *ext : {".png", ".tif"}) {
            const QString path = writeMat(QStringLiteral("ramp16") + ext, gray16);
            const LoadedImage img = loadImage(path.toStdString());
            QCOMPARE(img.info.originalDepth, int(CV_16U));
            QCOMPARE(img.info.originalChannels, 1);
            for (size_t i = 0; i < values.size(); ++i) {
                const int expected = int(std::lround(values[i] * 255.0 / 65535.0));
                const cv::Vec3b got = px(img.rgb, int(i), 0);
                QCOMPARE(int(got[0]), expected);
                QCOMPARE(int(got[1]), expected);
                QCOMPARE(int(got[2]), expected);
            }
        }
    }

    void grayscale_data()
    {
        QTest::addColumn<QString>("extension");
        QTest::newRow("png") << "png";
        QTest::newRow("pgm") << "pgm";
        QTest::newRow("tiff") << "tif";
        QTest::newRow("bmp") << "bmp";
    }

    void grayscale()
    {
        QFETCH(QString, extension);
        cv::Mat gray(3, 4, CV_8UC1);
        for (int i = 0; i < 12; ++i)
            gray.data[i] = uchar(i * 20);
        const LoadedImage img = loadImage(writeMat("gray." + extension, gray).toStdString());
        QCOMPARE(img.rgb.size(), cv::Size(4, 3));
        for (int i = 0; i < 12; ++i)
            QCOMPARE(px(img.rgb, i % 4, i / 4), cv::Vec3b(uchar(i * 20), uchar(i * 20), uchar(i * 20)));
    }

    void grayAlphaCompositedOnWhite()
    {
        // gray 100 at alpha 255 / 128 / 0, and gray 0 at alpha 64.
        const QByteArray png = makePng(4, 1, 8, 4, {100, 255, 100, 128, 100, 0, 0, 64});
        const LoadedImage img = loadImage(write("grayalpha.png", png).toStdString());
        QVERIFY(img.info.alphaComposited);
        auto expect = [](int v, int a) { return int(std::lround((v * a + 255.0 * (255 - a)) / 255.0)); };
        const int want[] = {expect(100, 255), expect(100, 128), expect(100, 0), expect(0, 64)};
        for (int x = 0; x < 4; ++x) {
            const cv::Vec3b got = px(img.rgb, x, 0);
            QVERIFY2(std::abs(got[0] - want[x]) <= 1 && got[0] == got[1] && got[1] == got[2],
                     qPrintable(show(got) + " expected " + QString::number(want[x])));
        }
    }

    void rgbaCompositedOnWhite_data()
    {
        QTest::addColumn<int>("bitDepth");
        QTest::newRow("8-bit") << 8;
        QTest::newRow("16-bit") << 16;
    }

    void rgbaCompositedOnWhite()
    {
        QFETCH(int, bitDepth);
        const uint16_t one = bitDepth == 16 ? 65535 : 255;
        const uint16_t half = bitDepth == 16 ? 32768 : 128;
        // opaque red, transparent green (must become white), half-transparent blue.
        const QByteArray png = makePng(3, 1, bitDepth, 6, {one, 0, 0, one, 0, one, 0, 0, 0, 0, one, half});
        const LoadedImage img = loadImage(write(QStringLiteral("rgba%1.png").arg(bitDepth), png).toStdString());
        QVERIFY(img.info.alphaComposited);
        QCOMPARE(img.info.originalChannels, 4);
        QCOMPARE(px(img.rgb, 0, 0), kRed);
        QCOMPARE(px(img.rgb, 1, 0), kWhite);
        QVERIFY2(near(px(img.rgb, 2, 0), cv::Vec3b(127, 127, 255), 1), qPrintable(show(px(img.rgb, 2, 0))));
    }

    void onePixel()
    {
        cv::Mat one(1, 1, CV_8UC3, cv::Scalar(30, 20, 10)); // BGR
        const LoadedImage img = loadImage(writeMat("one.png", one).toStdString());
        QCOMPARE(img.rgb.size(), cv::Size(1, 1));
        QCOMPARE(px(img.rgb, 0, 0), cv::Vec3b(10, 20, 30));
    }

    void exifOrientation_data()
    {
        QTest::addColumn<int>("orientation");
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        // Quadrant colours after orientation: top-left, top-right, bottom-left, bottom-right.
        QTest::addColumn<QString>("quadrants");
        // Card is R G / B W, 64x32; letters R G B W.
        QTest::newRow("1 none") << 1 << 64 << 32 << "RGBW";
        QTest::newRow("2 mirror") << 2 << 64 << 32 << "GRWB";
        QTest::newRow("3 rotate 180") << 3 << 64 << 32 << "WBGR";
        QTest::newRow("4 flip") << 4 << 64 << 32 << "BWRG";
        QTest::newRow("5 transpose") << 5 << 32 << 64 << "RBGW";
        QTest::newRow("6 rotate 90 cw") << 6 << 32 << 64 << "BRWG";
        QTest::newRow("7 transverse") << 7 << 32 << 64 << "WGBR";
        QTest::newRow("8 rotate 270 cw") << 8 << 32 << 64 << "GWRB";
    }

    void exifOrientation()
    {
        QFETCH(int, orientation);
        QFETCH(int, width);
        QFETCH(int, height);
        QFETCH(QString, quadrants);
        std::vector<unsigned char> jpg;
        QVERIFY(cv::imencode(".jpg", quadrantCardBgr(64, 32), jpg, {cv::IMWRITE_JPEG_QUALITY, 95}));
        const QString path =
            write(QStringLiteral("exif%1.jpg").arg(orientation), withExifOrientation(toBytes(jpg), orientation));
        const LoadedImage img = loadImage(path.toStdString());
        QCOMPARE(img.info.exifOrientation, orientation);
        QCOMPARE(img.info.orientationApplied, orientation != 1);
        QCOMPARE(img.info.storedSize, cv::Size(64, 32));
        QCOMPARE(img.rgb.cols, width);
        QCOMPARE(img.rgb.rows, height);
        auto colour = [](QChar c) { return c == 'R' ? kRed : c == 'G' ? kGreen : c == 'B' ? kBlue : kWhite; };
        const cv::Point centres[] = {{width / 4, height / 4}, {3 * width / 4, height / 4},
                                     {width / 4, 3 * height / 4}, {3 * width / 4, 3 * height / 4}};
        for (int q = 0; q < 4; ++q) {
            const cv::Vec3b got = px(img.rgb, centres[q].x, centres[q].y);
            QVERIFY2(near(got, colour(quadrants[q]), 12),
                     qPrintable(QStringLiteral("quadrant %1: ").arg(q) + show(got)));
        }
        // OpenCV's own EXIF handling (imread IMREAD_COLOR) must agree.
        cv::Mat reference = cv::imread(path.toStdString(), cv::IMREAD_COLOR);
        cv::cvtColor(reference, reference, cv::COLOR_BGR2RGB);
        QCOMPARE(reference.size(), img.rgb.size());
        QCOMPARE(cv::norm(reference, img.rgb, cv::NORM_INF), 0.0);

        // Opting out keeps the stored orientation.
        ImageLoadOptions raw;
        raw.applyExifOrientation = false;
        QCOMPARE(loadImage(path.toStdString(), raw).rgb.size(), cv::Size(64, 32));
    }

    void pngExifOrientation()
    {
        std::vector<unsigned char> png;
        QVERIFY(cv::imencode(".png", quadrantCardBgr(64, 32), png));
        const QString path = write("exif6.png", withPngExifOrientation(toBytes(png), 6));
        const LoadedImage img = loadImage(path.toStdString());
        QCOMPARE(img.info.exifOrientation, 6);
        QVERIFY(img.info.orientationApplied);
        QCOMPARE(img.rgb.size(), cv::Size(32, 64));
        QCOMPARE(px(img.rgb, 8, 16), kBlue);
        QCOMPARE(px(img.rgb, 24, 16), kRed);
        QCOMPARE(px(img.rgb, 8, 48), kWhite);
        QCOMPARE(px(img.rgb, 24, 48), kGreen);
    }

    void cmykJpeg()
    {
#ifdef DINOSAM_TEST_HAVE_LIBJPEG
        // Adobe CMYK JPEGs store inverted samples: stored (255, 0, 0, 255) is C=0 M=100% Y=100% K=0 = red.
        const int w = 32, h = 16;
        std::vector<unsigned char> cmyk(size_t(w) * h * 4);
        for (int y = 0; y < h; ++y) {
            for (int x = 0; x < w; ++x) {
                unsigned char *p = &cmyk[(size_t(y) * w + x) * 4];
                const bool left = x < w / 2;
                p[0] = left ? 255 : 0;   // left: red, right: cyan
                p[1] = left ? 0 : 255;
                p[2] = left ? 0 : 255;
                p[3] = 255;
            }
        }
        const QString path = write("cmyk.jpg", makeCmykJpeg(w, h, cmyk));
        const LoadedImage img = loadImage(path.toStdString());
        QCOMPARE(img.rgb.size(), cv::Size(w, h));
        QVERIFY2(near(px(img.rgb, 4, 8), kRed, 12), qPrintable(show(px(img.rgb, 4, 8))));
        QVERIFY2(near(px(img.rgb, 28, 8), cv::Vec3b(0, 255, 255), 12), qPrintable(show(px(img.rgb, 28, 8))));
#else
        QFAIL("built without libjpeg headers: cannot generate the CMYK JPEG (install libjpeg-dev)");
#endif
    }

    void mutatedFilesOnlyThrowImageLoadError()
    {
        // Random byte flips and truncations of valid files of every format: loading must either
        // succeed with a sane image or throw ImageLoadError, never crash or throw anything else.
        const cv::Mat card = quadrantCardBgr(24, 16);
        cv::RNG rng(12345);
        int loaded = 0, refused = 0;
        for (const char *ext : {".png", ".jpg", ".tif", ".bmp", ".webp", ".ppm"}) {
            std::vector<unsigned char> valid;
            QVERIFY(cv::imencode(ext, card, valid));
            for (int round = 0; round < 150; ++round) {
                std::vector<unsigned char> bytes = valid;
                if (round % 3 == 0) {
                    bytes.resize(size_t(rng.uniform(1, int(bytes.size()))));
                } else {
                    const int flips = rng.uniform(1, 4);
                    for (int k = 0; k < flips; ++k) {
                        // Mostly in the header, where our own parser reads.
                        const int limit = round % 2 ? std::min<int>(64, int(bytes.size())) : int(bytes.size());
                        bytes[size_t(rng.uniform(0, limit))] = uchar(rng.uniform(0, 256));
                    }
                }
                try {
                    const LoadedImage img = decodeImage(bytes, QStringLiteral("mutated%1").arg(ext).toStdString());
                    QCOMPARE(img.rgb.type(), CV_8UC3);
                    QVERIFY(!img.rgb.empty());
                    ++loaded;
                } catch (const ImageLoadError &e) {
                    QVERIFY(QString::fromUtf8(e.what()).startsWith("mutated"));
                    ++refused;
                }
            }
        }
        qInfo("mutated files: %d loaded, %d refused", loaded, refused);
        QVERIFY(refused > 0);
    }

    void decodeFromMemory()
    {
        std::vector<unsigned char> png;
        cv::imencode(".png", quadrantCardBgr(10, 10), png);
        const LoadedImage img = decodeImage(png, "dropped.png");
        QCOMPARE(px(img.rgb, 0, 0), kRed);
        QVERIFY_THROWS_EXCEPTION(ImageLoadError, decodeImage(std::span<const unsigned char>(), "nothing.png"));
    }
};

QTEST_GUILESS_MAIN(TestImageLoader)
#include "tst_imageloader.moc"
