#pragma once
// One entry point for automatic object discovery on DINOv2's outputs.
//
// discoverRegions() runs a method from scratch. The pipeline, which re-runs
// discovery on every slider move, should instead cache the per-image parts
// and call the cheap ones:
//   attention: normalizedAttentionMap() once per image  -> regionsFromAttention() per change
//   spectral:  computeSpectral(keys, ..., maxCuts) once per image (again only when
//              !basis.covers(params.numObjects))         -> regionsFromSpectral() per change
// Both cheap functions give exactly what discoverRegions() gives.
//
// Coordinate spaces: boxes, points and minArea in original image pixels;
// patch masks and maps on the DINOv2 patch grid (gridH rows x gridW columns),
// which is assumed to cover the whole image (resized, not cropped).
// Thread-safety: pure functions, callable from any thread.
#include "discovery/attentiondiscovery.h"
#include "discovery/gridregions.h"
#include "discovery/spectraldiscovery.h"
#include "pipeline/segmentation.h"

#include <ATen/core/Tensor.h>
#include <opencv2/core.hpp>

#include <vector>

namespace dinosam::discovery {

/// What DINOv2 gives for one image. Tensors are read, never modified.
struct DiscoveryInput
{
    at::Tensor clsAttention; ///< [heads, T] or [1, heads, T]: last block's CLS attention (method Attention)
    at::Tensor keys;         ///< [heads, T, head_dim], [1, heads, T, head_dim] or [T, C]: last block's keys (method Spectral)
    int numRegisters = 0;    ///< R; T = 1 + R + gridH * gridW
    int gridH = 0;           ///< patch rows
    int gridW = 0;           ///< patch columns
    cv::Size imageSize;      ///< original image, pixels
};

/// Regions found by params.method (only the tensor that method needs must be
/// defined), best first. See regionsFromAttention() / regionsFromSpectral()
/// for the exact rules. Throws std::invalid_argument on inconsistent input.
std::vector<DiscoveredRegion> discoverRegions(const DiscoveryInput &input, const SegmentationParams &params);

/// The map to show for params.method (attention: normalised attention;
/// spectral: the first cut's eigenvector), CV_32F in [0, 1] at the image's
/// size (bilinear). Computes from scratch; the pipeline should upsample its
/// cached grid map with upsampleToImage() instead.
cv::Mat discoveryDisplayMap(const DiscoveryInput &input, const SegmentationParams &params);

} // namespace dinosam::discovery
