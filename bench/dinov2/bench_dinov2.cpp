// ms per image of DINOv2 ViT-S/14 at 224, 448 and 518 (and the fixtures' 448x602), next to
// this machine's sgemm GFLOP/s and the model's effective GFLOP/s (analytic FLOP count).
// Also times an op-by-op transcription of Meta's Python forward (vision_transformer.py,
// Attention/Mlp/LayerScale without in-place ops or fusing) on the same weights and backend,
// so the comparison holds even on a busy machine.
// Usage: bench_dinov2 [threads] [checkpoint.pth] [model id]
//   threads: LibTorch intra-op threads (default: all cores, std::thread::hardware_concurrency();
//   LibTorch's own default can be lower, e.g. 1 on VMs whose topology it misreads).
//   checkpoint/model default to the fixture's random ViT-S/14-reg4 weights run as dinov2_vits14.
#include "benchutil.h"

#include "io/checkpointreader.h"
#include "models/catalog/modelcatalog.h"
#include "models/common/cpuruntime.h"
#include "models/dinov2/dinov2model.h"

#include <torch/torch.h>

#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <string>
#include <thread>

using namespace dinosam;

namespace {

/// Meta's forward_features() as the Python code runs it, op for op (for timing only).
at::Tensor pythonStyleForward(const TensorMap &p, const DinoV2Config &c, const at::Tensor &x)
{
    namespace F = torch::nn::functional;
    const int64_t dim = c.embedDim, heads = c.numHeads, hd = c.headDim();
    const int64_t h0 = x.size(2) / 14, w0 = x.size(3) / 14, m = c.posEmbedGrid();
    auto t = at::conv2d(x, p.at("patch_embed.proj.weight"), p.at("patch_embed.proj.bias"), 14)
                 .flatten(2)
                 .transpose(1, 2);
    t = at::cat({p.at("cls_token").expand({x.size(0), -1, -1}), t}, 1);
    const auto patchPos = p.at("pos_embed").narrow(1, 1, m * m).reshape({1, m, m, dim}).permute({0, 3, 1, 2});
    const std::vector<double> scales = {(h0 + 0.1) / m, (w0 + 0.1) / m};
    auto pos = at::upsample_bicubic2d(patchPos, c10::nullopt, false, c10::ArrayRef<double>(scales));
    pos = at::cat({p.at("pos_embed").narrow(1, 0, 1), pos.permute({0, 2, 3, 1}).reshape({1, -1, dim})}, 1);
    t = t + pos;
    const double scale = 1.0 / std::sqrt(double(hd));
    for (int64_t i = 0; i < c.depth; ++i) {
        const std::string b = "blocks." + std::to_string(i) + ".";
        auto y = at::layer_norm(t, {dim}, p.at(b + "norm1.weight"), p.at(b + "norm1.bias"), 1e-6);
        const int64_t bsz = y.size(0), n = y.size(1);
        auto qkv = at::linear(y, p.at(b + "attn.qkv.weight"), p.at(b + "attn.qkv.bias"))
                       .reshape({bsz, n, 3, heads, hd})
                       .permute({2, 0, 3, 1, 4});
        auto q = qkv[0] * scale;
        auto attn = at::matmul(q, qkv[1].transpose(-2, -1)).softmax(-1);
        y = at::matmul(attn, qkv[2]).transpose(1, 2).reshape({bsz, n, dim});
        y = at::linear(y, p.at(b + "attn.proj.weight"), p.at(b + "attn.proj.bias"));
        t = t + y * p.at(b + "ls1.gamma");
        y = at::layer_norm(t, {dim}, p.at(b + "norm2.weight"), p.at(b + "norm2.bias"), 1e-6);
        y = at::linear(y, p.at(b + "mlp.fc1.weight"), p.at(b + "mlp.fc1.bias"));
        y = at::gelu(y);
        y = at::linear(y, p.at(b + "mlp.fc2.weight"), p.at(b + "mlp.fc2.bias"));
        t = t + y * p.at(b + "ls2.gamma");
    }
    return at::layer_norm(t, {dim}, p.at("norm.weight"), p.at("norm.bias"), 1e-6);
}

double processCpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

std::string loadAverage()
{
    std::ifstream in("/proc/loadavg");
    std::string one;
    in >> one;
    return one.empty() ? "?" : one;
}

} // namespace

