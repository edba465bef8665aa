#pragma once
// The per-image annotation file (JSON) and the project file, written and read.
#include "annotation/imageannotation.h"
#include "annotation/labelset.h"

#include <string>
#include <vector>

namespace dinosam {

/**
 * Per-image annotation JSON, version 1:
 * {
 *   "format": "dinosam-annotation", "version": 1,
 *   "image": "<relative path>", "width": W, "height": H,
 *   "params": {method, attention_threshold, num_objects, min_area, prompt_type, duplicate_iou,
 *              remove_small_holes_and_specks, dino_input_size},
 *   "models": {"dino": id, "sam2": id},
 *   "objects": [{"label", "box": [x, y, w, h], "area", "sam_score", "dino_confidence",
 *                "edited", "locked", "hidden",
 *                "prompt_type", "prompt_box": [x, y, w, h], "prompt_point": [x, y],
 *                "prompt": {"box": [x, y, w, h] | null, "points": [[x, y, label], ...]},
 *                "mask": {"size": [H, W], "counts": "<COCO compressed RLE>"}}, ...]
 * }
 * Numbers are locale-independent; floats round-trip exactly.
 */
std::string annotationToJson(const ImageAnnotation &annotation);

/// Problems found while reading a file, one line each ("object 3: mask size 10x10 is not the image's").
struct ReadProblems
{
    std::vector<std::string> lines;
    bool fatal = false; ///< nothing usable (not JSON, not this format, newer version, bad image size)
    bool empty() const { return lines.empty(); }
};

/// Parses annotationToJson()'s output. Broken objects are skipped and reported in `problems`;
/// a broken file sets problems.fatal. Never throws for bad content.
ImageAnnotation annotationFromJson(const std::string &json, ReadProblems &problems);

/// Project file: {"format": "dinosam-project", "version": 1, "default_label": ...,
/// "labels": [{"name", "color": "#rrggbb", "shortcut": n}, ...]}.
std::string projectToJson(const LabelSet &labels, const std::string &defaultLabel);
LabelSet projectFromJson(const std::string &json, std::string &defaultLabel, ReadProblems &problems);

} // namespace dinosam
