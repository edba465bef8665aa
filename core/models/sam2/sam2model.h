#pragma once
// SAM2 / SAM2.1 image predictor: the public entry of core/models/sam2, split
// like Meta's SAM2ImagePredictor into an expensive encode() (once per image)
// and a cheap predict() (every prompt change, all prompts in one batch).
//
// Coordinate spaces
//  - Prompts (boxes, points) are in ORIGINAL image pixels, x right, y down,
//    as SAM2ImagePredictor.predict(normalize_coords=True) takes them; a box is
//    (x0, y0, x1, y1). They are mapped to the 1024x1024 model input by
//    x * 1024 / width, y * 1024 / height (the image is resized without keeping
//    its aspect ratio).
//  - Prediction::masks are at the original image size; lowResLogits are on the
//    256x256 grid that covers the whole (stretched) model input.
//
// Threads
//  - Loading and creation may run on any thread. encode() and predict() only
//    read the weights (an internal cache is mutex-guarded), so they may be
//    called from several threads, but the application runs them on its one
//    inference worker. Both open c10::InferenceMode themselves: returned
//    tensors are inference tensors (read them anywhere; do not modify them in
//    place outside InferenceMode).
//  - ImageFeatures are immutable once returned; share them freely across
//    threads (e.g. in an LRU cache) and use them with the model that made them.
#include "io/checkpointreader.h"
#include "models/sam2/sam2config.h"

#include <ATen/core/Tensor.h>

#include <array>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dinosam::sam2 {

/// The encoder's result for one image (what SAM2ImagePredictor.set_image keeps).
struct ImageFeatures
{
    at::Tensor imageEmbed;                  ///< [1, 256, 64, 64] float32, no_mem_embed added
    std::array<at::Tensor, 2> highResFeats; ///< [1, 32, 256, 256] and [1, 64, 128, 128] float32
    int64_t originalHeight = 0;             ///< of the image given to encode()
    int64_t originalWidth = 0;
    std::string modelId;                    ///< the model that computed them

    bool isValid() const { return imageEmbed.defined(); }
    /// Bytes held by the tensors (for a byte-budgeted cache).
    size_t byteSize() const;
};

/// A point prompt in original image pixels. label: 1 foreground, 0 background.
struct PointPrompt
{
    float x = 0;
    float y = 0;
    int label = 1;
};

/// One object's prompt: an optional box, any number of points, an optional
/// low-res mask (logits [256, 256] or [1, 256, 256], e.g. a previous lowResLogits).
struct Prompt
{
    std::optional<std::array<float, 4>> box; ///< x0, y0, x1, y1 in original image pixels
    std::vector<PointPrompt> points;
    at::Tensor maskInput;

    static Prompt fromBox(float x0, float y0, float x1, float y1);
    static Prompt fromPoint(float x, float y, int label = 1);
};

/// N prompts decoded together. Prompts of the same shape (box or not, number of
/// points, mask or not) run as one batch; results keep the order given here.
struct PromptBatch
{
    std::vector<Prompt> prompts;

    size_t size() const { return prompts.size(); }
    static PromptBatch fromBoxes(const std::vector<std::array<float, 4>> &boxes);
};

struct PredictOptions
{
    bool multimask = false;    ///< 3 masks per prompt instead of 1
    /// With a single mask, fall back to the best of the 3 multimask outputs when the
    /// single mask is unstable, as build_sam2(apply_postprocessing=True) configures
    /// Meta's predictor. Off by default, as in the configs yaml (and the parity fixtures).
    bool dynamicMultimaskViaStability = false;
    bool computeMasks = true;  ///< upsample to the original size and threshold
    float maskThreshold = 0.0f;
    int64_t maxBatch = 16;     ///< prompts per decoder pass (bounds memory)
};

/// Result for N prompts and M masks per prompt (M = 3 multimask, else 1).
struct Prediction
{
    at::Tensor masks;             ///< [N, M, H, W] bool at the original size (undefined if not computed)
    at::Tensor iouPredictions;    ///< [N, M] float32
    at::Tensor lowResLogits;      ///< [N, M, 256, 256] float32, clamped to [-32, 32]
    at::Tensor objectScoreLogits; ///< [N, 1] float32 (SAM2's object-presence logit)
};

class Sam2Model
{
public:
    /// Loads Meta's checkpoint (sam2_hiera_*.pt / sam2.1_hiera_*.pt: {"model": state dict})
    /// for the catalog entry `modelId`, strictly: missing, unexpected or mis-shaped keys
    /// throw CheckpointError naming them. The video-only keys (sam2VideoOnlyPrefixes())
    /// are recognised and skipped. Throws std::invalid_argument for an unknown id.
    static Sam2Model load(const std::filesystem::path &checkpoint, std::string_view modelId);
    /// The same from tensors already in memory (keys without the "model." prefix).
    static Sam2Model fromStateDict(const TensorMap &stateDict, std::string_view modelId,
                                   const std::string &sourceName = "state dict");
    /// Randomly initialised weights (benchmarks, tests): no checkpoint needed.
    static Sam2Model createUntrained(std::string_view modelId);

    Sam2Model(Sam2Model &&) noexcept;
    Sam2Model &operator=(Sam2Model &&) noexcept;
    ~Sam2Model();

    const Sam2Config &config() const;

    /// Moves the weights to `device` (e.g. CUDA; they load on the CPU). encode() and
    /// encodeInput() then copy their input there and return features on that device.
    /// Call before encoding, on the thread that owns the model; features made on another
    /// device must not be given to predict() afterwards.
    void to(const c10::Device &device);
    /// Where the weights are (CPU unless to() moved them).
    c10::Device device() const;

    /// RGB uint8 [H, W, 3] -> normalised model input [1, 3, 1024, 1024] (antialiased bilinear).
    static at::Tensor preprocess(const at::Tensor &rgbHwcUint8, int64_t imageSize = 1024);

    /// Runs the image encoder (seconds on a CPU). Throws std::invalid_argument for a
    /// tensor that is not RGB uint8 [H, W, 3]. The input may be on any device.
    ImageFeatures encode(const at::Tensor &rgbHwcUint8) const;
    /// The same from an already normalised input [1, 3, 1024, 1024] of an image of the given size.
    ImageFeatures encodeInput(const at::Tensor &input, int64_t originalHeight, int64_t originalWidth) const;

    /// Decodes all prompts (milliseconds per prompt). Throws std::invalid_argument for
    /// features of another model or malformed prompts.
    Prediction predict(const ImageFeatures &features, const PromptBatch &prompts, bool multimask = false) const;
    Prediction predict(const ImageFeatures &features, const PromptBatch &prompts, const PredictOptions &options) const;

private:
    struct Impl;
    explicit Sam2Model(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace dinosam::sam2
