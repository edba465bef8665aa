#pragma once
// One export format (COCO, YOLO-seg, labelme, VOC, the seed layout, cut-outs, overlays): the
// interface the registry, the CLI's --format and the studio's export dialog share.
// Modelled on Tiled's FileFormat: id, name, capabilities, write, errorString.
#include "export/exportoptions.h"
#include "export/exporttransaction.h"
#include "types/segmentation.h"

#include <opencv2/core.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace dinosam {

/// What a format does (bit flags).
enum ExportCapability : unsigned {
    WritesPerImage = 1u << 0, ///< files for each image (writeImage)
    WritesPerBatch = 1u << 1, ///< files for the whole batch (writeBatch), e.g. one dataset JSON
    NeedsPixels = 1u << 2,    ///< needs the decoded image (renders it), not only its size
    UsesPolygons = 1u << 3,   ///< writes polygons: PolygonOptions apply
    UsesLabels = 1u << 4,     ///< writes class names / ids
    Importable = 1u << 5,     ///< core/annotation can read it back
};

/// One image handed to the formats. Pointers are borrowed for the call.
struct ExportImage
{
    const SegmentationResult *result = nullptr; ///< objects, size, params; masks are CV_8UC1 of the image's size
    cv::Mat rgb;                                 ///< CV_8UC3 RGB; empty when no chosen format NeedsPixels
    std::filesystem::path imagePath;             ///< the source file (may be empty)
    std::string baseName;                        ///< unique within the batch: file names start with it
    size_t index = 0;                            ///< position in the batch, from 0
};

/**
 * What a batch shares across formats and images: the output folder, the options, and the class
 * list (class id = index in classNames(), from 0; COCO's category id = class id + 1, VOC's class
 * value = class id + 1, 0 being the background).
 */
class ExportContext
{
public:
    ExportContext(std::filesystem::path outputDir, ExportOptions options);

    const std::filesystem::path &outputDir() const { return m_outputDir; }
    const ExportOptions &options() const { return m_options; }
    /// The label an object is exported with: its own, or options().defaultLabel when empty.
    std::string labelOf(const SegmentedObject &object) const;
    /// The class id of `label`, appending it to the class list when new.
    int classId(const std::string &label);
    int classIdOf(const SegmentedObject &object) { return classId(labelOf(object)); }
    const std::vector<std::string> &classNames() const { return m_classes; }

private:
    std::filesystem::path m_outputDir;
    ExportOptions m_options;
    std::vector<std::string> m_classes;
    std::map<std::string, int> m_ids;
};

/**
 * An export format. Instances carry per-batch state (e.g. the COCO document being built), so the
 * registry creates a fresh one per batch. Within a batch: writeImage() once per image (in batch
 * order), then writeBatch() once. Both add files to the transaction they are given (nothing is on
 * disk before it commits) and throw ExportError on bad input or ExportWriteError when a file cannot
 * be written. Thread: one thread at a time.
 */
class ExportFormat
{
public:
    virtual ~ExportFormat() = default;

    /// Short stable id used by --format and settings: "seed", "coco", "yolo", ...
    virtual std::string id() const = 0;
    /// Name for the user (English; the studio translates it through its own catalogue).
    virtual std::string displayName() const = 0;
    /// The files it writes, e.g. "coco.json (all images)".
    virtual std::string filesDescription() const = 0;
    /// ExportCapability flags.
    virtual unsigned capabilities() const = 0;

    virtual void writeImage(const ExportImage &image, ExportContext &context, ExportTransaction &files);
    virtual void writeBatch(ExportContext &context, ExportTransaction &files);
    /// The image last given to writeImage() was not written after all (another format or the
    /// commit failed): formats that accumulate batch state forget it.
    virtual void rollbackImage();

    /// The last error this format reported through the batch exporter (empty when none).
    const std::string &errorString() const { return m_error; }
    void setErrorString(std::string error) { m_error = std::move(error); }

    bool has(ExportCapability c) const { return (capabilities() & c) != 0; }

private:
    std::string m_error;
};

} // namespace dinosam
