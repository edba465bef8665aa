#pragma once
// The one batch export used by the CLI (`dinosam IMAGE...`, `dinosam export`) and the studio.
#include "export/exporterror.h"
#include "export/exportformat.h"

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace dinosam {

/**
 * Exports images one at a time in the chosen formats, then the batch files (coco.json, data.yaml,
 * classes.txt, labels.txt) once in finish().
 *
 * Base names: `<name>` is the image's file name without its extension; when two images of the
 * batch share it (a/img.jpg and b/img.jpg, or photo.jpg and photo.png) the second becomes
 * `<name>_2`, the third `<name>_3`, and add() says so in ExportedImage::note.
 *
 * Each add() is one transaction over every format: all of the image's files or none. A failed
 * image leaves the class list and the batch files' content as they were before it.
 * Errors: ExportError for bad input (mask sizes), ExportWriteError when a file cannot be written
 * (the batch should stop: see exportBatch()). Thread: one thread at a time.
 */
class BatchExporter
{
public:
    /// @throws std::invalid_argument for an unknown format id or an empty list.
    BatchExporter(std::filesystem::path outputDir, const std::vector<std::string> &formatIds, ExportOptions options);
    ~BatchExporter();

    /// What add() did.
    struct ExportedImage
    {
        std::string baseName;
        std::vector<std::filesystem::path> files;
        std::string note; ///< e.g. "photo.png is written as photo_2_* (photo.jpg is photo_*)"; empty otherwise
    };

    /// True when a chosen format renders the image (add() then needs `rgb`).
    bool needsPixels() const { return m_needsPixels; }
    const std::vector<std::string> &formatIds() const { return m_ids; }

    /// Writes one image's files. `rgb` may be empty unless needsPixels(). `baseName`: the caller's
    /// own unique name for the image (a resumable batch names every image from the whole list, so
    /// a re-run names it the same); empty: made unique here as described above.
    ExportedImage add(const std::filesystem::path &imagePath, const SegmentationResult &result, const cv::Mat &rgb,
                      const std::string &baseName = {});
    /// Writes the batch files. Call once, after the last add().
    std::vector<std::filesystem::path> finish();

    const ExportContext &context() const { return *m_context; }

private:
    std::string uniqueBaseName(const std::filesystem::path &imagePath, const SegmentationResult &result,
                               std::string &note);

    std::filesystem::path m_outputDir;
    std::vector<std::string> m_ids;
    std::vector<std::unique_ptr<ExportFormat>> m_formats;
    std::unique_ptr<ExportContext> m_context;
    std::map<std::string, std::pair<int, std::string>> m_baseNames; // base -> (uses, first file name)
    bool m_needsPixels = false;
    bool m_finished = false;
    size_t m_index = 0;
};

/// One image of a batch, as the caller's producer returns it.
struct BatchImage
{
    SegmentationResult result;
    cv::Mat rgb; ///< may be empty unless BatchExporter::needsPixels()
    std::string baseName; ///< the caller's unique base name (see BatchExporter::add); empty: the exporter's
};

/// How exportBatch() talks to its caller. Every callback is optional except produce.
struct BatchCallbacks
{
    /// Loads / segments image `index` (throws on failure; the image is reported and the batch goes on).
    std::function<BatchImage(size_t index, const std::filesystem::path &image)> produce;
    /// Polled between images; true stops the batch (cancelled).
    std::function<bool()> cancelled;
    /// Called after each image with its outcome (for progress lines).
    std::function<void(size_t index, const std::filesystem::path &image, const BatchImage *done,
                       const BatchExporter::ExportedImage *exported, const std::string &error)>
        imageDone;
};

/// What exportBatch() did.
struct BatchReport
{
    int imagesDone = 0;
    int64_t objects = 0;
    std::vector<std::filesystem::path> files;                            ///< every file written
    std::vector<std::pair<std::filesystem::path, std::string>> failures; ///< image (or output file), reason
    std::vector<std::string> notes;                                      ///< renamed base names and such
    bool cancelled = false;
    /// Set when a file could not be written (disk full, permissions): the batch stopped there,
    /// `stopReason` says why and `notProcessed` images were not attempted.
    bool stoppedOnWriteError = false;
    std::string stopReason;
    size_t notProcessed = 0;
};

/**
 * The batch loop shared by the CLI and the studio: for each image, produce() then
 * BatchExporter::add(); finally finish(). An image that fails in produce() or with bad input is
 * reported and the batch goes on; a write failure (ExportWriteError) stops it, since every later
 * image would be written to the same place; cancelled() stops it between images. The batch files
 * are written in every case (from the images done), unless writing failed.
 * @throws std::invalid_argument for an unknown format id (nothing is written).
 */
BatchReport exportBatch(const std::vector<std::filesystem::path> &images, const std::filesystem::path &outputDir,
                        const std::vector<std::string> &formatIds, const ExportOptions &options,
                        const BatchCallbacks &callbacks);

} // namespace dinosam
