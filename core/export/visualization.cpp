#include "export/visualization.h"

#include "export/maskoverlay.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <string>

namespace dinosam {
namespace {

int lineWidth(const cv::Mat &image) { return std::max(1, std::min(image.cols, image.rows) / 300 + 1); }

void drawLabel(cv::Mat &image, const std::string &text, cv::Point corner, const cv::Scalar &colour)
{
    const double scale = std::max(0.4, std::min(image.cols, image.rows) / 800.0);
    const int thickness = std::max(1, int(scale * 1.5));
    int baseline = 0;
    const cv::Size size = cv::getTextSize(text, cv::FONT_HERSHEY_SIMPLEX, scale, thickness, &baseline);
    cv::Point origin(std::clamp(corner.x, 0, std::max(0, image.cols - size.width - 4)),
                     std::clamp(corner.y, size.height + 4, std::max(size.height + 4, image.rows - 1)));
    cv::rectangle(image, cv::Rect(origin.x, origin.y - size.height - 4, size.width + 4, size.height + 4 + baseline / 2),
                  colour, cv::FILLED);
    cv::putText(image, text, {origin.x + 2, origin.y - 2}, cv::FONT_HERSHEY_SIMPLEX, scale, cv::Scalar(0, 0, 0),
                thickness, cv::LINE_AA);
}

cv::Scalar scalarOf(cv::Vec3b c) { return cv::Scalar(c[0], c[1], c[2]); }

} // namespace

cv::Vec3b objectColor(size_t index)
{
    // RGB; bright, distinct, readable with black label text (tab20-like order).
    static const cv::Vec3b palette[] = {
        {31, 119, 180}, {255, 127, 14}, {44, 160, 44},   {214, 39, 40},  {148, 103, 189},
        {140, 86, 75},  {227, 119, 194}, {188, 189, 34}, {23, 190, 207}, {255, 215, 0},
        {174, 199, 232}, {255, 187, 120}, {152, 223, 138}, {255, 152, 150}, {197, 176, 213},
        {196, 156, 148}, {247, 182, 210}, {219, 219, 141}, {158, 218, 229}, {0, 128, 128},
    };
    return palette[index % (sizeof palette / sizeof palette[0])];
}

cv::Mat renderMaskOverlay(const cv::Mat &rgb, const std::vector<SegmentedObject> &objects, float alpha, bool outlines,
                          bool labels)
{
    CV_Assert(rgb.type() == CV_8UC3);
    // The best object (index 0) is painted last, so it is on top.
    std::vector<OverlayLayer> layers;
    layers.reserve(objects.size());
    for (size_t k = objects.size(); k-- > 0;)
        layers.push_back({&objects[k].mask, objects[k].box, objectColor(k), false});
    cv::Mat out;
    renderLabelMapOverlay(rgb, layers, out, alpha, outlines);
    if (labels) {
        for (size_t k = 0; k < objects.size(); ++k) {
            const SegmentedObject &o = objects[k];
            if (o.mask.size() == rgb.size() && o.box.area() > 0)
                drawLabel(out, std::to_string(k), o.box.tl(), scalarOf(objectColor(k)));
        }
    }
    return out;
}

cv::Mat renderAttentionHeatmap(const cv::Mat &rgb, const cv::Mat &attention, const std::vector<DiscoveredRegion> &regions,
                               float alpha)
{
    CV_Assert(rgb.type() == CV_8UC3);
    cv::Mat out;
    if (!attention.empty()) {
        cv::Mat a;
        attention.convertTo(a, CV_32F);
        if (a.size() != rgb.size())
            cv::resize(a, a, rgb.size(), 0, 0, cv::INTER_LINEAR);
        cv::Mat a8;
        a.convertTo(a8, CV_8U, 255.0); // saturates outside [0, 1]
        cv::Mat heat;
        cv::applyColorMap(a8, heat, cv::COLORMAP_JET); // BGR
        cv::cvtColor(heat, heat, cv::COLOR_BGR2RGB);
        cv::addWeighted(rgb, 1.0 - alpha, heat, alpha, 0.0, out);
    } else {
        out = rgb.clone();
    }
    const int width = lineWidth(rgb);
    for (size_t k = 0; k < regions.size(); ++k) {
        const cv::Rect box(cv::Point(cvRound(regions[k].box.x), cvRound(regions[k].box.y)),
                           cv::Point(cvRound(regions[k].box.br().x), cvRound(regions[k].box.br().y)));
        cv::rectangle(out, box, cv::Scalar(255, 255, 255), width + 2, cv::LINE_AA);
        cv::rectangle(out, box, scalarOf(objectColor(k)), width, cv::LINE_AA);
        drawLabel(out, std::to_string(k), box.tl(), scalarOf(objectColor(k)));
    }
    return out;
}

namespace {

/// The result drawn on `small` (the image downscaled by `scale` < 1): masks and boxes scaled.
SegmentationResult scaledResult(const SegmentationResult &result, cv::Size small, double scale)
{
    SegmentationResult r;
    r.discoveryMap = result.discoveryMap; // resized by the heat-map renderer
    for (auto region : result.regions) {
        region.box = cv::Rect2f(region.box.x * float(scale), region.box.y * float(scale),
                                region.box.width * float(scale), region.box.height * float(scale));
        r.regions.push_back(region);
    }
    for (const auto &o : result.objects) {
        SegmentedObject s;
        cv::resize(o.mask, s.mask, small, 0, 0, cv::INTER_NEAREST);
        s.box = cv::boundingRect(s.mask);
        s.area = cv::countNonZero(s.mask);
        s.label = o.label;
        r.objects.push_back(std::move(s));
    }
    return r;
}

} // namespace

cv::Mat renderVisualization(const cv::Mat &rgb, const SegmentationResult &result)
{
    CV_Assert(rgb.type() == CV_8UC3);
    // A picture to look at, not data: huge (tiled) images are drawn at kMaxVisualizationPixels,
    // so that three of them side by side stay a few hundred MB, not gigabytes.
    if (int64_t(rgb.total()) > kMaxVisualizationPixels) {
        const double scale = std::sqrt(double(kMaxVisualizationPixels) / double(rgb.total()));
        const cv::Size small(std::max(1, int(rgb.cols * scale)), std::max(1, int(rgb.rows * scale)));
        cv::Mat smallRgb;
        cv::resize(rgb, smallRgb, small, 0, 0, cv::INTER_AREA);
        return renderVisualization(smallRgb, scaledResult(result, small, scale));
    }
    cv::Mat out(rgb.rows, rgb.cols * 3, CV_8UC3);
    rgb.copyTo(out(cv::Rect(0, 0, rgb.cols, rgb.rows)));
    renderAttentionHeatmap(rgb, result.discoveryMap, result.regions).copyTo(out(cv::Rect(rgb.cols, 0, rgb.cols, rgb.rows)));
    renderMaskOverlay(rgb, result.objects).copyTo(out(cv::Rect(2 * rgb.cols, 0, rgb.cols, rgb.rows)));
    return out;
}

} // namespace dinosam
