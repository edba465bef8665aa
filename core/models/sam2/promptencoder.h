#pragma once
// Port of sam2/modeling/sam/prompt_encoder.py.
#include "models/sam2/positionencoding.h"
#include "models/sam2/sam2utils.h"

#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/embedding.h>

namespace dinosam::sam2 {

struct PromptEmbeddings
{
    at::Tensor sparse; ///< [B, N, C]
    at::Tensor dense;  ///< [B, C, h, w] from mask inputs, else no_mask_embed as [1, C, h, w]
};

class PromptEncoderImpl : public torch::nn::Module
{
public:
    PromptEncoderImpl(int64_t embedDim, int64_t embeddingSize, int64_t inputImageSize, int64_t maskInChans);

    /// points: coordinates [B, N, 2] (x, y) in model-input pixels (0..1024) and
    /// labels [B, N] (1 positive, 0 negative, 2/3 box corners, -1 padding), or
    /// undefined. Boxes are given to SAM2 as corner points (labels 2, 3), as
    /// SAM2ImagePredictor does, so there is no box argument. masks: low-res
    /// logits [B, 1, 256, 256] or undefined.
    PromptEmbeddings forward(const at::Tensor &coords, const at::Tensor &labels, const at::Tensor &masks,
                             bool pad = true);

    /// Dense positional encoding of the image embedding grid: [1, C, h, w].
    at::Tensor denseEncoding();

private:
    at::Tensor embedPoints(const at::Tensor &points, const at::Tensor &labels, bool pad);

    int64_t m_embedDim;
    int64_t m_embeddingSize;
    int64_t m_inputImageSize;
    PositionEmbeddingRandom m_peLayer{nullptr};
    torch::nn::ModuleList m_pointEmbeddingList{nullptr};
    std::vector<torch::nn::Embedding> m_pointEmbeddings;
    torch::nn::Embedding m_notAPointEmbed{nullptr};
    torch::nn::Sequential m_maskDownscaling{nullptr};
    torch::nn::Embedding m_noMaskEmbed{nullptr};
};
TORCH_MODULE(PromptEncoder);

} // namespace dinosam::sam2
