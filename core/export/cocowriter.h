#pragma once
// COCO instance-segmentation JSON (https://cocodataset.org/#format-data) for one or more images.
#include "export/exportoptions.h"
#include "export/maskpolygons.h"
#include "types/segmentation.h"

#include <opencv2/core.hpp>

#include <functional>
#include <string>
#include <vector>

namespace dinosam {

/**
 * Accumulates images and their objects and writes one COCO JSON document.
 *
 * - images: {id, file_name, width, height} (+ "path" when given: the image relative to the JSON);
 *   ids from 1.
 * - categories: {id, name, supercategory: "object"}, ids from 1 in the order of the names given to
 *   toJson() (default: one category "object").
 * - annotations: {id, image_id, category_id, iscrowd: 0, bbox: [x, y, w, h], area, score,
 *   dino_confidence, segmentation}; bbox and area are computed from the mask (area = mask pixels,
 *   as pycocotools computes it from RLE); with polygons, from the polygons' own rasterisation, so
 *   that they describe the segmentation written (and an import reads them back); score is SAM2's
 *   predicted IoU.
 * - segmentation per CocoSegmentation: uncompressed column-major RLE counts (default),
 *   pycocotools' compressed string, or polygons (maskpolygons.h: pixel-centre vertices, simplified
 *   at PolygonOptions::tolerance, never self-intersecting; holes are lost).
 * Numbers are written locale-independently; names are UTF-8. Not thread-safe.
 */
class CocoWriter
{
public:
    explicit CocoWriter(CocoSegmentation segmentation = CocoSegmentation::RleCounts, PolygonOptions polygons = {});

    /// Category id (from 1) of an object; default: 1 for every object.
    using CategoryFn = std::function<int(const SegmentedObject &)>;

    /// Adds an image (file_name = fileName, or result.imageName when empty) and its objects.
    /// @param relativePath written as the image's "path" when not empty.
    /// @returns the image id.
    int addResult(const SegmentationResult &result, const std::string &fileName = {}, const CategoryFn &category = {},
                  const std::string &relativePath = {});

    /// The whole document (UTF-8 JSON, one image / annotation per line).
    std::string toJson(const std::vector<std::string> &categories = {"object"}) const;

    size_t imageCount() const { return m_images.size(); }
    size_t annotationCount() const { return m_annotations.size(); }
    /// Forgets the images and annotations added after the counts given (for a rolled-back image).
    void truncate(size_t images, size_t annotations);

    /// JSON string literal with quotes and escapes.
    static std::string quote(const std::string &text);

private:
    CocoSegmentation m_segmentation;
    PolygonOptions m_polygons;
    std::vector<std::string> m_images;
    std::vector<std::string> m_annotations;
};

} // namespace dinosam
