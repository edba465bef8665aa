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
    if (rgb.type() != CV_8UC3)
        return toQImage(rgb);
    // One pass over the image for all masks, so a slider move costs about the same
    // for 2 or 20 objects: a label map says which visible layer is on top of each
    // pixel (later layers cover earlier ones), its min/max filters find the outlines.
    const cv::Rect imageRect(0, 0, rgb.cols, rgb.rows);
    cv::Mat labels = cv::Mat::zeros(rgb.size(), CV_16U);
    std::vector<cv::Vec3b> colors(1);
    const MaskLayer *selected = nullptr;
    for (const MaskLayer &layer : layers) {
        if (!layer.visible || !layer.object || layer.object->mask.empty())
            continue;
        const cv::Mat &mask = layer.object->mask;
        if (mask.size() != rgb.size() || mask.type() != CV_8UC1 || colors.size() > 65535)
            continue;
        cv::Rect box = layer.object->box & imageRect;
        if (box.area() <= 0)
            box = cv::boundingRect(mask);
        if (box.area() <= 0)
            continue;
        labels(box).setTo(int(colors.size()), mask(box));
        colors.emplace_back(layer.color.red(), layer.color.green(), layer.color.blue());
        if (layer.selected)
            selected = &layer;
    }

    // Outline = pixels of an object with another label (or the background) within
    // `thickness`: cheaper than per-mask erosion and independent of the mask count.
    const int thickness = std::max(2, std::max(rgb.cols, rgb.rows) / 500);
    const cv::Mat kernel = cv::getStructuringElement(cv::MORPH_RECT, cv::Size(2 * thickness + 1, 2 * thickness + 1));
    cv::Mat lowest, highest;
    cv::erode(labels, lowest, kernel, cv::Point(-1, -1), 1, cv::BORDER_CONSTANT, cv::Scalar(0));
    cv::dilate(labels, highest, kernel, cv::Point(-1, -1), 1, cv::BORDER_CONSTANT, cv::Scalar(0));

    QImage image(rgb.cols, rgb.rows, QImage::Format_RGB888);
    cv::Mat out(rgb.rows, rgb.cols, CV_8UC3, image.bits(), size_t(image.bytesPerLine()));
    for (int r = 0; r < rgb.rows; ++r) {
        const cv::Vec3b *src = rgb.ptr<cv::Vec3b>(r);
        const uint16_t *label = labels.ptr<uint16_t>(r), *lo = lowest.ptr<uint16_t>(r), *hi = highest.ptr<uint16_t>(r);
        cv::Vec3b *dst = out.ptr<cv::Vec3b>(r);
        for (int c = 0; c < rgb.cols; ++c) {
            const uint16_t l = label[c];
            if (l == 0) {
                dst[c] = src[c];
            } else if (lo[c] != l || hi[c] != l) {
                dst[c] = colors[l];
            } else {
                const cv::Vec3b &k = colors[l];
                dst[c] = cv::Vec3b(uchar((src[c][0] + k[0] + 1) >> 1), uchar((src[c][1] + k[1] + 1) >> 1),
                                   uchar((src[c][2] + k[2] + 1) >> 1));
            }
        }
    }
    if (selected) { // twice as thick, drawn over its neighbours
        const cv::Mat &mask = selected->object->mask;
        const cv::Rect box = cv::boundingRect(mask);
        const cv::Mat wide = cv::getStructuringElement(cv::MORPH_RECT, cv::Size(4 * thickness + 3, 4 * thickness + 3));
        cv::Mat eroded, edge;
        cv::erode(mask(box), eroded, wide, cv::Point(-1, -1), 1, cv::BORDER_CONSTANT, cv::Scalar(0));
        cv::subtract(mask(box), eroded, edge);
        out(box).setTo(cv::Scalar(selected->color.red(), selected->color.green(), selected->color.blue()), edge);
    }
    return image;
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
