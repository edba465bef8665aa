#pragma once
// Conversions between OpenCV matrices and Qt images. Thread: any.
#include <QImage>
#include <opencv2/core.hpp>

namespace dinosam::ui {

/// Deep-copies a CV_8UC3 RGB (or CV_8UC1 gray) matrix into a QImage. Empty in → null out.
QImage toQImage(const cv::Mat &rgb);

/// Deep-copies a QImage into a CV_8UC3 RGB matrix.
cv::Mat toRgbMat(const QImage &image);

/// Converts a 0/255 CV_8UC1 mask into an 8-bit grayscale QImage (deep copy).
QImage maskToQImage(const cv::Mat &mask);

} // namespace dinosam::ui
