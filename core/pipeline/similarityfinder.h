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
struct SpeculationReport;

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
    /// Whether the decode of `prompt` is cached (speculation only decodes what is not).
    std::function<bool(const std::string &key, const std::string &model, const Prompt &prompt)> isDecoded;
    StageCache *cache = nullptr; ///< for the normalised token grids ("simtok|..." entries)
};

/// Runs find similar (see Pipeline::findSimilar). Throws PipelineError, Cancelled.
SimilarityResult findSimilarObjects(const SimilarityStages &stages, const ImageInput &target,
                                    const SimilarityQuery &query, const SimilarityParams &params,
                                    const std::vector<cv::Mat> &existing, const RunControl &control);

/// Decodes ahead what later similarity-threshold moves of this query will need (see
/// Pipeline::speculateSimilar): thresholds 0..1 in `step`s, nearest the current first,
/// their distinct prompts, the uncached ones decoded in batches of two. Give it stages that
/// throw PipelineError(NotCached) instead of running an encoder. Cancelled: complete = false.
SpeculationReport speculateSimilarObjects(const SimilarityStages &stages, const ImageInput &target,
                                          const SimilarityQuery &query, const SimilarityParams &params,
                                          const std::vector<cv::Mat> &existing, const RunControl &control,
                                          double step);

/// The DINOv2 input size the multi-scale policy picks for an example of `patches` patches
/// at `baseSize` (see SimilarityParams::multiScale): baseSize when it covers at least
/// minExamplePatches, else ceil(baseSize * sqrt(minExamplePatches / patches) / 14) * 14,
/// capped at maxInputSize (never below baseSize).
int similarityInputSize(double patches, const SimilarityParams &params);

} // namespace dinosam
