#pragma once
// Reference formulas for the model unit tests, written out from Meta's Python code
// and PyTorch's documented kernels, independently of the model code under test:
// bicubic resampling (with and without antialiasing) as explicit weight matrices,
// LayerNorm, Linear, GELU, softmax attention. Everything is computed in float64 so
// that the reference is the formula, not another float32 implementation.
#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

namespace dinosam::test::reference {

/// Max |a - b| after a shape check: +inf when the shapes differ, so that a wrong
/// shape can never pass a tolerance (broadcasting would otherwise hide it).
inline double maxAbsDiff(const at::Tensor &a, const at::Tensor &b)
{
    if (!a.defined() || !b.defined() || a.sizes() != b.sizes())
        return std::numeric_limits<double>::infinity();
    if (a.numel() == 0)
        return 0.0;
    return (a.to(at::kDouble) - b.to(at::kDouble)).abs().max().item<double>();
}

/// Keys' cubic convolution kernel W(x) with parameter a (PyTorch: a = -0.75 for
/// mode="bicubic", a = -0.5 for mode="bicubic", antialias=True, like PIL).
inline double cubicKernel(double x, double a)
{
    x = std::abs(x);
    if (x <= 1.0)
        return ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0;
    if (x < 2.0)
        return ((a * x - 5.0 * a) * x + 8.0 * a) * x - 4.0 * a;
    return 0.0;
}

/**
 * The [outSize, inSize] matrix M with out = M @ in along one axis of
 * F.interpolate(mode="bicubic", align_corners=False).
 *
 * `scaleFactor`: when the caller passed scale_factor (and PyTorch therefore hands it to the
 * kernel), the source step is 1 / scaleFactor; otherwise inSize / outSize.
 * - antialias = false (upsample_bicubic2d): source x = step * (i + 0.5) - 0.5, four taps
 *   floor(x) - 1 .. floor(x) + 2 with a = -0.75, indices clamped to the border.
 * - antialias = true (_upsample_bicubic2d_aa, PIL's filter): centre = step * (i + 0.5),
 *   support = 2 * max(step, 1), taps j in [trunc(centre - support + 0.5), trunc(centre + support + 0.5))
 *   clipped to the input, weight W((j - centre + 0.5) / max(step, 1)) with a = -0.5,
 *   normalised to sum 1.
 */
inline at::Tensor bicubicMatrix(int64_t inSize, int64_t outSize, bool antialias,
                                std::optional<double> scaleFactor = std::nullopt)
{
    const double step = scaleFactor && *scaleFactor > 0 ? 1.0 / *scaleFactor : double(inSize) / double(outSize);
    auto m = at::zeros({outSize, inSize}, at::kDouble);
    auto acc = m.accessor<double, 2>();
    for (int64_t i = 0; i < outSize; ++i) {
        if (!antialias) {
            const double x = step * (double(i) + 0.5) - 0.5;
            const double x0 = std::floor(x);
            const double t = x - x0;
            const double w[4] = {cubicKernel(t + 1.0, -0.75), cubicKernel(t, -0.75), cubicKernel(1.0 - t, -0.75),
                                 cubicKernel(2.0 - t, -0.75)};
            for (int k = 0; k < 4; ++k) {
                const int64_t j = std::clamp<int64_t>(int64_t(x0) - 1 + k, 0, inSize - 1);
                acc[i][j] += w[k];
            }
        } else {
            const double support = step >= 1.0 ? 2.0 * step : 2.0;
            const double invScale = step >= 1.0 ? 1.0 / step : 1.0;
            const double centre = step * (double(i) + 0.5);
            const int64_t lo = std::max<int64_t>(int64_t(centre - support + 0.5), 0);
            const int64_t hi = std::min<int64_t>(int64_t(centre + support + 0.5), inSize);
            double total = 0;
            for (int64_t j = lo; j < hi; ++j) {
                const double w = cubicKernel((double(j) - centre + 0.5) * invScale, -0.5);
                acc[i][j] = w;
                total += w;
            }
            if (total != 0)
                for (int64_t j = lo; j < hi; ++j)
                    acc[i][j] /= total;
        }
    }
    return m;
}

/// F.interpolate(x, mode="bicubic", align_corners=False, antialias=..., size or scale_factor)
/// of an NCHW tensor, separably through bicubicMatrix(). Output size: `size` when given,
/// else floor(in * scale_factor) per axis, as PyTorch computes it.
inline at::Tensor interpolateBicubic(const at::Tensor &x, int64_t outH, int64_t outW, bool antialias,
                                     std::optional<double> scaleH = std::nullopt,
                                     std::optional<double> scaleW = std::nullopt)
{
    const auto mh = bicubicMatrix(x.size(2), outH, antialias, scaleH); // [outH, H]
    const auto mw = bicubicMatrix(x.size(3), outW, antialias, scaleW); // [outW, W]
    const auto xd = x.to(at::kDouble);
    return at::matmul(at::matmul(mh, xd), mw.t()); // [N, C, outH, outW]
}

/// nn.LayerNorm over the last dimension: (x - mean) / sqrt(biased var + eps) * w + b.
inline at::Tensor layerNorm(const at::Tensor &x, const at::Tensor &w, const at::Tensor &b, double eps)
{
    const auto xd = x.to(at::kDouble);
    const auto mean = xd.mean(-1, true);
    const auto var = (xd - mean).pow(2).mean(-1, true);
    return (xd - mean) / at::sqrt(var + eps) * w.to(at::kDouble) + b.to(at::kDouble);
}

/// LayerNorm2d of sam2_utils.py over the channels of an NCHW tensor.
inline at::Tensor layerNorm2d(const at::Tensor &x, const at::Tensor &w, const at::Tensor &b, double eps)
{
    const auto xd = x.to(at::kDouble);
    const auto u = xd.mean(1, true);
    const auto s = (xd - u).pow(2).mean(1, true);
    const auto n = (xd - u) / at::sqrt(s + eps);
    return w.to(at::kDouble).view({1, -1, 1, 1}) * n + b.to(at::kDouble).view({1, -1, 1, 1});
}

/// nn.Linear: x @ W^T + b (b may be undefined).
inline at::Tensor linear(const at::Tensor &x, const at::Tensor &w, const at::Tensor &b = {})
{
    auto y = at::matmul(x.to(at::kDouble), w.to(at::kDouble).t());
    return b.defined() ? y + b.to(at::kDouble) : y;
}

/// nn.GELU() (exact, erf form).
inline at::Tensor gelu(const at::Tensor &x)
{
    return 0.5 * x * (1.0 + at::erf(x / std::sqrt(2.0)));
}

/// Softmax attention with scale 1/sqrt(head_dim): q, k, v [..., N, d].
inline at::Tensor attention(const at::Tensor &q, const at::Tensor &k, const at::Tensor &v)
{
    const double scale = 1.0 / std::sqrt(double(q.size(-1)));
    return at::softmax(at::matmul(q * scale, k.transpose(-2, -1)), -1).matmul(v);
}

/// A parameter lookup that fails loudly on a missing name.
inline const at::Tensor &param(const std::map<std::string, at::Tensor> &p, const std::string &name)
{
    const auto it = p.find(name);
    if (it == p.end())
        throw std::runtime_error("reference: no parameter " + name);
    return it->second;
}

} // namespace dinosam::test::reference
