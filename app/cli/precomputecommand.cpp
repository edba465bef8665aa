#include "precomputecommand.h"

#include "batchinputs.h"
#include "progressbar.h"

#include "imageio/imageloader.h"
#include "pipeline/pipeline.h"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>

namespace dinosam::cli {
namespace {

std::atomic<bool> g_stop{false};

extern "C" void onStop(int)
{
    g_stop = true;
}

} // namespace

int runPrecomputeCommand(const CliOptions &options)
{
    const auto start = std::chrono::steady_clock::now();
    BatchInputs inputs;
    std::string error;
    if (!collectBatchInputs(options, inputs, error)) {
        std::fprintf(stderr, "dinosam precompute: %s\n", error.c_str());
        return ExitSetupFailed;
    }
    const size_t count = inputs.share.size();
    ProgressBar progress(int(count), ProgressBar::stdoutIsTerminal(), options.quiet);
    for (const auto &f : inputs.failures)
        progress.error("error: " + f.message);
    std::unique_ptr<Pipeline> pipeline;
    if (count > 0) {
        PipelineConfig config = options.pipeline;
        if (!options.cacheBudgetGiven)
            config.cacheBytes = 1; // every image once: the disk cache keeps them, not the memory
        try {
            pipeline = std::make_unique<Pipeline>(config);
            progress.update(0, 0, "loading models", "");
            pipeline->preload(options.params);
        } catch (const std::exception &e) {
            progress.finish();
            std::fprintf(stderr, "dinosam precompute: %s\n", e.what());
            return ExitSetupFailed;
        }
    }

    std::signal(SIGINT, onStop);
    std::signal(SIGTERM, onStop);
    RunControl control;
    control.cancelFlag = &g_stop;
    size_t encoded = 0, cached = 0, failed = inputs.failures.size();
    bool interrupted = false;
    for (size_t t = 0; t < count && !interrupted; ++t) {
        const auto &file = inputs.files[inputs.share.first + t];
        const std::string name = file.filename().string();
        if (g_stop) {
            interrupted = true;
            break;
        }
        const auto imageStart = std::chrono::steady_clock::now();
        try {
            progress.update(int(t), 0, name, "loading");
            const LoadedImage image = loadImage(file);
            control.progress = [&](const PipelineProgress &p) {
                progress.update(int(t), p.overall, name, stageName(p.stage));
            };
            const int ran = pipeline->precompute(ImageInput::fromMat(image.rgb, {}, name), options.params, control);
            (ran > 0 ? encoded : cached) += 1;
            char seconds[32];
            std::snprintf(seconds, sizeof seconds, "%.1f",
                          std::chrono::duration<double>(std::chrono::steady_clock::now() - imageStart).count());
            progress.line("[" + std::to_string(t + 1) + "/" + std::to_string(count) + "] " + name + ": " +
                          (ran > 0 ? "encoded (" + std::to_string(ran) + " encoder" + (ran == 1 ? "" : "s") + ")"
                                   : std::string("already cached")) +
                          " in " + seconds + " s");
        } catch (const Cancelled &) {
            interrupted = true;
        } catch (const std::exception &e) {
            ++failed;
            progress.error("error: " + std::string(e.what()));
        }
    }
    progress.finish();
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);

    if (!options.quiet) {
        const double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::printf("Precomputed: %zu encoded, %zu already cached, %zu failed, %.1f s. Cache: %s\n", encoded, cached,
                    failed, total, options.pipeline.diskCacheDir.string().c_str());
        if (pipeline) {
            const auto s = pipeline->cacheStats();
            if (s.diskRejected > 0 || s.diskWriteFailures > 0)
                std::printf("Cache: %llu damaged file(s) recomputed, %llu write(s) failed\n",
                            static_cast<unsigned long long>(s.diskRejected),
                            static_cast<unsigned long long>(s.diskWriteFailures));
        }
    }
    if (interrupted)
        return 130;
    return failed == 0 ? ExitOk : ExitImageFailed;
}

} // namespace dinosam::cli
