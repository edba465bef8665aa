// Port of sam2/modeling/position_encoding.py (Meta, Apache-2.0).
#include "models/sam2/positionencoding.h"

#include <torch/torch.h>

namespace dinosam::sam2 {

at::Tensor positionEmbeddingSine(int64_t batch, int64_t h, int64_t w, int64_t numPosFeats, double temperature,
                                 double scale)
{
    const int64_t half = numPosFeats / 2;
    constexpr double eps = 1e-6;
    auto yEmbed = torch::arange(1, h + 1, torch::kFloat32).view({h, 1}).expand({h, w});
    auto xEmbed = torch::arange(1, w + 1, torch::kFloat32).view({1, w}).expand({h, w});
    yEmbed = yEmbed / (float(h) + eps) * scale;
    xEmbed = xEmbed / (float(w) + eps) * scale;

    auto dimT = torch::arange(half, torch::kFloat32);
    dimT = torch::pow(temperature, 2 * torch::div(dimT, 2, "floor") / half);

    auto encode = [&](const at::Tensor &e) { // [h, w] -> [h, w, half]
        auto p = e.unsqueeze(-1) / dimT;
        using torch::indexing::Slice;
        auto s = p.index({"...", Slice(0, torch::indexing::None, 2)}).sin();
        auto c = p.index({"...", Slice(1, torch::indexing::None, 2)}).cos();
        return torch::stack({s, c}, 3).flatten(2);
    };
    auto pos = torch::cat({encode(yEmbed), encode(xEmbed)}, 2).permute({2, 0, 1}); // [F, h, w]
    return pos.unsqueeze(0).expand({batch, -1, -1, -1}).contiguous();
}

PositionEmbeddingRandomImpl::PositionEmbeddingRandomImpl(int64_t numPosFeats)
{
    m_gaussian = register_buffer("positional_encoding_gaussian_matrix", torch::randn({2, numPosFeats}));
}

at::Tensor PositionEmbeddingRandomImpl::peEncoding(const at::Tensor &coords)
{
    auto c = 2 * coords - 1;
    c = at::matmul(c, m_gaussian);
    c = 2 * M_PI * c;
    return torch::cat({torch::sin(c), torch::cos(c)}, -1);
}

at::Tensor PositionEmbeddingRandomImpl::forward(int64_t h, int64_t w)
{
    auto grid = torch::ones({h, w}, m_gaussian.options()); // on the weights' device
    auto yEmbed = grid.cumsum(0) - 0.5;
    auto xEmbed = grid.cumsum(1) - 0.5;
    yEmbed = yEmbed / h;
    xEmbed = xEmbed / w;
    return peEncoding(torch::stack({xEmbed, yEmbed}, -1)).permute({2, 0, 1}); // [C, h, w]
}

at::Tensor PositionEmbeddingRandomImpl::forwardWithCoords(const at::Tensor &coordsInput, int64_t imageH,
                                                          int64_t imageW)
{
    auto coords = coordsInput.clone();
    coords.select(2, 0).div_(double(imageW));
    coords.select(2, 1).div_(double(imageH));
    return peEncoding(coords.to(torch::kFloat32));
}

} // namespace dinosam::sam2
