#include "discovery/discovery.h"
#include "discovery/tensorentry.h"

#include <stdexcept>

namespace dinosam::discovery {

std::vector<DiscoveredRegion> discoverRegions(const DiscoveryInput &input, const SegmentationParams &params)
{
    switch (params.method) {
    case DiscoveryMethod::Attention:
        return regionsFromAttention(
            normalizedAttentionMap(input.clsAttention, input.numRegisters, input.gridH, input.gridW),
            input.imageSize, params);
    case DiscoveryMethod::Spectral:
        return regionsFromSpectral(
            computeSpectral(input.keys, input.numRegisters, input.gridH, input.gridW, params.numObjects),
            input.imageSize, params);
    }
    throw std::invalid_argument("discovery: unknown method");
}

cv::Mat discoveryDisplayMap(const DiscoveryInput &input, const SegmentationParams &params)
{
    switch (params.method) {
    case DiscoveryMethod::Attention:
        return upsampleToImage(
            normalizedAttentionMap(input.clsAttention, input.numRegisters, input.gridH, input.gridW),
            input.imageSize);
    case DiscoveryMethod::Spectral:
        return upsampleToImage(
            computeSpectral(input.keys, input.numRegisters, input.gridH, input.gridW, 1).displayMap(),
            input.imageSize);
    }
    throw std::invalid_argument("discovery: unknown method");
}

} // namespace dinosam::discovery
