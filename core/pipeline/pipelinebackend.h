#pragma once
// The boundary between the pipeline's stage logic and the models. The pipeline
// only talks to these interfaces; the real implementation (torchbackend)
// wraps the DINOv2 and SAM2 model classes, tests inject counting or fake ones.
// Internal header: it uses ATen tensors, UI code must not include it.
#include "types/prompt.h"
#include "types/segmentation.h"

#include <ATen/core/Tensor.h>
#include <opencv2/core.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dinosam {

/// DINOv2 outputs for one image. Immutable once built (cached and shared).
struct DinoFeatures
{
    std::string modelId;
    cv::Size imageSize;        ///< original image (W, H)
    cv::Size inputSize;        ///< network input (W, H), multiples of the patch size
    int gridH = 0, gridW = 0;  ///< patch grid
    int numRegisters = 0;
    at::Tensor clsToken;       // [1, C] final-norm CLS token
    at::Tensor patchTokens;    // [1, gridH*gridW, C] final-norm patch tokens, row-major
    at::Tensor lastAttnCls;    // [1, heads, 1 + R + gridH*gridW] last block's CLS attention
    at::Tensor lastKeys;       // [1, heads, T, C/heads] last block's keys (spectral); may be undefined

    std::size_t bytes() const;
};

/// SAM2 image-encoder outputs for one image. Opaque to the stage logic; immutable.
struct Sam2Features
{
    std::string modelId;
    cv::Size imageSize;        ///< original image (W, H)
    at::Tensor imageEmbed;     // [1, 256, 64, 64] (no_mem_embed added)
    at::Tensor highResFeat0;   // [1, 32, 256, 256]
    at::Tensor highResFeat1;   // [1, 64, 128, 128]

    std::size_t bytes() const;
};

/// One decoded mask.
struct Sam2Mask
{
    cv::Mat mask;     ///< CV_8U 0/255 at the original image size (logits > 0)
    float score = 0;  ///< predicted IoU
    // Filled by the pipeline when it caches the mask, so that slider moves do not
    // rescan every full-size mask (countNonZero + boundingRect over megapixels).
    int64_t area = -1; ///< mask pixels; -1 = not computed yet
    cv::Rect box;      ///< tight box of the mask
};

/// Runs DINOv2. Called only from the pipeline's thread.
class DinoEncoder
{
public:
    virtual ~DinoEncoder() = default;
    /// `rgb`: CV_8UC3 RGB. `inputSize`: the longer side of the network input.
    virtual std::shared_ptr<const DinoFeatures> encode(const cv::Mat &rgb, int inputSize) = 0;
};

/// Runs SAM2's image encoder and its prompt encoder + mask decoder.
class Sam2Engine
{
public:
    virtual ~Sam2Engine() = default;
    virtual std::shared_ptr<const Sam2Features> encode(const cv::Mat &rgb) = 0;
    /// Decodes all prompts in one batch (single-mask output); one Sam2Mask per prompt, in order.
    virtual std::vector<Sam2Mask> decode(const Sam2Features &features, const std::vector<Prompt> &prompts) = 0;
    /// Decodes with SAM2's three candidate masks per prompt and keeps, per prompt, the one
    /// with the highest predicted IoU (SAM2ImagePredictor.predict(multimask_output=True)
    /// followed by argmax, as the original Python tool's segment_from_points does). Used by
    /// the Python module; the pipeline itself always decodes single masks. The default
    /// implementation (fakes) decodes single masks.
    virtual std::vector<Sam2Mask> decodeBestOfThree(const Sam2Features &features, const std::vector<Prompt> &prompts)
    {
        return decode(features, prompts);
    }
};

/// Finds regions in DINOv2's outputs, split into an expensive part (cached per
/// image + DINOv2 model + method) and a cheap part re-run on every slider change.
class RegionFinder
{
public:
    /// What the expensive part leaves behind (e.g. the normalised attention map,
    /// the spectral cuts). Immutable.
    struct Prepared
    {
        virtual ~Prepared() = default;
        virtual std::size_t bytes() const = 0;
        /// CV_32F in [0, 1] at the original image size, for display.
        virtual cv::Mat discoveryMap() const = 0;
        /// Whether find() can answer `params` from this (spectral: enough cuts computed).
        virtual bool covers(const SegmentationParams &params) const { return true; }
    };

    virtual ~RegionFinder() = default;
    /// The expensive part for params.method (and, for spectral, at least params.numObjects cuts).
    virtual std::shared_ptr<const Prepared> prepare(const DinoFeatures &features, const SegmentationParams &params) = 0;
    /// Regions for `params` (threshold, numObjects, minArea), best first, in image pixels.
    virtual std::vector<DiscoveredRegion> find(const Prepared &prepared, const SegmentationParams &params) = 0;
};

/// Hands out the engines per model id (loading them on first request). Throws
/// PipelineError (ModelMissing / ModelInvalid / InvalidArgument).
class PipelineBackend
{
public:
    virtual ~PipelineBackend() = default;
    virtual std::shared_ptr<DinoEncoder> dino(const std::string &modelId) = 0;
    virtual std::shared_ptr<Sam2Engine> sam2(const std::string &modelId) = 0;
    virtual std::shared_ptr<RegionFinder> regionFinder() = 0;
    /// What identifies the model's weights for the disk feature cache: the id plus the
    /// checkpoint's identity (DiskFeatureCache::checkpointTag()), so that two checkpoints with
    /// one id never share cached features. Default: the id alone (injected test backends).
    virtual std::string modelTag(const std::string &modelId) { return modelId; }
};

} // namespace dinosam
