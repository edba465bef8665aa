#include "export/maskoverlay.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace dinosam {

void renderLabelMapOverlay(const cv::Mat &rgb, const std::vector<OverlayLayer> &layers, cv::Mat &out, float alpha,
                           bool outlines)
{
    CV_Assert(rgb.type() == CV_8UC3);
    if (out.size() != rgb.size() || out.type() != CV_8UC3)
        out.create(rgb.size(), CV_8UC3);
    const cv::Rect imageRect(0, 0, rgb.cols, rgb.rows);
    cv::Mat labels = cv::Mat::zeros(rgb.size(), CV_16U);
    std::vector<cv::Vec3b> colors(1);
    const OverlayLayer *selected = nullptr;
    for (const OverlayLayer &layer : layers) {
        if (!layer.mask || layer.mask->empty())
            continue;
        const cv::Mat &mask = *layer.mask;
        if (mask.size() != rgb.size() || mask.type() != CV_8UC1 || colors.size() > 65535)
            continue;
        cv::Rect box = layer.box & imageRect;
        if (box.area() <= 0)
            box = cv::boundingRect(mask);
        if (box.area() <= 0)
            continue;
        labels(box).setTo(int(colors.size()), mask(box));
        colors.push_back(layer.color);
        if (layer.selected)
            selected = &layer;
    }

    const int thickness = std::max(2, std::max(rgb.cols, rgb.rows) / 500);
    cv::Mat lowest, highest;
    if (outlines) {
        const cv::Mat kernel = cv::getStructuringElement(cv::MORPH_RECT, cv::Size(2 * thickness + 1, 2 * thickness + 1));
        cv::erode(labels, lowest, kernel, cv::Point(-1, -1), 1, cv::BORDER_CONSTANT, cv::Scalar(0));
        cv::dilate(labels, highest, kernel, cv::Point(-1, -1), 1, cv::BORDER_CONSTANT, cv::Scalar(0));
    }
    const int a = std::clamp(int(std::lround(alpha * 256.0f)), 0, 256);
    for (int r = 0; r < rgb.rows; ++r) {
        const cv::Vec3b *src = rgb.ptr<cv::Vec3b>(r);
        const uint16_t *label = labels.ptr<uint16_t>(r);
        const uint16_t *lo = outlines ? lowest.ptr<uint16_t>(r) : label;
        const uint16_t *hi = outlines ? highest.ptr<uint16_t>(r) : label;
        cv::Vec3b *dst = out.ptr<cv::Vec3b>(r);
        for (int c = 0; c < rgb.cols; ++c) {
            const uint16_t l = label[c];
            if (l == 0) {
                dst[c] = src[c];
            } else if (lo[c] != l || hi[c] != l) {
                dst[c] = colors[l];
            } else {
                const cv::Vec3b &k = colors[l];
                for (int ch = 0; ch < 3; ++ch)
                    dst[c][ch] = uchar((src[c][ch] * (256 - a) + k[ch] * a + 128) >> 8);
            }
        }
    }
    if (selected && outlines) {
        const cv::Mat &mask = *selected->mask;
        const cv::Rect box = cv::boundingRect(mask);
        const cv::Mat wide = cv::getStructuringElement(cv::MORPH_RECT, cv::Size(4 * thickness + 3, 4 * thickness + 3));
        cv::Mat eroded, edge;
        cv::erode(mask(box), eroded, wide, cv::Point(-1, -1), 1, cv::BORDER_CONSTANT, cv::Scalar(0));
        cv::subtract(mask(box), eroded, edge);
        out(box).setTo(cv::Scalar(selected->color[0], selected->color[1], selected->color[2]), edge);
    }
}

} // namespace dinosam
