#include "discovery/spectraldiscovery.h"

#include "discovery/gridregions.h"
#include "discovery/tensorentry.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/eye.h>
#include <ATen/ops/isfinite.h>
#include <ATen/ops/arange.h>
#include <ATen/ops/linalg_eigh.h>
#include <ATen/ops/linalg_qr.h>
#include <ATen/ops/sin.h>
#include <ATen/ops/mm.h>
#include <ATen/ops/mv.h>
#include <ATen/ops/tensor.h>
#include <c10/core/InferenceMode.h>

#include <algorithm>
#include <cmath>
#include <optional>
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

struct Eigenpair
{
    double lambda2 = 0; // second smallest eigenvalue of I - M
    at::Tensor y;       // [m] its unit eigenvector (of the symmetric problem)
};

// M = D^-1/2 A D^-1/2 [m, m]; I - M has the generalised problem's eigenvalues.
Eigenpair eighPair(const at::Tensor &m)
{
    const at::Tensor laplacian = at::eye(m.size(0), m.options()) - m;        // [m, m]
    const auto [eigenvalues, eigenvectors] = at::linalg_eigh(laplacian, "L"); // [m], [m, m]
    return {eigenvalues[1].item<double>(), eigenvectors.select(1, 1)};
}

// Block subspace iteration on B = M + I - 2 u1 u1^T, u1 = D^1/2 1 / |D^1/2 1|:
// M's top eigenpair (1, u1) is deflated to 0 and the shift makes B positive
// semi-definite (M's spectrum lies in [-1, 1]), so B's largest eigenvalue is
// 2 - lambda2 and its eigenvector is the one wanted. Each step costs one
// [m, m] x [m, k] product; well separated objects converge in tens of steps.
std::optional<Eigenpair> subspacePair(const at::Tensor &m, const at::Tensor &sqrtDeg, int maxIterations)
{
    const int64_t n = m.size(0);
    const int64_t k = std::min<int64_t>(8, n - 2);
    if (k < 2)
        return std::nullopt;
    const at::Tensor u1 = (sqrtDeg / sqrtDeg.norm()).unsqueeze(1); // [n, 1]
    const auto apply = [&](const at::Tensor &x) {                   // B x, x [n, k]
        return at::mm(m, x) + x - 2.0 * at::mm(u1, at::mm(u1.t(), x));
    };
    // Deterministic start, generic enough not to be orthogonal to any eigenvector.
    at::Tensor q = std::get<0>(at::linalg_qr(at::sin(at::arange(1, n * k + 1, m.options()).reshape({n, k}) * 12.9898)));
    const double tol = m.scalar_type() == at::kDouble ? 1e-7 : 1e-4; // on |B v - theta v|, |B| <= 2
    for (int it = 0; it < maxIterations; ++it) {
        const at::Tensor z = apply(q);                     // [n, k]
        const at::Tensor h = at::mm(q.t(), z);             // [k, k] Rayleigh quotient
        const auto [theta, s] = at::linalg_eigh(0.5 * (h + h.t()), "L");
        const at::Tensor top = s.select(1, k - 1);         // [k], largest Ritz value last
        const double thetaTop = theta[k - 1].item<double>();
        const at::Tensor v = at::mv(q, top);               // [n] Ritz vector
        const double residual = (at::mv(z, top) - thetaTop * v).norm().item<double>();
        if (residual < tol)
            return Eigenpair{2.0 - thetaTop, v};
        q = std::get<0>(at::linalg_qr(z));
    }
    return std::nullopt;
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
        const at::Tensor degree = a.sum(1);                                                         // [m]
        const at::Tensor invSqrtDeg = degree.rsqrt();                                               // [m]
        // D^-1/2 (D - A) D^-1/2 = I - D^-1/2 A D^-1/2: symmetric, same eigenvalues as the generalised problem.
        const at::Tensor normalized = invSqrtDeg.unsqueeze(1) * a * invSqrtDeg.unsqueeze(0); // [m, m]
        std::optional<Eigenpair> pair;
        if (options.solver == SpectralSolver::Subspace)
            pair = subspacePair(normalized, degree.sqrt(), options.maxIterations);
        if (!pair)
            pair = eighPair(normalized);
        const double lambda2 = pair->lambda2;
        if (!(lambda2 < options.maxEigenvalue)) {
            basis.exhausted = true;
            break;
        }
        // Back to the generalised eigenvector x = D^-1/2 y.
        const at::Tensor xT = (pair->y * invSqrtDeg).to(at::kDouble).contiguous(); // [m]
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
