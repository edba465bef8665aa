#include "models/dinov2/attention.h"

#include <torch/torch.h>

#include <cmath>

namespace dinosam::dinov2 {

AttentionImpl::AttentionImpl(int64_t dim, int64_t numHeads, bool qkvBias, bool projBias)
    : m_numHeads(numHeads)
    , m_scale(1.0 / std::sqrt(static_cast<double>(dim / numHeads)))
{
    qkv = register_module("qkv", Linear(dim, 3 * dim, qkvBias));
    proj = register_module("proj", Linear(dim, dim, projBias));
}

at::Tensor AttentionImpl::forward(const at::Tensor &x, AttentionCapture *capture)
{
    const int64_t batch = x.size(0), tokens = x.size(1), dim = x.size(2);
    const int64_t headDim = dim / m_numHeads;
    // One fused projection, then views: [B, N, 3C] -> [3, B, heads, N, head_dim]
    const auto qkvHeads = qkv->forward(x).view({batch, tokens, 3, m_numHeads, headDim}).permute({2, 0, 3, 1, 4});
    const auto q = qkvHeads[0] * m_scale; // [B, heads, N, hd]; scaled before the product, as upstream
    const auto k = qkvHeads[1];           // [B, heads, N, hd] (strided view)
    const auto v = qkvHeads[2];

    auto attn = at::matmul(q, k.transpose(-2, -1)); // [B, heads, N, N]
    // In place: the row-wise kernel reads each row before writing it, and a second
    // N x N buffer (25 MB per block at 448x448) costs more in page faults than the softmax.
    at::softmax_out(attn, attn, -1);
    if (capture) {
        capture->clsAttention = attn.select(2, 0).clone(); // [B, heads, N]
        if (capture->wantKeys)
            capture->keys = k.contiguous(); // [B, heads, N, hd]
    }
    auto out = at::matmul(attn, v);        // [B, heads, N, hd]
    attn.reset();                          // free the N x N scores before the projection
    out = out.transpose(1, 2).reshape({batch, tokens, dim}); // [B, N, C]
    return proj->forward(out);
}

} // namespace dinosam::dinov2
