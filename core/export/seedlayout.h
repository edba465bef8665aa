#pragma once
// The original tool's per-image files (the "seed" layout) and the cut-outs, as building blocks
// of exportResult() and of the "seed" and "cutouts" formats.
#include "export/exportoptions.h"
#include "export/exporttransaction.h"
#include "types/segmentation.h"

#include <opencv2/core.hpp>

#include <filesystem>
#include <string>

namespace dinosam {

/// Three-digit (or longer) index used in mask_NNN / object_NNN.
std::string exportIndexName(size_t index);

/// Adds `<name>_masks/mask_NNN.png` + `.txt` (when options.masks), `<name>_summary.txt` (options.summary)
/// and `<name>_visualization.jpg` (options.visualization, needs `rgb`) to `tx`, and removes stale
/// mask_NNN files (index >= object count) after the commit.
void addSeedFiles(ExportTransaction &tx, const SegmentationResult &result, const cv::Mat &rgb,
                  const std::filesystem::path &dir, const std::string &name, const ExportOptions &options);

/// Adds `<name>_cutouts/object_NNN.png` (RGBA, cropped to each object's box) and removes stale ones
/// after the commit.
void addCutoutFiles(ExportTransaction &tx, const SegmentationResult &result, const cv::Mat &rgb,
                    const std::filesystem::path &dir, const std::string &name);

} // namespace dinosam
