#include "evalcommand.h"

#include "clioptions.h"
#include "evalplot.h"
#include "modeloptions.h"

#include "evaluation/cocogroundtruth.h"
#include "evaluation/discoverymetrics.h"
#include "evaluation/evalreport.h"
#include "export/atomicfile.h"
#include "imageio/imageloader.h"
#include "pipeline/pipeline.h"
#include "pipeline/similarity.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#ifdef DINOSAM_HAVE_PLOT
#include <QApplication>
#endif

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

namespace dinosam::cli {
namespace {

using namespace dinosam::evaluation;

struct EvalSettings
{
    std::filesystem::path coco;
    std::filesystem::path imagesDir;
    std::filesystem::path outDir = "eval-output";
    std::vector<std::string> methods;
    std::vector<double> thresholds;  ///< empty: each method's default
    SegmentationParams params;
    SimilarityParams similarity;
    PipelineConfig pipeline;
    bool quiet = false;
};

int usage(const QString &message)
{
    std::fprintf(stderr, "dinosam eval: %s\nTry 'dinosam eval --help'.\n", message.toLocal8Bit().constData());
    return ExitUsage;
}

/// An image of the ground truth that exists on disk, with its ground-truth objects.
struct GtImage
{
    const CocoImage *info = nullptr;
    std::filesystem::path file;
    std::vector<const CocoAnnotation *> annotations;
};

std::vector<EvalObject> truthObjects(const GtImage &image, int64_t category = -1)
{
    std::vector<EvalObject> out;
    for (const auto *a : image.annotations)
        if (category < 0 || a->categoryId == category)
            out.push_back({a->mask(image.info->size), {}, 0});
    return out;
}

std::vector<EvalObject> predictedObjects(const std::vector<SegmentedObject> &objects)
{
    std::vector<EvalObject> out;
    for (const auto &o : objects)
        out.push_back({o.mask, o.box, o.dinoConfidence});
    return out;
}

cv::Mat unionOf(const std::vector<EvalObject> &objects, cv::Size size)
{
    cv::Mat u = cv::Mat::zeros(size, CV_8U);
    for (const auto &o : objects)
        u.setTo(255, o.mask);
    return u;
}

/// Encoder (and per-image discovery) time of an image's first, cold run, added to the cheap
/// stages of later runs, so that every row's seconds per image are what the method costs on
/// an unseen image: the same for every threshold and method, whatever ran first.
struct ColdTimes
{
    std::map<std::string, double> dinoMs, samMs, discoveryMs;
    double seconds(const std::string &key, const std::string &method, const StageTimings &t)
    {
        double &dino = dinoMs[key], &sam = samMs[key], &disc = discoveryMs[key + "|" + method];
        dino = std::max(dino, t.dinoMs);
        sam = std::max(sam, t.sam2EncodeMs);
        disc = std::max(disc, t.discoveryMs);
        return (t.decodeImageMs + disc + t.sam2DecodeMs + t.postprocessMs + dino + sam) / 1000.0;
    }
};

class EvalRun
{
public:
    EvalRun(const EvalSettings &s, Pipeline &p) : m_s(s), m_pipeline(p) {}

    std::vector<EvalRow> rows;
    int failures = 0;

