#pragma once
// The one mask renderer: every overlay (the studio's masks panel, the exported overlay, the
// visualisation's third panel) is drawn by renderLabelMapOverlay().
#include <opencv2/core.hpp>

#include <vector>

namespace dinosam {

/// One mask layer. Later layers cover earlier ones.
struct OverlayLayer
{
    const cv::Mat *mask = nullptr; ///< CV_8UC1, the image's size, non-zero = object; not owned
    cv::Rect box;                  ///< the mask's extent (empty: computed)
    cv::Vec3b color;               ///< RGB
    bool selected = false;         ///< drawn with an outline twice as thick, over its neighbours
};

/**
 * Tints every layer's pixels with its colour (alpha blend) and outlines each object, in one pass
 * over the image whatever the number of masks: a label map says which layer is on top of each
 * pixel, its min/max filters find the outlines (thickness max(2, longer side / 500) pixels).
 * @param rgb  CV_8UC3 RGB.
 * @param out  receives the CV_8UC3 RGB result; when it already has rgb's size and type its memory
 *             is written in place (e.g. a QImage's bits), else it is (re)allocated.
 * @param alpha tint weight in [0, 1]; @param outlines false: no outlines.
 * Layers with a missing or wrongly sized mask are skipped; at most 65535 layers. Thread-safe.
 */
void renderLabelMapOverlay(const cv::Mat &rgb, const std::vector<OverlayLayer> &layers, cv::Mat &out,
                           float alpha = 0.5f, bool outlines = true);

} // namespace dinosam
