// Port of sam2/modeling/backbones/hieradet.py and backbones/utils.py (Meta, Apache-2.0).
#include "models/sam2/hieradet.h"

#include "models/sam2/attentionutil.h"

#include <torch/torch.h>

#include <algorithm>

namespace dinosam::sam2 {

namespace F = torch::nn::functional;

namespace {

/// MaxPool2d(kernel=stride=q, ceil_mode=False) on a channels-last tensor.
at::Tensor doPool(const at::Tensor &x, int64_t q) // [B, H, W, C] -> [B, H/q, W/q, C]
{
    // The permuted view is a channels_last NCHW tensor, which max_pool2d handles natively.
    return at::max_pool2d(x.permute({0, 3, 1, 2}), {q, q}, {q, q}).permute({0, 2, 3, 1});
}

/// Non-overlapping windows, zero-padded to a multiple of ws, as window_partition().
at::Tensor windowPartition(const at::Tensor &x, int64_t ws, int64_t &hp, int64_t &wp)
{
    const int64_t b = x.size(0), h = x.size(1), w = x.size(2), c = x.size(3);
    const int64_t padH = (ws - h % ws) % ws;
    const int64_t padW = (ws - w % ws) % ws;
    at::Tensor padded = x;
    if (padH > 0 || padW > 0)
        padded = at::constant_pad_nd(x, {0, 0, 0, padW, 0, padH}, 0.0);
    hp = h + padH;
    wp = w + padW;
    // [B, Hp/ws, ws, Wp/ws, ws, C] -> [B * nWin, ws, ws, C] (one copy)
    return padded.view({b, hp / ws, ws, wp / ws, ws, c}).permute({0, 1, 3, 2, 4, 5}).reshape({-1, ws, ws, c});
}

/// Inverse of windowPartition, cropping the padding, as window_unpartition().
at::Tensor windowUnpartition(const at::Tensor &windows, int64_t ws, int64_t hp, int64_t wp, int64_t h, int64_t w)
{
    const int64_t b = windows.size(0) / (hp * wp / ws / ws);
    auto x = windows.view({b, hp / ws, wp / ws, ws, ws, -1}).permute({0, 1, 3, 2, 4, 5}).reshape({b, hp, wp, -1});
    if (hp > h || wp > w)
        x = x.slice(1, 0, h).slice(2, 0, w);
    return x;
}

} // namespace

// ---------------------------------------------------------------- PatchEmbed

PatchEmbedImpl::PatchEmbedImpl(int64_t embedDim)
{
    m_proj = register_module("proj",
                             torch::nn::Conv2d(torch::nn::Conv2dOptions(3, embedDim, 7).stride(4).padding(3)));
}

at::Tensor PatchEmbedImpl::forward(const at::Tensor &x)
{
    return m_proj->forward(x).permute({0, 2, 3, 1}); // [B, C, H, W] -> [B, H, W, C]
}

// ---------------------------------------------------------------- MultiScaleAttention

MultiScaleAttentionImpl::MultiScaleAttentionImpl(int64_t dim, int64_t dimOut, int64_t numHeads, int64_t qStride)
    : m_dimOut(dimOut), m_numHeads(numHeads), m_qStride(qStride)
{
    m_scale = 1.0 / std::sqrt(double(dimOut / numHeads));
    m_qkv = register_module("qkv", torch::nn::Linear(dim, dimOut * 3));
    m_proj = register_module("proj", torch::nn::Linear(dimOut, dimOut));
}

at::Tensor MultiScaleAttentionImpl::forward(const at::Tensor &x)
{
    const int64_t b = x.size(0);
    int64_t h = x.size(1), w = x.size(2);
    const int64_t headDim = m_dimOut / m_numHeads;
    // [B', h*w, 3, nHeads, hd] -> 3 x [B', nHeads, h*w, hd] (strided views, no copy)
    auto qkv = m_qkv->forward(x).view({b, h * w, 3, m_numHeads, headDim}).permute({2, 0, 3, 1, 4});
    auto q = qkv[0];
    const auto k = qkv[1];
    const auto v = qkv[2];
    if (m_qStride > 0) {
        // Q pooling (downsampling at stage changes): [B', h, w, dimOut] -> [B', h/2, w/2, dimOut]
        auto qhw = q.permute({0, 2, 1, 3}).reshape({b, h, w, m_dimOut});
        qhw = doPool(qhw, m_qStride);
        h = qhw.size(1);
        w = qhw.size(2);
        q = qhw.reshape({b, h * w, m_numHeads, headDim}).permute({0, 2, 1, 3});
    }
    auto out = attention(q, k, v, m_scale);                                  // [B', nHeads, h*w, hd]
    out = out.permute({0, 2, 1, 3}).reshape({b, h, w, m_dimOut});           // [B', h, w, dimOut]
    return m_proj->forward(out);
}

// ---------------------------------------------------------------- MultiScaleBlock

MultiScaleBlockImpl::MultiScaleBlockImpl(int64_t dim, int64_t dimOut, int64_t numHeads, double mlpRatio,
                                         int64_t qStride, int64_t windowSize)
    : m_dim(dim), m_dimOut(dimOut), m_numHeads(numHeads), m_qStride(qStride), m_windowSize(windowSize)
{
    // Hiera's norm_layer is LayerNorm with eps 1e-6 (PyTorch's default is 1e-5).
    m_norm1 = register_module("norm1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim}).eps(1e-6)));
    m_attn = register_module("attn", MultiScaleAttention(dim, dimOut, numHeads, qStride));
    m_norm2 = register_module("norm2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dimOut}).eps(1e-6)));
    m_mlp = register_module("mlp", Mlp(dimOut, int64_t(double(dimOut) * mlpRatio), dimOut, 2, Activation::GELU));
    if (dim != dimOut)
        m_proj = register_module("proj", torch::nn::Linear(dim, dimOut));
}

at::Tensor MultiScaleBlockImpl::forward(const at::Tensor &x)
{
    int64_t h = x.size(1), w = x.size(2);
    const auto normed = m_norm1->forward(x); // [B, H, W, dim]

    at::Tensor shortcut = x;
    if (m_dim != m_dimOut) {
        shortcut = m_proj->forward(normed);
        if (m_qStride > 0)
            shortcut = doPool(shortcut, m_qStride);
    }

    // Window partition (padding with zeros after the norm, as upstream).
    int64_t ws = m_windowSize;
    int64_t hp = h, wp = w;
    at::Tensor t = ws > 0 ? windowPartition(normed, ws, hp, wp) : normed;

    t = m_attn->forward(t); // [B', ws', ws', dimOut]
    if (m_qStride > 0) {
        // Shapes changed with the query pooling.
        ws = m_windowSize / m_qStride;
        h = shortcut.size(1);
        w = shortcut.size(2);
        if (ws > 0) {
            hp = h + (ws - h % ws) % ws;
            wp = w + (ws - w % ws) % ws;
        }
    }
    if (m_windowSize > 0)
        t = windowUnpartition(t, ws, hp, wp, h, w);

    auto out = shortcut + t; // fresh, contiguous: x is left untouched
    out.add_(m_mlp->forward(m_norm2->forward(out)));
    return out;
}

// ---------------------------------------------------------------- Hiera

HieraImpl::HieraImpl(const HieraConfig &config) : m_config(config)
{
    TORCH_CHECK(config.stages.size() == config.windowSpec.size(), "Hiera: stages and window_spec differ in length");
    int64_t depth = 0;
    for (size_t i = 0; i < config.stages.size(); ++i) {
        depth += config.stages[i];
        m_stageEnds.push_back(depth - 1);
    }
    std::vector<int64_t> qPoolBlocks;
    for (size_t i = 0; i + 1 < m_stageEnds.size() && int64_t(i) < config.qPool; ++i)
        qPoolBlocks.push_back(m_stageEnds[i] + 1);

    int64_t embedDim = config.embedDim;
    int64_t numHeads = config.numHeads;
    m_patchEmbed = register_module("patch_embed", PatchEmbed(embedDim));
    const auto &bkg = config.windowPosEmbedBkgSpatialSize;
    m_posEmbed = register_parameter("pos_embed", torch::zeros({1, embedDim, bkg[0], bkg[1]}));
    m_posEmbedWindow = register_parameter(
        "pos_embed_window", torch::zeros({1, embedDim, config.windowSpec[0], config.windowSpec[0]}));

    m_blockList = register_module("blocks", torch::nn::ModuleList());
    auto contains = [](const std::vector<int64_t> &v, int64_t x) { return std::find(v.begin(), v.end(), x) != v.end(); };
    size_t curStage = 1;
    for (int64_t i = 0; i < depth; ++i) {
        int64_t dimOut = embedDim;
        // The window size lags by a block: the first block of a stage uses the
        // previous stage's window size.
        int64_t windowSize = config.windowSpec[curStage - 1];
        if (contains(config.globalAttBlocks, i))
            windowSize = 0;
        if (contains(m_stageEnds, i - 1)) {
            dimOut = int64_t(double(embedDim) * config.dimMul);
            numHeads = int64_t(double(numHeads) * config.headMul);
            ++curStage;
        }
        MultiScaleBlock block(embedDim, dimOut, numHeads, config.mlpRatio,
                              contains(qPoolBlocks, i) ? config.qStride : 0, windowSize);
        embedDim = dimOut;
        m_blockList->push_back(block);
        m_blocks.push_back(block);
    }
}

void HieraImpl::clearCache()
{
    std::lock_guard lock(m_cacheMutex);
    m_posCache = at::Tensor();
}

at::Tensor HieraImpl::positionEmbedding(int64_t h, int64_t w)
{
    std::lock_guard lock(m_cacheMutex);
    if (m_posCache.defined() && m_posCache.size(1) == h && m_posCache.size(2) == w)
        return m_posCache;
    // _get_pos_embed(): bicubic background + tiled window embedding.
    auto pos = F::interpolate(m_posEmbed, F::InterpolateFuncOptions()
                                              .size(std::vector<int64_t>{h, w})
                                              .mode(torch::kBicubic)
                                              .align_corners(false));
    std::vector<int64_t> reps;
    for (int64_t d = 0; d < 4; ++d)
        reps.push_back(pos.size(d) / m_posEmbedWindow.size(d));
    pos = pos + m_posEmbedWindow.tile(reps);
    m_posCache = pos.permute({0, 2, 3, 1}).contiguous(); // [1, h, w, C]
    return m_posCache;
}

std::vector<at::Tensor> HieraImpl::forward(const at::Tensor &input)
{
    auto x = m_patchEmbed->forward(input); // [B, H, W, C] (permuted view)
    x = positionEmbedding(x.size(1), x.size(2)).add(x).contiguous();

    std::vector<at::Tensor> outputs;
    for (size_t i = 0; i < m_blocks.size(); ++i) {
        x = m_blocks[i]->forward(x);
        if (std::find(m_stageEnds.begin(), m_stageEnds.end(), int64_t(i)) != m_stageEnds.end())
            outputs.push_back(x);
    }
    return outputs;
}

} // namespace dinosam::sam2
