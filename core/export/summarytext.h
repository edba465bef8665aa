#pragma once
// The plain-text exports: one "key: value" per line, blocks separated by an empty line,
// '#' starts a comment line. Numbers use '.' whatever the locale. Boxes are
// "x y width height" in image pixels (integers for masks, 2 decimals for prompts),
// points "x y". Scores have 4 decimals. Indices start at 0 and match mask_NNN / object_NNN.
#include "types/segmentation.h"

#include <string>

namespace dinosam {

/// "attention" / "spectral".
const char *discoveryMethodName(DiscoveryMethod method);
/// "box" / "point" / "box+point".
const char *promptTypeName(PromptType type);

/**
 * `<name>_summary.txt`: a header block
 *   image, width, height, discovery_method, attention_threshold, max_objects, min_area,
 *   prompt_type, duplicate_iou, remove_small_holes_and_specks, dino_model, sam2_model,
 *   dino_input_size, regions, objects
 * then one block per object (objectBlock()).
 */
std::string summaryText(const SegmentationResult &result);

/**
 * One object's block:
 *   object: <index>
 *   box: x y width height
 *   area: <pixels>
 *   sam2_score: 0.9512
 *   dino_confidence: 0.8000
 *   prompt_type: box
 *   prompt_box: x y width height      (when the prompt used a box)
 *   prompt_point: x y                 (when the prompt used a point)
 */
std::string objectBlock(const SegmentedObject &object, size_t index);

/// `mask_NNN.txt`: "image: <file>", "mask: mask_NNN.png", "width", "height", then objectBlock().
std::string maskMetadataText(const SegmentationResult &result, size_t index);

} // namespace dinosam