int main(int argc, char **argv)
{
    restartWithPassiveOpenMpWaitIfUnset(argv); // as the applications run
    try {
        const int threads = argc > 1 ? std::stoi(argv[1]) : int(std::max(1u, std::thread::hardware_concurrency()));
        const std::string checkpoint =
            argc > 2 ? argv[2] : std::string(DINOSAM_FIXTURES_DIR) + "/models/dinov2_vits14_reg4_random.pth";
        // The smallest model without registers (the catalogue's first DINOv2 entry), as before.
        const std::string modelName = argc > 3 ? argv[3] : ModelCatalog::dinoIds().front();
        configureCpuRuntime(threads); // threads and heap as the applications run

        CheckpointReadOptions options;
        options.floatingToFloat32 = true;
        auto stateDict = readStateDict(checkpoint, options);
        const auto config = dinoV2Config(modelName);
        if (config.numRegisterTokens == 0)
            stateDict.erase("register_tokens");
        const auto model = DinoV2Model::fromStateDict(stateDict, config, checkpoint);

        double sgemm = bench::measureSgemmGflops();
        std::printf("bench_dinov2: %s, %d LibTorch threads, %u cores, load average %s\n", modelName.c_str(),
                    at::get_num_threads(), std::thread::hardware_concurrency(), loadAverage().c_str());
        std::printf("machine sgemm (1024^3): %.1f GFLOP/s. ms/image: wall median; cpu ms: process CPU time per\n"
                    "image (less sensitive to a busy machine); py-style: Meta's forward transcribed op by op;\n"
                    "%%sgemm: against the best sgemm measured so far (it is measured again after each size)\n",
                    sgemm);
        std::printf("%-9s %9s %9s %8s %11s %7s | %9s %9s\n", "input", "ms/image", "cpu ms", "GFLOP",
                    "eff GFLOP/s", "%sgemm", "py-style", "cpu ms");
        const std::pair<int64_t, int64_t> sizes[] = {{224, 224}, {448, 448}, {518, 518}, {448, 602}};
        for (const auto &[h, w] : sizes) {
            const auto input = torch::randn({1, 3, h, w});
            const int repeats = 3;
            const double cpu0 = processCpuSeconds();
            const double seconds = bench::medianSeconds([&] { model.run(input); }, repeats);
            const double cpuPerImage = (processCpuSeconds() - cpu0) / (repeats + 1);
            double pythonSeconds = 0;
            const double pythonCpu0 = processCpuSeconds();
            {
                c10::InferenceMode guard;
                pythonSeconds = bench::medianSeconds([&] { pythonStyleForward(stateDict, config, input); }, repeats);
            }
            const double pythonCpuPerImage = (processCpuSeconds() - pythonCpu0) / (repeats + 1);
            const double flops = config.forwardFlops(h / 14, w / 14);
            // The yardstick again after each size; the better of the two (see benchutil.h).
            sgemm = std::max(sgemm, bench::measureSgemmGflops());
            const std::string label = std::to_string(h) + "x" + std::to_string(w);
            std::printf("%-9s %9.1f %9.1f %8.2f %11.1f %6.0f%% | %9.1f %9.1f\n", label.c_str(), seconds * 1e3,
                        cpuPerImage * 1e3, flops / 1e9, flops / seconds / 1e9, 100.0 * flops / seconds / 1e9 / sgemm,
                        pythonSeconds * 1e3, pythonCpuPerImage * 1e3);
        }
        return 0;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "bench_dinov2: %s\n", e.what());
        return 1;
    }
}
