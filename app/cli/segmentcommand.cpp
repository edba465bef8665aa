#include "segmentcommand.h"

#include "batchinputs.h"
#include "progressbar.h"

#include "batch/donemarker.h"
#include "export/atomicfile.h"
#include "export/batchexporter.h"
#include "mergecococommand.h"
#include "imageio/imageloader.h"
#include "imageio/imagereadahead.h"
#include "pipeline/pipeline.h"
#include "models/common/cpuruntime.h"
#include "pipeline/tiledsegmentation.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>

#ifndef _WIN32
#include <unistd.h>
#endif

namespace dinosam::cli {
namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void onInterrupt(int)
{
    g_interrupted = true;
}

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string fixed(double v, int digits = 1)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

/// Checks that `dir` exists or can be created and that files can be written into it.
/// `created`: the folder that did not exist before (removed again if the run cannot start).
bool prepareSaveDir(const std::filesystem::path &dir, std::string &error, std::filesystem::path *created = nullptr)
{
    std::error_code ec;
    if (created) {
        // The topmost missing folder, so that an aborted run leaves nothing behind.
        std::filesystem::path p = std::filesystem::absolute(dir, ec).lexically_normal(), top;
        while (!p.empty() && !std::filesystem::exists(p, ec) && p != p.parent_path()) {
            top = p;
            p = p.parent_path();
        }
        *created = top;
    }
    std::filesystem::create_directories(dir, ec);
    if (ec || !std::filesystem::is_directory(dir)) {
        error = "cannot use save folder " + dir.string() + ": " +
                (ec ? ec.message() : std::string("exists and is not a folder"));
        return false;
    }
#ifndef _WIN32
    const auto probe = dir / (".dinosam-write-test-" + std::to_string(::getpid()));
#else
    const auto probe = dir / ".dinosam-write-test";
#endif
    {
        std::ofstream out(probe);
        if (!out) {
            error = "cannot write into save folder " + dir.string() + ": " + std::strerror(errno);
            return false;
        }
    }
    std::filesystem::remove(probe, ec);
    return true;
}

std::string loadNotes(const ImageLoadInfo &info)
{
    std::string notes;
    auto add = [&](const std::string &n) { notes += (notes.empty() ? "" : ", ") + n; };
    if (info.originalDepth == CV_16U)
        add("16-bit converted to 8-bit");
    else if (info.originalDepth != CV_8U)
        add("converted to 8-bit");
    if (info.originalChannels <= 2)
        add("grayscale");
    if (info.alphaComposited)
        add("transparency composited on white");
    if (info.orientationApplied)
        add("EXIF orientation " + std::to_string(info.exifOrientation) + " applied");
    return notes;
}

/// Everything that changes an image's outputs, as text: a done-marker is valid only for the
/// same settings (a re-run with another threshold or format redoes the images).
std::string settingsText(const CliOptions &o)
{
    const SegmentationParams &p = o.params;
    const ExportOptions &e = o.exportOptions;
    std::string s;
    auto add = [&](const char *key, const std::string &value) { s += std::string(key) + "=" + value + "\n"; };
    add("method", std::to_string(int(p.method)));
    add("threshold", fixed(p.attentionThreshold, 6));
    add("num-objects", std::to_string(p.numObjects));
    add("min-area", std::to_string(p.minArea));
    add("prompt-type", std::to_string(int(p.promptType)));
    add("duplicate-iou", fixed(p.duplicateIou, 6));
    add("clean-masks", std::to_string(p.removeSmallHolesAndSpecks));
    add("dino-model", p.dinoModel);
    add("sam2-model", p.sam2Model);
    add("dino-input", std::to_string(p.dinoInputSize));
    for (const auto &[id, file] : o.pipeline.checkpoints)
        add("checkpoint", id + ":" + file.string());
    std::string formats;
    for (const auto &id : o.formats)
        formats += (formats.empty() ? "" : ",") + id;
    add("formats", formats);
    add("coco-segmentation", std::to_string(int(e.cocoSegmentation)));
    add("polygon-tolerance", fixed(e.polygonEpsilon, 6));
    add("label", e.defaultLabel);
    for (const auto &l : e.labels)
        add("class", l);
    add("jpeg-quality", std::to_string(e.jpegQuality));
    return s;
}

} // namespace