    void discovery(const std::string &method, const std::vector<GtImage> &images)
    {
        const std::vector<double> thresholds =
            m_s.thresholds.empty() ? std::vector<double>{m_s.params.attentionThreshold} : m_s.thresholds;
        std::vector<std::vector<ImageEvaluation>> evals(thresholds.size());
        for (size_t i = 0; i < images.size(); ++i) {
            const GtImage &image = images[i];
            progress(method, i, images.size(), image.info->fileName);
            try {
                const auto truth = truthObjects(image);
                std::string key;
                std::vector<ImageEvaluation> mine;
                for (size_t k = 0; k < thresholds.size(); ++k) {
                    SegmentationParams p = m_s.params;
                    p.method = method == "spectral" ? DiscoveryMethod::Spectral : DiscoveryMethod::Attention;
                    p.attentionThreshold = float(thresholds[k]);
                    const auto result = m_pipeline.run(
                        key.empty() ? ImageInput::fromFile(image.file) : ImageInput::fromKey(key), p);
                    key = result.imageKey;
                    if (result.imageSize != image.info->size)
                        throw std::runtime_error("the image is " + std::to_string(result.imageSize.width) + "x" +
                                                 std::to_string(result.imageSize.height) +
                                                 " but the ground truth says " +
                                                 std::to_string(image.info->size.width) + "x" +
                                                 std::to_string(image.info->size.height));
                    mine.push_back(evaluateImage(predictedObjects(result.objects), truth,
                                                 m_cold.seconds(key, method, result.timings)));
                }
                for (size_t k = 0; k < thresholds.size(); ++k)
                    evals[k].push_back(std::move(mine[k]));
            } catch (const std::exception &e) {
                fail(image.info->fileName + ": " + e.what());
            }
        }
        for (size_t k = 0; k < thresholds.size(); ++k) {
            EvalRow row;
            row.method = method;
            row.threshold = thresholds[k];
            row.metrics = aggregate(evals[k]);
            row.oneShotMiou = std::nan("");
            rows.push_back(row);
        }
    }

    /// One-shot protocol: per category, the largest instance in the first image (by id) that
    /// holds it is the example; every other image holding the category is a target.
    void similar(const std::vector<GtImage> &images)
    {
        const std::vector<double> thresholds =
            m_s.thresholds.empty() ? std::vector<double>{m_s.similarity.similarityThreshold} : m_s.thresholds;
        std::map<int64_t, std::vector<size_t>> imagesOf; // category -> images (GT order)
        for (size_t i = 0; i < images.size(); ++i) {
            std::set<int64_t> seen;
            for (const auto *a : images[i].annotations)
                if (seen.insert(a->categoryId).second)
                    imagesOf[a->categoryId].push_back(i);
        }
        std::vector<std::vector<ImageEvaluation>> evals(thresholds.size());
        std::vector<std::vector<OneShotEpisode>> episodes(thresholds.size());
        size_t done = 0, total = 0;
        for (const auto &[category, list] : imagesOf)
            total += list.size() > 1 ? list.size() - 1 : 0;
        for (const auto &[category, list] : imagesOf) {
            if (list.size() < 2) {
                note("similar: category " + std::to_string(category) + " is in one image only; no episode");
                continue;
            }
            const GtImage &exampleImage = images[list.front()];
            const CocoAnnotation *example = nullptr;
            cv::Mat exampleMask;
            int bestArea = -1;
            for (const auto *a : exampleImage.annotations)
                if (a->categoryId == category) {
                    cv::Mat m = a->mask(exampleImage.info->size);
                    if (cv::countNonZero(m) > bestArea) {
                        bestArea = cv::countNonZero(m);
                        example = a;
                        exampleMask = m;
                    }
                }
            if (!example || bestArea <= 0) {
                fail("similar: category " + std::to_string(category) + ": the example's mask is empty");
                continue;
            }
            SimilarityQuery query;
            query.positives.push_back({ImageInput::fromFile(exampleImage.file), exampleMask, std::nullopt});
            for (size_t t = 1; t < list.size(); ++t) {
                const GtImage &target = images[list[t]];
                progress("similar", done++, total, target.info->fileName);
                try {
                    const auto truth = truthObjects(target, category);
                    const cv::Mat truthUnion = unionOf(truth, target.info->size);
                    std::string key;
                    std::vector<ImageEvaluation> mine;
                    std::vector<OneShotEpisode> myEpisodes;
                    for (size_t k = 0; k < thresholds.size(); ++k) {
                        SimilarityParams p = m_s.similarity;
                        p.similarityThreshold = float(thresholds[k]);
                        const auto result = m_pipeline.findSimilar(
                            key.empty() ? ImageInput::fromFile(target.file) : ImageInput::fromKey(key), query, p);
                        key = result.imageKey;
                        if (result.imageSize != target.info->size)
                            throw std::runtime_error("the image's size differs from the ground truth's");
                        const auto predicted = predictedObjects(result.objects);
                        // Encoder time splits between example and target only on a cold call;
                        // attributed to the target (DINOv2 + SAM2 of an image seen before: 0).
                        StageTimings st;
                        st.dinoMs = result.timings.encodersMs;
                        st.discoveryMs = result.timings.examplesMs + result.timings.similarityMs;
                        st.sam2DecodeMs = result.timings.sam2DecodeMs;
                        st.postprocessMs = result.timings.filterMs;
                        mine.push_back(evaluateImage(predicted, truth, m_cold.seconds(key, "similar", st)));
                        myEpisodes.push_back({category, unionOf(predicted, target.info->size), truthUnion});
                    }
                    for (size_t k = 0; k < thresholds.size(); ++k) {
                        evals[k].push_back(std::move(mine[k]));
                        episodes[k].push_back(std::move(myEpisodes[k]));
                    }
                } catch (const std::exception &e) {
                    fail(target.info->fileName + " (similar, category " + std::to_string(category) + "): " + e.what());
                }
            }
        }
        for (size_t k = 0; k < thresholds.size(); ++k) {
            EvalRow row;
            row.method = "similar";
            row.threshold = thresholds[k];
            row.metrics = aggregate(evals[k]);
            const OneShotMetrics one = oneShotMiou(episodes[k]);
            row.oneShotMiou = one.miou;
            row.oneShotEpisodes = one.episodes;
            rows.push_back(row);
        }
    }

