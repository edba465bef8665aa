// Time per call of the discovery stages on a DINOv2 ViT-S/14 448x602 input's
// outputs (32 x 43 patches, 6 heads x 64, 4 registers), synthetic values.
// Prints; never asserts. Usage: bench_discovery [repeats] [label filter, e.g. subspace]
#include "benchutil.h"

#include "discovery/discovery.h"
#include "discovery/tensorentry.h"

#include <cstdio>
#include <cstdlib>
#include <string>

using namespace dinosam;
using namespace dinosam::discovery;

namespace {

constexpr int kGridH = 32, kGridW = 43, kHeads = 6, kHeadDim = 64, kRegisters = 4;
constexpr int kTokens = 1 + kRegisters + kGridH * kGridW;

// Three rectangular objects on a background, as attention and as key clusters.
at::Tensor objectLabels() // [gridH, gridW] int64
{
    auto labels = torch::zeros({kGridH, kGridW}, torch::kLong);
    labels.slice(0, 4, 14).slice(1, 3, 15).fill_(1);
    labels.slice(0, 16, 30).slice(1, 20, 38).fill_(2);
    labels.slice(0, 2, 7).slice(1, 30, 36).fill_(3);
    return labels;
}

at::Tensor syntheticAttention() // [heads, T]
{
    const auto labels = objectLabels().flatten().to(torch::kFloat);
    auto patches = (labels > 0).to(torch::kFloat) * (0.5 + 0.1 * labels) + 0.05 * torch::rand({kHeads, kGridH * kGridW});
    auto tokens = torch::rand({kHeads, 1 + kRegisters}) * 10; // registers soak up attention
    return torch::cat({tokens, patches}, 1).softmax(1);
}

// noise: per-dimension standard deviation; 1.2 brings background similarities
// near TokenCut's tau, so its graph is far from complete (a harder spectrum).
at::Tensor syntheticKeys(double noise) // [heads, T, head_dim]
{
    const auto labels = objectLabels().flatten();
    const auto directions = torch::randn({4, kHeads * kHeadDim});
    auto patches = directions.index_select(0, labels) + noise * torch::randn({kGridH * kGridW, kHeads * kHeadDim});
    auto tokens = torch::randn({1 + kRegisters, kHeads * kHeadDim}) * 5;
    return torch::cat({tokens, patches}, 0).reshape({kTokens, kHeads, kHeadDim}).permute({1, 0, 2}).contiguous();
}

std::string g_filter; // run only the timings whose label contains it

bool wanted(const std::string &label) { return g_filter.empty() || label.find(g_filter) != std::string::npos; }

void report(const std::string &what, const std::function<void()> &fn, int repeats)
{
    if (wanted(what))
        std::printf("  %-72s %9.3f ms\n", what.c_str(), bench::medianSeconds(fn, repeats) * 1e3);
}

} // namespace

int main(int argc, char **argv)
{
    const int repeats = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
    g_filter = argc > 2 ? argv[2] : "";
    torch::manual_seed(0);
    c10::InferenceMode guard;
    const at::Tensor attention = syntheticAttention();
    const at::Tensor keys = syntheticKeys(0.06);
    const at::Tensor noisyKeys = syntheticKeys(1.2);
    const cv::Size image(1800, 1200);
    SegmentationParams params;
    params.minArea = 0;

    const int defaultThreads = at::get_num_threads();
    std::printf("bench_discovery: grid %dx%d, %d heads x %d, %d registers, image %dx%d, median of %d\n", kGridH, kGridW,
                kHeads, kHeadDim, kRegisters, image.width, image.height, repeats);
    for (int threads : {1, defaultThreads}) {
        at::set_num_threads(threads);
        std::printf("intra-op threads %d, sgemm %.1f GFLOP/s\n", threads, bench::measureSgemmGflops());

        cv::Mat map;
        report("attention: normalizedAttentionMap (cache per image)",
               [&] { map = normalizedAttentionMap(attention, kRegisters, kGridH, kGridW); }, repeats);
        std::vector<DiscoveredRegion> regions;
        report("attention: regionsFromAttention (per slider move)",
               [&] { regions = regionsFromAttention(map, image, params); }, repeats);
        if (wanted("attention: regionsFromAttention"))
            std::printf("    -> %zu regions at threshold %.2f\n", regions.size(), params.attentionThreshold);
        report("display: upsampleToImage to 602x448",
               [&] { upsampleToImage(map, {602, 448}); }, repeats);
        report("display: upsampleToImage to 1800x1200",
               [&] { upsampleToImage(map, image); }, repeats);

        for (const auto &[keyName, keySet] : {std::pair{"clean keys", keys}, std::pair{"noisy keys", noisyKeys}}) {
            for (SpectralSolver solver : {SpectralSolver::Eigh, SpectralSolver::Subspace}) {
                for (bool doublePrecision : {true, false}) {
                    SpectralOptions options;
                    options.doublePrecision = doublePrecision;
                    options.solver = solver;
                    for (int cuts : {1, 5}) {
                        SpectralBasis basis;
                        char label[160];
                        std::snprintf(label, sizeof label, "spectral: computeSpectral %s, %d cut%s, %s, %s", keyName,
                                      cuts, cuts == 1 ? "" : "s", solver == SpectralSolver::Eigh ? "eigh" : "subspace",
                                      doublePrecision ? "f64" : "f32");
                        report(label, [&] {
                                   basis = computeSpectral(keySet, kRegisters, kGridH, kGridW, cuts, options);
                               }, repeats);
                        if (wanted(label))
                            std::printf("    -> %zu cuts, lambda2 %.4f, first cut %d patches%s\n", basis.cuts.size(),
                                    basis.cuts.empty() ? 0.0 : basis.cuts[0].eigenvalue,
                                    basis.cuts.empty() ? 0 : cv::countNonZero(basis.cuts[0].patchMask),
                                    basis.exhausted ? ", exhausted" : "");
                        if (cuts == 5 && doublePrecision && solver == SpectralSolver::Eigh && keyName[0] == 'c') {
                            params.numObjects = 5;
                            report("spectral: regionsFromSpectral (per slider move)",
                                   [&] { regions = regionsFromSpectral(basis, image, params); }, repeats);
                        }
                    }
                }
            }
        }
        const auto n = kGridH * kGridW;
        const auto sym = torch::randn({n, n}, torch::kDouble);
        const auto a = sym + sym.t();
        report("reference: torch::linalg_eigh 1376x1376 float64",
               [&] { torch::linalg_eigh(a); }, repeats);
    }
    return 0;
}
