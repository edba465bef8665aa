#include "imageconvert.h"

#include <opencv2/imgproc.hpp>

namespace dinosam::ui {

QImage toQImage(const cv::Mat &rgb)
{
    if (rgb.empty())
        return {};
    if (rgb.type() == CV_8UC1)
        return maskToQImage(rgb);
    CV_Assert(rgb.type() == CV_8UC3);
    return QImage(rgb.data, rgb.cols, rgb.rows, static_cast<qsizetype>(rgb.step),
                  QImage::Format_RGB888)
        .copy();
}

cv::Mat toRgbMat(const QImage &image)
{
    if (image.isNull())
        return {};
    const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
    cv::Mat view(rgb.height(), rgb.width(), CV_8UC3, const_cast<uchar *>(rgb.constBits()),
                 static_cast<size_t>(rgb.bytesPerLine()));
    return view.clone();
}

QImage maskToQImage(const cv::Mat &mask)
{
    if (mask.empty())
        return {};
    CV_Assert(mask.type() == CV_8UC1);
    return QImage(mask.data, mask.cols, mask.rows, static_cast<qsizetype>(mask.step),
                  QImage::Format_Grayscale8)
        .copy();
}

} // namespace dinosam::ui
