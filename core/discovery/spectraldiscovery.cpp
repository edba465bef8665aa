#include "discovery/spectraldiscovery.h"

#include "discovery/gridregions.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/eye.h>
#include <ATen/ops/isfinite.h>
#include <ATen/ops/linalg_eigh.h>
#include <ATen/ops/mm.h>
#include <ATen/ops/tensor.h>
#include <c10/core/InferenceMode.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace dinosam::discovery {

namespace {

// Keys in any accepted layout -> patch keys [gridH*gridW, C] float32 on the CPU.
at::Tensor patchKeys(const at::Tensor &keys, int numRegisters, int gridH, int gridW)
{
    if (!keys.defined())
        throw std::invalid_argument("spectral discovery: no keys given");
    if (gridH <= 0 || gridW <= 0 || numRegisters < 0)
        throw std::invalid_argument("spectral discovery: bad grid " + std::to_string(gridH) + "x" +
                                    std::to_string(gridW) + " or register count " +
                                    std::to_string(numRegisters));
    at::Tensor k = keys.detach().to(at::kCPU, at::kFloat);
    if (k.dim() == 4 && k.size(0) == 1)
        k = k[0]; // [1, heads, T, hd] -> [heads, T, hd]
    if (k.dim() == 3)
        k = k.permute({1, 0, 2}).reshape({k.size(1), k.size(0) * k.size(2)}); // [T, heads*hd]
    const int64_t expectedT = 1 + numRegisters + int64_t(gridH) * gridW;
    if (k.dim() != 2 || k.size(0) != expectedT)
        throw std::invalid_argument("spectral discovery: keys must be [heads, T, head_dim] or [T, C] with T = 1 + " +
                                    std::to_string(numRegisters) + " + " + std::to_string(gridH) + "*" +
                                    std::to_string(gridW) + " = " + std::to_string(expectedT));
    at::Tensor patches = k.slice(0, 1 + numRegisters); // [N, C]
    if (!at::isfinite(patches).all().item<bool>())
        throw std::invalid_argument("spectral discovery: keys have non-finite values");
    return patches;
}

} // namespace

cv::Mat SpectralBasis::displayMap() const
{
    if (cuts.empty())
        return cv::Mat::zeros(std::max(gridH, 0), std::max(gridW, 0), CV_32F);
    return minMaxNormalized(cuts.front().eigenvector);
}

