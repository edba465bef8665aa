#pragma once
// Port of RoPEAttention (sam2/modeling/sam/transformer.py) and of the axial
// rotary encoding helpers of sam2/modeling/position_encoding.py (compute_axial_cis,
// apply_rotary_enc). Video predictor only: the memory attention's self- and
// cross-attention. Attention is an explicit softmax(q k^T / sqrt(d)) v.
#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

namespace dinosam::sam2 {

/// compute_axial_cis(dim, end_x, end_y, theta): complex [end_x * end_y, dim / 2]
/// (x frequencies then y frequencies), float32 as upstream.
at::Tensor computeAxialCis(int64_t dim, int64_t endX, int64_t endY, double theta = 10000.0);

/// apply_rotary_enc for q [B, h, Nq, D] and k [B, h, Nk, D]; with repeatFreqsK the
/// frequencies are tiled Nk / Nq times along the keys. Returns (q, k) rotated.
std::pair<at::Tensor, at::Tensor> applyRotaryEnc(const at::Tensor &q, const at::Tensor &k,
                                                 const at::Tensor &freqsCis, bool repeatFreqsK);

/// RoPEAttention(embedding_dim, num_heads, downsample_rate, kv_in_dim, rope_theta, rope_k_repeat):
/// modules "q_proj", "k_proj", "v_proj", "out_proj".
class RoPEAttentionImpl : public torch::nn::Module
{
public:
    RoPEAttentionImpl(int64_t embeddingDim, int64_t numHeads, int64_t downsampleRate, int64_t kvInDim,
                      double ropeTheta, bool ropeKRepeat);
    /// q [B, Nq, C] (Nq a square number of grid tokens), k and v [B, Nk, kvInDim]; the last
    /// numKExcludeRope keys (object pointers) get no rotary encoding.
    at::Tensor forward(const at::Tensor &q, const at::Tensor &k, const at::Tensor &v, int64_t numKExcludeRope = 0);

private:
    const at::Tensor &freqsFor(int64_t numQueries, const c10::Device &device);

    int64_t m_internalDim;
    int64_t m_numHeads;
    double m_ropeTheta;
    bool m_ropeKRepeat;
    at::Tensor m_freqsCis; // cached for the last grid size / device (not a buffer)
    torch::nn::Linear m_qProj{nullptr}, m_kProj{nullptr}, m_vProj{nullptr}, m_outProj{nullptr};
};
TORCH_MODULE(RoPEAttention);

} // namespace dinosam::sam2
