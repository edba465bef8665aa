#include "export/cutout.h"

#include <opencv2/imgproc.hpp>

namespace dinosam {

cv::Mat renderCutout(const cv::Mat &rgb, const cv::Mat &mask, cv::Rect box)
{
    CV_Assert(rgb.type() == CV_8UC3 && mask.type() == CV_8UC1 && mask.size() == rgb.size());
    if (box.area() <= 0)
        box = cv::boundingRect(mask);
    box &= cv::Rect(0, 0, rgb.cols, rgb.rows);
    if (box.area() <= 0)
        return {};
    const cv::Mat m = mask(box);
    cv::Mat alpha;
    cv::compare(m, 0, alpha, cv::CMP_NE); // 0 / 255
    cv::Mat rgba;
    cv::cvtColor(rgb(box), rgba, cv::COLOR_RGB2RGBA);
    cv::Mat out = cv::Mat::zeros(box.size(), CV_8UC4);
    rgba.copyTo(out, alpha);
    cv::Mat channels[4];
    cv::split(out, channels);
    channels[3] = alpha;
    cv::merge(channels, 4, out);
    return out;
}

} // namespace dinosam
