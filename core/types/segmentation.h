#pragma once
// Plain data shared by discovery, the pipeline, exports, the CLI and the UI.
// No LibTorch here: UI code includes this header.
#include "models/catalog/modelcatalog.h"

#include <opencv2/core.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace dinosam {

/// How a discovered region prompts SAM2.
enum class PromptType { Box, Point, BoxAndPoint };

/// How salient regions are found in DINOv2's outputs.
enum class DiscoveryMethod {
    Attention, ///< last-block CLS attention, thresholded (the original tool's method)
    Spectral,  ///< normalised cut on the key-similarity graph (TokenCut / MaskCut style)
};

/// Parameters the user tunes. Changing a field re-runs only the stages it affects.
struct SegmentationParams
{
    // Discovery
    DiscoveryMethod method = DiscoveryMethod::Attention;
    float attentionThreshold = 0.6f; ///< on the [0, 1]-normalised attention map
    int numObjects = 5;              ///< keep at most this many regions
    int64_t minArea = 1000;          ///< drop regions (and masks) below this many image pixels
    // Prompting
    PromptType promptType = PromptType::Box;
    // Post-processing
    float duplicateIou = 0.8f;       ///< masks overlapping a better one above this IoU are dropped
    bool removeSmallHolesAndSpecks = false;
    // Models: catalogue ids (models/catalog/modelcatalog.h); the defaults are the catalogue's,
    // the same everywhere (CLI, studio, demo): DINOv2 ViT-S/14 with registers, SAM2.1 tiny.
    std::string dinoModel = ModelCatalog::defaultDinoModel();
    std::string sam2Model = ModelCatalog::defaultSam2Model();
    int dinoInputSize = 448;         ///< DINOv2 input's shorter side (multiple of 14; the longer side follows the aspect ratio, capped at 4:3)

    bool operator==(const SegmentationParams &) const = default;
};

/// A salient region found by discovery. Coordinates are in original image pixels.
struct DiscoveredRegion
{
    cv::Rect2f box;       ///< x, y, width, height
    cv::Point2f point;    ///< a point inside the region (prompt for point mode)
    float confidence = 0; ///< discovery's own score, higher is better
    cv::Mat patchMask;    ///< CV_8U 0/1 on the DINOv2 patch grid
};

/// One segmented object. Coordinates are in original image pixels.
struct SegmentedObject
{
    cv::Mat mask;               ///< CV_8U 0/255, the image's size
    cv::Rect box;               ///< tight box of the mask
    int64_t area = 0;           ///< mask pixels
    float samScore = 0;         ///< SAM2's predicted IoU
    float dinoConfidence = 0;   ///< the region's discovery confidence
    PromptType promptType = PromptType::Box;
    cv::Rect2f promptBox;       ///< the box prompt given to SAM2 (if any)
    cv::Point2f promptPoint;    ///< the point prompt given to SAM2 (if any)
    /// Class name (UTF-8). Empty: not labelled yet; exports write their default label ("object").
    std::string label;
    /// Polygons this object was imported from (labelme, COCO polygons), pixel-centre coordinates.
    /// Polygon exports write them unchanged while rasterising them still gives `mask` exactly (an
    /// edited mask is traced afresh), so import -> export keeps every vertex. Usually empty.
    std::vector<std::vector<cv::Point2f>> sourcePolygons;
};

/// Milliseconds spent per stage in the run that produced a result (0 = reused from cache).
struct StageTimings
{
    double decodeImageMs = 0;
    double dinoMs = 0;
    double sam2EncodeMs = 0;
    double discoveryMs = 0;
    double sam2DecodeMs = 0;
    double postprocessMs = 0;
};

/// Everything one run produces for one image.
struct SegmentationResult
{
    std::string imageName;     ///< file name without folder
    std::string imageKey;      ///< content key: ImageInput::fromKey(imageKey) reuses the cached image
    cv::Size imageSize;
    cv::Mat discoveryMap;      ///< CV_32F in [0, 1], the image's size (for display)
    std::vector<DiscoveredRegion> regions;
    std::vector<SegmentedObject> objects; ///< sorted by score, best first
    SegmentationParams params;
    StageTimings timings;
};

} // namespace dinosam
