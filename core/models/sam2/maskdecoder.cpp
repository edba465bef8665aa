// Port of sam2/modeling/sam/mask_decoder.py (Meta, Apache-2.0).
#include "models/sam2/maskdecoder.h"

#include <torch/torch.h>

namespace dinosam::sam2 {

namespace {

/// ConvTranspose2d(kernel 2, stride 2) on a channels-last map as one matrix product:
/// out[b, 2i+di, 2j+dj, o] = sum_c x[b, i, j, c] W[c, o, di, dj] + bias[o].
at::Tensor convTranspose2x2(const at::Tensor &x, const torch::nn::ConvTranspose2d &conv) // [B, H, W, C]
{
    const auto &weight = conv->weight; // [C, O, 2, 2]
    const int64_t b = x.size(0), h = x.size(1), w = x.size(2), o = weight.size(1);
    auto y = at::matmul(x, weight.reshape({weight.size(0), o * 4})); // [B, H, W, O*2*2]
    // [B, H, W, O, di, dj] -> [B, H, di, W, dj, O] -> [B, 2H, 2W, O]
    y = y.view({b, h, w, o, 2, 2}).permute({0, 1, 4, 2, 5, 3}).reshape({b, 2 * h, 2 * w, o});
    return y.add_(conv->bias);
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
                                                   const std::array<at::Tensor, 2> &highResFeatures)
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

    // Upscale mask embeddings (channels-last: the transformer's keys are [B, h*w, C]).
    auto x = keys.reshape({keys.size(0), h, w, keys.size(2)}); // [B, h, w, C]
    x = convTranspose2x2(x, m_dc1);                             // [B, 2h, 2w, C/4]
    if (m_config.useHighResFeatures)
        x.add_(highResFeatures[1].permute({0, 2, 3, 1}));
    x = at::layer_norm(x, {x.size(3)}, m_ln1->weight(), m_ln1->bias(), m_ln1->eps()); // LayerNorm2d
    at::gelu_(x);
    x = convTranspose2x2(x, m_dc2); // [B, 4h, 4w, C/8]
    if (m_config.useHighResFeatures)
        x.add_(highResFeatures[0].permute({0, 2, 3, 1}));
    at::gelu_(x);

    std::vector<at::Tensor> hyperIn;
    for (int64_t i = 0; i < m_numMaskTokens; ++i)
        hyperIn.push_back(m_hyperMlps[size_t(i)]->forward(maskTokensOut.select(1, i)));
    const auto hyper = torch::stack(hyperIn, 1); // [B, 4, C/8]
    const int64_t uh = x.size(1), uw = x.size(2);
    // [B, 4, C/8] @ [B, C/8, 4h*4w] -> [B, 4, 4h, 4w]
    auto masks = at::matmul(hyper, x.view({b, uh * uw, x.size(3)}).transpose(1, 2)).view({b, -1, uh, uw});

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
    auto raw = predictMasks(imageEmbeddings, imagePe, sparse, dense, highResFeatures);
    MaskDecoderOutput out;
    if (multimaskOutput) {
        out.masks = raw.masks.narrow(1, 1, m_numMaskTokens - 1);
        out.iouPred = raw.iouPred.narrow(1, 1, m_numMaskTokens - 1);
    } else if (dynamicMultimask && !is_training()) {
        std::tie(out.masks, out.iouPred) = dynamicMultimaskViaStability(raw.masks, raw.iouPred);
    } else {
        out.masks = raw.masks.narrow(1, 0, 1);
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
