#pragma once
// Renders the pictures the exports write and the UI shows. All inputs and outputs are RGB.
#include "types/segmentation.h"

#include <opencv2/core.hpp>

#include <cstdint>

#include <vector>

namespace dinosam {

/// Colour of object/region `index` (RGB), from a fixed 20-colour palette (cycles). Same in UI and exports.
cv::Vec3b objectColor(size_t index);

/**
 * The image with each object's mask tinted in objectColor(i) (alpha blend) and outlined,
 * with the object's index written at its box corner (`labels`). Worse objects are painted first,
 * so the best (index 0) is on top. Drawn by renderLabelMapOverlay() (maskoverlay.h), the renderer
 * of every overlay.
 * @param rgb CV_8UC3 RGB; masks must have its size (objects with other sizes are skipped).
 * @returns a new CV_8UC3 RGB image. Thread-safe.
 */
cv::Mat renderMaskOverlay(const cv::Mat &rgb, const std::vector<SegmentedObject> &objects, float alpha = 0.5f,
                          bool outlines = true, bool labels = true);

/**
 * The attention heat-map (COLORMAP_JET of a [0, 1] CV_32F map, resized to the image if needed)
 * blended over the image, with the discovered regions' boxes drawn and numbered.
 * An empty attention map gives the plain image with the boxes.
 * @returns a new CV_8UC3 RGB image. Thread-safe.
 */
cv::Mat renderAttentionHeatmap(const cv::Mat &rgb, const cv::Mat &attention,
                               const std::vector<DiscoveredRegion> &regions, float alpha = 0.5f);

/// Images with more pixels are visualised downscaled to this many (the masks with them).
inline constexpr int64_t kMaxVisualizationPixels = 16'000'000;

/// The three panels side by side: original | renderAttentionHeatmap | renderMaskOverlay (3W x H, RGB;
/// for an image over kMaxVisualizationPixels, W x H are scaled down to that many pixels).
cv::Mat renderVisualization(const cv::Mat &rgb, const SegmentationResult &result);

} // namespace dinosam
