#pragma once
// Pipeline::findSimilar's stage logic, kept out of pipeline.cpp: the pipeline hands
// over its cached stages (image, DINOv2, SAM2 encoder, batched decode) as callbacks,
// this file does examples -> prototypes -> similarity -> prompts -> decode -> filter.
// Internal header (uses pipelinebackend.h's ATen types).
#include "pipeline/pipelinebackend.h"
#include "pipeline/similarity.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace dinosam {

class StageCache;

/// The pipeline's cached stages. Each callback caches its result (keys as Pipeline::run
/// uses them, so run() and findSimilar() share encoder outputs) and adds the time it
/// spent in encoders/decoders to `ms`.
struct SimilarityStages
{
    /// Caches the image; returns its content key and sets its size.
    std::function<std::string(const ImageInput &input, cv::Size &size)> image;
    std::function<std::shared_ptr<const DinoFeatures>(const std::string &key, const std::string &model,
                                                      int inputSize, double &ms)>
        dino;
    std::function<std::shared_ptr<const Sam2Features>(const std::string &key, const std::string &model, double &ms)>
        sam;
    std::function<std::vector<std::shared_ptr<const Sam2Mask>>(const std::string &key, const std::string &model,
                                                               const Sam2Features &features,
                                                               const std::vector<Prompt> &prompts, double &ms)>
        decode;
    StageCache *cache = nullptr; ///< for the normalised token grids ("simtok|..." entries)
};

/// Runs find similar (see Pipeline::findSimilar). Throws PipelineError, Cancelled.
SimilarityResult findSimilarObjects(const SimilarityStages &stages, const ImageInput &target,
                                    const SimilarityQuery &query, const SimilarityParams &params,
                                    const std::vector<cv::Mat> &existing, const RunControl &control);

/// The DINOv2 input size the multi-scale policy picks for an example of `patches` patches
/// at `baseSize` (see SimilarityParams::multiScale): baseSize when it covers at least
/// minExamplePatches, else ceil(baseSize * sqrt(minExamplePatches / patches) / 14) * 14,
/// capped at maxInputSize (never below baseSize).
int similarityInputSize(double patches, const SimilarityParams &params);

} // namespace dinosam
