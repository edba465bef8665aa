#include "segmentcommand.h"

#include "progressbar.h"

#include "export/batchexporter.h"
#include "imageio/imagecollector.h"
#include "imageio/imageloader.h"
#include "pipeline/pipeline.h"

#include <atomic>
#include <chrono>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
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

struct Failure
{
    std::string what;    ///< file or argument
    std::string message; ///< full message (already names the file)
};

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

} // namespace

int runSegmentCommand(const CliOptions &options)
{
    const auto batchStart = std::chrono::steady_clock::now();
    std::vector<Failure> failures;
    std::vector<std::filesystem::path> files;

    // 1. Images: each argument on its own, so one bad argument does not stop the others.
    if (options.images.empty()) {
        const auto sample = sampleImagePath();
        if (sample.empty()) {
            std::fprintf(stderr, "dinosam: no IMAGE given and the bundled sample image (truck.jpg) was not found\n");
            return ExitSetupFailed;
        }
        if (!options.quiet)
            std::printf("No images given: running the demo on the bundled sample %s\n", sample.string().c_str());
        files.push_back(sample);
    } else {
        std::set<std::filesystem::path> seen;
        ImageCollectOptions collect;
        collect.recursive = options.recursive;
        for (const auto &arg : options.images) {
            try {
                for (auto &f : collectImages({arg}, collect))
                    if (seen.insert(std::filesystem::absolute(f).lexically_normal()).second)
                        files.push_back(std::move(f));
            } catch (const std::exception &e) {
                failures.push_back({arg, e.what()});
            }
        }
    }

    const size_t argumentFailures = failures.size();
    ProgressBar progress(int(files.size()), ProgressBar::stdoutIsTerminal(), options.quiet);
    for (const auto &f : failures)
        progress.error("error: " + f.message);

    // 2. Save folder and models: without them nothing can run, so fail early.
    std::string setupError;
    std::filesystem::path createdDir;
    if (!files.empty() && !prepareSaveDir(options.saveDir, setupError, &createdDir)) {
        progress.error("dinosam: " + setupError);
        return ExitSetupFailed;
    }
    std::unique_ptr<Pipeline> pipeline;
    if (!files.empty()) {
        try {
            pipeline = std::make_unique<Pipeline>(options.pipeline);
            progress.update(0, 0, "loading models", "");
            pipeline->preload(options.params);
        } catch (const std::exception &e) {
            progress.finish();
            std::fprintf(stderr, "dinosam: %s\n", e.what());
            if (!createdDir.empty()) { // a run that cannot start leaves no empty output folder behind
                std::error_code ec;
                for (auto p = std::filesystem::absolute(options.saveDir, ec).lexically_normal();
                     p.string().size() >= createdDir.string().size() && std::filesystem::is_empty(p, ec); p = p.parent_path())
                    if (!std::filesystem::remove(p, ec))
                        break;
            }
            return ExitSetupFailed;
        }
    }

    // 3. The batch.
    std::signal(SIGINT, onInterrupt);
    RunControl control;
    control.cancelFlag = &g_interrupted;
    std::string notes; // what loading converted, for the image's progress line
    std::vector<std::chrono::steady_clock::time_point> starts(files.size());
    BatchCallbacks callbacks;
    callbacks.cancelled = [] { return g_interrupted.load(); };
    callbacks.produce = [&](size_t i, const std::filesystem::path &file) {
        const std::string name = file.filename().string();
        starts[i] = std::chrono::steady_clock::now();
        progress.update(int(i), 0, name, "loading");
        LoadedImage image = loadImage(file);
        control.progress = [&, i, name](const PipelineProgress &p) {
            progress.update(int(i), p.overall * 0.95, name, stageName(p.stage));
        };
        BatchImage out;
        out.result = pipeline->run(ImageInput::fromMat(image.rgb, {}, name), options.params, control);
        progress.update(int(i), 0.97, name, "export");
        notes = loadNotes(image.info);
        out.rgb = std::move(image.rgb);
        return out;
    };
    callbacks.imageDone = [&](size_t i, const std::filesystem::path &file, const BatchImage *done,
                              const BatchExporter::ExportedImage *exported, const std::string &error) {
        if (!done) {
            progress.error("error: " + error);
            return;
        }
        const size_t n = done->result.objects.size();
        progress.line("[" + std::to_string(i + 1) + "/" + std::to_string(files.size()) + "] " +
                      file.filename().string() + ": " + std::to_string(n) + " object" + (n == 1 ? "" : "s") + " in " +
                      fixed(secondsSince(starts[i])) + " s" + (notes.empty() ? "" : " (" + notes + ")"));
        if (!exported->note.empty())
            progress.line("  note: " + exported->note);
    };
    BatchReport report;
    try {
        report = exportBatch(files, options.saveDir, options.formats, options.exportOptions, callbacks);
    } catch (const std::invalid_argument &e) { // unknown format: parseCommandLine() checks them
        progress.finish();
        std::fprintf(stderr, "dinosam: %s\n", e.what());
        return ExitUsage;
    }
    for (const auto &f : report.failures)
        failures.push_back({f.first.string(), f.second});
    const int done = report.imagesDone;
    const int64_t objectCount = report.objects;
    const bool interrupted = report.cancelled;
    progress.finish();
    std::signal(SIGINT, SIG_DFL);

    // 4. Summary.
    const double total = secondsSince(batchStart);
    if (!options.quiet) {
        const size_t all = files.size() + argumentFailures;
        std::printf("Done: %d of %zu image%s segmented, %zu failed, %lld object%s, %s s", done, all,
                    all == 1 ? "" : "s", failures.size(), static_cast<long long>(objectCount),
                    objectCount == 1 ? "" : "s", fixed(total).c_str());
        if (done > 0)
            std::printf(" (%s s per image)", fixed(total / done, 2).c_str());
        std::printf(".\n");
        if (done > 0)
            std::printf("Results in %s\n", options.saveDir.string().c_str());
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
        std::fprintf(stderr, "dinosam: interrupted; %zu image(s) not processed\n", files.size() - size_t(done));
        return 130;
    }
    return failures.empty() ? ExitOk : ExitImageFailed;
}

} // namespace dinosam::cli
