#pragma once
// Patch-grid geometry shared by the discovery methods: connected components
// on the DINOv2 patch grid, grid → image-pixel scaling, a prompt point that is
// guaranteed to lie inside a region, and upsampling of grid maps for display.
// OpenCV only (no LibTorch), so the pipeline and UI may include it freely.
#include "types/segmentation.h"

#include <opencv2/core.hpp>

#include <vector>

namespace dinosam::discovery {

/// Scale from the patch grid to original image pixels.
/// Assumes the DINOv2 input is the whole image resized (not cropped or padded)
/// to gridW*14 x gridH*14, so patch column j covers image x in [j*sx, (j+1)*sx).
struct GridScale
{
    double sx = 1; ///< image pixels per patch, horizontally
    double sy = 1; ///< image pixels per patch, vertically

    /// Throws std::invalid_argument when a size is not positive.
    static GridScale fromSizes(cv::Size grid, cv::Size image);
    /// Image pixels covered by `patches` patches.
    double pixelArea(double patches) const { return patches * sx * sy; }
};

/// One connected component of a binary patch mask.
struct GridComponent
{
    cv::Mat mask;           ///< CV_8U 0/1, the grid's size
    cv::Rect box;           ///< in grid cells
    int patchCount = 0;
    cv::Point2d centroid;   ///< continuous grid coordinates: cell (row i, col j) spans [j, j+1) x [i, i+1)
};

/// Connected components of `binary` (CV_8U, nonzero = on), in raster order of
/// their first cell. `connectivity` is 4 or 8 (throws std::invalid_argument otherwise).
std::vector<GridComponent> gridComponents(const cv::Mat &binary, int connectivity);

/// Describes an existing CV_8U 0/1 mask (assumed one component) as a
/// GridComponent; throws std::invalid_argument for an all-zero mask.
GridComponent describeMask(const cv::Mat &mask);

/// The connected component of `binary` that contains `seed` (x = col, y = row);
/// an empty (all-zero) mask when the seed cell is off. CV_8U 0/1.
cv::Mat componentContaining(const cv::Mat &binary, cv::Point seed, int connectivity);

/// A point inside `mask` (CV_8U 0/1) in continuous grid coordinates:
/// `centroid` itself when the cell containing it is on; otherwise the centre
/// of the on-cell nearest to the centroid (ties: higher `score`, then raster
/// order). `score` is CV_32F of the grid's size or empty. Throws
/// std::invalid_argument for an all-zero mask.
cv::Point2d pointInside(const cv::Mat &mask, cv::Point2d centroid, const cv::Mat &score = {});

/// Builds a DiscoveredRegion (box, inside point, confidence, mask) in image
/// pixels from a grid component.
DiscoveredRegion toImageRegion(const GridComponent &component, const GridScale &scale,
                               float confidence, const cv::Mat &score = {});

/// Min-max normalisation of a CV_32F map to [0, 1], computed in double so the
/// maximum maps to exactly 1 and the minimum to exactly 0. A map without
/// contrast (max - min <= 1e-12, or non-finite) becomes all zeros.
cv::Mat minMaxNormalized(const cv::Mat &map);

/// Bilinear upsampling (half-pixel centres, like align_corners=false) of a
/// CV_32F grid map to `imageSize`, for display. Returns an empty Mat for an empty input.
cv::Mat upsampleToImage(const cv::Mat &gridMap, cv::Size imageSize);

} // namespace dinosam::discovery
