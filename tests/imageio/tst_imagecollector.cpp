// Tests for collectImages(): folders, globs, ordering, errors.
#include "imageio/imagecollector.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

using namespace dinosam;

class TestImageCollector : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    std::string path(const char *relative) const { return m_dir.filePath(QString::fromUtf8(relative)).toStdString(); }

    void touch(const char *relative)
    {
        QDir().mkpath(QFileInfo(m_dir.filePath(QString::fromUtf8(relative))).absolutePath());
        QFile f(m_dir.filePath(QString::fromUtf8(relative)));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("x");
    }

    QStringList names(const std::vector<std::filesystem::path> &files) const
    {
        QStringList out;
        for (const auto &f : files)
            out << QDir(m_dir.path()).relativeFilePath(QString::fromStdString(f.string()));
        return out;
    }

    static QString errorOf(const std::vector<std::string> &args)
    {
        try {
            collectImages(args);
        } catch (const ImageLoadError &e) {
            return QString::fromUtf8(e.what());
        }
        return QStringLiteral("no error");
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QDir d(m_dir.path());
        QVERIFY(d.mkpath("shots/sub"));
        QVERIFY(d.mkpath("empty"));
        QVERIFY(d.mkpath("shots/dir.png")); // a folder with an image extension is not an image
        for (const char *f : {"shots/img10.png", "shots/img2.PNG", "shots/img1.jpg", "shots/b.JPEG", "shots/a.tiff",
                              "shots/notes.txt", "shots/raw.cr2", "shots/sub/deep.webp", "loose.bin"})
            touch(f);
    }

    void folderIsSortedNaturallyAndFiltered()
    {
        QCOMPARE(names(collectImages({path("shots")})),
                 QStringList({"shots/a.tiff", "shots/b.JPEG", "shots/img1.jpg", "shots/img2.PNG", "shots/img10.png"}));
    }

    void unsupportedImagesAreListedAsSkipped()
    {
        touch("gifs/anim.gif");
        touch("gifs/photo.png");
        touch("gifs/readme.txt");
        std::vector<SkippedImage> skipped;
        ImageCollectOptions options;
        options.skipped = &skipped;
        QCOMPARE(names(collectImages({path("gifs")}, options)), QStringList{"gifs/photo.png"});
        QCOMPARE(skipped.size(), size_t(1)); // the GIF, with the reason; not the text file
        QVERIFY(skipped[0].path.string().ends_with("anim.gif"));
        QVERIFY2(QString::fromStdString(skipped[0].reason).contains(QStringLiteral("GIF is not supported")),
                 skipped[0].reason.c_str());
        skipped.clear();
        collectImages({path("shots") + "/*"}, options); // patterns too
        QCOMPARE(skipped.size(), size_t(1));
        QVERIFY(QString::fromStdString(skipped[0].reason).startsWith(QStringLiteral("CR2 images are not supported")));
        QCOMPARE(unsupportedImageReason("a.txt"), std::string());
    }

    void recursiveFolder()
    {
        ImageCollectOptions options;
        options.recursive = true;
        const QStringList got = names(collectImages({path("shots")}, options));
        QCOMPARE(got.size(), 6);
        QVERIFY(got.contains("shots/sub/deep.webp"));
    }

    void globs_data()
    {
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("star") << "shots/img*" << QStringList({"shots/img1.jpg", "shots/img2.PNG", "shots/img10.png"});
        QTest::newRow("question mark") << "shots/img?.*" << QStringList({"shots/img1.jpg", "shots/img2.PNG"});
        QTest::newRow("extension, case-sensitive") << "shots/*.png" << QStringList({"shots/img10.png"});
        QTest::newRow("star skips non-images") << "shots/*" << QStringList({"shots/a.tiff", "shots/b.JPEG",
                                                                           "shots/img1.jpg", "shots/img2.PNG",
                                                                           "shots/img10.png"});
    }

    void globs()
    {
        QFETCH(QString, pattern);
        QFETCH(QStringList, expected);
        QCOMPARE(names(collectImages({m_dir.filePath(pattern).toStdString()})), expected);
    }

    void explicitFilesKeepOrderAndDeduplicate()
    {
        const auto files = collectImages({path("loose.bin"), path("shots/img2.PNG"), path("shots"), path("loose.bin")});
        QCOMPARE(names(files), QStringList({"loose.bin", "shots/img2.PNG", "shots/a.tiff", "shots/b.JPEG",
                                            "shots/img1.jpg", "shots/img10.png"}));
    }

    void errorsNameTheArgument_data()
    {
        QTest::addColumn<QString>("argument");
        QTest::addColumn<QString>("reason");
        QTest::newRow("missing file") << "nope.jpg" << "no such file";
        QTest::newRow("empty folder") << "empty" << "no images";
        QTest::newRow("glob without match") << "shots/*.bmp" << "no image files match";
        QTest::newRow("glob in folder part") << "sh*ts/img1.jpg" << "only in the file name";
        QTest::newRow("glob in missing folder") << "missing/*.jpg" << "does not exist";
    }

    void errorsNameTheArgument()
    {
        QFETCH(QString, argument);
        QFETCH(QString, reason);
        const QString arg = m_dir.filePath(argument);
        const QString message = errorOf({arg.toStdString()});
        QVERIFY2(message.startsWith(arg + ": "), qPrintable(message));
        QVERIFY2(message.contains(reason), qPrintable(message));
    }

    void helpers()
    {
        QVERIFY(wildcardMatch("*", ""));
        QVERIFY(wildcardMatch("a*b*c", "aXXbYYc"));
        QVERIFY(!wildcardMatch("a*b", "aXXbY"));
        QVERIFY(wildcardMatch("??.png", "ab.png"));
        QVERIFY(!wildcardMatch("??.png", "abc.png"));
        QVERIFY(naturalLess("img2", "img10"));
        QVERIFY(!naturalLess("img10", "img2"));
        QVERIFY(naturalLess("a", "b"));
        QVERIFY(naturalLess("x1", "x01"));
        QVERIFY(!naturalLess("x01", "x1"));
        QVERIFY(naturalLess("img", "img1"));
        QVERIFY(hasSupportedImageExtension("A.JpG"));
        QVERIFY(!hasSupportedImageExtension("a.gif"));
        QVERIFY(!hasSupportedImageExtension("jpg"));
    }
};

QTEST_GUILESS_MAIN(TestImageCollector)
#include "tst_imagecollector.moc"
