// Port of sam2/modeling/sam/transformer.py RoPEAttention and the rotary helpers of
// sam2/modeling/position_encoding.py (Meta, Apache-2.0).
#include "models/sam2/ropeattention.h"

#include "models/sam2/attentionutil.h"

#include <torch/torch.h>

#include <cmath>

namespace dinosam::sam2 {

at::Tensor computeAxialCis(int64_t dim, int64_t endX, int64_t endY, double theta)
{
    using torch::indexing::Slice;
    // 1.0 / (theta ** (arange(0, dim, 4)[: dim // 4].float() / dim))
    const auto exponents = torch::arange(0, dim, 4, torch::kLong).index({Slice(0, dim / 4)}).to(torch::kFloat32) /
                           float(dim);
    const auto freqs = 1.0 / torch::pow(theta, exponents).to(torch::kFloat32);
    // init_t_xy
    const auto t = torch::arange(endX * endY, torch::kFloat32);
    const auto tX = torch::remainder(t, float(endX));
    const auto tY = torch::div(t, float(endX), "floor");
    const auto freqsX = torch::outer(tX, freqs);
    const auto freqsY = torch::outer(tY, freqs);
    const auto cisX = torch::polar(torch::ones_like(freqsX), freqsX);
    const auto cisY = torch::polar(torch::ones_like(freqsY), freqsY);
    return torch::cat({cisX, cisY}, -1); // [N, dim / 2] complex64
}

std::pair<at::Tensor, at::Tensor> applyRotaryEnc(const at::Tensor &q, const at::Tensor &k, const at::Tensor &freqsCis,
                                                 bool repeatFreqsK)
{
    auto asComplex = [](const at::Tensor &x) {
        auto shape = x.sizes().vec();
        shape.back() /= 2;
        shape.push_back(2);
        return torch::view_as_complex(x.to(torch::kFloat32).reshape(shape).contiguous());
    };
    const auto qc = asComplex(q); // [B, h, Nq, D/2]
    // reshape_for_broadcast: [Nq, D/2] -> [1, 1, Nq, D/2]
    auto freqs = freqsCis.view({1, 1, freqsCis.size(0), freqsCis.size(1)});
    const auto qOut = torch::view_as_real(qc * freqs).flatten(3);
    if (k.size(-2) == 0)
        return {qOut, k};
    const auto kc = asComplex(k);
    if (repeatFreqsK) {
        const int64_t r = kc.size(-2) / qc.size(-2);
        TORCH_CHECK(r * qc.size(-2) == kc.size(-2), "RoPE: key count is not a multiple of the query count");
        freqs = freqs.unsqueeze(2).expand({-1, -1, r, -1, -1}).flatten(2, 3);
    }
    const auto kOut = torch::view_as_real(kc * freqs).flatten(3);
    return {qOut, kOut};
}

RoPEAttentionImpl::RoPEAttentionImpl(int64_t embeddingDim, int64_t numHeads, int64_t downsampleRate, int64_t kvInDim,
                                     double ropeTheta, bool ropeKRepeat)
    : m_internalDim(embeddingDim / downsampleRate), m_numHeads(numHeads), m_ropeTheta(ropeTheta),
      m_ropeKRepeat(ropeKRepeat)
{
    TORCH_CHECK(m_internalDim % numHeads == 0, "num_heads must divide embedding_dim.");
    m_qProj = register_module("q_proj", torch::nn::Linear(embeddingDim, m_internalDim));
    m_kProj = register_module("k_proj", torch::nn::Linear(kvInDim, m_internalDim));
    m_vProj = register_module("v_proj", torch::nn::Linear(kvInDim, m_internalDim));
    m_outProj = register_module("out_proj", torch::nn::Linear(m_internalDim, embeddingDim));
}

const at::Tensor &RoPEAttentionImpl::freqsFor(int64_t numQueries, const c10::Device &device)
{
    if (!m_freqsCis.defined() || m_freqsCis.size(0) != numQueries || m_freqsCis.device() != device) {
        const auto side = int64_t(std::llround(std::sqrt(double(numQueries))));
        TORCH_CHECK(side * side == numQueries, "RoPE attention needs a square grid of queries");
        m_freqsCis = computeAxialCis(m_internalDim / m_numHeads, side, side, m_ropeTheta).to(device);
    }
    return m_freqsCis;
}

at::Tensor RoPEAttentionImpl::forward(const at::Tensor &qIn, const at::Tensor &kIn, const at::Tensor &vIn,
                                      int64_t numKExcludeRope)
{
    const int64_t headDim = m_internalDim / m_numHeads;
    auto separate = [&](const at::Tensor &x) { // [B, N, C] -> [B, heads, N, C/heads]
        return x.reshape({x.size(0), x.size(1), m_numHeads, headDim}).transpose(1, 2);
    };
    auto q = separate(m_qProj->forward(qIn));
    auto k = separate(m_kProj->forward(kIn));
    const auto v = separate(m_vProj->forward(vIn));

    const auto &freqs = freqsFor(q.size(-2), q.device());
    if (q.size(-2) != k.size(-2))
        TORCH_CHECK(m_ropeKRepeat, "RoPE attention: query and key counts differ without rope_k_repeat");
    const int64_t numKRope = k.size(-2) - numKExcludeRope;
    TORCH_CHECK(numKRope >= 0, "RoPE attention: more excluded keys than keys");
    auto [qr, kr] = applyRotaryEnc(q, k.narrow(-2, 0, numKRope), freqs, m_ropeKRepeat);
    q = qr;
    if (numKExcludeRope > 0)
        k = torch::cat({kr, k.narrow(-2, numKRope, numKExcludeRope)}, -2);
    else
        k = kr;

    auto out = attention(q, k, v, 1.0 / std::sqrt(double(headDim))); // [B, heads, Nq, hd]
    out = out.transpose(1, 2).reshape({out.size(0), out.size(2), m_internalDim});
    return m_outProj->forward(out);
}

} // namespace dinosam::sam2