SpectralBasis computeSpectral(const at::Tensor &keys, int numRegisters, int gridH, int gridW, int maxCuts,
                              const SpectralOptions &options)
{
    c10::InferenceMode guard;
    const at::Tensor patches = patchKeys(keys, numRegisters, gridH, gridW); // [N, C]
    SpectralBasis basis;
    basis.gridH = gridH;
    basis.gridW = gridW;
    basis.maxCuts = std::max(maxCuts, 0);
    if (maxCuts <= 0)
        return basis;
    if (options.connectivity != 4 && options.connectivity != 8)
        throw std::invalid_argument("spectral discovery: connectivity must be 4 or 8");

    const int64_t n = patches.size(0);
    const auto dtype = options.doublePrecision ? at::kDouble : at::kFloat;
    // Cosine similarity; zero keys stay zero (similar to nothing).
    const at::Tensor unit = patches / patches.norm(2, {1}, /*keepdim=*/true).clamp_min(1e-12); // [N, C]
    const at::Tensor sim = at::mm(unit, unit.t());                                             // [N, N]
    // TokenCut's binarised graph: 1 where sim > tau, eps elsewhere (diagonal included).
    const at::Tensor affinity = (sim > options.tau).to(dtype) * (1.0 - options.eps) + options.eps; // [N, N]

    std::vector<uint8_t> removed(size_t(n), 0);
    for (int cut = 0; cut < maxCuts; ++cut) {
        std::vector<int64_t> alive;
        alive.reserve(size_t(n));
        for (int64_t i = 0; i < n; ++i)
            if (!removed[size_t(i)])
                alive.push_back(i);
        const int64_t m = int64_t(alive.size());
        if (m < 2) {
            basis.exhausted = true;
            break;
        }
        const at::Tensor idx = at::tensor(alive, at::kLong);
        const at::Tensor a = m == n ? affinity : affinity.index_select(0, idx).index_select(1, idx); // [m, m]
        const at::Tensor invSqrtDeg = a.sum(1).rsqrt();                                             // [m]
        // D^-1/2 (D - A) D^-1/2 = I - D^-1/2 A D^-1/2: symmetric, same eigenvalues as the generalised problem.
        const at::Tensor laplacian =
            at::eye(m, a.options()) - invSqrtDeg.unsqueeze(1) * a * invSqrtDeg.unsqueeze(0); // [m, m]
        const auto [eigenvalues, eigenvectors] = at::linalg_eigh(laplacian, "L");         // [m], [m, m]
        const double lambda2 = eigenvalues[1].item<double>();
        if (!(lambda2 < options.maxEigenvalue)) {
            basis.exhausted = true;
            break;
        }
        // Back to the generalised eigenvector x = D^-1/2 y.
        const at::Tensor xT = (eigenvectors.select(1, 1) * invSqrtDeg).to(at::kDouble).contiguous(); // [m]
        std::vector<double> x(xT.data_ptr<double>(), xT.data_ptr<double>() + m);
        double mean = 0;
        for (double v : x)
            mean += v;
        mean /= double(m);
        std::vector<uint8_t> side(static_cast<size_t>(m));
        int64_t onCount = 0;
        int64_t seed = 0;
        for (int64_t i = 0; i < m; ++i) {
            side[size_t(i)] = x[size_t(i)] > mean;
            onCount += side[size_t(i)];
            if (std::abs(x[size_t(i)]) > std::abs(x[size_t(seed)]))
                seed = i;
        }
        if (onCount == 0 || onCount == m) {
            basis.exhausted = true;
            break;
        }
        // TokenCut: the foreground is the side holding the seed; flip if needed.
        if (!side[size_t(seed)]) {
            for (int64_t i = 0; i < m; ++i) {
                side[size_t(i)] = !side[size_t(i)];
                x[size_t(i)] = -x[size_t(i)];
            }
        }

        SpectralCut result;
        cv::Mat binary = cv::Mat::zeros(gridH, gridW, CV_8U);
        result.eigenvector = cv::Mat::zeros(gridH, gridW, CV_32F);
        for (int64_t i = 0; i < m; ++i) {
            const int64_t p = alive[size_t(i)];
            const int row = int(p / gridW);
            const int col = int(p % gridW);
            binary.at<uchar>(row, col) = side[size_t(i)];
            result.eigenvector.at<float>(row, col) = float(x[size_t(i)]);
        }
        const int64_t seedPatch = alive[size_t(seed)];
        result.seed = cv::Point(int(seedPatch % gridW), int(seedPatch / gridW));
        result.patchMask = componentContaining(binary, result.seed, options.connectivity);
        result.eigenvalue = lambda2;
        result.confidence = float(std::clamp(1.0 - lambda2, 0.0, 1.0));
        for (int row = 0; row < gridH; ++row) {
            const uchar *mrow = result.patchMask.ptr<uchar>(row);
            for (int col = 0; col < gridW; ++col)
                if (mrow[col])
                    removed[size_t(row) * gridW + col] = 1;
        }
        basis.cuts.push_back(std::move(result));
    }
    return basis;
}

std::vector<DiscoveredRegion> regionsFromSpectral(const SpectralBasis &basis, cv::Size imageSize,
                                                  const SegmentationParams &params)
{
    std::vector<DiscoveredRegion> out;
    const size_t take = std::min(basis.cuts.size(), size_t(std::max(params.numObjects, 0)));
    if (take == 0)
        return out;
    const GridScale scale = GridScale::fromSizes({basis.gridW, basis.gridH}, imageSize);
    for (size_t k = 0; k < take; ++k) {
        const SpectralCut &cut = basis.cuts[k];
        const GridComponent component = describeMask(cut.patchMask);
        if (scale.pixelArea(component.patchCount) < double(params.minArea))
            continue;
        out.push_back(toImageRegion(component, scale, cut.confidence, cut.eigenvector));
    }
    std::stable_sort(out.begin(), out.end(), [](const DiscoveredRegion &a, const DiscoveredRegion &b) {
        return a.confidence > b.confidence;
    });
    return out;
}

} // namespace dinosam::discovery
