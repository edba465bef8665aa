#include "similarcommand.h"

#include "clioptions.h"
#include "modeloptions.h"

#include "export/resultexporter.h"
#include "imageio/imagecollector.h"
#include "imageio/imageloader.h"
#include "pipeline/pipeline.h"
#include "pipeline/similarity.h"

#include <QCommandLineParser>

#include <opencv2/imgcodecs.hpp>

#include <chrono>
#include <cstdio>
#include <map>
#include <set>

namespace dinosam::cli {
namespace {

int usage(const QString &message)
{
    std::fprintf(stderr, "dinosam similar: %s\nTry 'dinosam similar --help'.\n", message.toLocal8Bit().constData());
    return ExitUsage;
}

struct ExampleArg
{
    bool negative = false;
    std::string image;
    std::optional<cv::Rect2f> box;
    std::string mask;
};

/// "x0,y0,x1,y1" -> x, y, w, h; false when malformed or empty.
bool parseBox(const QString &text, cv::Rect2f &box)
{
    const QStringList parts = text.split(QLatin1Char(','));
    if (parts.size() != 4)
        return false;
    float v[4];
    for (int i = 0; i < 4; ++i) {
        bool ok = false;
        v[i] = parts[i].trimmed().toFloat(&ok);
        if (!ok || !std::isfinite(v[i]))
            return false;
    }
    if (!(v[2] > v[0] && v[3] > v[1]))
        return false;
    box = cv::Rect2f(v[0], v[1], v[2] - v[0], v[3] - v[1]);
    return true;
}

std::string fixed(double v, int digits)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

} // namespace

int runSimilarCommand(const QStringList &arguments)
{
    // The examples are ordered pairs (--exemplar/--negative, then --box/--mask), which
    // QCommandLineParser does not keep: take them out first, in order.
    std::vector<ExampleArg> examples;
    QStringList rest;
    for (int i = 0; i < arguments.size(); ++i) {
        const QString &a = arguments[i];
        const bool starts = a == QLatin1String("--exemplar") || a == QLatin1String("--negative");
        const bool shape = a == QLatin1String("--box") || a == QLatin1String("--mask");
        if (!starts && !shape) {
            rest << a;
            continue;
        }
        if (i + 1 >= arguments.size())
            return usage(QStringLiteral("%1 needs a value").arg(a));
        const QString value = arguments[++i];
        if (starts) {
            ExampleArg e;
            e.negative = a == QLatin1String("--negative");
            e.image = value.toStdString();
            examples.push_back(e);
            continue;
        }
        if (examples.empty())
            return usage(QStringLiteral("%1 must follow an --exemplar or --negative IMAGE").arg(a));
        ExampleArg &e = examples.back();
        if (e.box || !e.mask.empty())
            return usage(QStringLiteral("each example takes one --box or --mask (%1)").arg(QString::fromStdString(e.image)));
        if (a == QLatin1String("--box")) {
            cv::Rect2f box;
            if (!parseBox(value, box))
                return usage(QStringLiteral("--box needs x0,y0,x1,y1 with x1 > x0 and y1 > y0, got '%1'").arg(value));
            e.box = box;
        } else {
            e.mask = value.toStdString();
        }
    }

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Finds every object like the example(s) in each TARGET: --exemplar IMAGE followed by --box x0,y0,x1,y1 "
        "(segmented with SAM2) or --mask MASK.png (nonzero = object); several --exemplar are allowed, and "
        "--negative IMAGE --box/--mask adds a 'not this' example. Writes the usual outputs per target."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    const QCommandLineOption saveDir(QStringLiteral("save-dir"), QStringLiteral("Output folder (default output)."),
                                     QStringLiteral("DIR"));
    const QCommandLineOption similarity(QStringLiteral("similarity"),
                                        QStringLiteral("Similarity threshold in [0, 1] (default 0.5)."),
                                        QStringLiteral("T"));
    const QCommandLineOption maxInstances(QStringLiteral("max-instances"),
                                          QStringLiteral("At most N objects per image (default 5)."), QStringLiteral("N"));
    const QCommandLineOption minArea(QStringLiteral("min-area"),
                                     QStringLiteral("Drop objects under A pixels (default 1000)."), QStringLiteral("A"));
    const QCommandLineOption promptType(QStringLiteral("prompt-type"),
                                        QStringLiteral("SAM2 prompt per candidate: box, point or both (default box)."),
                                        QStringLiteral("box|point|both"));
    const QCommandLineOption singleScale(QStringLiteral("single-scale"),
                                         QStringLiteral("Never raise the DINOv2 resolution for small examples."));
    const QCommandLineOption format(QStringLiteral("format"),
                                    QStringLiteral("Outputs: original, coco, cutouts, all (default original)."),
                                    QStringLiteral("LIST"));
    const QCommandLineOption quiet({QStringLiteral("q"), QStringLiteral("quiet")}, QStringLiteral("Print only errors."));
    parser.addOptions({help, saveDir, similarity, maxInstances, minArea, promptType, singleScale, format, quiet});
    const ModelOptions models;
    models.add(parser);
    parser.addPositionalArgument(QStringLiteral("TARGET"), QStringLiteral("Images, folders or globs to search."),
                                 QStringLiteral("TARGET..."));
    if (!parser.parse(rest))
        return usage(parser.errorText());
    if (parser.isSet(help)) {
        std::printf("%s\n", parser.helpText()
                                .replace(QStringLiteral("dinosam [options]"),
                                         QStringLiteral("dinosam similar --exemplar IMAGE --box x0,y0,x1,y1 [options]"))
                                .toLocal8Bit()
                                .constData());
        return ExitOk;
    }

    SimilarityParams p;
    bool ok = true;
    if (parser.isSet(similarity)) {
        p.similarityThreshold = parser.value(similarity).toFloat(&ok);
        if (!ok || !(p.similarityThreshold >= 0.f && p.similarityThreshold <= 1.f))
            return usage(QStringLiteral("--similarity needs a number in [0, 1], got '%1'").arg(parser.value(similarity)));
    }
    if (parser.isSet(maxInstances)) {
        p.maxInstances = parser.value(maxInstances).toInt(&ok);
        if (!ok || p.maxInstances < 0)
            return usage(QStringLiteral("--max-instances needs a whole number >= 0"));
    }
    if (parser.isSet(minArea)) {
        p.minArea = parser.value(minArea).toLongLong(&ok);
        if (!ok || p.minArea < 0)
            return usage(QStringLiteral("--min-area needs a whole number >= 0"));
    }
    if (parser.isSet(promptType)) {
        const QString v = parser.value(promptType).toLower();
        if (v == QLatin1String("box"))
            p.promptType = PromptType::Box;
        else if (v == QLatin1String("point"))
            p.promptType = PromptType::Point;
        else if (v == QLatin1String("both"))
            p.promptType = PromptType::BoxAndPoint;
        else
            return usage(QStringLiteral("--prompt-type must be box, point or both"));
    }
    p.multiScale = !parser.isSet(singleScale);
    PipelineConfig config;
    if (const QString e = models.apply(parser, p.dinoModel, p.sam2Model, config); !e.isEmpty())
        return usage(e);
    ExportOptions exportOptions;
    exportOptions.coco = exportOptions.cutouts = false;
    if (parser.isSet(format)) {
        exportOptions.visualization = exportOptions.summary = exportOptions.masks = false;
        for (const QString &part : parser.value(format).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const QString f = part.trimmed().toLower();
            if (f == QLatin1String("original"))
                exportOptions.visualization = exportOptions.summary = exportOptions.masks = true;
            else if (f == QLatin1String("coco"))
                exportOptions.coco = true;
            else if (f == QLatin1String("cutouts"))
                exportOptions.cutouts = true;
            else if (f == QLatin1String("all"))
                exportOptions.visualization = exportOptions.summary = exportOptions.masks = exportOptions.coco =
                    exportOptions.cutouts = true;
            else
                return usage(QStringLiteral("--format takes original, coco, cutouts or all, got '%1'").arg(part));
        }
    }
    const std::filesystem::path outDir = parser.isSet(saveDir) ? parser.value(saveDir).toStdString() : "output";
    const bool beQuiet = parser.isSet(quiet);

    bool anyPositive = false;
    for (const auto &e : examples) {
        if (!e.box && e.mask.empty())
            return usage(QStringLiteral("example %1 needs a --box or a --mask").arg(QString::fromStdString(e.image)));
        anyPositive |= !e.negative;
    }
    if (!anyPositive)
        return usage(QStringLiteral("give at least one --exemplar IMAGE with --box or --mask"));
    if (parser.positionalArguments().isEmpty())
        return usage(QStringLiteral("give at least one TARGET image"));

    SimilarityQuery query;
    // Examples are decoded here, as the targets are, so that an example in a target image is
    // recognised as the same image (content keys) and not found again as its own look-alike.
    std::vector<LoadedImage> exampleImages;
    exampleImages.reserve(examples.size());
    for (const auto &e : examples) {
        SimilarityExample ex;
        try {
            exampleImages.push_back(loadImage(e.image));
        } catch (const std::exception &err) {
            std::fprintf(stderr, "dinosam similar: %s\n", err.what());
            return ExitSetupFailed;
        }
        ex.image = ImageInput::fromMat(exampleImages.back().rgb, {},
                                       std::filesystem::path(e.image).filename().string());
        ex.box = e.box;
        if (!e.mask.empty()) {
            ex.mask = cv::imread(e.mask, cv::IMREAD_GRAYSCALE);
            if (ex.mask.empty()) {
                std::fprintf(stderr, "dinosam similar: cannot read mask %s\n", e.mask.c_str());
                return ExitSetupFailed;
            }
        }
        (e.negative ? query.negatives : query.positives).push_back(std::move(ex));
    }

    std::vector<std::filesystem::path> files;
    int failures = 0;
    std::set<std::filesystem::path> seen;
    for (const QString &arg : parser.positionalArguments()) {
        try {
            for (auto &f : collectImages({arg.toStdString()}, {}))
                if (seen.insert(std::filesystem::absolute(f).lexically_normal()).second)
                    files.push_back(std::move(f));
        } catch (const std::exception &e) {
            std::fprintf(stderr, "error: %s\n", e.what());
            ++failures;
        }
    }
    std::error_code ec;
    std::filesystem::create_directories(outDir, ec);
    if (!std::filesystem::is_directory(outDir)) {
        std::fprintf(stderr, "dinosam similar: cannot use save folder %s\n", outDir.string().c_str());
        return ExitSetupFailed;
    }
    std::unique_ptr<Pipeline> pipeline;
    SegmentationParams segParams;
    segParams.dinoModel = p.dinoModel;
    segParams.sam2Model = p.sam2Model;
    try {
        pipeline = std::make_unique<Pipeline>(config);
        pipeline->preload(segParams);
    } catch (const std::exception &e) {
        std::fprintf(stderr, "dinosam similar: %s\n", e.what());
        return ExitSetupFailed;
    }

    std::map<std::string, int> baseNames;
    int64_t found = 0;
    for (size_t i = 0; i < files.size(); ++i) {
        const auto start = std::chrono::steady_clock::now();
        const std::string name = files[i].filename().string();
        try {
            const LoadedImage image = loadImage(files[i]);
            const SimilarityResult r = pipeline->findSimilar(ImageInput::fromMat(image.rgb, {}, name), query, p);
            SegmentationResult out;
            out.imageName = name;
            out.imageKey = r.imageKey;
            out.imageSize = r.imageSize;
            out.discoveryMap = r.similarityMap;
            out.regions = r.regions;
            out.objects = r.objects;
            out.params = segParams;
            out.params.attentionThreshold = p.similarityThreshold;
            out.params.numObjects = p.maxInstances;
            out.params.minArea = p.minArea;
            out.params.promptType = p.promptType;
            out.params.dinoInputSize = r.dinoInputSize;
            ExportOptions eo = exportOptions;
            const std::string base = exportBaseName(out, eo);
            if (const int n = ++baseNames[base]; n > 1)
                eo.baseName = base + "_" + std::to_string(n);
            exportResult(out, image.rgb, outDir, eo);
            found += int64_t(r.objects.size());
            if (!beQuiet) {
                std::string sims;
                for (const auto &o : r.objects)
                    sims += (sims.empty() ? "" : ", ") + fixed(o.dinoConfidence, 3);
                std::printf("[%zu/%zu] %s: %zu similar object%s%s from %zu candidate%s, DINOv2 input %d, %s s\n", i + 1,
                            files.size(), name.c_str(), r.objects.size(), r.objects.size() == 1 ? "" : "s",
                            sims.empty() ? "" : (" (similarity " + sims + ")").c_str(), r.regions.size(),
                            r.regions.size() == 1 ? "" : "s", r.dinoInputSize,
                            fixed(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 2)
                                .c_str());
            }
        } catch (const std::exception &e) {
            std::fprintf(stderr, "error: %s: %s\n", files[i].string().c_str(), e.what());
            ++failures;
        }
    }
    if (!beQuiet)
        std::printf("Done: %lld similar object%s in %zu image%s. Results in %s\n", static_cast<long long>(found),
                    found == 1 ? "" : "s", files.size(), files.size() == 1 ? "" : "s", outDir.string().c_str());
    return failures == 0 ? ExitOk : ExitImageFailed;
}

} // namespace dinosam::cli
