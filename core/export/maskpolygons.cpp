#include "export/maskpolygons.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace dinosam {
namespace {

double cross(cv::Point2d o, cv::Point2d a, cv::Point2d b) { return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x); }

int sign(double v) { return v > 1e-9 ? 1 : (v < -1e-9 ? -1 : 0); }

bool onSegment(cv::Point2d p, cv::Point2d a, cv::Point2d b)
{
    return std::min(a.x, b.x) - 1e-9 <= p.x && p.x <= std::max(a.x, b.x) + 1e-9 && std::min(a.y, b.y) - 1e-9 <= p.y &&
           p.y <= std::max(a.y, b.y) + 1e-9;
}

// Segments [a, b] and [c, d] share a point.
Polygon toPolygon(const std::vector<cv::Point> &points)
{
    Polygon p;
    p.reserve(points.size());
    for (const cv::Point &q : points)
        p.emplace_back(float(q.x), float(q.y));
    return p;
}

Polygon pixelSquare(const std::vector<cv::Point> &contour)
{
    const cv::Rect r = cv::boundingRect(contour); // pixel centres: the last pixel is at br() - 1
    const float x0 = float(r.x), y0 = float(r.y), x1 = float(r.x + r.width - 1), y1 = float(r.y + r.height - 1);
    if (x0 == x1 || y0 == y1) // a single pixel or a 1-pixel line: its outline through the pixel corners
        return {{x0 - 0.5f, y0 - 0.5f}, {x1 + 0.5f, y0 - 0.5f}, {x1 + 0.5f, y1 + 0.5f}, {x0 - 0.5f, y1 + 0.5f}};
    return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};
}

} // namespace

bool polygonSelfIntersects(const Polygon &poly)
{
    const size_t n = poly.size();
    if (n < 4)
        return false;
    // Two non-adjacent edges cross properly (each one's ends strictly on both sides of the other)...
    for (size_t i = 0; i < n; ++i) {
        const cv::Point2d a = poly[i], b = poly[(i + 1) % n];
        const double minX = std::min(a.x, b.x), maxX = std::max(a.x, b.x), minY = std::min(a.y, b.y),
                     maxY = std::max(a.y, b.y);
        for (size_t j = i + 2; j < n; ++j) {
            if (i == 0 && j == n - 1)
                continue; // neighbours through the closing edge
            const cv::Point2d c = poly[j], d = poly[(j + 1) % n];
            if (std::max(c.x, d.x) < minX || std::min(c.x, d.x) > maxX || std::max(c.y, d.y) < minY ||
                std::min(c.y, d.y) > maxY)
                continue;
            if (sign(cross(c, d, a)) * sign(cross(c, d, b)) < 0 && sign(cross(a, b, c)) * sign(cross(a, b, d)) < 0)
                return true;
        }
    }
    // ...or the boundary passes through a vertex that lies inside another edge, from one side of
    // that edge to the other. Touching without crossing (a mask pinched to one pixel corner, where
    // the traced boundary meets itself) is not a crossing.
    for (size_t v = 0; v < n; ++v) {
        const cv::Point2d p = poly[v], prev = poly[(v + n - 1) % n], next = poly[(v + 1) % n];
        for (size_t i = 0; i < n; ++i) {
            const size_t i1 = (i + 1) % n;
            if (i == v || i1 == v)
                continue;
            const cv::Point2d a = poly[i], b = poly[i1];
            if (sign(cross(a, b, p)) != 0 || !onSegment(p, a, b) || p == a || p == b)
                continue;
            if (sign(cross(a, b, prev)) * sign(cross(a, b, next)) < 0)
                return true;
        }
    }
    return false;
}

