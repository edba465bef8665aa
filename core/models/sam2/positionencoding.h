#pragma once
// Port of sam2/modeling/position_encoding.py: the sine encoding of the FPN neck
// and the random-Fourier encoding of the prompt encoder.
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include <cmath>

namespace dinosam::sam2 {

/// PositionEmbeddingSine(num_pos_feats, temperature, normalize=True, scale=2*pi)
/// for a [batch, numPosFeats, h, w] feature map. It has no weights.
at::Tensor positionEmbeddingSine(int64_t batch, int64_t h, int64_t w, int64_t numPosFeats = 256,
                                 double temperature = 10000.0, double scale = 2.0 * M_PI);

/// PositionEmbeddingRandom: buffer "positional_encoding_gaussian_matrix" [2, F].
class PositionEmbeddingRandomImpl : public torch::nn::Module
{
public:
    explicit PositionEmbeddingRandomImpl(int64_t numPosFeats = 64);
    /// Dense encoding of an h x w grid: [2F, h, w].
    at::Tensor forward(int64_t h, int64_t w);
    /// Points in input-image pixels [B, N, 2] (x, y) of an image of imageH x imageW -> [B, N, 2F].
    at::Tensor forwardWithCoords(const at::Tensor &coords, int64_t imageH, int64_t imageW);

private:
    at::Tensor peEncoding(const at::Tensor &coords); // [..., 2] in [0, 1] -> [..., 2F]
    at::Tensor m_gaussian;
};
TORCH_MODULE(PositionEmbeddingRandom);

} // namespace dinosam::sam2