int runSegmentCommand(const CliOptions &options)
{
    const auto batchStart = std::chrono::steady_clock::now();
    // 1. Images, 2. the batch's order, names and this run's share.
    BatchInputs inputs;
    std::string inputError;
    if (!collectBatchInputs(options, inputs, inputError)) {
        std::fprintf(stderr, "dinosam: %s\n", inputError.c_str());
        return ExitSetupFailed;
    }
    if (inputs.demo && !options.quiet)
        std::printf("No images given: running the demo on the bundled sample %s\n", inputs.files[0].string().c_str());
    std::vector<BatchFailure> &failures = inputs.failures;
    const std::vector<std::filesystem::path> &files = inputs.files;
    const std::vector<std::string> &baseNames = inputs.baseNames;
    const ShardSpec::Range share = inputs.share;
    const size_t argumentFailures = failures.size();
    const std::string settings = settingsText(options);
    std::vector<size_t> todo;     // indices into files
    size_t alreadyDone = 0;
    std::vector<std::string> redoNotes;
    for (size_t i = share.first; i < share.last; ++i) {
        if (!options.force) {
            const DoneCheck c = donemarker::check(options.saveDir, baseNames[i], files[i], settings);
            if (c.isComplete()) {
                ++alreadyDone;
                continue;
            }
            if (c.state == DoneCheck::State::Stale)
                redoNotes.push_back(files[i].filename().string() + ": redoing, " + c.reason);
        }
        todo.push_back(i);
    }

    ProgressBar progress(int(todo.size()), ProgressBar::stdoutIsTerminal(), options.quiet);
    for (const auto &f : failures)
        progress.error("error: " + f.message);
    for (const auto &s : inputs.skipped) // said, not left out silently
        progress.line("Skipped " + s.path.string() + ": " + s.reason);
    if (!options.shard.isWhole())
        progress.line("Shard " + options.shard.toString() + ": " + std::to_string(share.size()) + " of " +
                      std::to_string(files.size()) + " images" +
                      (share.size() ? " (" + std::to_string(share.first + 1) + " to " + std::to_string(share.last) + ")"
                                    : std::string()));
    if (alreadyDone > 0)
        progress.line("Skipping " + std::to_string(alreadyDone) + " image" + (alreadyDone == 1 ? "" : "s") +
                      " done by an earlier run (--force redoes them)");
    for (const auto &n : redoNotes)
        progress.line(n);
    // Two images of one name (photo.jpg, photo.png): the later one's files get another name; said so.
    for (size_t i = share.first; i < share.last; ++i) {
        const std::string stem = files[i].stem().string();
        if (baseNames[i] == stem)
            continue;
        std::string first;
        for (size_t j = 0; j < files.size() && first.empty(); ++j)
            if (j != i && baseNames[j] == stem)
                first = " (" + files[j].filename().string() + " already uses " + stem + "*)";
        progress.line(files[i].filename().string() + " is written as " + baseNames[i] + "*" + first);
    }

    // 3. Save folder and models: without them nothing can run, so fail early. Nothing to do
    // (an empty share, or everything done) loads no model.
    std::string setupError;
    std::filesystem::path createdDir;
    if (!todo.empty() && !prepareSaveDir(options.saveDir, setupError, &createdDir)) {
        progress.error("dinosam: " + setupError);
        return ExitSetupFailed;
    }
    std::unique_ptr<Pipeline> pipeline;
    if (!todo.empty()) {
        // A batch sees every image once: features kept for earlier images would only fill the
        // memory (1 GiB of them after ~60 images) without a single hit. The disk cache is what
        // serves a later run.
        PipelineConfig config = options.pipeline;
        if (!options.cacheBudgetGiven)
            config.cacheBytes = 1;
        try {
            pipeline = std::make_unique<Pipeline>(config);
            progress.update(0, 0, "loading models", "");
            pipeline->preload(options.params);
        } catch (const std::exception &e) {
            progress.finish();
            std::fprintf(stderr, "dinosam: %s\n", e.what());
            if (!createdDir.empty()) { // a run that cannot start leaves no empty output folder behind
                std::error_code ec;
                for (auto p = std::filesystem::absolute(options.saveDir, ec).lexically_normal();
                     p.string().size() >= createdDir.string().size() && std::filesystem::is_empty(p, ec);
                     p = p.parent_path())
                    if (!std::filesystem::remove(p, ec))
                        break;
            }
            return ExitSetupFailed;
        }
    }

    // 4. The images. Per image: forget its marker and any temporaries an interrupted export
    // left, export atomically, then write the marker: a kill at any point loses only this image.
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    RunControl control;
    control.cancelFlag = &g_interrupted;
    ExportOptions exportOptions = options.exportOptions;
    const bool coco = std::find(options.formats.begin(), options.formats.end(), "coco") != options.formats.end();
    if (coco) {
        // Every image's own COCO file is written with it, so that a killed, resumed or sharded batch
        // keeps each finished image's annotations. coco.json (the whole batch) comes from the
        // exporter in a fresh whole run, from the per-image files after a resume (below), and
        // not at all in one shard of a batch (the shards would overwrite each other's).
        exportOptions.cocoPerImage = true;
        exportOptions.cocoBatchFile = options.shard.isWhole() && alreadyDone == 0;
    }
    std::vector<std::chrono::steady_clock::time_point> starts(todo.size());
    std::vector<std::string> notes(todo.size()); // what loading converted, for the image's progress line
    std::vector<std::filesystem::path> todoFiles;
    for (const size_t i : todo)
        todoFiles.push_back(files[i]);
    // The next image decodes while the models run on this one (one waits at most: flat memory).
    // Tiling lifts the 100 MP limit to the largest image whose masks fit its memory budget.
    ImageLoadOptions loadOptions;
    if (options.tiling.enabled)
        loadOptions.maxPixels =
            std::max(loadOptions.maxPixels, maxTiledPixels(options.tiling, options.params.numObjects));
    ImageReadAhead readAhead(todoFiles, 1, [loadOptions](const std::filesystem::path &f) {
        return loadImage(f, loadOptions);
    });
    BatchCallbacks callbacks;
    callbacks.cancelled = [] { return g_interrupted.load(); };
    callbacks.produce = [&](size_t t, const std::filesystem::path &file) {
        const size_t i = todo[t];
        const std::string name = file.filename().string();
        // The last image's tensors are freed: give their pages back, or the heap's holes add up
        // over thousands of images (see releaseFreedHeapMemory).
        releaseFreedHeapMemory();
        starts[t] = std::chrono::steady_clock::now();
        // Forget the image's marker and any temporaries an interrupted export left; the marker
        // comes back after its files are in place, so a kill at any point loses only this image.
        donemarker::remove(options.saveDir, baseNames[i]);
        donemarker::removeInterruptedTemporaries(options.saveDir, baseNames[i]);
        progress.update(int(t), 0, name, "loading");
        LoadedImage image = readAhead.take(t);
        control.progress = [&, t, name](const PipelineProgress &p) {
            progress.update(int(t), p.overall * 0.95, name, stageName(p.stage));
        };
        BatchImage out;
        notes[t] = loadNotes(image.info);
        if (needsTiling(image.rgb.size(), options.tiling)) {
            TiledRunStats tiled;
            out.result = segmentInTiles(*pipeline, image.rgb, name, options.params, options.tiling, control, &tiled);
            notes[t] += (notes[t].empty() ? "" : "; ") + std::to_string(tiled.tiles) + " tiles, " +
                        std::to_string(tiled.pieces) + " pieces merged into " + std::to_string(tiled.merged) +
                        " objects" + (tiled.merged > tiled.kept && tiled.kept == tiled.objectCap
                                          ? ", the best " + std::to_string(tiled.kept) + " kept (memory)"
                                          : "");
        } else {
            out.result = pipeline->run(ImageInput::fromMat(image.rgb, {}, name), options.params, control);
        }
        progress.update(int(t), 0.97, name, "export");
        out.rgb = std::move(image.rgb);
        out.baseName = baseNames[i];
        return out;
    };
    callbacks.imageDone = [&](size_t t, const std::filesystem::path &file, const BatchImage *done,
                              const BatchExporter::ExportedImage *exported, const std::string &error) {
        if (!done) {
            progress.error("error: " + error);
            return;
        }
        donemarker::write(options.saveDir, baseNames[todo[t]], file, settings, exported->files);
        const size_t n = done->result.objects.size();
        progress.line("[" + std::to_string(t + 1) + "/" + std::to_string(todo.size()) + "] " +
                      file.filename().string() + ": " + std::to_string(n) + " object" + (n == 1 ? "" : "s") + " in " +
                      fixed(secondsSince(starts[t])) + " s" + (notes[t].empty() ? "" : " (" + notes[t] + ")"));
    };
    BatchReport report;
    if (!todo.empty()) {
        try {
            report = exportBatch(todoFiles, options.saveDir, options.formats, exportOptions, callbacks);
        } catch (const std::invalid_argument &e) { // unknown format: parseCommandLine() checks them
            progress.finish();
            std::fprintf(stderr, "dinosam: %s\n", e.what());
            return ExitUsage;
        }
    }
    for (const auto &f : report.failures)
        failures.push_back({f.first.string(), f.second});
    const int done = report.imagesDone;
    const int64_t objectCount = report.objects;
    const bool interrupted = report.cancelled;
    progress.finish();
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);

    // A resumed whole batch: coco.json again covers every image of it, from the per-image files.
    if (coco && options.shard.isWhole() && alreadyDone > 0 && !report.stoppedOnWriteError && done + alreadyDone > 0) {
        QStringList perImage;
        for (size_t i = share.first; i < share.last; ++i) {
            const auto file = options.saveDir / (baseNames[i] + "_coco.json");
            if (std::filesystem::is_regular_file(file))
                perImage << QString::fromStdString(file.string());
        }
        try {
            const QByteArray json = mergeCocoFiles(perImage);
            AtomicFile::write(options.saveDir / "coco.json", std::string_view(json.constData(), size_t(json.size())));
        } catch (const std::exception &e) {
            failures.push_back({(options.saveDir / "coco.json").string(), e.what()});
        }
    } else if (coco && !options.shard.isWhole() && done > 0 && !options.quiet) {
        progress.line("Shard " + options.shard.toString() + ": per-image COCO files written; `dinosam merge-coco -o " +
                      "coco.json " + options.saveDir.string() + "` combines the shards' images");
    }

    // 5. Summary.
    const double total = secondsSince(batchStart);
    if (!options.quiet) {
        const size_t all = todo.size() + argumentFailures;
        std::printf("Done: %d of %zu image%s segmented, ", done, all, all == 1 ? "" : "s");
        if (alreadyDone > 0)
            std::printf("%zu skipped (done before), ", alreadyDone);
        if (!inputs.skipped.empty())
            std::printf("%zu skipped (format not supported), ", inputs.skipped.size());
        std::printf("%zu failed, %lld object%s, %s s", failures.size(), static_cast<long long>(objectCount),
                    objectCount == 1 ? "" : "s", fixed(total).c_str());
        if (done > 0)
            std::printf(" (%s s per image)", fixed(total / done, 2).c_str());
        std::printf(".\n");
        if (done > 0)
            std::printf("Results in %s\n", options.saveDir.string().c_str());
        if (pipeline && !options.pipeline.diskCacheDir.empty()) {
            const auto s = pipeline->cacheStats();
            std::printf("Feature cache: %llu encoder output%s read from disk, %llu stored (%s)",
                        static_cast<unsigned long long>(s.diskHits), s.diskHits == 1 ? "" : "s",
                        static_cast<unsigned long long>(s.diskWrites), options.pipeline.diskCacheDir.string().c_str());
            if (s.diskRejected > 0)
                std::printf(", %llu damaged file(s) recomputed", static_cast<unsigned long long>(s.diskRejected));
            if (s.diskWriteFailures > 0)
                std::printf(", %llu write(s) failed", static_cast<unsigned long long>(s.diskWriteFailures));
            std::printf("\n");
        }
    }
    if (!failures.empty()) {
        std::fprintf(stderr, "%zu failed:\n", failures.size());
        for (const auto &f : failures)
            std::fprintf(stderr, "  %s\n", f.message.c_str());
    }
    if (report.stoppedOnWriteError) {
        std::fprintf(stderr,
                     "dinosam: stopped: %s\n  Nothing more can be written to %s; %zu image(s) not processed. "
                     "Free space or choose another --save-dir, then run again.\n",
                     report.stopReason.c_str(), options.saveDir.string().c_str(), report.notProcessed);
    }
    if (interrupted) {
        std::fprintf(stderr, "dinosam: interrupted; %zu image(s) not processed (a re-run resumes)\n",
                     report.notProcessed);
        return 130;
    }
    return failures.empty() ? ExitOk : ExitImageFailed;
}

} // namespace dinosam::cli
