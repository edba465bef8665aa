#include "discovery/attentiondiscovery.h"

#include "discovery/gridregions.h"
#include "discovery/tensorentry.h"

#include <ATen/ops/isfinite.h>
#include <c10/core/InferenceMode.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace dinosam::discovery {

cv::Mat normalizedAttentionMap(const at::Tensor &clsAttention, int numRegisters, int gridH, int gridW)
{
    c10::InferenceMode guard;
    if (!clsAttention.defined())
        throw std::invalid_argument("attention discovery: no CLS attention given");
    if (gridH <= 0 || gridW <= 0 || numRegisters < 0)
        throw std::invalid_argument("attention discovery: bad grid " + std::to_string(gridH) + "x" +
                                    std::to_string(gridW) + " or register count " +
                                    std::to_string(numRegisters));
    at::Tensor a = clsAttention.detach().to(at::kCPU, at::kFloat);
    if (a.dim() == 3 && a.size(0) == 1)
        a = a[0]; // [1, heads, T] -> [heads, T]
    if (a.dim() == 1)
        a = a.unsqueeze(0); // [T] -> [1, T]
    const int64_t patches = int64_t(gridH) * gridW;
    const int64_t expectedT = 1 + numRegisters + patches;
    if (a.dim() != 2 || a.size(1) != expectedT)
        throw std::invalid_argument("attention discovery: CLS attention must be [heads, T] with T = 1 + " +
                                    std::to_string(numRegisters) + " + " + std::to_string(gridH) + "*" +
                                    std::to_string(gridW) + " = " + std::to_string(expectedT) +
                                    ", got " + std::to_string(a.dim()) + "-D with last size " +
                                    std::to_string(a.dim() ? a.size(-1) : 0));
    // Drop CLS and registers first: register tokens soak up huge attention.
    const at::Tensor mean = a.slice(1, 1 + numRegisters).mean(0).contiguous(); // [gridH*gridW]
    if (!at::isfinite(mean).all().item<bool>())
        throw std::invalid_argument("attention discovery: CLS attention has non-finite values");

    cv::Mat map(gridH, gridW, CV_32F);
    std::copy_n(mean.data_ptr<float>(), patches, map.ptr<float>());
    return minMaxNormalized(map);
}

std::vector<DiscoveredRegion> regionsFromAttention(const cv::Mat &discoveryMap, cv::Size imageSize,
                                                   const SegmentationParams &params)
{
    std::vector<DiscoveredRegion> out;
    if (discoveryMap.empty() || params.numObjects <= 0)
        return out;
    CV_Assert(discoveryMap.type() == CV_32F);
    const GridScale scale = GridScale::fromSizes(discoveryMap.size(), imageSize);
    const double gridPatches = double(discoveryMap.total());

    // Strictly above the threshold, so an all-zero map gives nothing even at 0.
    const cv::Mat on = discoveryMap > params.attentionThreshold;
    struct Candidate
    {
        GridComponent component;
        float confidence;
    };
    std::vector<Candidate> candidates;
    for (GridComponent &c : gridComponents(on, kAttentionConnectivity)) {
        if (scale.pixelArea(c.patchCount) < double(params.minArea))
            continue;
        const double meanAttention = cv::mean(discoveryMap, c.mask)[0];
        const float confidence = float(meanAttention * c.patchCount / gridPatches);
        candidates.push_back({std::move(c), confidence});
    }
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const Candidate &a, const Candidate &b) { return a.confidence > b.confidence; });
    const size_t keep = std::min(candidates.size(), size_t(params.numObjects));
    out.reserve(keep);
    for (size_t k = 0; k < keep; ++k)
        out.push_back(toImageRegion(candidates[k].component, scale, candidates[k].confidence, discoveryMap));
    return out;
}

} // namespace dinosam::discovery
