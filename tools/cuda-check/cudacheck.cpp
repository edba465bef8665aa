// CPU vs CUDA check of DinoSam's native models (not part of the project's build).
// Random weights (fixed seed), one synthetic image: DINOv2 run, SAM2 encode and
// predict (box, points, mask-only prompts), once on the CPU, then after moving the
// same models to CUDA; prints the largest differences. Exit 0: all within tolerance.
#include "models/catalog/modelcatalog.h"
#include "models/dinov2/dinov2model.h"
#include "models/sam2/sam2model.h"

#include <torch/cuda.h>
#include <torch/torch.h>

#include <cstdio>
#include <cstdlib>
#include <string>

using namespace dinosam;

namespace {
int failures = 0;

void compare(const char *what, const at::Tensor &cpu, const at::Tensor &gpu, double tol)
{
    const auto a = cpu.to(torch::kCPU, torch::kFloat);
    const auto b = gpu.to(torch::kCPU, torch::kFloat);
    const double diff = a.sizes() == b.sizes() ? (a - b).abs().max().item<double>() : 1e30;
    const double scale = a.abs().max().item<double>();
    const bool ok = diff <= tol * std::max(1.0, scale);
    failures += ok ? 0 : 1;
    std::printf("%-34s max|cpu-cuda| %.3g (max|cpu| %.3g) on %s %s\n", what, diff, scale, gpu.device().str().c_str(),
                ok ? "ok" : "FAIL");
}
} // namespace

int main()
{
    std::printf("LibTorch %s, CUDA available: %d, devices: %d\n", TORCH_VERSION, int(torch::cuda::is_available()),
                int(torch::cuda::device_count()));
    // CHECK_DEVICE=cpu: a dry run of this program itself on a machine without CUDA.
    const char *env = std::getenv("CHECK_DEVICE");
    const bool dry = env && std::string(env) == "cpu";
    if (!dry && !torch::cuda::is_available()) {
        std::printf("no CUDA: nothing to compare\n");
        return 2;
    }
    const c10::Device cuda = dry ? c10::Device(c10::kCPU) : c10::Device(c10::kCUDA, 0);
    torch::manual_seed(0);
    // A smooth synthetic RGB image, 480 x 640.
    auto yy = torch::linspace(0, 1, 480).view({480, 1, 1});
    auto xx = torch::linspace(0, 1, 640).view({1, 640, 1});
    auto rgb = (torch::cat({xx.expand({480, 640, 1}), yy.expand({480, 640, 1}),
                            (xx * yy).expand({480, 640, 1})}, 2) * 255).to(torch::kByte).contiguous();

    // DINOv2 (ViT-S/14 with registers), as TorchDinoEncoder runs it.
    {
        DinoV2Model model(dinoV2Config(ModelCatalog::defaultDinoModel()));
        {
            torch::NoGradGuard noGrad; // the constructor leaves some weights at zero: randomise all
            for (auto &p : model.module().parameters())
                p.normal_(0.0, 0.05);
        }
        const auto size = dinoV2InputSize(480, 640, 224);
        const auto cpu = model.runImage(rgb, size, true);
        {
            c10::InferenceMode inference; // as the pipeline moves it (inside its guarded calls)
            model.module().to(cuda);
        }
        const auto gpu = model.runImage(rgb.to(cuda), size, true);
        compare("dinov2 patchTokens", cpu.patchTokens, gpu.patchTokens, 1e-3);
        compare("dinov2 lastAttnCls", cpu.lastAttnCls, gpu.lastAttnCls, 1e-3);
        compare("dinov2 lastKeys", cpu.lastKeys, gpu.lastKeys, 1e-3);
    }
    // SAM2.1 tiny, as TorchSam2Engine runs it.
    {
        auto model = sam2::Sam2Model::createUntrained(ModelCatalog::defaultSam2Model());
        sam2::PromptBatch batch = sam2::PromptBatch::fromBoxes({{100, 80, 400, 300}, {10, 10, 200, 470}});
        batch.prompts.push_back(sam2::Prompt::fromPoint(320, 240));
        auto twoPoints = sam2::Prompt::fromPoint(100, 100);
        twoPoints.points.push_back({500, 400, 0});
        batch.prompts.push_back(twoPoints);
        const auto cpuFeat = model.encode(rgb);
        const auto cpuPred = model.predict(cpuFeat, batch, true);
        sam2::PromptBatch maskOnly;
        sam2::Prompt mp;
        mp.maskInput = cpuPred.lowResLogits[0][0];
        maskOnly.prompts.push_back(mp);
        const auto cpuMask = model.predict(cpuFeat, maskOnly, false);

        {
            c10::InferenceMode inference;
            model.to(cuda);
        }
        std::printf("sam2 device after to(): %s\n", model.device().str().c_str());
        const auto gpuFeat = model.encode(rgb); // a CPU input: encode uploads it
        compare("sam2 imageEmbed", cpuFeat.imageEmbed, gpuFeat.imageEmbed, 1e-3);
        compare("sam2 highResFeats[0]", cpuFeat.highResFeats[0], gpuFeat.highResFeats[0], 1e-3);
        compare("sam2 highResFeats[1]", cpuFeat.highResFeats[1], gpuFeat.highResFeats[1], 1e-3);
        try {
            const auto gpuPred = model.predict(gpuFeat, batch, true);
            compare("sam2 iouPredictions", cpuPred.iouPredictions, gpuPred.iouPredictions, 1e-3);
            compare("sam2 lowResLogits", cpuPred.lowResLogits, gpuPred.lowResLogits, 1e-2);
            const double maskDiff = (cpuPred.masks != gpuPred.masks.to(torch::kCPU)).to(torch::kFloat).mean().item<double>();
            std::printf("%-34s fraction of pixels differing %.2g %s\n", "sam2 masks", maskDiff,
                        maskDiff < 1e-3 ? "ok" : "FAIL");
            failures += maskDiff < 1e-3 ? 0 : 1;
            std::printf("sam2 prediction tensors on: %s\n", gpuPred.masks.device().str().c_str());
            const auto gpuMask = model.predict(gpuFeat, maskOnly, false);
            compare("sam2 mask-only iouPredictions", cpuMask.iouPredictions, gpuMask.iouPredictions, 1e-3);
        } catch (const std::exception &e) {
            std::printf("sam2 predict on CUDA failed: %s\n", e.what());
            ++failures;
        }
    }
    std::printf("%s (%d failures)\n", failures ? "FAILED" : "PASSED", failures);
    return failures ? 1 : 0;
}
