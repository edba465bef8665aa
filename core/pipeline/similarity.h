#pragma once
// "Find similar" through the Pipeline: types of Pipeline::findSimilar(). Torch-free
// (UI code includes it). The algorithm is core/discovery/similarobjects.h; the
// stage wiring (cached DINOv2 tokens, one batched SAM2 decode) pipeline/similarityfinder.
#include "models/catalog/modelcatalog.h"
#include "pipeline/pipeline.h"
#include "types/segmentation.h"

#include <opencv2/core.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dinosam {

/// One example object: an image and either its mask or a box (a box is first segmented
/// with SAM2, and the mask it gives is the example).
struct SimilarityExample
{
    /// The example's image. ImageInput::fromKey() of an earlier result reuses its cached
    /// pixels and features (the way the GUI and a folder run should pass it).
    ImageInput image;
    cv::Mat mask;                  ///< CV_8U, the image's size, nonzero = object; or empty when `box` is set
    std::optional<cv::Rect2f> box; ///< x, y, w, h in the example image's pixels
};

/// What the user asks for: objects like the positives and unlike the negatives.
struct SimilarityQuery
{
    std::vector<SimilarityExample> positives; ///< at least one
    std::vector<SimilarityExample> negatives; ///< "not this"
};

/// The parameters of find similar. Changing similarityThreshold, maxInstances, minArea,
/// promptType, overlapIou or duplicateIou re-runs neither encoder.
struct SimilarityParams
{
    float similarityThreshold = 0.5f; ///< cosine similarity in [0, 1] a patch (and a mask) must exceed
    int maxInstances = 5;             ///< at most this many new objects per image
    int64_t minArea = 1000;           ///< regions and masks below this many image pixels are dropped
    PromptType promptType = PromptType::Box;
    /// New masks whose IoU with an existing object (or an example in the same image) is at
    /// least this are dropped.
    float overlapIou = 0.5f;
    float duplicateIou = 0.8f;        ///< among the new masks, as in SegmentationParams
    /// Multi-scale policy: when the smallest positive example covers fewer than
    /// minExamplePatches DINOv2 patches at dinoInputSize, the examples and the target are
    /// encoded at the larger input size at which it would cover that many (a multiple of 14,
    /// at most maxInputSize). false: always dinoInputSize.
    bool multiScale = true;
    double minExamplePatches = 16;
    int maxInputSize = 896;
    std::string dinoModel = ModelCatalog::defaultDinoModel();
    std::string sam2Model = ModelCatalog::defaultSam2Model();
    int dinoInputSize = 448;
};

/// Milliseconds per stage of one findSimilar() call (0 = reused from the cache).
struct SimilarityTimings
{
    double examplesMs = 0;    ///< example masks (SAM2 from a box) and prototypes, encoders excluded
    double encodersMs = 0;    ///< DINOv2 and SAM2 encoder runs, examples and target
    double similarityMs = 0;  ///< similarity map and candidate regions
    double sam2DecodeMs = 0;  ///< the one batched decode
    double filterMs = 0;      ///< mask-level similarity, overlap and duplicate filtering
};

/// What findSimilar() gives for one target image.
struct SimilarityResult
{
    std::string imageKey;
    cv::Size imageSize;
    /// CV_32F in [0, 1], the image's size: the score the similarity threshold is applied to
    /// (cosine similarity to the nearest positive, clipped at 0, where it beats every
    /// negative, else 0), bilinear from the patch grid. Not cut at the threshold, so its
    /// histogram shows where the threshold falls; for display.
    cv::Mat similarityMap;
    std::vector<DiscoveredRegion> regions;  ///< candidates that were decoded, best first
    /// New objects, best mask similarity first; dinoConfidence = the mask's similarity.
    std::vector<SegmentedObject> objects;
    std::vector<float> regionSimilarity;   ///< per region: its mean patch similarity (= confidence)
    int dinoInputSize = 0;                  ///< the input size the similarity ran at (multi-scale)
    double examplePatches = 0;              ///< smallest positive example's size in patches at that size
    SimilarityTimings timings;
};

} // namespace dinosam
