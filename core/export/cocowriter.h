#pragma once
// COCO instance-segmentation JSON (https://cocodataset.org/#format-data) for one or more images.
#include "export/exportoptions.h"
#include "types/segmentation.h"

#include <opencv2/core.hpp>

#include <string>
#include <vector>

namespace dinosam {

/**
 * Outer contours of a mask (cv::findContours RETR_EXTERNAL through pixel centres), simplified
 * with cv::approxPolyDP(epsilon). Contours with < 3 points after simplification are replaced by
 * their bounding rectangle so that even 1-pixel objects get a valid polygon. Holes are not
 * represented (COCO polygons cannot express them); use RLE for exact shapes.
 */
std::vector<std::vector<cv::Point>> maskToPolygons(const cv::Mat &mask, double epsilon = 1.0);

/**
 * Accumulates images and their objects and writes one COCO JSON document.
 *
 * - images: {id, file_name, width, height}; ids from 1.
 * - categories: a single {id: 1, name: "object", supercategory: "object"} (discovery is class-agnostic).
 * - annotations: {id, image_id, category_id: 1, iscrowd: 0, bbox: [x, y, w, h], area, score,
 *   dino_confidence, segmentation}; bbox and area are computed from the mask (area = mask pixels,
 *   as pycocotools computes it from RLE), score is SAM2's predicted IoU.
 * - segmentation per CocoSegmentation: uncompressed column-major RLE counts (default),
 *   pycocotools' compressed string, or polygons.
 * Numbers are written locale-independently. Not thread-safe; one writer per thread.
 */
class CocoWriter
{
public:
    explicit CocoWriter(CocoSegmentation segmentation = CocoSegmentation::RleCounts, double polygonEpsilon = 1.0);

    /// Adds an image (file_name = fileName, or result.imageName when empty) and its objects.
    /// @returns the image id.
    int addResult(const SegmentationResult &result, const std::string &fileName = {});

    /// The whole document (UTF-8 JSON, pretty-printed one annotation per line).
    std::string toJson() const;

    /// JSON string literal with quotes and escapes.
    static std::string quote(const std::string &text);

private:
    CocoSegmentation m_segmentation;
    double m_epsilon;
    std::vector<std::string> m_images;
    std::vector<std::string> m_annotations;
};

} // namespace dinosam
