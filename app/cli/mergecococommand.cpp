#include "mergecococommand.h"

#include "clioptions.h"

#include "export/atomicfile.h"
#include "imageio/imagecollector.h"

#include <QCommandLineParser>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace dinosam::cli {
namespace {

constexpr qint64 kMaxInputBytes = qint64(1) << 30; // 1 GiB per input file

struct MergeError : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

[[noreturn]] void fail(const QString &file, const QString &what)
{
    throw MergeError(QString(file + QStringLiteral(": ") + what).toStdString());
}

/// A JSON integer id (COCO ids are integers; 1.5 or "3" are not ids).
bool integerId(const QJsonValue &v, qint64 &id)
{
    if (!v.isDouble())
        return false;
    const double d = v.toDouble();
    if (!(d >= -9.0e15 && d <= 9.0e15) || double(qint64(d)) != d)
        return false;
    id = qint64(d);
    return true;
}

QStringList expandInputs(const QStringList &inputs, bool recursive)
{
    QStringList files;
    for (const QString &in : inputs) {
        const QFileInfo info(in);
        if (info.isDir()) {
            QStringList found;
            QDirIterator it(in, {QStringLiteral("*_coco.json")}, QDir::Files,
                            recursive ? QDirIterator::Subdirectories : QDirIterator::NoIteratorFlags);
            while (it.hasNext())
                found << it.next();
            std::sort(found.begin(), found.end(), [](const QString &a, const QString &b) {
                return naturalLess(a.toStdString(), b.toStdString());
            });
            if (found.isEmpty())
                fail(in, QStringLiteral("the folder holds no *_coco.json file"));
            files << found;
        } else if (info.isFile()) {
            files << in;
        } else {
            fail(in, QStringLiteral("no such file or folder"));
        }
    }
    return files;
}

class Merger
{
public:
    void add(const QString &file)
    {
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly))
            fail(file, QStringLiteral("cannot read: ") + f.errorString());
        if (f.size() > kMaxInputBytes)
            fail(file, QStringLiteral("larger than 1 GiB"));
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &error);
        if (doc.isNull())
            fail(file, QStringLiteral("not JSON (%1 at byte %2)").arg(error.errorString()).arg(error.offset));
        if (!doc.isObject())
            fail(file, QStringLiteral("not a COCO file (the top level is not an object)"));
        const QJsonObject root = doc.object();
        if (!root.value(QStringLiteral("images")).isArray() || !root.value(QStringLiteral("annotations")).isArray())
            fail(file, QStringLiteral("not a COCO file (no \"images\" or \"annotations\" list)"));
        if (m_info.isEmpty() && root.value(QStringLiteral("info")).isObject())
            m_info = root.value(QStringLiteral("info")).toObject();

        // Categories: by name; a file without categories may only use category ids the merge knows.
        QHash<qint64, qint64> categoryMap;
        for (const QJsonValue &cv : root.value(QStringLiteral("categories")).toArray()) {
            const QJsonObject c = cv.toObject();
            qint64 id = 0;
            const QString name = c.value(QStringLiteral("name")).toString();
            if (!integerId(c.value(QStringLiteral("id")), id) || name.isEmpty())
                fail(file, QStringLiteral("a category without an integer id or a name"));
            if (categoryMap.contains(id))
                fail(file, QStringLiteral("category id %1 appears twice").arg(id));
            auto known = m_categoryByName.constFind(name);
            if (known == m_categoryByName.constEnd()) {
                QJsonObject out = c;
                const qint64 newId = m_categories.size() + 1;
                out.insert(QStringLiteral("id"), QJsonValue(newId));
                m_categories.append(out);
                known = m_categoryByName.insert(name, newId);
            }
            categoryMap.insert(id, known.value());
        }

        QHash<qint64, qint64> imageMap;
        for (const QJsonValue &iv : root.value(QStringLiteral("images")).toArray()) {
            QJsonObject image = iv.toObject();
            qint64 id = 0;
            const QString name = image.value(QStringLiteral("file_name")).toString();
            if (!integerId(image.value(QStringLiteral("id")), id) || name.isEmpty())
                fail(file, QStringLiteral("an image without an integer id or a file_name"));
            if (imageMap.contains(id))
                fail(file, QStringLiteral("image id %1 appears twice").arg(id));
            const auto seen = m_imageSource.constFind(name);
            if (seen != m_imageSource.constEnd())
                fail(file, QStringLiteral("image '%1' is also in %2 (processed twice?)").arg(name, seen.value()));
            m_imageSource.insert(name, file);
            const qint64 newId = m_images.size() + 1;
            image.insert(QStringLiteral("id"), QJsonValue(newId));
            m_images.append(image);
            imageMap.insert(id, newId);
        }

        for (const QJsonValue &av : root.value(QStringLiteral("annotations")).toArray()) {
            QJsonObject a = av.toObject();
            qint64 imageId = 0, categoryId = 0, id = 0;
            if (!integerId(a.value(QStringLiteral("id")), id) ||
                !integerId(a.value(QStringLiteral("image_id")), imageId))
                fail(file, QStringLiteral("an annotation without an integer id or image_id"));
            const auto image = imageMap.constFind(imageId);
            if (image == imageMap.constEnd())
                fail(file, QStringLiteral("annotation %1 refers to image %2, which the file does not have")
                               .arg(id)
                               .arg(imageId));
            a.insert(QStringLiteral("image_id"), QJsonValue(image.value()));
            if (a.contains(QStringLiteral("category_id"))) {
                if (!integerId(a.value(QStringLiteral("category_id")), categoryId) ||
                    !categoryMap.contains(categoryId))
                    fail(file, QStringLiteral("annotation %1 has a category the file does not define").arg(id));
                a.insert(QStringLiteral("category_id"), QJsonValue(categoryMap.value(categoryId)));
            }
            a.insert(QStringLiteral("id"), QJsonValue(qint64(m_annotations.size() + 1)));
            m_annotations.append(a);
        }
    }

    QByteArray toJson() const
    {
        QJsonObject root;
        QJsonObject info = m_info;
        if (info.isEmpty())
            info.insert(QStringLiteral("description"), QStringLiteral("DinoSam segmentation"));
        root.insert(QStringLiteral("info"), info);
        root.insert(QStringLiteral("licenses"), QJsonArray());
        root.insert(QStringLiteral("images"), m_images);
        root.insert(QStringLiteral("categories"), m_categories);
        root.insert(QStringLiteral("annotations"), m_annotations);
        return QJsonDocument(root).toJson(QJsonDocument::Compact);
    }

    qsizetype images() const { return m_images.size(); }
    qsizetype annotations() const { return m_annotations.size(); }

