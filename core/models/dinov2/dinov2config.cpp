#include "models/dinov2/dinov2config.h"

#include <stdexcept>

namespace dinosam {

int64_t DinoV2Config::ffnHiddenDim() const
{
    const auto hidden = static_cast<int64_t>(static_cast<double>(embedDim) * mlpRatio);
    if (ffnLayer == DinoV2FfnLayer::SwiGluFused)
        return (static_cast<int64_t>(static_cast<double>(hidden) * 2.0 / 3.0) + 7) / 8 * 8;
    return hidden;
}

double DinoV2Config::forwardFlops(int64_t gridH, int64_t gridW) const
{
    const double c = double(embedDim);
    const double p = double(gridH * gridW);
    const double t = p + 1.0 + double(numRegisterTokens);
    const double h = double(ffnHiddenDim());
    const double patchEmbed = 2.0 * p * c * 3.0 * double(patchSize * patchSize);
    const double qkvProj = 2.0 * t * c * (3.0 * c + c);
    const double attention = 2.0 * 2.0 * t * t * c; // q k^T and attn v over all heads
    const double ffn = ffnLayer == DinoV2FfnLayer::SwiGluFused ? 2.0 * t * (c * 2.0 * h + h * c)
                                                               : 2.0 * t * (c * h + h * c);
    return patchEmbed + double(depth) * (qkvProj + attention + ffn);
}

const std::vector<DinoV2Config> &dinoV2Catalog()
{
    static const std::vector<DinoV2Config> catalog = [] {
        struct Arch
        {
            const char *letter;
            int64_t dim, depth, heads;
            DinoV2FfnLayer ffn;
        };
        const Arch arches[] = {{"s", 384, 12, 6, DinoV2FfnLayer::Mlp},
                               {"b", 768, 12, 12, DinoV2FfnLayer::Mlp},
                               {"l", 1024, 24, 16, DinoV2FfnLayer::Mlp},
                               {"g", 1536, 40, 24, DinoV2FfnLayer::SwiGluFused}};
        std::vector<DinoV2Config> list;
        for (const auto &arch : arches) {
            for (const bool registers : {false, true}) {
                DinoV2Config c;
                c.name = std::string("dinov2_vit") + arch.letter + "14" + (registers ? "_reg4" : "");
                c.embedDim = arch.dim;
                c.depth = arch.depth;
                c.numHeads = arch.heads;
                c.ffnLayer = arch.ffn;
                c.numRegisterTokens = registers ? 4 : 0;
                c.interpolateAntialias = registers;
                c.interpolateOffset = registers ? 0.0 : 0.1;
                c.checkpointFile = c.name + "_pretrain.pth";
                list.push_back(c);
            }
        }
        return list;
    }();
    return catalog;
}

DinoV2Config dinoV2Config(const std::string &name)
{
    std::string known;
    for (const auto &config : dinoV2Catalog()) {
        if (config.name == name)
            return config;
        known += (known.empty() ? "" : ", ") + config.name;
    }
    throw std::invalid_argument("Unknown DINOv2 model '" + name + "' (known: " + known + ")");
}

} // namespace dinosam
