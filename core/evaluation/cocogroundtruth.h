#pragma once
// COCO ground truth (instances JSON) for `dinosam eval`: images, categories and
// instance annotations with polygon or RLE segmentations. Parsing is strict but
// per record: a bad image or annotation is reported (with its index and id) and
// skipped, the rest of the file is still used, so one typo never stops a run.
// Qt Core (QJsonDocument) + OpenCV + std; no LibTorch.
#include <opencv2/core.hpp>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace dinosam::evaluation {

/// One COCO image record.
struct CocoImage
{
    int64_t id = 0;
    std::string fileName; ///< as in the file (may contain sub-folders)
    cv::Size size;        ///< width, height as the file declares them
};

/// One instance annotation. Exactly one of polygons / rleCounts describes the shape.
struct CocoAnnotation
{
    int64_t id = 0;
    int64_t imageId = 0;
    int64_t categoryId = 0;
    bool iscrowd = false;
    cv::Rect2d bbox;                                 ///< x, y, w, h as given (or from the mask when absent)
    std::vector<std::vector<cv::Point2d>> polygons;  ///< each >= 3 points, image pixels
    std::vector<uint32_t> rleCounts;                 ///< column-major COCO RLE (decoded from a string if compressed)
    cv::Size rleSize;                                ///< the RLE's declared size (h, w in the file)

    /// The mask at `imageSize` (CV_8U 0/255). Polygons: a pixel is on when its centre lies
    /// inside (even-odd; vertices on pixel edges, so [1,1, 5,1, 5,5, 1,5] is the 4x4 pixels
    /// 1..4; pycocotools rasterises slightly differently, so an edge pixel may differ).
    /// Throws std::invalid_argument when the RLE size differs from imageSize.
    cv::Mat mask(cv::Size imageSize) const;
};

/// One category record.
struct CocoCategory
{
    int64_t id = 0;
    std::string name;
};

/// A parsed file. `errors` lists every record that was skipped or fixed, in file order,
/// each naming the record ("annotations[3] (id 17): ...").
struct CocoGroundTruth
{
    std::vector<CocoImage> images;
    std::vector<CocoAnnotation> annotations;
    std::vector<CocoCategory> categories;
    std::vector<std::string> errors;

    /// Annotations per image id (indices into `annotations`, file order).
    std::map<int64_t, std::vector<size_t>> annotationsByImage() const;
    /// The category's name, or "category <id>" when unknown.
    std::string categoryName(int64_t id) const;
};

/// Parses COCO JSON text. Throws std::runtime_error only when nothing usable is there
/// (not JSON, top level not an object, no "images" array); everything else is reported
/// in CocoGroundTruth::errors:
/// - images: missing/non-integer/duplicate id, missing file_name, non-positive width/height;
/// - annotations: unknown image_id, unknown category_id (kept: evaluation is class-agnostic),
///   duplicate id, segmentation missing or malformed (polygon with an odd number of values or
///   fewer than 3 points, non-finite coordinates, RLE counts that do not sum to h*w, RLE size
///   unlike the image's), negative bbox size.
CocoGroundTruth parseCocoGroundTruth(const std::string &json);

/// Reads and parses a file (at most 1 GiB). Throws std::runtime_error naming the file
/// when it cannot be read or parseCocoGroundTruth() throws.
CocoGroundTruth loadCocoGroundTruth(const std::filesystem::path &file);

} // namespace dinosam::evaluation
