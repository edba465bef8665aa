#include "maskrenderer.h"

#include "imageconvert.h"

#include "export/visualization.h"

#include <opencv2/imgproc.hpp>

#include <cmath>

namespace dinosam::ui {

QColor objectColor(int index)
{
    const cv::Vec3b c = dinosam::objectColor(static_cast<size_t>(std::max(0, index)));
    return QColor(c[0], c[1], c[2]);
}

QImage renderMaskOverlay(const cv::Mat &rgb, const std::vector<MaskLayer> &layers)
{
    if (rgb.empty())
        return {};
    cv::Mat out = rgb.clone();
    const cv::Rect imageRect(0, 0, rgb.cols, rgb.rows);
    const int baseThickness = std::max(2, std::max(rgb.cols, rgb.rows) / 500);
    for (const MaskLayer &layer : layers) {
        if (!layer.visible || !layer.object || layer.object->mask.empty())
            continue;
        const cv::Mat &mask = layer.object->mask;
        if (mask.size() != rgb.size() || mask.type() != CV_8UC1)
            continue;
        cv::Rect box = layer.object->box & imageRect;
        if (box.area() <= 0)
            box = cv::boundingRect(mask);
        if (box.area() <= 0)
            continue;
        const cv::Scalar color(layer.color.red(), layer.color.green(), layer.color.blue());
        cv::Mat roi = out(box);
        const cv::Mat maskRoi = mask(box);
        const cv::Mat blended = roi * 0.5 + color * 0.5;
        blended.copyTo(roi, maskRoi);
        // Outline = mask minus its erosion. Unlike findContours + drawContours this costs
        // the same for a clean mask and for a speckled one with thousands of contours.
        const int thickness = layer.selected ? baseThickness * 2 + 1 : baseThickness;
        const cv::Mat kernel = cv::getStructuringElement(cv::MORPH_ELLIPSE,
                                                         cv::Size(2 * thickness + 1, 2 * thickness + 1));
        cv::Mat eroded;
        cv::erode(maskRoi, eroded, kernel, cv::Point(-1, -1), 1, cv::BORDER_CONSTANT, cv::Scalar(0));
        cv::Mat edge;
        cv::subtract(maskRoi, eroded, edge);
        roi.setTo(color, edge);
    }
    return toQImage(out);
}

QImage renderMaskOverlay(const cv::Mat &rgb, const std::vector<SegmentedObject> &objects)
{
    std::vector<MaskLayer> layers;
    layers.reserve(objects.size());
    for (size_t i = 0; i < objects.size(); ++i)
        layers.push_back({&objects[i], objectColor(static_cast<int>(i)), true, false});
    return renderMaskOverlay(rgb, layers);
}

QImage renderHeatmap(const cv::Mat &rgb, const cv::Mat &attention)
{
    if (rgb.empty())
        return {};
    if (attention.empty())
        return toQImage(rgb);
    cv::Mat att;
    attention.convertTo(att, CV_32F);
    if (att.size() != rgb.size())
        cv::resize(att, att, rgb.size(), 0, 0, cv::INTER_LINEAR);
    cv::Mat att8;
    att.convertTo(att8, CV_8U, 255.0);
    cv::Mat colored;
    cv::applyColorMap(att8, colored, cv::COLORMAP_JET); // BGR
    cv::cvtColor(colored, colored, cv::COLOR_BGR2RGB);
    cv::Mat out;
    cv::addWeighted(rgb, 0.45, colored, 0.55, 0.0, out);
    return toQImage(out);
}

} // namespace dinosam::ui
