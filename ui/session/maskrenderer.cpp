#include "maskrenderer.h"

#include "imageconvert.h"

#include "export/maskoverlay.h"
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
    // core/export's label-map renderer, the one every overlay uses (the exported overlay and the
    // visualisation's masks panel too), written straight into the QImage's pixels.
    std::vector<OverlayLayer> overlay;
    overlay.reserve(layers.size());
    for (const MaskLayer &layer : layers) {
        if (!layer.visible || !layer.object)
            continue;
        overlay.push_back({&layer.object->mask, layer.object->box,
                           cv::Vec3b(uchar(layer.color.red()), uchar(layer.color.green()), uchar(layer.color.blue())),
                           layer.selected});
    }
    QImage image(rgb.cols, rgb.rows, QImage::Format_RGB888);
    cv::Mat out(rgb.rows, rgb.cols, CV_8UC3, image.bits(), size_t(image.bytesPerLine()));
    renderLabelMapOverlay(rgb, overlay, out);
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
