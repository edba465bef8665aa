#include "clioptions.h"

#include "annotation/labelset.h"
#include "export/exportformatregistry.h"
#include "models/catalog/modelcatalog.h"
#include "pipeline/modellocator.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include <algorithm>

namespace dinosam::cli {
namespace {

QString joined(const std::vector<std::string> &ids)
{
    QStringList l;
    for (const auto &id : ids)
        l << QString::fromStdString(id);
    return l.join(QStringLiteral(", "));
}

ParseOutcome usageError(const QString &message)
{
    ParseOutcome o;
    o.exitCode = ExitUsage;
    o.message = QStringLiteral("dinosam: %1\nTry 'dinosam --help'.").arg(message);
    return o;
}

} // namespace

std::string modelIdFromFileName(const std::filesystem::path &file, bool dino)
{
    const std::string name = file.filename().string();
    std::string best;
    for (const auto &id : dino ? ModelLocator::dinoModels() : ModelLocator::sam2Models())
        if (name.rfind(id, 0) == 0 && id.size() > best.size()) {
            // The id must end at a separator, so "sam2_hiera_t" never matches "sam2_hiera_tiny".
            const char next = name.size() > id.size() ? name[id.size()] : '.';
            if (next == '_' || next == '.' || next == '-')
                best = id;
        }
    return best;
}

std::filesystem::path sampleImagePath()
{
    // Installed: <prefix>/bin/dinosam + <prefix>/share/dinosam/samples (Linux, Windows),
    // or Contents/MacOS/dinosam + Contents/Resources/dinosam/samples (macOS bundle).
    const QDir appDir(QCoreApplication::applicationDirPath());
    for (const char *relative : {"../share/dinosam/samples/truck.jpg", "../Resources/dinosam/samples/truck.jpg"}) {
        const QString installed = appDir.filePath(QString::fromLatin1(relative));
        if (QFileInfo(installed).isFile())
            return QDir::cleanPath(installed).toStdString();
    }
#ifdef DINOSAM_SOURCE_SAMPLE_IMAGE
    if (QFileInfo(QStringLiteral(DINOSAM_SOURCE_SAMPLE_IMAGE)).isFile())
        return DINOSAM_SOURCE_SAMPLE_IMAGE;
#endif
    return {};
}

ParseOutcome parseCommandLine(const QStringList &arguments, bool bench, bool precompute)
{
    return parseCommandLine(arguments, bench ? CliCommand::Bench : precompute ? CliCommand::Precompute : CliCommand::Segment);
}

ParseOutcome parseCommandLine(const QStringList &arguments, CliCommand command)
{
    const bool bench = command == CliCommand::Bench;
    const bool exportOnly = command == CliCommand::Export;
    const bool precompute = command == CliCommand::Precompute;
    QCommandLineParser parser;
    parser.setApplicationDescription(
        exportOnly ? QStringLiteral("Exports the annotations saved in PROJECT_DIR/.dinosam (by DinoSam Studio or an "
                                    "import) in the chosen formats, without running any model.")
        : bench ? QStringLiteral("Measures end-to-end seconds per image (cold, and after a threshold change) and "
                               "images per minute for a batch, with the per-stage breakdown, and the memory after the first "
                               "run.")
              : QStringLiteral("Segments objects in images without prompts: DINOv2 finds salient objects, SAM2 "
                               "outlines them. With no IMAGE, segments the bundled sample image (a demo).\n\n"
                               "Other commands:\n"
                               "  dinosam models list|download|install|verify|path ...   manage model checkpoints\n"
                               "  dinosam export PROJECT_DIR --format LIST [options]     export saved annotations\n"
                               "  dinosam import PROJECT_DIR FILE...                     labelme / COCO annotations into it\n"
                               "  dinosam bench [IMAGE] [options]                        measure speed\n"
                               "  dinosam similar --exemplar IMAGE --box x0,y0,x1,y1 TARGET...  find similar objects\n"
                               "  dinosam eval --coco GT.json --images DIR [options]     measure against ground truth\n"
                               "  dinosam track VIDEO|FRAME_DIR [--keyframe N] [options]  discover on a frame, track through the video\n"
                               "  dinosam merge-coco -o FILE COCO_OR_FOLDER...          combine COCO files (e.g. of shards)\n"
                               "  dinosam precompute [options] IMAGE...                  fill the feature cache (no outputs)\n\n"
                               "Images are processed in natural order of their paths. A re-run with the same save folder "
                               "skips the images that are done (each gets a done-marker after its outputs)."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    const QCommandLineOption version({QStringLiteral("v"), QStringLiteral("version")},
                                     QStringLiteral("Show the version."));
    parser.addOption(help);
    parser.addOption(version);
    const QCommandLineOption saveDir(QStringLiteral("save-dir"),
                                     QStringLiteral("Output folder (created if missing; default: output)."),
                                     QStringLiteral("DIR"));
    const QCommandLineOption numObjects(QStringLiteral("num-objects"),
                                        QStringLiteral("Keep at most N objects per image (default 5)."),
                                        QStringLiteral("N"));
    const QCommandLineOption threshold(QStringLiteral("threshold"),
                                       QStringLiteral("Attention threshold in [0, 1] (default 0.6)."),
                                       QStringLiteral("T"));
    const QCommandLineOption minArea(QStringLiteral("min-area"),
                                     QStringLiteral("Drop objects smaller than A pixels (default 1000)."),
                                     QStringLiteral("A"));
    const QCommandLineOption promptType(QStringLiteral("prompt-type"),
                                        QStringLiteral("SAM2 prompt per object: box, point or both (default box)."),
                                        QStringLiteral("box|point|both"));
    const QCommandLineOption method(QStringLiteral("method"),
                                    QStringLiteral("Discovery: attention or spectral (default attention)."),
                                    QStringLiteral("attention|spectral"));
    const QCommandLineOption dinoModel(QStringLiteral("dino-model"),
                                       QStringLiteral("DINOv2 model: %1 (default %2).")
                                           .arg(joined(ModelLocator::dinoModels()),
                                                QString::fromStdString(ModelCatalog::defaultDinoModel())),
                                       QStringLiteral("ID"));
    const QCommandLineOption sam2Model(QStringLiteral("sam2-model"),
                                       QStringLiteral("SAM2 model: %1 (default %2).")
                                           .arg(joined(ModelLocator::sam2Models()),
                                                QString::fromStdString(ModelCatalog::defaultSam2Model())),
                                       QStringLiteral("ID"));
    const QCommandLineOption dinoCheckpoint(QStringLiteral("dino-checkpoint"),
                                            QStringLiteral("DINOv2 checkpoint file (overrides the model folders)."),
                                            QStringLiteral("FILE"));
    const QCommandLineOption sam2Checkpoint(QStringLiteral("sam2-checkpoint"),
                                            QStringLiteral("SAM2 checkpoint file (overrides the model folders)."),
                                            QStringLiteral("FILE"));
    const QCommandLineOption modelDir(
        QStringLiteral("model-dir"),
        QStringLiteral("Folder with Meta's checkpoint files (searched before $DINOSAM_MODEL_DIR and %1).")
            .arg(QString::fromStdString(ModelLocator::userModelDir().string())),
        QStringLiteral("DIR"));
    QStringList formatHelp;
    for (const ExportFormatInfo &f : ExportFormatRegistry::instance().formats())
        formatHelp << QStringLiteral("%1 (%2)").arg(QString::fromStdString(f.id), QString::fromStdString(f.filesDescription));
    const QCommandLineOption format(QStringLiteral("format"),
                                    QStringLiteral("Outputs, comma-separated: %1, or all (default seed; "
                                                   "'original' is seed).")
                                        .arg(formatHelp.join(QStringLiteral(", "))),
                                    QStringLiteral("LIST"));
    const QCommandLineOption label(QStringLiteral("label"),
                                   QStringLiteral("Label (class name) of automatic objects (default object)."),
                                   QStringLiteral("NAME"));
    const QCommandLineOption labels(QStringLiteral("labels"),
                                    QStringLiteral("classes.txt with one label per line: the class order of "
                                                   "the exports (other labels follow)."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption polygonTolerance(
        QStringLiteral("polygon-tolerance"),
        QStringLiteral("Polygon detail of coco polygons, yolo and labelme: Douglas-Peucker tolerance in "
                       "pixels (default 1; 0 keeps every boundary pixel)."),
        QStringLiteral("PX"));
    const QCommandLineOption cocoSegmentation(
        QStringLiteral("coco-segmentation"),
        QStringLiteral("Shape in coco.json: rle (default), rle-string (compressed) or polygons."),
        QStringLiteral("rle|rle-string|polygons"));
    const QCommandLineOption cocoPerImage(QStringLiteral("coco-per-image"),
                                          QStringLiteral("coco: also write <name>_coco.json per image."));
    const QCommandLineOption threads(QStringLiteral("threads"),
                                     QStringLiteral("CPU threads for inference (default: all cores)."),
                                     QStringLiteral("N"));
    const QCommandLineOption device(QStringLiteral("device"),
                                    QStringLiteral("Where the models run: cpu or cuda (default cpu; cuda needs a "
                                                   "LibTorch built with CUDA and a visible GPU)."),
                                    QStringLiteral("cpu|cuda"));
    const QCommandLineOption shard(
        QStringLiteral("shard"),
        QStringLiteral("Process only share K of N (K from 0) of the sorted image list, e.g. one task of a cluster "
                       "array job; N runs with K = 0..N-1 cover every image exactly once."),
        QStringLiteral("K/N"));
    const QCommandLineOption force(QStringLiteral("force"),
                                   QStringLiteral("Redo images that an earlier run completed (by default a re-run "
                                                  "skips them: see <save-dir>/.dinosam-done)."));
    const QCommandLineOption recursive(QStringLiteral("recursive"), QStringLiteral("Descend into sub-folders."));
    const QCommandLineOption cacheDir(
        QStringLiteral("cache-dir"),
        QStringLiteral("Feature cache folder: encoder outputs kept on disk so that images seen before need no "
                       "encoder run (default: %1).")
            .arg(QString::fromStdString(defaultFeatureCacheDir().string())),
        QStringLiteral("DIR"));
    const QCommandLineOption noDiskCache(QStringLiteral("no-disk-cache"),
                                         QStringLiteral("Neither read nor write the feature cache on disk."));
    const QCommandLineOption tile(QStringLiteral("tile"),
                                  QStringLiteral("Big images in tiles: auto (default: images with a side over 4096 px or "
                                                 "over 16 MP, up to what the memory budget holds), or off (images over "
                                                 "100 MP are refused)."),
                                  QStringLiteral("auto|off"));
    const QCommandLineOption tileSize(QStringLiteral("tile-size"),
                                      QStringLiteral("Tile side in pixels, 1024 to 8192 (default 2048; tiles overlap by "
                                                     "256 px)."),
                                      QStringLiteral("PX"));
    const QCommandLineOption quiet({QStringLiteral("q"), QStringLiteral("quiet")},
                                   QStringLiteral("Print only errors."));
    const QCommandLineOption batch(QStringLiteral("batch"),
                                   QStringLiteral("bench: images in the throughput batch (default 3)."),
                                   QStringLiteral("N"));
    // Settings the studio has in its dialog, reachable here too.
    const QCommandLineOption duplicateIou(QStringLiteral("duplicate-iou"),
                                          QStringLiteral("Drop a mask that overlaps a better one above this IoU "
                                                         "(default 0.8)."),
                                          QStringLiteral("IOU"));
    const QCommandLineOption dinoInputSize(QStringLiteral("dino-input-size"),
                                           QStringLiteral("DINOv2 input's shorter side in pixels, a multiple of "
                                                          "14 from 112 to 1022 (default 448)."),
                                           QStringLiteral("PX"));
    const QCommandLineOption fillHoles(QStringLiteral("fill-holes"),
                                       QStringLiteral("Fill small holes and remove specks below --min-area in "
                                                      "every mask."));
    const QCommandLineOption cacheMb(QStringLiteral("cache-mb"),
                                     QStringLiteral("Memory budget of the stage cache in MiB (default: 1024 for "
                                                    "bench, only the image in hand for batches)."),
                                     QStringLiteral("MIB"));
    const QCommandLineOption jpegQuality(QStringLiteral("jpeg-quality"),
                                         QStringLiteral("Quality of written JPEG files, 1-100 (default 92)."),
                                         QStringLiteral("Q"));
    if (exportOnly) {
        parser.addOptions({saveDir, format, label, labels, polygonTolerance, cocoSegmentation, cocoPerImage, quiet});
        parser.addPositionalArgument(QStringLiteral("PROJECT_DIR"),
                                     QStringLiteral("A folder of images annotated by DinoSam (with a .dinosam folder)."),
                                     QStringLiteral("PROJECT_DIR"));
    } else {
        parser.addOptions({numObjects, threshold, minArea, promptType, method, dinoModel, sam2Model, dinoCheckpoint,
                           sam2Checkpoint, modelDir, threads, device, quiet, duplicateIou, dinoInputSize, fillHoles,
                           cacheMb});
    }
    if (exportOnly) {
    } else if (bench) {
        parser.addOption(batch);
        parser.addPositionalArgument(QStringLiteral("IMAGE"),
                                     QStringLiteral("Image to measure (default: the bundled 1800x1200 sample)."),
                                     QStringLiteral("[IMAGE]"));
    } else {
        parser.addOptions({recursive, shard, cacheDir, noDiskCache});
        if (!precompute)
            parser.addOptions({tile, tileSize});
        if (!precompute)
            parser.addOptions({saveDir, format, label, labels, polygonTolerance, cocoSegmentation, cocoPerImage, force,
                               jpegQuality});
        parser.addPositionalArgument(QStringLiteral("IMAGE"),
                                     QStringLiteral("Image files, folders or globs (e.g. 'shots/*.jpg')."),
                                     QStringLiteral("[IMAGE...]"));
    }

    if (!parser.parse(arguments))
        return usageError(parser.errorText());
    if (parser.isSet(help)) {
        ParseOutcome o;
        o.message = parser.helpText();
        if (bench)
            o.message.replace(QStringLiteral("dinosam [options]"), QStringLiteral("dinosam bench [options]"));
        if (precompute)
            o.message.replace(QStringLiteral("dinosam [options]"), QStringLiteral("dinosam precompute [options]"));
        if (exportOnly)
            o.message.replace(QStringLiteral("dinosam [options]"), QStringLiteral("dinosam export [options]"));
        return o;
    }
    if (parser.isSet(version)) {
        ParseOutcome o;
        o.message = QStringLiteral("dinosam %1").arg(QStringLiteral(DINOSAM_VERSION));
        return o;
    }

    ParseOutcome out;
    CliOptions &opt = out.options;
    SegmentationParams &p = opt.params;
    bool ok = true;
    if (!exportOnly) {
    if (parser.isSet(numObjects)) {
        p.numObjects = parser.value(numObjects).toInt(&ok);
        // Like --threads: 0 would run every model for no object, so it is refused, not obeyed.
        if (!ok || p.numObjects < 1)
            return usageError(QStringLiteral("--num-objects needs a whole number >= 1, got '%1'")
                                  .arg(parser.value(numObjects)));
    }
    if (parser.isSet(threshold)) {
        p.attentionThreshold = parser.value(threshold).toFloat(&ok);
        if (!ok || !(p.attentionThreshold >= 0.f && p.attentionThreshold <= 1.f))
            return usageError(
                QStringLiteral("--threshold needs a number in [0, 1], got '%1'").arg(parser.value(threshold)));
    }
    if (parser.isSet(minArea)) {
        p.minArea = parser.value(minArea).toLongLong(&ok);
        if (!ok || p.minArea < 0)
            return usageError(
                QStringLiteral("--min-area needs a whole number >= 0, got '%1'").arg(parser.value(minArea)));
    }
    if (parser.isSet(promptType)) {
        const QString v = parser.value(promptType).toLower();
        if (v == QLatin1String("box"))
            p.promptType = PromptType::Box;
        else if (v == QLatin1String("point"))
            p.promptType = PromptType::Point;
        else if (v == QLatin1String("both") || v == QLatin1String("box+point"))
            p.promptType = PromptType::BoxAndPoint;
        else
            return usageError(
                QStringLiteral("--prompt-type must be box, point or both, got '%1'").arg(parser.value(promptType)));
    }
    if (parser.isSet(method)) {
        const QString v = parser.value(method).toLower();
        if (v == QLatin1String("attention"))
            p.method = DiscoveryMethod::Attention;
        else if (v == QLatin1String("spectral"))
            p.method = DiscoveryMethod::Spectral;
        else
            return usageError(
                QStringLiteral("--method must be attention or spectral, got '%1'").arg(parser.value(method)));
    }
    // Models: an explicit checkpoint whose file name starts with a model id implies that id.
    const std::filesystem::path dinoFile = parser.value(dinoCheckpoint).toStdString();
    const std::filesystem::path samFile = parser.value(sam2Checkpoint).toStdString();
    if (parser.isSet(dinoModel))
        p.dinoModel = parser.value(dinoModel).toStdString();
    else if (const auto id = modelIdFromFileName(dinoFile, true); !dinoFile.empty() && !id.empty())
        p.dinoModel = id;
    if (parser.isSet(sam2Model))
        p.sam2Model = parser.value(sam2Model).toStdString();
    else if (const auto id = modelIdFromFileName(samFile, false); !samFile.empty() && !id.empty())
        p.sam2Model = id;
    if (!ModelLocator::isDinoModel(p.dinoModel))
        return usageError(QStringLiteral("unknown --dino-model '%1' (known: %2)")
                              .arg(QString::fromStdString(p.dinoModel), joined(ModelLocator::dinoModels())));
    if (!ModelLocator::isSam2Model(p.sam2Model))
        return usageError(QStringLiteral("unknown --sam2-model '%1' (known: %2)")
                              .arg(QString::fromStdString(p.sam2Model), joined(ModelLocator::sam2Models())));
    if (!dinoFile.empty())
        opt.pipeline.checkpoints[p.dinoModel] = dinoFile;
    if (!samFile.empty())
        opt.pipeline.checkpoints[p.sam2Model] = samFile;
    if (parser.isSet(modelDir))
        opt.pipeline.modelDir = parser.value(modelDir).toStdString();
    if (parser.isSet(threads)) {
        opt.pipeline.threads = parser.value(threads).toInt(&ok);
        if (!ok || opt.pipeline.threads < 1 || opt.pipeline.threads > 1024)
            return usageError(
                QStringLiteral("--threads needs a whole number >= 1, got '%1'").arg(parser.value(threads)));
    }
    if (parser.isSet(device)) {
        // Only the spelling is checked here: whether CUDA is there is the pipeline's to say (exit 3).
        const QString v = parser.value(device).toLower();
        if (v == QLatin1String("cpu"))
            opt.pipeline.device = ComputeDevice::Cpu;
        else if (v == QLatin1String("cuda"))
            opt.pipeline.device = ComputeDevice::Cuda;
        else
            return usageError(QStringLiteral("--device must be cpu or cuda, got '%1'").arg(parser.value(device)));
    }
    if (parser.isSet(duplicateIou)) {
        p.duplicateIou = parser.value(duplicateIou).toFloat(&ok);
        if (!ok || !(p.duplicateIou > 0.f && p.duplicateIou <= 1.f))
            return usageError(QStringLiteral("--duplicate-iou needs a number in (0, 1], got '%1'")
                                  .arg(parser.value(duplicateIou)));
    }
    if (parser.isSet(dinoInputSize)) {
        p.dinoInputSize = parser.value(dinoInputSize).toInt(&ok);
        if (!ok || p.dinoInputSize < 112 || p.dinoInputSize > 1022 || p.dinoInputSize % 14 != 0)
            return usageError(QStringLiteral("--dino-input-size needs a multiple of 14 from 112 to 1022, got '%1'")
                                  .arg(parser.value(dinoInputSize)));
    }
    p.removeSmallHolesAndSpecks = parser.isSet(fillHoles);
    if (parser.isSet(cacheMb)) {
        const qlonglong mb = parser.value(cacheMb).toLongLong(&ok);
        if (!ok || mb < 16 || mb > (qlonglong(1) << 20))
            return usageError(
                QStringLiteral("--cache-mb needs a whole number from 16 to 1048576, got '%1'").arg(parser.value(cacheMb)));
        opt.pipeline.cacheBytes = std::size_t(mb) << 20;
        opt.cacheBudgetGiven = true;
    }
    }
    opt.quiet = parser.isSet(quiet);

    if (bench) {
        if (parser.isSet(batch)) {
            opt.benchBatch = parser.value(batch).toInt(&ok);
            if (!ok || opt.benchBatch < 1 || opt.benchBatch > 1000)
                return usageError(QStringLiteral("--batch needs a whole number >= 1, got '%1'").arg(parser.value(batch)));
        }
        if (parser.positionalArguments().size() > 1)
            return usageError(QStringLiteral("bench takes at most one IMAGE"));
    } else if (!exportOnly) {
        if (!precompute && parser.isSet(saveDir)) {
            if (parser.value(saveDir).isEmpty())
                return usageError(QStringLiteral("--save-dir needs a folder"));
            opt.saveDir = parser.value(saveDir).toStdString();
        }
        opt.recursive = parser.isSet(recursive);
        if (!precompute && parser.isSet(jpegQuality)) {
            opt.exportOptions.jpegQuality = parser.value(jpegQuality).toInt(&ok);
            if (!ok || opt.exportOptions.jpegQuality < 1 || opt.exportOptions.jpegQuality > 100)
                return usageError(
                    QStringLiteral("--jpeg-quality needs a whole number from 1 to 100, got '%1'").arg(parser.value(jpegQuality)));
        }
        opt.precompute = precompute;
        if (!precompute)
            opt.force = parser.isSet(force);
        if (!precompute && parser.isSet(tile)) {
            const QString t = parser.value(tile);
            if (t != QLatin1String("auto") && t != QLatin1String("off"))
                return usageError(QStringLiteral("--tile is auto or off, got '%1'").arg(t));
            opt.tiling.enabled = t == QLatin1String("auto");
        }
        if (!precompute && parser.isSet(tileSize)) {
            bool ok = false;
            const int px = parser.value(tileSize).toInt(&ok);
            if (!ok || px < 1024 || px > 8192)
                return usageError(
                    QStringLiteral("--tile-size needs a whole number from 1024 to 8192, got '%1'").arg(parser.value(tileSize)));
            opt.tiling.tileSize = px;
            opt.tiling.overviewSide = px;
        }
        if (parser.isSet(noDiskCache) && parser.isSet(cacheDir))
            return usageError(QStringLiteral("--cache-dir and --no-disk-cache exclude each other"));
        if (parser.isSet(noDiskCache)) {
            if (precompute)
                return usageError(QStringLiteral("precompute fills the disk cache: --no-disk-cache leaves it nothing to do"));
        } else if (parser.isSet(cacheDir)) {
            if (parser.value(cacheDir).isEmpty())
                return usageError(QStringLiteral("--cache-dir needs a folder"));
            opt.pipeline.diskCacheDir = parser.value(cacheDir).toStdString();
        } else {
            opt.pipeline.diskCacheDir = defaultFeatureCacheDir();
        }
        if (parser.isSet(shard)) {
            std::string error;
            const auto spec = ShardSpec::parse(parser.value(shard).toStdString(), error);
            if (!spec)
                return usageError(QString::fromStdString(error));
            opt.shard = *spec;
        }
    }
    if (!bench && !precompute) {
        if (exportOnly && parser.isSet(saveDir) && !parser.value(saveDir).isEmpty())
            opt.saveDir = parser.value(saveDir).toStdString();
        else if (exportOnly)
            opt.saveDir.clear(); // default: PROJECT_DIR/export, set by the command
        ExportOptions &e = opt.exportOptions;
        if (parser.isSet(format)) {
            try {
                opt.formats = ExportFormatRegistry::instance().parseList(parser.value(format).toStdString());
            } catch (const std::invalid_argument &err) {
                return usageError(QStringLiteral("--format: %1").arg(QString::fromStdString(err.what())));
            }
        }
        // exportResult()'s switches follow the chosen formats (the seed layout has them all).
        const auto chosen = [&](const char *id) {
            return std::find(opt.formats.begin(), opt.formats.end(), id) != opt.formats.end();
        };
        e.visualization = e.summary = e.masks = chosen("seed");
        e.coco = chosen("coco");
        e.cutouts = chosen("cutouts");
        if (parser.isSet(label)) {
            e.defaultLabel = LabelSet::normalizedName(parser.value(label).toStdString());
            if (e.defaultLabel.empty())
                return usageError(QStringLiteral("--label needs a name"));
        }
        if (parser.isSet(labels)) {
            opt.labelsFile = parser.value(labels).toStdString();
            try {
                e.labels = LabelSet::loadClassesFile(opt.labelsFile).names();
            } catch (const std::exception &err) {
                return usageError(QStringLiteral("--labels: %1").arg(QString::fromStdString(err.what())));
            }
        }
        if (parser.isSet(polygonTolerance)) {
            e.polygonEpsilon = parser.value(polygonTolerance).toDouble(&ok);
            if (!ok || !(e.polygonEpsilon >= 0 && e.polygonEpsilon <= 1000))
                return usageError(QStringLiteral("--polygon-tolerance needs a number of pixels in [0, 1000], got '%1'")
                                      .arg(parser.value(polygonTolerance)));
        }
        if (parser.isSet(cocoSegmentation)) {
            const QString v = parser.value(cocoSegmentation).toLower();
            if (v == QLatin1String("rle"))
                e.cocoSegmentation = CocoSegmentation::RleCounts;
            else if (v == QLatin1String("rle-string"))
                e.cocoSegmentation = CocoSegmentation::RleString;
            else if (v == QLatin1String("polygons") || v == QLatin1String("polygon"))
                e.cocoSegmentation = CocoSegmentation::Polygons;
            else
                return usageError(QStringLiteral("--coco-segmentation must be rle, rle-string or polygons, got '%1'")
                                      .arg(parser.value(cocoSegmentation)));
        }
        e.cocoPerImage = parser.isSet(cocoPerImage);
        if (exportOnly && parser.positionalArguments().size() != 1)
            return usageError(QStringLiteral("export needs exactly one PROJECT_DIR"));
    }
    for (const QString &a : parser.positionalArguments())
        opt.images.push_back(a.toStdString());
    if (precompute && opt.images.empty())
        return usageError(QStringLiteral("precompute needs at least one IMAGE or folder"));
    out.run = true;
    return out;
}

} // namespace dinosam::cli
