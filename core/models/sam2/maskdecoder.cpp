// Port of sam2/modeling/sam/mask_decoder.py (Meta, Apache-2.0).
#include "models/sam2/maskdecoder.h"

#include <torch/torch.h>

namespace dinosam::sam2 {

namespace {

// The upscaling path keeps the 2x2 children of each ConvTranspose2d(2, stride 2)
// input pixel next to each other: the "blocked" layout [B, h, w, 2, 2, C] after
// the first, [B, h, w, 2, 2, 2, 2, C] after the second transposed convolution
// (pixel (4i + 2di + ei, 4j + 2dj + ej) sits at [i, j, di, dj, ei, ej]). Neither
// large map is then shuffled into image order; only the final masks are.

/// ConvTranspose2d(kernel 2, stride 2) as one matrix product, [..., C] -> [..., 2, 2, O]:
/// out[..., di, dj, o] = sum_c x[..., c] W[c, o, di, dj] + bias[o].
at::Tensor convTranspose2x2Blocked(const at::Tensor &x, const torch::nn::ConvTranspose2d &conv)
{
    const auto &weight = conv->weight; // [C, O, 2, 2]
    const int64_t c = weight.size(0), o = weight.size(1);
    auto sizes = x.sizes().vec();
    sizes.back() = 2;
    sizes.insert(sizes.end(), {2, o});
    auto y = at::matmul(x, weight.permute({0, 2, 3, 1}).reshape({c, 4 * o}));
    return y.view(sizes).add_(conv->bias);
}

/// [B, C, 2h, 2w] (any strides) -> blocked [B, h, w, 2, 2, C], contiguous.
at::Tensor blockedOnce(const at::Tensor &x)
{
    const int64_t b = x.size(0), c = x.size(1), h = x.size(2) / 2, w = x.size(3) / 2;
    return x.permute({0, 2, 3, 1}).reshape({b, h, 2, w, 2, c}).permute({0, 1, 3, 2, 4, 5}).contiguous();
}

/// [B, C, 4h, 4w] (any strides) -> blocked [B, h, w, 2, 2, 2, 2, C], contiguous.
at::Tensor blockedTwice(const at::Tensor &x)
{
    const int64_t b = x.size(0), c = x.size(1), h = x.size(2) / 4, w = x.size(3) / 4;
    return x.permute({0, 2, 3, 1})
        .reshape({b, h, 2, 2, w, 2, 2, c})
        .permute({0, 1, 4, 2, 5, 3, 6, 7})
        .contiguous();
}

} // namespace

MaskDecoderImpl::MaskDecoderImpl(const Sam2Config &config)
    : m_config(config), m_numMaskTokens(config.numMultimaskOutputs + 1)
{
    using namespace torch::nn;
    const int64_t dim = config.dModel;
    m_transformer = register_module(
        "transformer", TwoWayTransformer(config.decoderDepth, dim, config.decoderHeads, config.decoderMlpDim));
    m_iouToken = register_module("iou_token", Embedding(1, dim));
    m_maskTokens = register_module("mask_tokens", Embedding(m_numMaskTokens, dim));
    if (config.predObjScores)
        m_objScoreToken = register_module("obj_score_token", Embedding(1, dim));

    m_dc1 = ConvTranspose2d(ConvTranspose2dOptions(dim, dim / 4, 2).stride(2));
    m_ln1 = LayerNorm2d(dim / 4);
    m_dc2 = ConvTranspose2d(ConvTranspose2dOptions(dim / 4, dim / 8, 2).stride(2));
    m_outputUpscaling = register_module("output_upscaling", Sequential(m_dc1, m_ln1, GELU(), m_dc2, GELU()));
    if (config.useHighResFeatures) {
        m_convS0 = register_module("conv_s0", Conv2d(Conv2dOptions(dim, dim / 8, 1)));
        m_convS1 = register_module("conv_s1", Conv2d(Conv2dOptions(dim, dim / 4, 1)));
    }
    m_hyperList = register_module("output_hypernetworks_mlps", ModuleList());
    for (int64_t i = 0; i < m_numMaskTokens; ++i) {
        Mlp mlp(dim, dim, dim / 8, 3);
        m_hyperList->push_back(mlp);
        m_hyperMlps.push_back(mlp);
    }
    m_iouPredictionHead = register_module(
        "iou_prediction_head", Mlp(dim, 256, m_numMaskTokens, 3, Activation::ReLU, config.iouPredictionUseSigmoid));
    if (config.predObjScores) {
        if (config.predObjScoresMlp)
            m_predObjScoreMlp = register_module("pred_obj_score_head", Mlp(dim, dim, 1, 3));
        else
            m_predObjScoreLinear = register_module("pred_obj_score_head", Linear(dim, 1));
    }
}

MaskDecoderImpl::Raw MaskDecoderImpl::predictMasks(const at::Tensor &imageEmbeddings, const at::Tensor &imagePe,
                                                   const at::Tensor &sparse, const at::Tensor &dense,
                                                   const std::array<at::Tensor, 2> &highResFeatures,
                                                   int64_t firstMask, int64_t numMasks)
{
    const int64_t b = sparse.size(0);
    // Output tokens: [obj_score], iou, mask tokens -> [B, T, C]
    const int64_t s = m_config.predObjScores ? 1 : 0;
    std::vector<at::Tensor> tokenList;
    if (s)
        tokenList.push_back(m_objScoreToken->weight);
    tokenList.push_back(m_iouToken->weight);
    tokenList.push_back(m_maskTokens->weight);
    auto outputTokens = torch::cat(tokenList, 0).unsqueeze(0).expand({b, -1, -1});
    auto tokens = torch::cat({outputTokens, sparse}, 1);

    // Upstream repeats the image per prompt (repeat_interleave). Here src stays
    // [1, C, h, w] without mask inputs: the transformer's first layer broadcasts it,
    // so its image-side projections run once for all prompts.
    const auto src = imageEmbeddings + dense; // [1 or B, C, h, w]
    const int64_t h = src.size(2), w = src.size(3);

    auto [hs, keys] = m_transformer->forward(src, imagePe, tokens);
    const auto iouTokenOut = hs.select(1, s);                    // [B, C]
    const auto maskTokensOut = hs.narrow(1, s + 1, m_numMaskTokens); // [B, 4, C]

    // Upscale mask embeddings in the blocked layout (the transformer's keys are [B, h*w, C]).
    auto x = keys.reshape({keys.size(0), h, w, keys.size(2)}); // [B, h, w, C]
    x = convTranspose2x2Blocked(x, m_dc1);                      // [B, h, w, 2, 2, C/4]
    if (m_config.useHighResFeatures)
        x.add_(blockedOnce(highResFeatures[1]));
    x = at::layer_norm(x, {x.size(-1)}, m_ln1->weight(), m_ln1->bias(), m_ln1->eps()); // LayerNorm2d
    at::gelu_(x);
    x = convTranspose2x2Blocked(x, m_dc2); // [B, h, w, 2, 2, 2, 2, C/8]
    if (m_config.useHighResFeatures)
        x.add_(blockedTwice(highResFeatures[0]));
    at::gelu_(x);

    // Only the masks the caller returns: the final product and its shuffle into
    // image order are per mask token.
    std::vector<at::Tensor> hyperIn;
    for (int64_t i = firstMask; i < firstMask + numMasks; ++i)
        hyperIn.push_back(m_hyperMlps[size_t(i)]->forward(maskTokensOut.select(1, i)));
    const auto hyper = torch::stack(hyperIn, 1); // [B, M, C/8]
    // [B, M, C/8] @ [B, C/8, h*w*16] -> [B, M, h, w, di, dj, ei, ej] -> [B, M, 4h, 4w]
    const int64_t m = hyper.size(1);
    auto masks = at::matmul(hyper, x.view({b, -1, x.size(-1)}).transpose(1, 2))
                     .view({b, m, h, w, 2, 2, 2, 2})
                     .permute({0, 1, 2, 4, 6, 3, 5, 7})
                     .reshape({b, m, 4 * h, 4 * w});

    auto iouPred = m_iouPredictionHead->forward(iouTokenOut);
    at::Tensor objectScoreLogits;
    if (m_config.predObjScores) {
        const auto t = hs.select(1, 0);
        objectScoreLogits = m_predObjScoreMlp ? m_predObjScoreMlp->forward(t) : m_predObjScoreLinear->forward(t);
    } else {
        objectScoreLogits = 10.0 * torch::ones({iouPred.size(0), 1}, iouPred.options());
    }
    return {masks, iouPred, maskTokensOut, objectScoreLogits};
}

std::pair<at::Tensor, at::Tensor> MaskDecoderImpl::dynamicMultimaskViaStability(const at::Tensor &allMaskLogits,
                                                                                const at::Tensor &allIouScores) const
{
    // The best mask of the multimask tokens (1..3).
    const auto multimaskLogits = allMaskLogits.narrow(1, 1, allMaskLogits.size(1) - 1);
    const auto multimaskIou = allIouScores.narrow(1, 1, allIouScores.size(1) - 1);
    const auto best = multimaskIou.argmax(-1); // [B]
    const auto batchInds = torch::arange(multimaskIou.size(0), best.options());
    const auto bestLogits = multimaskLogits.index({batchInds, best}).unsqueeze(1);
    const auto bestIou = multimaskIou.index({batchInds, best}).unsqueeze(1);

    // The single-mask token 0 and its stability score.
    const auto singleLogits = allMaskLogits.narrow(1, 0, 1);
    const auto singleIou = allIouScores.narrow(1, 0, 1);
    const auto flat = singleLogits.flatten(-2);
    const double delta = m_config.dynamicMultimaskStabilityDelta;
    const auto areaI = (flat > delta).sum(-1).to(torch::kFloat32);
    const auto areaU = (flat > -delta).sum(-1).to(torch::kFloat32);
    const auto stability = torch::where(areaU > 0, areaI / areaU, torch::ones_like(areaI)); // [B, 1]
    const auto isStable = stability >= m_config.dynamicMultimaskStabilityThresh;

    auto logitsOut = torch::where(isStable.unsqueeze(-1).unsqueeze(-1).expand_as(singleLogits), singleLogits,
                                  bestLogits);
    auto iouOut = torch::where(isStable.expand_as(singleIou), singleIou, bestIou);
    return {logitsOut, iouOut};
}

MaskDecoderOutput MaskDecoderImpl::forward(const at::Tensor &imageEmbeddings, const at::Tensor &imagePe,
                                           const at::Tensor &sparse, const at::Tensor &dense, bool multimaskOutput,
                                           const std::array<at::Tensor, 2> &highResFeatures, bool dynamicMultimask)
{
    const bool dynamic = !multimaskOutput && dynamicMultimask && !is_training();
    // Mask tokens: 0 is the single-mask output, 1..3 the multimask outputs.
    const int64_t firstMask = multimaskOutput ? 1 : 0;
    const int64_t numMasks = multimaskOutput ? m_numMaskTokens - 1 : (dynamic ? m_numMaskTokens : 1);
    auto raw = predictMasks(imageEmbeddings, imagePe, sparse, dense, highResFeatures, firstMask, numMasks);
    MaskDecoderOutput out;
    if (multimaskOutput) {
        out.masks = raw.masks;
        out.iouPred = raw.iouPred.narrow(1, 1, m_numMaskTokens - 1);
    } else if (dynamic) {
        std::tie(out.masks, out.iouPred) = dynamicMultimaskViaStability(raw.masks, raw.iouPred);
    } else {
        out.masks = raw.masks;
        out.iouPred = raw.iouPred.narrow(1, 0, 1);
    }
    if (multimaskOutput && m_config.useMultimaskTokenForObjPtr)
        out.samTokens = raw.maskTokensOut.narrow(1, 1, m_numMaskTokens - 1);
    else
        out.samTokens = raw.maskTokensOut.narrow(1, 0, 1);
    out.objectScoreLogits = raw.objectScoreLogits;
    return out;
}

} // namespace dinosam::sam2
