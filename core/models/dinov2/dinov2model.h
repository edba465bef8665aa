#pragma once
// Public entry point to DINOv2: load Meta's checkpoint, run an input, get tokens and
// the last block's attention. Does not include <torch/torch.h> (pimpl).
#include "io/checkpointreader.h"
#include "models/dinov2/dinov2config.h"
#include "models/dinov2/dinov2preprocess.h"

#include <ATen/core/Tensor.h>

#include <filesystem>
#include <memory>
#include <string>

namespace torch::nn {
class Module;
}

namespace dinosam {

/// Result of one forward pass (float32, CPU). The token tensors are views into one
/// [B, T, C] buffer (T = 1 + R + h*w): keep them and the buffer stays alive.
struct DinoV2Output
{
    at::Tensor clsToken;       ///< [B, C]        final-norm CLS token (x_norm_clstoken)
    at::Tensor registerTokens; ///< [B, R, C]     final-norm register tokens (R = 0 without registers)
    at::Tensor patchTokens;    ///< [B, h*w, C]   final-norm patch tokens, row-major over the h x w grid
    at::Tensor lastAttnCls;    ///< [B, heads, T] last block: softmax of the CLS query over all tokens
    at::Tensor lastKeys;       ///< [B, heads, T, head_dim] last block's keys; undefined unless asked for
    int64_t gridH = 0;         ///< h = input height / 14
    int64_t gridW = 0;         ///< w = input width / 14
};

/// A DINOv2 backbone (any of the eight hub models) ready to run.
///
/// Ownership: owns its weights; movable, not copyable.
/// Threads: run() opens c10::InferenceMode itself and uses LibTorch's intra-op pool
/// (all cores unless the application called torch::set_num_threads). Call it from one
/// thread at a time (the pipeline's inference worker).
/// Errors: load() throws CheckpointError (unreadable file, or a state dict that does not
/// match the model: missing/unexpected keys and shape mismatches are named) and
/// std::invalid_argument (unknown model name); run() throws std::invalid_argument for
/// a malformed input.
class DinoV2Model
{
public:
    /// Reads Meta's checkpoint (e.g. dinov2_vits14_reg4_pretrain.pth; float16 storage is
    /// converted to float32) and loads it strictly into model `modelName` (dinoV2Catalog()).
    static DinoV2Model load(const std::filesystem::path &checkpointPath, const std::string &modelName);
    /// Loads an in-memory state dict strictly. `config` may be a catalog entry or a variant
    /// of one (e.g. a reduced depth in tests). `sourceName` is used in error messages.
    static DinoV2Model fromStateDict(const TensorMap &stateDict, const DinoV2Config &config,
                                     const std::string &sourceName = {});
    /// A model with uninitialised weights (for tests and tools that load weights themselves).
    explicit DinoV2Model(const DinoV2Config &config);

    DinoV2Model(DinoV2Model &&) noexcept;
    DinoV2Model &operator=(DinoV2Model &&) noexcept;
    ~DinoV2Model();

    const DinoV2Config &config() const;

    /// input: float32 [B, 3, H, W], ImageNet-normalised, H and W multiples of 14 (any
    /// size: the position embedding is interpolated as Meta does). withKeys: also return
    /// the last block's keys.
    DinoV2Output run(const at::Tensor &input, bool withKeys = false) const;

    /// Convenience: dinoV2Preprocess(rgbHwcUint8, size) then run().
    DinoV2Output runImage(const at::Tensor &rgbHwcUint8, const DinoV2InputSize &size, bool withKeys = false) const;

    /// The underlying torch::nn::Module (parameters under Meta's state-dict keys).
    torch::nn::Module &module();

private:
    struct Impl;
    explicit DinoV2Model(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace dinosam
