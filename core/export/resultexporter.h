#pragma once
// Writes a segmentation result to disk in the formats the user picked.
#include "export/exporterror.h"
#include "export/exportoptions.h"
#include "types/segmentation.h"

#include <opencv2/core.hpp>

#include <filesystem>
#include <vector>

namespace dinosam {

/**
 * Exports one image's result into `outputDir` (created if missing). The batch exporter
 * (batchexporter.h) is the general path (formats by id, one COCO file per batch); this writes one
 * image's seed layout, cut-outs and per-image COCO file:
 *   <name>_masks/mask_NNN.png   8-bit, image size, 0 background / 255 object (NNN = object index from 000)
 *   <name>_masks/mask_NNN.txt   summarytext.h's maskMetadataText()
 *   <name>_cutouts/object_NNN.png  RGBA cut-out cropped to the object's box (cutout.h)
 *   <name>_summary.txt          summarytext.h's summaryText()
 *   <name>_coco.json            CocoWriter with options.cocoSegmentation
 *   <name>_visualization.jpg    renderVisualization(): 3 x width
 *
 * All or nothing: every file is first written and fsynced as a temporary file next to its target
 * (AtomicFile::prepare); only when all of them succeeded are they renamed into place. On any failure
 * the temporaries and the folders this call created are removed, existing outputs are untouched,
 * and ExportError is thrown (naming the file and the system's reason). After a successful export,
 * stale mask_NNN.* / object_NNN.png files with an index >= the number of objects (left by an earlier
 * export of the same image with more objects) are removed, so the folders match the summary.
 *
 * @param rgb     the image the result was computed on: CV_8UC3 RGB, result.imageSize.
 * @returns the files written, in write order.
 * @throws ExportError; also for invalid input (image size mismatch).
 * Thread-safe for distinct output names.
 */
std::vector<std::filesystem::path> exportResult(const SegmentationResult &result, const cv::Mat &rgb,
                                                const std::filesystem::path &outputDir,
                                                const ExportOptions &options = {});

/// Throws ExportError (naming `where`) unless the masks are CV_8UC1 of result.imageSize and, when
/// `needPixels` or `rgb` is given, `rgb` is CV_8UC3 of that size.
void validateExportInput(const SegmentationResult &result, const cv::Mat &rgb, const std::filesystem::path &where,
                         bool needPixels);

/// `<name>` used in file names: options.baseName, or the image name without folder and extension
/// ("image" when both are empty).
std::string exportBaseName(const SegmentationResult &result, const ExportOptions &options);

} // namespace dinosam