private:
    QJsonObject m_info;
    QJsonArray m_images, m_categories, m_annotations;
    QHash<QString, qint64> m_categoryByName;
    QHash<QString, QString> m_imageSource; // file_name -> input that had it
};

} // namespace

QByteArray mergeCocoFiles(const QStringList &files)
{
    Merger merger;
    for (const QString &f : files)
        merger.add(f);
    return merger.toJson();
}

int runMergeCocoCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Combines COCO instance files (per image, or one per shard) into one, with image ids "
                       "1..N, annotation ids 1..M and categories merged by name. Refuses an image that appears in "
                       "two inputs."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    const QCommandLineOption output({QStringLiteral("o"), QStringLiteral("output")},
                                    QStringLiteral("The merged COCO file to write."), QStringLiteral("FILE"));
    const QCommandLineOption recursive(QStringLiteral("recursive"),
                                       QStringLiteral("Also take *_coco.json files in sub-folders of folder inputs."));
    const QCommandLineOption quiet({QStringLiteral("q"), QStringLiteral("quiet")}, QStringLiteral("Print only errors."));
    parser.addOptions({help, output, recursive, quiet});
    parser.addPositionalArgument(QStringLiteral("INPUT"),
                                 QStringLiteral("COCO files, or folders of <name>_coco.json files."),
                                 QStringLiteral("INPUT..."));
    QStringList args = arguments;
    args.prepend(QStringLiteral("dinosam merge-coco"));
    auto usage = [](const QString &m) {
        std::fprintf(stderr, "dinosam merge-coco: %s\nTry 'dinosam merge-coco --help'.\n", qPrintable(m));
        return int(ExitUsage);
    };
    if (!parser.parse(args))
        return usage(parser.errorText());
    if (parser.isSet(help)) {
        std::printf("%s", qPrintable(parser.helpText()));
        return ExitOk;
    }
    if (!parser.isSet(output) || parser.value(output).isEmpty())
        return usage(QStringLiteral("-o FILE is required"));
    if (parser.positionalArguments().isEmpty())
        return usage(QStringLiteral("no INPUT given"));
    const QString out = parser.value(output);

    Merger merger;
    QStringList files;
    try {
        files = expandInputs(parser.positionalArguments(), parser.isSet(recursive));
        const QString outAbs = QFileInfo(out).absoluteFilePath();
        for (const QString &f : files)
            if (QFileInfo(f).absoluteFilePath() != outAbs) // a re-merge into the input folder skips its own output
                merger.add(f);
    } catch (const std::exception &e) {
        std::fprintf(stderr, "dinosam merge-coco: %s\n", e.what());
        return ExitImageFailed;
    }
    try {
        const QByteArray json = merger.toJson();
        AtomicFile::write(out.toStdString(), std::string_view(json.constData(), size_t(json.size())));
    } catch (const std::exception &e) {
        std::fprintf(stderr, "dinosam merge-coco: %s\n", e.what());
        return ExitSetupFailed;
    }
    if (!parser.isSet(quiet))
        std::printf("Merged %lld images and %lld annotations from %lld files into %s\n",
                    static_cast<long long>(merger.images()), static_cast<long long>(merger.annotations()),
                    static_cast<long long>(files.size()), qPrintable(out));
    return ExitOk;
}

} // namespace dinosam::cli
