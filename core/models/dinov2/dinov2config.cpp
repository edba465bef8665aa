#include "models/dinov2/dinov2config.h"

#include "models/catalog/modelcatalog.h"

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
    // One config per DINOv2 entry of the model catalogue; the hyper-parameters per
    // upstream builder (dinov2/models/vision_transformer.py vit_small/base/large/giant2).
    static const std::vector<DinoV2Config> catalog = [] {
        struct Arch
        {
            const char *architecture;
            int64_t dim, depth, heads;
            DinoV2FfnLayer ffn;
        };
        const Arch arches[] = {{"vit_small", 384, 12, 6, DinoV2FfnLayer::Mlp},
                               {"vit_base", 768, 12, 12, DinoV2FfnLayer::Mlp},
                               {"vit_large", 1024, 24, 16, DinoV2FfnLayer::Mlp},
                               {"vit_giant2", 1536, 40, 24, DinoV2FfnLayer::SwiGluFused}};
        std::vector<DinoV2Config> list;
        for (const ModelEntry &entry : ModelCatalog::all()) {
            if (!entry.isDino())
                continue;
            const Arch *arch = nullptr;
            for (const Arch &a : arches)
                if (entry.architecture == a.architecture)
                    arch = &a;
            if (!arch)
                throw std::logic_error("DINOv2 architecture '" + entry.architecture + "' of " + entry.id +
                                       " has no config");
            const bool registers = entry.registers > 0;
            DinoV2Config c;
            c.name = entry.id;
            c.embedDim = arch->dim;
            c.depth = arch->depth;
            c.numHeads = arch->heads;
            c.ffnLayer = arch->ffn;
            c.numRegisterTokens = entry.registers;
            // The hub builds register models with antialias=True, offset 0.0; the others
            // with antialias=False, offset 0.1.
            c.interpolateAntialias = registers;
            c.interpolateOffset = registers ? 0.0 : 0.1;
            c.checkpointFile = entry.fileName;
            list.push_back(c);
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
