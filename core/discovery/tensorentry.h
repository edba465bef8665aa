#pragma once
// Discovery's LibTorch entry points: DINOv2's tensors in, torch-free results out.
// Internal to the core: included by core/pipeline's sources, the benches and the
// tests, never by a public header (those stay torch-free).
//
// Coordinate spaces and thread-safety as in discovery/discovery.h.
#include "discovery/discovery.h"

#include <ATen/core/Tensor.h>
#include <opencv2/core.hpp>

#include <vector>

namespace dinosam::discovery {

/// Head-averaged CLS attention over the patches, min-max normalised to [0, 1].
///
/// @param clsAttention  [heads, T] or [1, heads, T] (as DINOv2's last block
///        gives it) or an already averaged [T]; any floating dtype/device.
///        T = 1 + numRegisters + gridH * gridW, tokens ordered CLS, registers,
///        patches (row-major). CLS and register columns are dropped before
///        averaging, so register values never affect the map.
/// @return CV_32F gridH x gridW in [0, 1] (grid coordinates). A constant map
///         (no contrast) becomes all zeros, so it yields no regions.
/// @throws std::invalid_argument on a shape that does not match the grid or
///         non-finite values.
cv::Mat normalizedAttentionMap(const at::Tensor &clsAttention, int numRegisters, int gridH, int gridW);

/// Runs up to maxCuts normalised cuts.
///
/// @param keys  the last block's keys: [heads, T, head_dim] or [1, heads, T, head_dim]
///        (heads are concatenated per token), or [T, C] / [1, T, C]; any floating
///        dtype/device (computed on the CPU). T = 1 + numRegisters + gridH * gridW
///        in the order CLS, registers, patches (row-major); CLS and registers are dropped.
///
/// Per cut (TokenCut): L2-normalise the patch keys, A_ij = 1 where cosine
/// similarity > tau else eps, D = diag(row sums), solve the generalised problem
/// (D - A) x = lambda D x through eigh of the symmetric D^-1/2 (D - A) D^-1/2,
/// take the second smallest eigenvector, split at its mean, take as foreground
/// the side holding the seed argmax |x| (flipping the sign if needed) and keep
/// the seed's connected component. MaskCut repetition: the found patches are
/// removed from the graph (the limit of MaskCut's zeroing of their
/// affinities) and the cut repeats on the rest. Stops early (exhausted) when
/// fewer than 2 patches remain, eigenvalue >= options.maxEigenvalue, or a side is empty.
/// @throws std::invalid_argument on shapes that do not match the grid or non-finite keys.
SpectralBasis computeSpectral(const at::Tensor &keys, int numRegisters, int gridH, int gridW, int maxCuts,
                              const SpectralOptions &options = {});

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
