// Port of sam2/modeling/sam/prompt_encoder.py (Meta, Apache-2.0).
#include "models/sam2/promptencoder.h"

#include <torch/torch.h>

namespace dinosam::sam2 {

PromptEncoderImpl::PromptEncoderImpl(int64_t embedDim, int64_t embeddingSize, int64_t inputImageSize,
                                     int64_t maskInChans)
    : m_embedDim(embedDim), m_embeddingSize(embeddingSize), m_inputImageSize(inputImageSize)
{
    m_peLayer = register_module("pe_layer", PositionEmbeddingRandom(embedDim / 2));
    m_pointEmbeddingList = register_module("point_embeddings", torch::nn::ModuleList());
    for (int i = 0; i < 4; ++i) { // pos/neg point + 2 box corners
        torch::nn::Embedding e(1, embedDim);
        m_pointEmbeddingList->push_back(e);
        m_pointEmbeddings.push_back(e);
    }
    m_notAPointEmbed = register_module("not_a_point_embed", torch::nn::Embedding(1, embedDim));
    using namespace torch::nn;
    m_maskDownscaling = register_module(
        "mask_downscaling",
        Sequential(Conv2d(Conv2dOptions(1, maskInChans / 4, 2).stride(2)), LayerNorm2d(maskInChans / 4), GELU(),
                   Conv2d(Conv2dOptions(maskInChans / 4, maskInChans, 2).stride(2)), LayerNorm2d(maskInChans),
                   GELU(), Conv2d(Conv2dOptions(maskInChans, embedDim, 1))));
    m_noMaskEmbed = register_module("no_mask_embed", torch::nn::Embedding(1, embedDim));
}

at::Tensor PromptEncoderImpl::denseEncoding()
{
    return m_peLayer->forward(m_embeddingSize, m_embeddingSize).unsqueeze(0);
}

at::Tensor PromptEncoderImpl::embedPoints(const at::Tensor &pointsIn, const at::Tensor &labelsIn, bool pad)
{
    auto points = pointsIn + 0.5; // shift to the centre of the pixel
    auto labels = labelsIn.to(torch::kLong);
    if (pad) {
        points = torch::cat({points, torch::zeros({points.size(0), 1, 2}, points.options())}, 1);
        labels = torch::cat({labels, torch::full({labels.size(0), 1}, -1, labels.options())}, 1);
    }
    auto pe = m_peLayer->forwardWithCoords(points, m_inputImageSize, m_inputImageSize); // [B, N, C]
    // Padding points get only not_a_point_embed; others add their label's embedding.
    auto table = torch::cat({m_notAPointEmbed->weight, m_pointEmbeddings[0]->weight, m_pointEmbeddings[1]->weight,
                             m_pointEmbeddings[2]->weight, m_pointEmbeddings[3]->weight},
                            0); // [5, C], row = label + 1
    TORCH_CHECK(labels.numel() == 0 || (labels.min().item<int64_t>() >= -1 && labels.max().item<int64_t>() <= 3),
                "point labels must be -1, 0, 1, 2 or 3");
    auto added = table.index_select(0, (labels + 1).flatten()).view({labels.size(0), labels.size(1), m_embedDim});
    const auto isPad = (labels == -1).unsqueeze(-1);
    return torch::where(isPad, torch::zeros_like(pe), pe) + added;
}

PromptEmbeddings PromptEncoderImpl::forward(const at::Tensor &coords, const at::Tensor &labels,
                                            const at::Tensor &masks, bool pad)
{
    const int64_t bs = coords.defined() ? coords.size(0) : (masks.defined() ? masks.size(0) : 1);
    PromptEmbeddings out;
    if (coords.defined())
        out.sparse = embedPoints(coords, labels, pad);
    else
        out.sparse = torch::empty({bs, 0, m_embedDim}, m_noMaskEmbed->weight.options()); // weights' device
    if (masks.defined())
        out.dense = m_maskDownscaling->forward(masks);
    else // [1, C, h, w]: the same for every prompt, broadcast by the decoder
        out.dense = m_noMaskEmbed->weight.view({1, -1, 1, 1}).expand({1, -1, m_embeddingSize, m_embeddingSize});
    return out;
}

} // namespace dinosam::sam2
