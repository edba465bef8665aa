#pragma once
// Test helpers for DINOv2: the official state-dict layout written out independently of
// the model code (from facebookresearch/dinov2 vision_transformer.py / layers/*.py), and
// random state dicts of that layout.
#include "io/checkpointreader.h"
#include "models/dinov2/dinov2config.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <map>
#include <string>
#include <vector>

namespace dinosam::test {

using ShapeMap = std::map<std::string, std::vector<int64_t>>;

/// Every key of Meta's state dict for `c` with its shape (block_chunks = 0 layout).
inline ShapeMap officialDinoV2Shapes(const DinoV2Config &c)
{
    const int64_t d = c.embedDim;
    const int64_t patches = (c.imgSize / c.patchSize) * (c.imgSize / c.patchSize);
    ShapeMap s;
    s["cls_token"] = {1, 1, d};
    s["pos_embed"] = {1, patches + 1, d};
    if (c.numRegisterTokens > 0)
        s["register_tokens"] = {1, c.numRegisterTokens, d};
    s["mask_token"] = {1, d};
    s["patch_embed.proj.weight"] = {d, 3, c.patchSize, c.patchSize};
    s["patch_embed.proj.bias"] = {d};
    // Mlp: int(d * 4); SwiGLUFFNFused: (int(4d * 2/3) + 7) // 8 * 8, written out by hand here.
    const int64_t mlpHidden = 4 * d;
    const int64_t swigluHidden = (mlpHidden * 2 / 3 + 7) / 8 * 8;
    for (int64_t i = 0; i < c.depth; ++i) {
        const std::string b = "blocks." + std::to_string(i) + ".";
        for (const char *norm : {"norm1", "norm2"}) {
            s[b + norm + ".weight"] = {d};
            s[b + norm + ".bias"] = {d};
        }
        s[b + "attn.qkv.weight"] = {3 * d, d};
        s[b + "attn.qkv.bias"] = {3 * d};
        s[b + "attn.proj.weight"] = {d, d};
        s[b + "attn.proj.bias"] = {d};
        s[b + "ls1.gamma"] = {d};
        s[b + "ls2.gamma"] = {d};
        if (c.ffnLayer == DinoV2FfnLayer::SwiGluFused) {
            s[b + "mlp.w12.weight"] = {2 * swigluHidden, d};
            s[b + "mlp.w12.bias"] = {2 * swigluHidden};
            s[b + "mlp.w3.weight"] = {d, swigluHidden};
            s[b + "mlp.w3.bias"] = {d};
        } else {
            s[b + "mlp.fc1.weight"] = {mlpHidden, d};
            s[b + "mlp.fc1.bias"] = {mlpHidden};
            s[b + "mlp.fc2.weight"] = {d, mlpHidden};
            s[b + "mlp.fc2.bias"] = {d};
        }
    }
    s["norm.weight"] = {d};
    s["norm.bias"] = {d};
    return s;
}

/// A seeded random state dict of the official layout: small weights so the network stays
/// well-conditioned, norms and LayerScale near their usual values.
inline TensorMap randomDinoV2StateDict(const DinoV2Config &c, uint64_t seed = 7)
{
    auto gen = at::make_generator<at::CPUGeneratorImpl>(seed);
    TensorMap sd;
    for (const auto &[name, shape] : officialDinoV2Shapes(c)) {
        auto t = at::empty(shape);
        const bool isNormWeight =
            name.ends_with("norm1.weight") || name.ends_with("norm2.weight") || name == "norm.weight";
        if (isNormWeight)
            t.uniform_(0.8, 1.2, gen);
        else if (name.ends_with("gamma"))
            t.uniform_(0.05, 0.2, gen);
        else
            t.uniform_(-0.05, 0.05, gen);
        sd.emplace(name, t);
    }
    return sd;
}

} // namespace dinosam::test
