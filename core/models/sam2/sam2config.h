#pragma once
// Architecture of the eight official SAM2 / SAM2.1 image predictors, as in
// Meta's sam2/configs/sam2{,.1}/sam2{,.1}_hiera_{t,s,b+,l}.yaml.
// Plain data, no LibTorch: UI and pipeline code may include it.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dinosam::sam2 {

/// Hiera trunk hyper-parameters (sam2/modeling/backbones/hieradet.py).
struct HieraConfig
{
    int64_t embedDim = 96;                      ///< channels of stage 1
    int64_t numHeads = 1;                       ///< heads of stage 1 (doubled per stage)
    std::vector<int64_t> stages{1, 2, 7, 2};    ///< blocks per stage
    std::vector<int64_t> globalAttBlocks{5, 7, 9};
    std::vector<int64_t> windowSpec{8, 4, 14, 7};
    std::vector<int64_t> windowPosEmbedBkgSpatialSize{7, 7};
    int64_t qPool = 3;                          ///< stages that pool queries at their start
    int64_t qStride = 2;
    double dimMul = 2.0;
    double headMul = 2.0;
    double mlpRatio = 4.0;

    /// Channels per stage, lowest resolution last, e.g. {96, 192, 384, 768}.
    std::vector<int64_t> stageDims() const;
};

struct Sam2Config
{
    std::string id;             ///< "sam2.1_hiera_tiny"
    std::string displayName;    ///< "SAM 2.1 Hiera tiny"
    std::string checkpointFile; ///< Meta's file name, "sam2.1_hiera_tiny.pt"
    std::string url;            ///< download URL (ModelCatalog::url())
    bool isSam21 = true;
    HieraConfig trunk;

    // FPN neck (image_encoder.py)
    int64_t dModel = 256;
    std::vector<int64_t> fpnTopDownLevels{2, 3};
    int64_t scalp = 1;

    // SAM heads (sam2_base.py, mask_decoder.py, prompt_encoder.py)
    int64_t imageSize = 1024;
    int64_t backboneStride = 16;
    int64_t maskInChans = 16;
    int64_t numMultimaskOutputs = 3;
    int64_t decoderDepth = 2;
    int64_t decoderHeads = 8;
    int64_t decoderMlpDim = 2048;
    bool useHighResFeatures = true;
    bool directlyAddNoMemEmbed = true;
    bool iouPredictionUseSigmoid = true;
    bool predObjScores = true;
    bool predObjScoresMlp = true;
    bool useMultimaskTokenForObjPtr = true;
    // Dynamic multimask fallback (mask_decoder.py). The configs yaml leave it off;
    // build_sam2(apply_postprocessing=True) turns it on with these values. It is
    // chosen per call: PredictOptions::dynamicMultimaskViaStability.
    double dynamicMultimaskStabilityDelta = 0.05;
    double dynamicMultimaskStabilityThresh = 0.98;

    /// Spatial size of the image embedding (64 for 1024 / 16).
    int64_t embeddingSize() const { return imageSize / backboneStride; }
    /// Backbone channels in the neck's order (lowest resolution first), e.g. {768, 384, 192, 96}.
    std::vector<int64_t> backboneChannelList() const;
};

/// The eight official models, one per SAM2 / SAM2.1 entry of ModelCatalog and in
/// its order. Thread-safe (immutable).
const std::vector<Sam2Config> &sam2Catalog();

/// The catalog entry for `id`. Throws std::invalid_argument naming the known ids.
const Sam2Config &sam2Config(std::string_view id);

/// Checkpoint keys of Meta's files that belong to the video predictor only
/// (memory attention/encoder, object pointers, ...). They are recognised and
/// skipped when loading the image predictor.
const std::vector<std::string> &sam2VideoOnlyPrefixes();

} // namespace dinosam::sam2
