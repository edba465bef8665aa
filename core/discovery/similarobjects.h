#pragma once
// "Find similar": one-shot matching of an example object on DINOv2 patch tokens,
// the stage between the cached encoder outputs and SAM2's decoder.
//
//   example mask  -> patchCoverage() -> makePrototype()    (once per example)
//   target tokens -> similarityMaps() -> similarRegions()  (cheap, per slider move)
//   SAM2 masks    -> maskSimilarity()                      (instance-level filter)
//
// The design follows PerSAM (a location prior from the cosine similarity of the
// target's patches to the example's mean feature; the least similar location as a
// negative point) and Matcher (several prompts per image, then instance-level
// filtering of SAM's masks by the similarity of the matched region), restricted to
// what runs in interactive time on a CPU: one prototype per example, a gemm of the
// target's N patches against the prototypes, connected components with peak
// splitting, one batched decode. Matcher's bidirectional patch matching is not
// used: when the target is the example's own image (the main use), every example
// patch's nearest neighbour is itself, so it cannot find the *other* instances.
//
// Coordinate spaces: token grids are gridH x gridW patches (row-major) covering the
// whole image (resized, not cropped); boxes, points and areas in image pixels.
// OpenCV only; pure functions, callable from any thread.
#include "types/segmentation.h"

#include <opencv2/core.hpp>

#include <cstdint>
#include <vector>

namespace dinosam::discovery {

/// L2-normalised patch tokens of one image.
struct TokenGrid
{
    cv::Mat tokens;     ///< CV_32F, gridH*gridW rows x C columns, each row unit length (or zero)
    int gridH = 0;
    int gridW = 0;
    cv::Size imageSize; ///< original image, pixels

    /// Copies `rows` x `channels` floats (row-major, grid order) and normalises each row.
    /// Throws std::invalid_argument when rows != gridH*gridW or a size is not positive.
    static TokenGrid fromRaw(const float *data, int gridH, int gridW, int channels, cv::Size imageSize);
};

/// The example's feature: the coverage-weighted mean of its unit tokens, normalised.
struct Prototype
{
    cv::Mat vector;        ///< CV_32F 1 x C, unit length
    double patchArea = 0;  ///< the example's size in patches (sum of the coverage)
};

/// Share of each patch that `mask` covers: CV_32F gridH x gridW in [0, 1] (area
/// average of the CV_8U mask, nonzero = on, at any size), exact to 1/255.
cv::Mat patchCoverage(const cv::Mat &mask, int gridH, int gridW);

/// The same when every nonzero pixel of `mask` lies inside `box` (its tight box, say):
/// only the pixels in the box are read, so a small object on a large image costs its own
/// size, not the image's. Exact area weights (no 8-bit rounding). A box that does not fit
/// the mask, or a grid finer than the mask, falls back to the whole-mask version.
cv::Mat patchCoverage(const cv::Mat &mask, const cv::Rect &box, int gridH, int gridW);

/// Prototype of the tokens under `coverage` (CV_32F grid-sized), each patch weighted by
/// its coverage. Throws std::invalid_argument when the coverage is all zero or the sizes differ.
Prototype makePrototype(const TokenGrid &grid, const cv::Mat &coverage);

/// Per-patch similarities of a target to the examples (CV_32F gridH x gridW each).
struct SimilarityMaps
{
    cv::Mat positive; ///< max over positive prototypes of the cosine similarity, in [-1, 1]
    cv::Mat negative; ///< max over negative prototypes (-1 everywhere without negatives)
    /// The score the user's threshold is applied to: `positive` clipped to [0, 1] where the patch is
    /// more like a positive example than like every negative one (nearest-prototype rule),
    /// 0 where a negative is at least as similar.
    cv::Mat score;
};

/// Throws std::invalid_argument without positives or when the channel counts differ.
SimilarityMaps similarityMaps(const TokenGrid &target, const std::vector<Prototype> &positives,
                              const std::vector<Prototype> &negatives);

/// How candidate regions are cut out of a score map.
struct SimilarRegionParams
{
    float threshold = 0.5f;     ///< patches with score > threshold are candidates
    int maxRegions = 10;        ///< best ones kept (by mean score)
    int64_t minArea = 0;        ///< regions below this many image pixels are dropped
    /// The example's size in patches (Prototype::patchArea). A component larger than 1.5x
    /// this with several score peaks more than 0.75*sqrt(size) patches apart is split
    /// between its peaks (touching instances); 0 = never split.
    double exampleArea = 0;
};

/// Candidate regions of `score` (SimilarityMaps::score): 8-connected components of
/// score > threshold, split at peaks (see SimilarRegionParams::exampleArea), dropped when
/// under minArea, ranked by mean score (ties: raster order), at most maxRegions.
/// DiscoveredRegion::point is the region's highest-score patch centre, confidence its mean score.
std::vector<DiscoveredRegion> similarRegions(const cv::Mat &score, cv::Size imageSize,
                                             const SimilarRegionParams &params);

/// The image point (patch centre) where `positive` is lowest: PerSAM's negative point.
cv::Point2f leastSimilarPoint(const cv::Mat &positive, cv::Size imageSize);

/// Mask-level similarity (Matcher's instance-level matching): the prototype of the target's
/// tokens under `mask` (CV_8U, image or grid size) against the examples. `positive` is the max
/// cosine to the positives, `negative` the max to the negatives (-1 without). A mask covering
/// no patch gets -1, -1.
struct MaskSimilarity
{
    float positive = -1;
    float negative = -1;
};
MaskSimilarity maskSimilarity(const TokenGrid &target, const cv::Mat &mask, const std::vector<Prototype> &positives,
                              const std::vector<Prototype> &negatives);
/// The same for a mask whose nonzero pixels all lie inside `box` (reads only the box).
MaskSimilarity maskSimilarity(const TokenGrid &target, const cv::Mat &mask, const cv::Rect &box,
                              const std::vector<Prototype> &positives, const std::vector<Prototype> &negatives);

/// Upsampled [0, 1] map for display (bilinear to the image's size).
cv::Mat similarityDisplayMap(const cv::Mat &score, cv::Size imageSize);

} // namespace dinosam::discovery
