#include "discovery/gridregions.h"
#include "discovery/tensorentry.h"

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace dinosam::discovery {

GridScale GridScale::fromSizes(cv::Size grid, cv::Size image)
{
    if (grid.width <= 0 || grid.height <= 0 || image.width <= 0 || image.height <= 0)
        throw std::invalid_argument("discovery: grid and image sizes must be positive (grid " +
                                    std::to_string(grid.width) + "x" + std::to_string(grid.height) +
                                    ", image " + std::to_string(image.width) + "x" +
                                    std::to_string(image.height) + ")");
    return {double(image.width) / grid.width, double(image.height) / grid.height};
}

static void checkConnectivity(int connectivity)
{
    if (connectivity != 4 && connectivity != 8)
        throw std::invalid_argument("discovery: connectivity must be 4 or 8, got " +
                                    std::to_string(connectivity));
}

std::vector<GridComponent> gridComponents(const cv::Mat &binary, int connectivity)
{
    checkConnectivity(connectivity);
    std::vector<GridComponent> out;
    if (binary.empty())
        return out;
    CV_Assert(binary.type() == CV_8U);
    cv::Mat labels, stats, centroids;
    const int n = cv::connectedComponentsWithStats(binary != 0, labels, stats, centroids,
                                                   connectivity, CV_32S);
    // Label 0 is the background; OpenCV numbers the others in raster order.
    out.reserve(std::max(0, n - 1));
    for (int k = 1; k < n; ++k) {
        GridComponent c;
        c.mask = cv::Mat(labels == k) / 255; // CV_8U 0/1
        c.box = {stats.at<int>(k, cv::CC_STAT_LEFT), stats.at<int>(k, cv::CC_STAT_TOP),
                 stats.at<int>(k, cv::CC_STAT_WIDTH), stats.at<int>(k, cv::CC_STAT_HEIGHT)};
        c.patchCount = stats.at<int>(k, cv::CC_STAT_AREA);
        // OpenCV's centroid is the mean cell index; +0.5 moves it to cell centres.
        c.centroid = {centroids.at<double>(k, 0) + 0.5, centroids.at<double>(k, 1) + 0.5};
        out.push_back(std::move(c));
    }
    return out;
}

GridComponent describeMask(const cv::Mat &mask)
{
    CV_Assert(mask.type() == CV_8U);
    GridComponent c;
    c.mask = mask;
    c.patchCount = cv::countNonZero(mask);
    if (c.patchCount == 0)
        throw std::invalid_argument("discovery: describeMask() of an empty mask");
    c.box = cv::boundingRect(mask);
    const cv::Moments m = cv::moments(mask, true);
    c.centroid = {m.m10 / m.m00 + 0.5, m.m01 / m.m00 + 0.5};
    return c;
}

cv::Mat componentContaining(const cv::Mat &binary, cv::Point seed, int connectivity)
{
    checkConnectivity(connectivity);
    CV_Assert(binary.type() == CV_8U);
    cv::Mat out = cv::Mat::zeros(binary.size(), CV_8U);
    if (!cv::Rect(0, 0, binary.cols, binary.rows).contains(seed) || binary.at<uchar>(seed) == 0)
        return out;
    cv::Mat labels;
    cv::connectedComponents(binary != 0, labels, connectivity, CV_32S);
    const int label = labels.at<int>(seed);
    out = cv::Mat(labels == label) / 255;
    return out;
}

cv::Point2d pointInside(const cv::Mat &mask, cv::Point2d centroid, const cv::Mat &score)
{
    CV_Assert(mask.type() == CV_8U);
    CV_Assert(score.empty() || (score.type() == CV_32F && score.size() == mask.size()));
    const int col = int(std::floor(centroid.x));
    const int row = int(std::floor(centroid.y));
    if (col >= 0 && row >= 0 && col < mask.cols && row < mask.rows && mask.at<uchar>(row, col))
        return centroid;
    // Centroid falls outside (ring, C shape): nearest on-cell centre instead.
    double bestDist = std::numeric_limits<double>::infinity();
    float bestScore = -std::numeric_limits<float>::infinity();
    cv::Point2d best(-1, -1);
    for (int i = 0; i < mask.rows; ++i) {
        const uchar *m = mask.ptr<uchar>(i);
        for (int j = 0; j < mask.cols; ++j) {
            if (!m[j])
                continue;
            const cv::Point2d c(j + 0.5, i + 0.5);
            const double d = (c.x - centroid.x) * (c.x - centroid.x) + (c.y - centroid.y) * (c.y - centroid.y);
            const float s = score.empty() ? 0.f : score.at<float>(i, j);
            // A small tolerance makes exact ties resolve by score, not by rounding noise.
            if (d < bestDist - 1e-9 || (std::abs(d - bestDist) <= 1e-9 && s > bestScore)) {
                bestDist = d;
                bestScore = s;
                best = c;
            }
        }
    }
    if (best.x < 0)
        throw std::invalid_argument("discovery: pointInside() of an empty mask");
    return best;
}

DiscoveredRegion toImageRegion(const GridComponent &component, const GridScale &scale,
                               float confidence, const cv::Mat &score)
{
    DiscoveredRegion r;
    const cv::Rect &b = component.box;
    r.box = cv::Rect2f(float(b.x * scale.sx), float(b.y * scale.sy), float(b.width * scale.sx),
                       float(b.height * scale.sy));
    const cv::Point2d p = pointInside(component.mask, component.centroid, score);
    r.point = cv::Point2f(float(p.x * scale.sx), float(p.y * scale.sy));
    r.confidence = confidence;
    r.patchMask = component.mask.clone();
    return r;
}

cv::Mat minMaxNormalized(const cv::Mat &map)
{
    if (map.empty())
        return {};
    CV_Assert(map.type() == CV_32F);
    double lo = 0, hi = 0;
    cv::minMaxLoc(map, &lo, &hi);
    cv::Mat out = cv::Mat::zeros(map.size(), CV_32F);
    if (!(hi - lo > 1e-12) || !std::isfinite(hi - lo))
        return out;
    const double range = hi - lo;
    for (int i = 0; i < map.rows; ++i) {
        const float *src = map.ptr<float>(i);
        float *dst = out.ptr<float>(i);
        for (int j = 0; j < map.cols; ++j)
            dst[j] = float((double(src[j]) - lo) / range); // (hi - lo) / range == 1 exactly
    }
    return out;
}

cv::Mat upsampleToImage(const cv::Mat &gridMap, cv::Size imageSize)
{
    if (gridMap.empty())
        return {};
    CV_Assert(gridMap.type() == CV_32F);
    if (imageSize.width <= 0 || imageSize.height <= 0)
        throw std::invalid_argument("discovery: upsampleToImage() needs a positive image size");
    cv::Mat out;
    cv::resize(gridMap, out, imageSize, 0, 0, cv::INTER_LINEAR);
    return out;
}

} // namespace dinosam::discovery
