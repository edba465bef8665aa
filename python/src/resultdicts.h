#pragma once
// The original tool's result dictionaries, built from DinoSam's result types (and
// parsed back where the original let users hand them in, e.g. segment_from_regions).
// Need the GIL. Torch-free.
#include "types/segmentation.h"

#include <opencv2/core.hpp>
#include <pybind11/pybind11.h>

#include <vector>

namespace dinosam::python {

namespace py = pybind11;

/// {"bbox": [x1, y1, x2, y2] float64, "center": [x, y] float64, "confidence": float,
///  "area": int (image pixels its patches cover), "patch_mask": (h, w) uint8 0/1 on the patch grid,
///  "attention_map": (H, W) uint8 0/1, the patch mask at the image's size (nearest)}.
py::dict regionDict(const DiscoveredRegion &region, cv::Size imageSize);
py::list regionList(const std::vector<DiscoveredRegion> &regions, cv::Size imageSize);

/// A region dict (as regionDict() makes, or the user's own with at least "bbox" and
/// "center") back as a DiscoveredRegion. Throws BadArgument.
DiscoveredRegion regionFromDict(const py::handle &obj, size_t index);

/// {"mask": (H, W) bool (shares the object's buffer, converted to 0/1 in place),
///  "bbox": [x1, y1, x2, y2] int64 tight box of the mask, "area": int, "score": SAM2's
///  predicted IoU, "confidence": the region's DINOv2 confidence, "prompt_type": "box" |
///  "point" | "box+point", "prompt_box": [x1, y1, x2, y2] (box prompts), "point": [x, y]
///  and "label": 1 (point prompts)}. `object.mask` must be CV_8U 0/255; it is modified.
py::dict objectDict(SegmentedObject &object);

/// Builds objects for renderMaskOverlay() from result dicts (mask required; bbox optional).
/// The masks are views of the callers' arrays (valid while `results` lives).
std::vector<SegmentedObject> objectsFromDicts(const py::handle &results, cv::Size imageSize);

/// Stage timings in milliseconds, keys as the CLI's bench prints them.
py::dict timingsDict(const StageTimings &t, double totalMs);

} // namespace dinosam::python
