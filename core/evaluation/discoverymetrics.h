#pragma once
// Class-agnostic object-discovery metrics for `dinosam eval`, on masks in image
// pixels: CorLoc, object recall at mask IoU 0.5 / 0.75, mean best-match mask IoU,
// precision at mask IoU 0.5, objects and seconds per image; and the one-shot mIoU
// protocol used for "find similar" (COCO-20i style, as PerSAM and Matcher report it).
// OpenCV + std only. Pure functions, callable from any thread.
#include <opencv2/core.hpp>

#include <cstdint>
#include <map>
#include <vector>

namespace dinosam::evaluation {

/// A predicted or ground-truth object of one image.
struct EvalObject
{
    cv::Mat mask;      ///< CV_8U, the image's size, nonzero = object
    cv::Rect box;      ///< tight box; computed from the mask by evaluateImage() when empty
    float score = 0;   ///< predictions: confidence (the most confident one decides CorLoc)
};

/// What one image contributes.
struct ImageEvaluation
{
    int gtCount = 0;
    int predictionCount = 0;
    /// Only meaningful when gtCount > 0: the most confident prediction's box has
    /// box IoU >= 0.5 with some ground-truth box (false when there is no prediction).
    bool corlocHit = false;
    std::vector<double> bestIou; ///< per ground-truth object: the best mask IoU of any prediction (0 if none)
    int matched50 = 0;           ///< one-to-one matches at mask IoU >= 0.5 (see matchOneToOne())
    int matched75 = 0;           ///< ... at >= 0.75
    double seconds = 0;          ///< time the method took on this image
};

/// Aggregates over images. A value is NaN where it is undefined: CorLoc without an
/// image that has ground truth, recall and best-match IoU without ground-truth objects,
/// precision without predictions, per-image means without images.
struct DiscoveryMetrics
{
    int images = 0;
    int imagesWithGt = 0;
    int gtObjects = 0;
    int predictions = 0;
    double corloc = 0;          ///< share of images with ground truth whose top box hits (CorLoc)
    double recall50 = 0;        ///< matched50 / gtObjects
    double recall75 = 0;        ///< matched75 / gtObjects
    double meanBestIou = 0;     ///< mean of bestIou over all ground-truth objects
    double precision50 = 0;     ///< matched50 / predictions
    double objectsPerImage = 0; ///< predictions / images
    double secondsPerImage = 0; ///< mean seconds
};

/// Box IoU (x, y, w, h in pixels, half-open). 0 when both are empty.
double boxIou(const cv::Rect &a, const cv::Rect &b);
/// Mask IoU of two same-size CV_8U masks (nonzero = on); boxes limit the work when given.
/// 0 when both are empty.
double maskIou(const cv::Mat &a, const cv::Mat &b, const cv::Rect &boxA = {}, const cv::Rect &boxB = {});

/// Greedy one-to-one matching as in COCO: predictions in descending score (ties: input
/// order) each take the still unmatched ground truth of highest IoU >= threshold
/// (ties: lower index). `iou` is predictions x ground truth. Returns the number of matches.
int matchOneToOne(const std::vector<std::vector<double>> &iou, const std::vector<float> &scores, double threshold);

/// Evaluates one image. Masks of `predictions` and `truth` must all have the same size.
/// Throws std::invalid_argument otherwise.
ImageEvaluation evaluateImage(std::vector<EvalObject> predictions, std::vector<EvalObject> truth, double seconds);

/// Sums images into the metrics (see DiscoveryMetrics for the definitions).
DiscoveryMetrics aggregate(const std::vector<ImageEvaluation> &images);

/// One episode of the one-shot protocol: an exemplar of `category` from one image,
/// applied to another image holding that category.
struct OneShotEpisode
{
    int64_t category = 0;
    cv::Mat predicted; ///< CV_8U union of the predicted masks on the target (nonzero = on)
    cv::Mat truth;     ///< CV_8U union of the target's ground truth of `category`
};

/// The one-shot result: foreground IoU per category = sum of intersections / sum of unions
/// over that category's episodes (the COCO-20i / FSS convention), mIoU = their mean.
/// Categories whose episodes all have an empty union are left out; mIoU is NaN without any.
struct OneShotMetrics
{
    double miou = 0;
    std::map<int64_t, double> categoryIou;
    int episodes = 0;
};

/// Throws std::invalid_argument when an episode's masks differ in size.
OneShotMetrics oneShotMiou(const std::vector<OneShotEpisode> &episodes);

} // namespace dinosam::evaluation
