#include "pipeline/discoveryregionfinder.h"

#include "pipeline/pipelineerror.h"

#include "discovery/discovery.h"
#include "discovery/tensorentry.h"

#include <algorithm>

namespace dinosam {

namespace {

std::size_t matBytes(const cv::Mat &m) { return m.empty() ? 0 : m.total() * m.elemSize(); }

struct AttentionPrepared : RegionFinder::Prepared
{
    cv::Mat gridMap;    // CV_32F gridH x gridW in [0, 1]
    cv::Mat displayMap; // CV_32F, image size
    cv::Size imageSize;

    std::size_t bytes() const override { return matBytes(gridMap) + matBytes(displayMap) + 128; }
    cv::Mat discoveryMap() const override { return displayMap; }
};

struct SpectralPrepared : RegionFinder::Prepared
{
    discovery::SpectralBasis basis;
    cv::Mat displayMap;
    cv::Size imageSize;

    std::size_t bytes() const override
    {
        std::size_t b = matBytes(displayMap) + 128;
        for (const auto &cut : basis.cuts)
            b += matBytes(cut.patchMask) + matBytes(cut.eigenvector) + 64;
        return b;
    }
    cv::Mat discoveryMap() const override { return displayMap; }
    bool covers(const SegmentationParams &params) const override
    {
        return params.method == DiscoveryMethod::Spectral && basis.covers(params.numObjects);
    }
};

// Cuts computed at least, so that small numObjects changes reuse the basis.
constexpr int kMinSpectralCuts = 5;

} // namespace

std::shared_ptr<const RegionFinder::Prepared> DiscoveryRegionFinder::prepare(const DinoFeatures &features,
                                                                             const SegmentationParams &params)
{
    if (params.method == DiscoveryMethod::Attention) {
        auto p = std::make_shared<AttentionPrepared>();
        p->imageSize = features.imageSize;
        p->gridMap = discovery::normalizedAttentionMap(features.lastAttnCls, features.numRegisters, features.gridH,
                                                       features.gridW);
        p->displayMap = discovery::upsampleToImage(p->gridMap, features.imageSize);
        return p;
    }
    if (!features.lastKeys.defined())
        throw PipelineError(PipelineError::Kind::Internal, "spectral discovery needs DINOv2's last-block keys");
    auto p = std::make_shared<SpectralPrepared>();
    p->imageSize = features.imageSize;
    p->basis = discovery::computeSpectral(features.lastKeys, features.numRegisters, features.gridH, features.gridW,
                                          std::max(params.numObjects, kMinSpectralCuts));
    p->displayMap = discovery::upsampleToImage(p->basis.displayMap(), features.imageSize);
    return p;
}

std::vector<DiscoveredRegion> DiscoveryRegionFinder::find(const Prepared &prepared, const SegmentationParams &params)
{
    if (const auto *a = dynamic_cast<const AttentionPrepared *>(&prepared))
        return discovery::regionsFromAttention(a->gridMap, a->imageSize, params);
    if (const auto *s = dynamic_cast<const SpectralPrepared *>(&prepared))
        return discovery::regionsFromSpectral(s->basis, s->imageSize, params);
    throw PipelineError(PipelineError::Kind::Internal, "discovery: prepared state of an unknown kind");
}

} // namespace dinosam
