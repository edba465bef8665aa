#pragma once
// Masks to polygons and back, shared by every polygon format (COCO polygons, YOLO-seg, labelme).
//
// Coordinate convention: polygon vertices are pixel centres in image pixels (OpenCV's
// convention: pixel (x, y) covers [x - 0.5, x + 0.5]), as cv::findContours returns them and as
// labelme (PIL ImageDraw.polygon) and Ultralytics (cv2.fillPoly) rasterise them.
#include <opencv2/core.hpp>

#include <cstdint>
#include <vector>

namespace dinosam {

/// One polygon: at least 3 vertices, implicitly closed.
using Polygon = std::vector<cv::Point2f>;

/// How masks become polygons.
struct PolygonOptions
{
    /// Douglas–Peucker tolerance in pixels (0 = every boundary pixel). Shared by every polygon format.
    double tolerance = 1.0;
    /// Islands (outer contours) with fewer mask pixels than this are dropped, except that an object
    /// whose islands are all smaller keeps its largest one (no object silently disappears).
    int64_t minIslandArea = 10;
};

/**
 * The outer contours of a mask's islands (holes are not represented: none of the polygon formats
 * can express them; use COCO RLE or VOC PNGs for exact shapes), each simplified with Douglas–Peucker
 * at options.tolerance. A simplified polygon never crosses itself: when simplification creates a
 * crossing, the tolerance is halved for that island until it does not (at worst the unsimplified
 * boundary, which does not cross; it may touch itself where the mask is pinched to a pixel corner). Islands of 1 or 2 boundary points become their pixel square.
 * Largest island first.
 * @param mask CV_8UC1, non-zero = object. An empty mask gives no polygons. Thread-safe.
 */
std::vector<Polygon> maskToPolygons(const cv::Mat &mask, const PolygonOptions &options = {});

/// Fills `polygons` (union, each polygon filled on its own, outline included as labelme's PIL
/// rasteriser draws it) into a CV_8UC1 0/255 mask of `size`. The unsimplified traced boundary of a
/// mask's island gives that island back with its holes filled. Vertices are rounded to 1/256 pixel.
/// Polygons with fewer than 3 vertices are ignored.
cv::Mat rasterizePolygons(const std::vector<Polygon> &polygons, cv::Size size);

/// True when the closed polygon's boundary crosses itself: two edges cross, or the boundary passes
/// through a vertex lying inside another edge from one side to the other. Touching without crossing
/// (a repeated vertex, a spike folding back) is not a crossing.
bool polygonSelfIntersects(const Polygon &polygon);

/// The polygons to write for an object: `source` (an imported object's original polygons) when
/// rasterising them reproduces `mask` exactly, else maskToPolygons(mask, options).
/// This keeps imported polygons vertex for vertex while the mask is unedited.
/// @param usedSource set to whether `source` was returned.
std::vector<Polygon> objectPolygons(const cv::Mat &mask, const std::vector<Polygon> &source,
                                    const PolygonOptions &options, bool *usedSource = nullptr);

} // namespace dinosam
