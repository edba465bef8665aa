#pragma once
// RegionFinder over core/discovery: attention (normalised map cached, thresholding
// per call) and spectral (cuts cached, re-computed only when more are asked for).
#include "pipeline/pipelinebackend.h"

namespace dinosam {

/// Stateless; the cached state lives in the Prepared objects it returns.
class DiscoveryRegionFinder : public RegionFinder
{
public:
    std::shared_ptr<const Prepared> prepare(const DinoFeatures &features, const SegmentationParams &params) override;
    std::vector<DiscoveredRegion> find(const Prepared &prepared, const SegmentationParams &params) override;
};

} // namespace dinosam
