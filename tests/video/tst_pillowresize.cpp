// pillowResize() against the frames Meta's SAM2 video loader made
// (PIL.Image.open(f).convert("RGB").resize((1024, 1024)), Pillow 9.4, BICUBIC):
// the fixture's frames_uint8 from videos/bedroom/0000{0..5}.jpg. The JPEGs are
// decoded with the project's loader (OpenCV / libjpeg-turbo), so the comparison
// covers decoding and resampling together.
#include "fixtures.h"

#include "imageio/imageloader.h"
#include "io/checkpointreader.h"
#include "video/pillowresize.h"

#include <QtTest>
#include <torch/torch.h>

using namespace dinosam;

class TestPillowResize : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matchesMetasLoader_data()
    {
        QTest::addColumn<int>("frame");
        for (int i = 0; i < 6; ++i)
            QTest::newRow(qPrintable(QStringLiteral("frame%1").arg(i))) << i;
    }

    void matchesMetasLoader()
    {
        QFETCH(int, frame);
        DINOSAM_REQUIRE_FIXTURE("sam2.1_hiera_tiny_bedroom_video.pt");
        static const TensorMap fixture = readCheckpoint(test::fixtureFile("sam2.1_hiera_tiny_bedroom_video.pt"));
        const auto expected = fixture.at("frames_uint8")[frame].contiguous(); // [1024, 1024, 3] uint8 RGB
        const auto file = test::fixturePath(QStringLiteral("videos/bedroom/%1.jpg").arg(frame, 5, 10, QLatin1Char('0')));
        const auto image = loadImage(file.toStdString());
        QCOMPARE(image.rgb.cols, 960);
        QCOMPARE(image.rgb.rows, 540);
        const cv::Mat resized = pillowResize(image.rgb, cv::Size(1024, 1024), PillowFilter::Bicubic);
        QCOMPARE(resized.type(), CV_8UC3);
        const auto got = torch::from_blob(resized.data, {1024, 1024, 3}, torch::kUInt8);
        const auto diff = (got.to(torch::kInt32) - expected.to(torch::kInt32)).abs();
        const int maxDiff = diff.max().item<int>();
        const double differing = (diff > 0).sum().item<double>() / double(diff.numel());
        qInfo("frame %d: max |difference| %d (uint8 levels), %.4f%% of samples differ", frame, maxDiff,
              100.0 * differing);
        // Bit-exact (Debian's libjpeg-turbo decodes as Pillow's does; a JPEG decoder with
        // another IDCT would move samples by a level or two).
        QVERIFY2(maxDiff == 0, qPrintable(QString::number(maxDiff)));
    }

    void identityAndBadInput()
    {
        cv::Mat img(7, 5, CV_8UC3, cv::Scalar(10, 20, 30));
        const auto same = pillowResize(img, img.size());
        QCOMPARE(cv::norm(same, img, cv::NORM_INF), 0.0);
        // A constant image stays constant under any resize (coefficients sum to one).
        const auto big = pillowResize(img, cv::Size(33, 17));
        QCOMPARE(big.size(), cv::Size(33, 17));
        QCOMPARE(cv::norm(big, cv::Mat(17, 33, CV_8UC3, cv::Scalar(10, 20, 30)), cv::NORM_INF), 0.0);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, pillowResize(cv::Mat(), cv::Size(2, 2)));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, pillowResize(cv::Mat(3, 3, CV_32FC1), cv::Size(2, 2)));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, pillowResize(img, cv::Size(0, 2)));
    }
};

QTEST_GUILESS_MAIN(TestPillowResize)
#include "tst_pillowresize.moc"
