#pragma once
// The one prompt type: what a user (or discovery) gives SAM2 for one object.
// Plain data, no LibTorch: the UI, the pipeline and the exports share it.
//
// Coordinate convention: ORIGINAL image pixels, x to the right, y down, pixel
// centres at integer + 0.5 as OpenCV and SAM2ImagePredictor(normalize_coords=True)
// use them. A box is cv::Rect2f (x, y, width, height); the model receives it as
// (x0, y0, x1, y1) = (x, y, x + width, y + height).
#include <opencv2/core.hpp>

#include <optional>
#include <vector>

namespace dinosam {

struct Prompt
{
    std::optional<cv::Rect2f> box;   ///< x, y, width, height
    std::vector<cv::Point2f> points; ///< clicked points
    std::vector<int> labels;         ///< one per point: 1 foreground, 0 background
    /// Optional previous low-res logits (CV_32F 256x256 on the stretched model frame),
    /// as SAM2's mask input; empty when unused.
    cv::Mat maskInput;

    bool empty() const { return !box && points.empty(); }
    bool operator==(const Prompt &o) const
    {
        // cv::Mat has no value equality: compare pixels when both are set.
        const bool masksEqual = maskInput.empty() == o.maskInput.empty() &&
                                (maskInput.empty() || (maskInput.size == o.maskInput.size &&
                                                       maskInput.type() == o.maskInput.type() &&
                                                       cv::norm(maskInput, o.maskInput, cv::NORM_INF) == 0));
        return box == o.box && points == o.points && labels == o.labels && masksEqual;
    }
};

} // namespace dinosam