    void fail(const std::string &message)
    {
        ++failures;
        std::fprintf(stderr, "error: %s\n", message.c_str());
    }
    void note(const std::string &message) const
    {
        if (!m_s.quiet)
            std::printf("note: %s\n", message.c_str());
    }

private:
    void progress(const std::string &method, size_t i, size_t n, const std::string &name) const
    {
        if (!m_s.quiet)
            std::printf("[%s %zu/%zu] %s\n", method.c_str(), i + 1, n, name.c_str());
        std::fflush(stdout);
    }

    const EvalSettings &m_s;
    Pipeline &m_pipeline;
    ColdTimes m_cold; // shared by the methods: encoders are part of every method's cost
};

bool writeText(const std::filesystem::path &file, const std::string &text, int &failures)
{
    try {
        AtomicFile f(file);
        f.prepare(text);
        f.commit();
        return true;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        ++failures;
        return false;
    }
}

} // namespace

int runEvalCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Measures object discovery against COCO ground truth, class-agnostic: CorLoc, object recall at mask IoU 0.5 "
        "and 0.75, mean best-match mask IoU, precision at 0.5, objects and seconds per image; for 'similar' the "
        "one-shot mIoU (the largest instance of each category in its first image is the example, the category's "
        "other images are the targets). Writes a table, eval.csv and eval.png to --out."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    const QCommandLineOption coco(QStringLiteral("coco"), QStringLiteral("COCO instances JSON (ground truth)."),
                                  QStringLiteral("GT.json"));
    const QCommandLineOption images(QStringLiteral("images"),
                                    QStringLiteral("Folder the ground truth's file_name entries are relative to."),
                                    QStringLiteral("DIR"));
    const QCommandLineOption method(QStringLiteral("method"),
                                    QStringLiteral("attention, spectral or similar; repeat or comma-separate for several "
                                                   "(default attention)."),
                                    QStringLiteral("NAME"));
    const QCommandLineOption sweep(QStringLiteral("sweep"),
                                   QStringLiteral("Sweep the threshold (attention threshold, or similarity threshold "
                                                  "for similar), e.g. threshold=0.3:0.9:0.05."),
                                   QStringLiteral("threshold=FROM:TO:STEP"));
    const QCommandLineOption threshold(QStringLiteral("threshold"),
                                       QStringLiteral("One threshold for every method (default: 0.6 for attention and "
                                                      "spectral, 0.5 for similar)."),
                                       QStringLiteral("T"));
    const QCommandLineOption numObjects(QStringLiteral("num-objects"),
                                        QStringLiteral("At most N objects per image (default 5)."), QStringLiteral("N"));
    const QCommandLineOption minArea(QStringLiteral("min-area"),
                                     QStringLiteral("Drop objects under A pixels (default 1000)."), QStringLiteral("A"));
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("Output folder (default eval-output)."),
                                 QStringLiteral("DIR"));
    const QCommandLineOption quiet({QStringLiteral("q"), QStringLiteral("quiet")},
                                   QStringLiteral("Print only the table and errors."));
    parser.addOptions({help, coco, images, method, sweep, threshold, numObjects, minArea, out, quiet});
    const ModelOptions models;
    models.add(parser);
    if (!parser.parse(arguments))
        return usage(parser.errorText());
    if (parser.isSet(help)) {
        std::printf("%s\n", parser.helpText().replace(QStringLiteral("dinosam [options]"),
                                                      QStringLiteral("dinosam eval [options]")).toLocal8Bit().constData());
        return ExitOk;
    }
    if (!parser.positionalArguments().isEmpty())
        return usage(QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first()));
    EvalSettings s;
    if (!parser.isSet(coco) || !parser.isSet(images))
        return usage(QStringLiteral("--coco and --images are required"));
    s.coco = parser.value(coco).toStdString();
    s.imagesDir = parser.value(images).toStdString();
    if (parser.isSet(out))
        s.outDir = parser.value(out).toStdString();
    s.quiet = parser.isSet(quiet);
    for (const QString &v : parser.values(method))
        for (const QString &part : v.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const std::string m = part.trimmed().toLower().toStdString();
            if (m != "attention" && m != "spectral" && m != "similar")
                return usage(QStringLiteral("--method must be attention, spectral or similar, got '%1'").arg(part));
            if (std::find(s.methods.begin(), s.methods.end(), m) == s.methods.end())
                s.methods.push_back(m);
        }
    if (s.methods.empty())
        s.methods.push_back("attention");
    bool ok = true;
    if (parser.isSet(sweep) && parser.isSet(threshold))
        return usage(QStringLiteral("give --sweep or --threshold, not both"));
    if (parser.isSet(sweep)) {
        try {
            s.thresholds = parseSweep(parser.value(sweep).toStdString()).values;
        } catch (const std::invalid_argument &e) {
            return usage(QString::fromStdString(e.what()));
        }
    }
    if (parser.isSet(threshold)) {
        const double t = parser.value(threshold).toDouble(&ok);
        if (!ok || !(t >= 0 && t <= 1))
            return usage(QStringLiteral("--threshold needs a number in [0, 1], got '%1'").arg(parser.value(threshold)));
        s.thresholds = {t};
    }
    if (parser.isSet(numObjects)) {
        s.params.numObjects = parser.value(numObjects).toInt(&ok);
        if (!ok || s.params.numObjects < 1) // as in segment: 0 objects is refused, not obeyed
            return usage(QStringLiteral("--num-objects needs a whole number >= 1"));
    }
    if (parser.isSet(minArea)) {
        s.params.minArea = parser.value(minArea).toLongLong(&ok);
        if (!ok || s.params.minArea < 0)
            return usage(QStringLiteral("--min-area needs a whole number >= 0"));
    }
    if (const QString e = models.apply(parser, s.params.dinoModel, s.params.sam2Model, s.pipeline); !e.isEmpty())
        return usage(e);
    s.similarity.maxInstances = s.params.numObjects;
    s.similarity.minArea = s.params.minArea;
    s.similarity.dinoModel = s.params.dinoModel;
    s.similarity.sam2Model = s.params.sam2Model;
    s.similarity.dinoInputSize = s.params.dinoInputSize;

    // Ground truth: unusable file -> nothing to do; bad records -> reported, skipped.
    CocoGroundTruth gt;
    try {
        gt = loadCocoGroundTruth(s.coco);
    } catch (const std::exception &e) {
        std::fprintf(stderr, "dinosam eval: %s\n", e.what());
        return ExitSetupFailed;
    }
    int failures = int(gt.errors.size());
    for (const auto &e : gt.errors)
        std::fprintf(stderr, "ground truth: %s\n", e.c_str());
    std::vector<GtImage> gtImages;
    const auto byImage = gt.annotationsByImage();
    for (const auto &im : gt.images) {
        GtImage g;
        g.info = &im;
        g.file = s.imagesDir / im.fileName;
        std::error_code ec;
        if (!std::filesystem::is_regular_file(g.file, ec)) {
            std::fprintf(stderr, "error: missing image %s (image id %lld)\n", g.file.string().c_str(),
                         static_cast<long long>(im.id));
            ++failures;
            continue;
        }
        if (const auto it = byImage.find(im.id); it != byImage.end())
            for (size_t a : it->second)
                g.annotations.push_back(&gt.annotations[a]);
        gtImages.push_back(std::move(g));
    }
    if (gtImages.empty()) {
        std::fprintf(stderr, "dinosam eval: no image of the ground truth was found under %s\n",
                     s.imagesDir.string().c_str());
        return ExitSetupFailed;
    }
    std::error_code ec;
    std::filesystem::create_directories(s.outDir, ec);
    if (!std::filesystem::is_directory(s.outDir)) {
        std::fprintf(stderr, "dinosam eval: cannot create %s\n", s.outDir.string().c_str());
        return ExitSetupFailed;
    }

    std::unique_ptr<Pipeline> pipeline;
    try {
        pipeline = std::make_unique<Pipeline>(s.pipeline);
        pipeline->preload(s.params);
    } catch (const std::exception &e) {
        std::fprintf(stderr, "dinosam eval: %s\n", e.what());
        return ExitSetupFailed;
    }

    EvalRun run(s, *pipeline);
    for (const auto &m : s.methods) {
        if (m == "similar")
            run.similar(gtImages);
        else
            run.discovery(m, gtImages);
    }
    failures += run.failures;

    const std::string table = formatTable(run.rows);
    const std::string refs = formatReferenceTable();
    std::printf("\n%s\n%s", table.c_str(), refs.c_str());
    const std::string header = "dinosam eval --coco " + s.coco.filename().string() + ": " +
                               std::to_string(gtImages.size()) + " images, " +
                               std::to_string(gt.annotations.size()) + " objects, models " + s.params.dinoModel +
                               " + " + s.params.sam2Model + "\n\n";
    writeText(s.outDir / "eval.txt", header + table + "\n" + refs, failures);
    writeText(s.outDir / "eval.csv", formatCsv(run.rows), failures);
    const std::string plotError = writeEvalPlot(run.rows, s.outDir / "eval.png");
    if (!plotError.empty()) {
        std::fprintf(stderr, "%s: %s\n", evalPlotAvailable() ? "error" : "note", plotError.c_str());
        if (evalPlotAvailable())
            ++failures;
    }
    std::printf("Results in %s (eval.txt, eval.csv%s)\n", s.outDir.string().c_str(),
                plotError.empty() ? ", eval.png" : "");
    return failures == 0 ? ExitOk : ExitImageFailed;
}

int evalMain(int argc, char *argv[])
{
#ifdef DINOSAM_HAVE_PLOT
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
#else
    QCoreApplication app(argc, argv);
#endif
    QCoreApplication::setApplicationName(QStringLiteral("dinosam"));
    QCoreApplication::setApplicationVersion(QStringLiteral(DINOSAM_VERSION));
    return runEvalCommand(QCoreApplication::arguments().mid(1)); // "eval" stands in for the program name
}

} // namespace dinosam::cli
