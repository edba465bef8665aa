#pragma once
// Port of sam2/modeling/sam/mask_decoder.py: SAM2's mask decoder with
// high-resolution features, object-score head and dynamic multimask selection.
#include "models/sam2/sam2config.h"
#include "models/sam2/transformer.h"

#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/embedding.h>

#include <array>

namespace dinosam::sam2 {

struct MaskDecoderOutput
{
    at::Tensor masks;             ///< low-res mask logits [B, M, 256, 256] (M = 3 multimask, else 1)
    at::Tensor iouPred;           ///< [B, M]
    at::Tensor samTokens;         ///< [B, M or 1, C] (object-pointer tokens, unused by images)
    at::Tensor objectScoreLogits; ///< [B, 1]
};

class MaskDecoderImpl : public torch::nn::Module
{
public:
    explicit MaskDecoderImpl(const Sam2Config &config);

    /// imageEmbeddings [1 or B, C, 64, 64]; imagePe [1, C, 64, 64]; sparse [B, N, C];
    /// dense [B, C, 64, 64]; highResFeatures: conv_s0/conv_s1 outputs
    /// [1 or B, C/8, 256, 256] and [1 or B, C/4, 128, 128] (already projected; any
    /// strides: each call copies them once into the upscaler's blocked layout).
    /// dynamicMultimask: with a single mask, fall back to the best multimask output
    /// when token 0's mask is unstable (dynamic_multimask_via_stability).
    MaskDecoderOutput forward(const at::Tensor &imageEmbeddings, const at::Tensor &imagePe,
                              const at::Tensor &sparse, const at::Tensor &dense, bool multimaskOutput,
                              const std::array<at::Tensor, 2> &highResFeatures, bool dynamicMultimask = false);

    torch::nn::Conv2d convS0() const { return m_convS0; }
    torch::nn::Conv2d convS1() const { return m_convS1; }

private:
    struct Raw
    {
        at::Tensor masks; ///< [B, numMasks, 256, 256]: mask tokens firstMask.. only
        at::Tensor iouPred, maskTokensOut, objectScoreLogits; ///< all tokens
    };
    Raw predictMasks(const at::Tensor &imageEmbeddings, const at::Tensor &imagePe, const at::Tensor &sparse,
                     const at::Tensor &dense, const std::array<at::Tensor, 2> &highResFeatures,
                     int64_t firstMask, int64_t numMasks);
    std::pair<at::Tensor, at::Tensor> dynamicMultimaskViaStability(const at::Tensor &allMaskLogits,
                                                                   const at::Tensor &allIouScores) const;

    Sam2Config m_config;
    int64_t m_numMaskTokens;
    TwoWayTransformer m_transformer{nullptr};
    torch::nn::Embedding m_iouToken{nullptr}, m_maskTokens{nullptr}, m_objScoreToken{nullptr};
    torch::nn::Sequential m_outputUpscaling{nullptr};
    torch::nn::ConvTranspose2d m_dc1{nullptr}, m_dc2{nullptr};
    LayerNorm2d m_ln1{nullptr};
    torch::nn::Conv2d m_convS0{nullptr}, m_convS1{nullptr};
    torch::nn::ModuleList m_hyperList{nullptr};
    std::vector<Mlp> m_hyperMlps;
    Mlp m_iouPredictionHead{nullptr};
    Mlp m_predObjScoreMlp{nullptr};
    torch::nn::Linear m_predObjScoreLinear{nullptr};
};
TORCH_MODULE(MaskDecoder);

} // namespace dinosam::sam2
