#include "models/sam2/sam2config.h"

#include "models/catalog/modelcatalog.h"

#include <stdexcept>

namespace dinosam::sam2 {

std::vector<int64_t> HieraConfig::stageDims() const
{
    std::vector<int64_t> dims;
    double dim = double(embedDim);
    for (size_t i = 0; i < stages.size(); ++i) {
        dims.push_back(int64_t(dim));
        dim *= dimMul;
    }
    return dims;
}

std::vector<int64_t> Sam2Config::backboneChannelList() const
{
    auto dims = trunk.stageDims();
    return {dims.rbegin(), dims.rend()};
}

namespace {

HieraConfig hiera(int64_t embedDim, int64_t numHeads, std::vector<int64_t> stages,
                  std::vector<int64_t> globalAtt, std::vector<int64_t> bkg, std::vector<int64_t> windowSpec)
{
    HieraConfig c;
    c.embedDim = embedDim;
    c.numHeads = numHeads;
    c.stages = std::move(stages);
    c.globalAttBlocks = std::move(globalAtt);
    c.windowPosEmbedBkgSpatialSize = std::move(bkg);
    c.windowSpec = std::move(windowSpec);
    return c;
}

std::vector<Sam2Config> buildCatalog()
{
    struct Arch
    {
        const char *architecture;
        HieraConfig trunk;
    };
    // Trunks as in sam2{,.1}_hiera_{t,s,b+,l}.yaml (base+ uses Hiera's defaults).
    const Arch arches[] = {
        {"hiera_t", hiera(96, 1, {1, 2, 7, 2}, {5, 7, 9}, {7, 7}, {8, 4, 14, 7})},
        {"hiera_s", hiera(96, 1, {1, 2, 11, 2}, {7, 10, 13}, {7, 7}, {8, 4, 14, 7})},
        {"hiera_b+", hiera(112, 2, {2, 3, 16, 3}, {12, 16, 20}, {14, 14}, {8, 4, 14, 7})},
        {"hiera_l", hiera(144, 2, {2, 6, 36, 4}, {23, 33, 43}, {7, 7}, {8, 4, 16, 8})},
    };
    // One config per SAM2 / SAM2.1 entry of the model catalogue.
    std::vector<Sam2Config> catalog;
    for (const ModelEntry &entry : ModelCatalog::all()) {
        if (!entry.isSam2())
            continue;
        const Arch *arch = nullptr;
        for (const Arch &a : arches)
            if (entry.architecture == a.architecture)
                arch = &a;
        if (!arch)
            throw std::logic_error("SAM2 architecture '" + entry.architecture + "' of " + entry.id + " has no config");
        Sam2Config c;
        c.id = entry.id;
        c.displayName = entry.displayName;
        c.checkpointFile = entry.fileName;
        c.url = ModelCatalog::url(entry);
        c.isSam21 = entry.family == ModelFamily::Sam21;
        c.trunk = arch->trunk;
        catalog.push_back(std::move(c));
    }
    return catalog;
}

} // namespace

const std::vector<Sam2Config> &sam2Catalog()
{
    static const std::vector<Sam2Config> catalog = buildCatalog();
    return catalog;
}

const Sam2Config &sam2Config(std::string_view id)
{
    std::string known;
    for (const auto &c : sam2Catalog()) {
        if (c.id == id)
            return c;
        known += (known.empty() ? "" : ", ") + c.id;
    }
    throw std::invalid_argument("unknown SAM2 model id '" + std::string(id) + "' (known: " + known + ")");
}

const std::vector<std::string> &sam2VideoOnlyPrefixes()
{
    // Everything of SAM2Base that the image predictor never runs. SAM2 (2.0)
    // files lack the last two; SAM2.1 files have them all.
    static const std::vector<std::string> prefixes = {
        "memory_attention.", "memory_encoder.", "maskmem_tpos_enc", "no_mem_pos_enc", "no_obj_ptr",
        "mask_downsample.",  "obj_ptr_proj.",   "no_obj_embed_spatial", "obj_ptr_tpos_proj.",
    };
    return prefixes;
}

} // namespace dinosam::sam2
