#include "exportcommand.h"

#include "annotation/annotationstore.h"
#include "export/batchexporter.h"
#include "imageio/imagecollector.h"
#include "imageio/imageloader.h"

#include <chrono>
#include <cstdio>
#include <set>

namespace dinosam::cli {
namespace fs = std::filesystem;

int runExportCommand(const CliOptions &options)
{
    const auto start = std::chrono::steady_clock::now();
    if (options.images.size() != 1) {
        std::fprintf(stderr, "dinosam export: needs one PROJECT_DIR\n");
        return ExitUsage;
    }
    const fs::path project = options.images.front();
    std::error_code ec;
    if (!fs::is_directory(project, ec)) {
        std::fprintf(stderr, "dinosam export: %s is not a folder\n", project.string().c_str());
        return ExitSetupFailed;
    }
    const AnnotationStore store(project);
    const std::vector<std::string> annotated = store.annotatedImages();
    if (annotated.empty()) {
        std::fprintf(stderr,
                     "dinosam export: %s has no annotations (no %s); annotate it in DinoSam Studio, or run "
                     "'dinosam %s' to segment it\n",
                     project.string().c_str(), (store.storeFolder() / "annotations").string().c_str(),
                     project.string().c_str());
        return ExitSetupFailed;
    }

    ExportOptions exportOptions = options.exportOptions;
    std::vector<std::string> labelProblems;
    std::string projectDefault = "object";
    const LabelSet labels = store.loadLabels(&projectDefault, &labelProblems);
    for (const auto &p : labelProblems)
        std::fprintf(stderr, "warning: %s\n", p.c_str());
    if (exportOptions.labels.empty())
        exportOptions.labels = labels.names();
    const fs::path saveDir = options.saveDir.empty() ? project / "export" : options.saveDir;

    // The images in the folder that have an annotation, in the browser's order; then annotations
    // whose image is gone.
    std::vector<fs::path> images;
    std::set<std::string> seen;
    try {
        ImageCollectOptions collect;
        collect.recursive = true;
        for (const fs::path &f : collectImages({project.string()}, collect)) {
            const std::string rel = store.relativeName(fs::absolute(f));
            if (rel.rfind(".dinosam/", 0) == 0 || !store.has(rel))
                continue;
            if (seen.insert(rel).second)
                images.push_back(f);
        }
    } catch (const std::exception &e) {
        std::fprintf(stderr, "dinosam export: %s\n", e.what());
        return ExitSetupFailed;
    }
    std::vector<std::string> missing;
    for (const std::string &rel : annotated)
        if (!seen.count(rel)) {
            missing.push_back(rel);
            images.push_back(project / fs::path(rel));
        }

    BatchExporter probe(saveDir, options.formats, exportOptions); // throws for unknown ids: parse checked them
    const bool needPixels = probe.needsPixels();
    int skippedMissing = 0;
    BatchCallbacks callbacks;
    callbacks.produce = [&](size_t, const fs::path &image) {
        const std::string rel = store.relativeName(fs::absolute(image));
        AnnotationStore::Loaded loaded = store.load(rel);
        for (const auto &p : loaded.problems)
            std::fprintf(stderr, "warning: %s\n", p.c_str());
        if (loaded.status != AnnotationStore::Status::Ok)
            throw std::runtime_error(store.annotationFile(rel).string() + ": damaged annotation, not exported");
        BatchImage out;
        out.result = loaded.annotation.toResult();
        const bool exists = fs::exists(image, ec);
        if (!exists) {
            if (needPixels) {
                ++skippedMissing;
                throw std::runtime_error(image.string() +
                                         ": the image is gone (renamed or removed since it was annotated); its "
                                         "annotation is kept, formats that draw the image need it");
            }
            std::fprintf(stderr, "warning: %s: the image is gone; exporting its annotation alone\n",
                         image.string().c_str());
        } else if (needPixels) {
            LoadedImage decoded = loadImage(image);
            if (decoded.rgb.size() != out.result.imageSize)
                throw std::runtime_error(image.string() + ": the image is " + std::to_string(decoded.rgb.cols) + "x" +
                                         std::to_string(decoded.rgb.rows) + " but was annotated at " +
                                         std::to_string(out.result.imageSize.width) + "x" +
                                         std::to_string(out.result.imageSize.height) + "; re-annotate it");
            out.rgb = std::move(decoded.rgb);
        }
        return out;
    };
    callbacks.imageDone = [&](size_t, const fs::path &image, const BatchImage *done,
                              const BatchExporter::ExportedImage *exported, const std::string &error) {
        if (!done) {
            std::fprintf(stderr, "error: %s\n", error.c_str());
            return;
        }
        if (!options.quiet)
            std::printf("%s: %zu object%s\n", image.filename().string().c_str(), done->result.objects.size(),
                        done->result.objects.size() == 1 ? "" : "s");
        if (!exported->note.empty() && !options.quiet)
            std::printf("  note: %s\n", exported->note.c_str());
    };
    BatchReport report;
    try {
        report = exportBatch(images, saveDir, options.formats, exportOptions, callbacks);
    } catch (const std::exception &e) {
        std::fprintf(stderr, "dinosam export: %s\n", e.what());
        return ExitSetupFailed;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!options.quiet) {
        std::printf("Exported %d of %zu annotated image%s (%lld object%s) to %s in %.2f s.\n", report.imagesDone,
                    images.size(), images.size() == 1 ? "" : "s", static_cast<long long>(report.objects),
                    report.objects == 1 ? "" : "s", saveDir.string().c_str(), seconds);
        if (!missing.empty())
            std::printf("%zu annotated image%s no longer in the folder (annotations kept).\n", missing.size(),
                        missing.size() == 1 ? " is" : "s are");
    }
    if (report.stoppedOnWriteError)
        std::fprintf(stderr, "dinosam export: stopped: %s (%zu image(s) not processed)\n", report.stopReason.c_str(),
                     report.notProcessed);
    if (!report.failures.empty()) {
        std::fprintf(stderr, "%zu failed:\n", report.failures.size());
        for (const auto &f : report.failures)
            std::fprintf(stderr, "  %s\n", f.second.c_str());
    }
    (void)skippedMissing;
    if (report.imagesDone == 0 && report.stoppedOnWriteError)
        return ExitSetupFailed;
    return report.failures.empty() ? ExitOk : ExitImageFailed;
}

} // namespace dinosam::cli