std::vector<Polygon> maskToPolygons(const cv::Mat &mask, const PolygonOptions &options)
{
    CV_Assert(mask.type() == CV_8UC1);
    std::vector<Polygon> out;
    if (mask.empty())
        return out;
    cv::Mat binary;
    cv::compare(mask, 0, binary, cv::CMP_NE);
    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(binary, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_NONE);
    if (contours.empty())
        return out;

    // Pixels per island: rasterise each outer contour (holes included, as the island's extent).
    struct Island
    {
        size_t contour;
        int64_t pixels;
    };
    std::vector<Island> islands;
    for (size_t i = 0; i < contours.size(); ++i) {
        const cv::Rect r = cv::boundingRect(contours[i]);
        cv::Mat local = cv::Mat::zeros(r.size(), CV_8UC1);
        cv::drawContours(local, contours, int(i), cv::Scalar(255), cv::FILLED, cv::LINE_8, cv::noArray(), 0, -r.tl());
        cv::bitwise_and(local, binary(r), local);
        islands.push_back({i, int64_t(cv::countNonZero(local))});
    }
    std::stable_sort(islands.begin(), islands.end(), [](const Island &a, const Island &b) { return a.pixels > b.pixels; });

    for (size_t k = 0; k < islands.size(); ++k) {
        if (k > 0 && islands[k].pixels < options.minIslandArea)
            break; // sorted: the rest are smaller; the largest is always kept
        const std::vector<cv::Point> &contour = contours[islands[k].contour];
        if (contour.size() < 3) {
            out.push_back(pixelSquare(contour));
            continue;
        }
        Polygon poly;
        for (double eps = options.tolerance; ; eps /= 2) {
            std::vector<cv::Point> simplified;
            if (eps >= 0.05)
                cv::approxPolyDP(contour, simplified, eps, true);
            else
                cv::approxPolyDP(contour, simplified, 0, true); // drops only collinear points
            if (simplified.size() < 3) {
                if (eps >= 0.05)
                    continue;
                poly = pixelSquare(contour);
                break;
            }
            poly = toPolygon(simplified);
            if (!polygonSelfIntersects(poly))
                break;
            if (eps < 0.05)
                break; // the traced boundary of a pixel region never crosses itself
        }
        out.push_back(std::move(poly));
    }
    return out;
}

cv::Mat rasterizePolygons(const std::vector<Polygon> &polygons, cv::Size size)
{
    cv::Mat mask = cv::Mat::zeros(size, CV_8UC1);
    constexpr int kShift = 8;
    for (const Polygon &poly : polygons) {
        if (poly.size() < 3)
            continue;
        std::vector<cv::Point> pts;
        pts.reserve(poly.size());
        for (const cv::Point2f &p : poly) {
            if (!std::isfinite(p.x) || !std::isfinite(p.y))
                continue;
            const double x = std::clamp(double(p.x), -1e6, 1e6), y = std::clamp(double(p.y), -1e6, 1e6);
            pts.emplace_back(int(std::lround(x * (1 << kShift))), int(std::lround(y * (1 << kShift))));
        }
        if (pts.size() < 3)
            continue;
        const std::vector<std::vector<cv::Point>> one{pts};
        cv::fillPoly(mask, one, cv::Scalar(255), cv::LINE_8, kShift);
        // The outline too, as labelme's PIL ImageDraw.polygon draws it: one-pixel-wide parts (a
        // horizontal bridge, whose edges a scanline fill skips) survive the round trip.
        cv::polylines(mask, one, true, cv::Scalar(255), 1, cv::LINE_8, kShift);
    }
    return mask;
}

std::vector<Polygon> objectPolygons(const cv::Mat &mask, const std::vector<Polygon> &source, const PolygonOptions &options,
                                    bool *usedSource)
{
    if (usedSource)
        *usedSource = false;
    if (!source.empty() && !mask.empty()) {
        const cv::Mat again = rasterizePolygons(source, mask.size());
        cv::Mat binary;
        cv::compare(mask, 0, binary, cv::CMP_NE);
        if (cv::countNonZero(again != binary) == 0) {
            if (usedSource)
                *usedSource = true;
            return source;
        }
    }
    return maskToPolygons(mask, options);
}

} // namespace dinosam
