#pragma once
// Renders the heat-map and mask panels. Pure functions, thread: any (the worker
// renders fresh results; the GUI re-renders after edits).
#include "types/segmentation.h"

#include <QColor>
#include <QImage>

#include <vector>

namespace dinosam::ui {

/// The n-th object's colour: core/export's palette, so the UI and exported files agree.
QColor objectColor(int index);

/// One layer of the mask panel.
struct MaskLayer
{
    const SegmentedObject *object = nullptr; ///< not owned
    QColor color;
    bool visible = true;
    bool selected = false; ///< drawn with a thicker outline
};

/// Colours every visible mask over the original (alpha 0.5) and outlines it.
/// @param rgb CV_8UC3 RGB original; masks are CV_8U 0/255 at the same size.
QImage renderMaskOverlay(const cv::Mat &rgb, const std::vector<MaskLayer> &layers);

/// Convenience: all objects visible, colours objectColor(i).
QImage renderMaskOverlay(const cv::Mat &rgb, const std::vector<SegmentedObject> &objects);

/// Blends a jet-coloured attention map (CV_32F in [0, 1], any size; resized) over the original.
QImage renderHeatmap(const cv::Mat &rgb, const cv::Mat &attention);

} // namespace dinosam::ui
