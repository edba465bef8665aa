#pragma once
// Discovery method "spectral": normalised cut on the patch-key similarity
// graph, as TokenCut (Wang et al., CVPR 2022) with MaskCut's repetition
// (CutLER, Wang et al., CVPR 2023).
//
// Split for the pipeline's stage cache: computeSpectral() does the
// eigen-decompositions (tens to hundreds of milliseconds; depends only on the
// image's keys and on how many cuts are asked for) — cache its SpectralBasis;
// regionsFromSpectral() is cheap and re-runs on every slider move.
//
// Thread-safety: pure functions of their arguments, callable from any thread
// (LibTorch's intra-op pool is used for the matrix work).
#include "types/segmentation.h"

#include <opencv2/core.hpp>

#include <vector>

namespace dinosam::discovery {

/// How the second smallest eigenpair is found.
enum class SpectralSolver {
    Eigh,     ///< full torch::linalg_eigh of D^-1/2 (D - A) D^-1/2 (LAPACK syevd): O(n^3), always exact
    Subspace, ///< block subspace iteration with Rayleigh-Ritz on the deflated D^-1/2 A D^-1/2 (matrix
              ///< products only); falls back to Eigh when it has not converged after maxIterations
};

/// Knobs of the spectral method; defaults are TokenCut's.
struct SpectralOptions
{
    SpectralSolver solver = SpectralSolver::Eigh;
    int maxIterations = 200;     ///< Subspace: iterations before falling back to Eigh
    double tau = 0.2;            ///< edge where cosine similarity > tau (TokenCut's default)
    double eps = 1e-5;           ///< weight of the other pairs, keeps the graph connected
    int connectivity = 4;        ///< seed component connectivity; 4 as TokenCut (scipy.ndimage.label's default)
    bool doublePrecision = true; ///< eigh in float64 (the eps/1 weight ratio is 1e5); false: float32, ~2x faster
    /// Stop when the second eigenvalue of the normalised Laplacian reaches this.
    /// A structureless graph (all keys alike, or all unlike: every weight equal)
    /// is complete with self-loops, where every split costs a normalised cut of
    /// exactly 1; 0.99 leaves room for rounding. Real backgrounds with structure
    /// stay below it, so later cuts may split background (as in MaskCut).
    double maxEigenvalue = 0.99;
};

/// One normalised cut: the object it found on the patch grid.
struct SpectralCut
{
    cv::Mat patchMask;   ///< CV_8U 0/1 gridH x gridW: the seed's connected component of the foreground side
    cv::Mat eigenvector; ///< CV_32F gridH x gridW: the generalised eigenvector, signed so the seed holds its
                         ///< largest (positive) value; 0 on patches removed by earlier cuts
    cv::Point seed;      ///< x = column, y = row: argmax |eigenvector|, always inside patchMask
    double eigenvalue = 0; ///< second smallest eigenvalue of (D-A)x = lambda D x on the remaining patches
    float confidence = 0;  ///< clamp(1 - eigenvalue, 0, 1): 1 = perfectly separated, 0 = no better than random
};

/// The expensive, cacheable part of the spectral method for one image.
struct SpectralBasis
{
    int gridH = 0;
    int gridW = 0;
    int maxCuts = 0;             ///< how many cuts were asked for
    bool exhausted = false;      ///< stopped early: nothing separable was left
    std::vector<SpectralCut> cuts; ///< in the order found (MaskCut order)

    /// True when this basis answers a request for numObjects regions exactly as
    /// a fresh computeSpectral(..., numObjects) would (cuts are deterministic, so
    /// a basis for k cuts is a prefix of one for more).
    bool covers(int numObjects) const { return exhausted || int(cuts.size()) >= numObjects; }

    /// The first cut's eigenvector min-max normalised to [0, 1] (foreground
    /// high), CV_32F on the grid, for display; all zeros without a cut.
    cv::Mat displayMap() const;
};

/// Regions from the first min(params.numObjects, cuts) cuts (MaskCut semantics:
/// N cuts, then small ones dropped), minus those covering fewer than
/// params.minArea image pixels, sorted by confidence (= the cut's), best first,
/// ties in cut order. params.attentionThreshold is not used. Boxes and points
/// in original image pixels (imageSize); points lie inside their region.
std::vector<DiscoveredRegion> regionsFromSpectral(const SpectralBasis &basis, cv::Size imageSize,
                                                  const SegmentationParams &params);

} // namespace dinosam::discovery
