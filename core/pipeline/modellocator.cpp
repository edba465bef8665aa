#include "pipeline/modellocator.h"

#include "pipeline/pipelineerror.h"

#include <algorithm>
#include <cstdlib>
#include <system_error>

namespace dinosam {
namespace {

struct KnownModel
{
    const char *id;
    const char *file;
    const char *url;
};

// Meta's release names and URLs (facebookresearch/dinov2 hubconf, sam2 download_ckpts.sh).
constexpr KnownModel kDinoModels[] = {
    {"dinov2_vits14", "dinov2_vits14_pretrain.pth",
     "https://dl.fbaipublicfiles.com/dinov2/dinov2_vits14/dinov2_vits14_pretrain.pth"},
    {"dinov2_vits14_reg4", "dinov2_vits14_reg4_pretrain.pth",
     "https://dl.fbaipublicfiles.com/dinov2/dinov2_vits14/dinov2_vits14_reg4_pretrain.pth"},
    {"dinov2_vitb14", "dinov2_vitb14_pretrain.pth",
     "https://dl.fbaipublicfiles.com/dinov2/dinov2_vitb14/dinov2_vitb14_pretrain.pth"},
    {"dinov2_vitb14_reg4", "dinov2_vitb14_reg4_pretrain.pth",
     "https://dl.fbaipublicfiles.com/dinov2/dinov2_vitb14/dinov2_vitb14_reg4_pretrain.pth"},
    {"dinov2_vitl14", "dinov2_vitl14_pretrain.pth",
     "https://dl.fbaipublicfiles.com/dinov2/dinov2_vitl14/dinov2_vitl14_pretrain.pth"},
    {"dinov2_vitl14_reg4", "dinov2_vitl14_reg4_pretrain.pth",
     "https://dl.fbaipublicfiles.com/dinov2/dinov2_vitl14/dinov2_vitl14_reg4_pretrain.pth"},
    {"dinov2_vitg14", "dinov2_vitg14_pretrain.pth",
     "https://dl.fbaipublicfiles.com/dinov2/dinov2_vitg14/dinov2_vitg14_pretrain.pth"},
    {"dinov2_vitg14_reg4", "dinov2_vitg14_reg4_pretrain.pth",
     "https://dl.fbaipublicfiles.com/dinov2/dinov2_vitg14/dinov2_vitg14_reg4_pretrain.pth"},
};

constexpr KnownModel kSam2Models[] = {
    {"sam2.1_hiera_tiny", "sam2.1_hiera_tiny.pt",
     "https://dl.fbaipublicfiles.com/segment_anything_2/092824/sam2.1_hiera_tiny.pt"},
    {"sam2.1_hiera_small", "sam2.1_hiera_small.pt",
     "https://dl.fbaipublicfiles.com/segment_anything_2/092824/sam2.1_hiera_small.pt"},
    {"sam2.1_hiera_base_plus", "sam2.1_hiera_base_plus.pt",
     "https://dl.fbaipublicfiles.com/segment_anything_2/092824/sam2.1_hiera_base_plus.pt"},
    {"sam2.1_hiera_large", "sam2.1_hiera_large.pt",
     "https://dl.fbaipublicfiles.com/segment_anything_2/092824/sam2.1_hiera_large.pt"},
    {"sam2_hiera_tiny", "sam2_hiera_tiny.pt",
     "https://dl.fbaipublicfiles.com/segment_anything_2/072824/sam2_hiera_tiny.pt"},
    {"sam2_hiera_small", "sam2_hiera_small.pt",
     "https://dl.fbaipublicfiles.com/segment_anything_2/072824/sam2_hiera_small.pt"},
    {"sam2_hiera_base_plus", "sam2_hiera_base_plus.pt",
     "https://dl.fbaipublicfiles.com/segment_anything_2/072824/sam2_hiera_base_plus.pt"},
    {"sam2_hiera_large", "sam2_hiera_large.pt",
     "https://dl.fbaipublicfiles.com/segment_anything_2/072824/sam2_hiera_large.pt"},
};

const KnownModel *findModel(const std::string &id)
{
    for (const auto &m : kDinoModels)
        if (id == m.id)
            return &m;
    for (const auto &m : kSam2Models)
        if (id == m.id)
            return &m;
    return nullptr;
}

std::string knownIds()
{
    std::string s;
    for (const auto &m : kDinoModels)
        s += std::string(s.empty() ? "" : ", ") + m.id;
    for (const auto &m : kSam2Models)
        s += std::string(", ") + m.id;
    return s;
}

std::filesystem::path envPath(const char *name)
{
    const char *v = std::getenv(name);
    return (v && *v) ? std::filesystem::path(v) : std::filesystem::path();
}

bool isRegularFile(const std::filesystem::path &p)
{
    std::error_code ec;
    return std::filesystem::is_regular_file(p, ec);
}

} // namespace

ModelLocator::ModelLocator(std::filesystem::path modelDir) : m_modelDir(std::move(modelDir)) {}

std::string ModelLocator::checkpointFileName(const std::string &modelId)
{
    if (const KnownModel *m = findModel(modelId))
        return m->file;
    throw PipelineError(PipelineError::Kind::InvalidArgument,
                        "unknown model '" + modelId + "' (known: " + knownIds() + ")");
}

std::string ModelLocator::downloadUrl(const std::string &modelId)
{
    const KnownModel *m = findModel(modelId);
    return m ? m->url : std::string();
}

bool ModelLocator::isDinoModel(const std::string &modelId)
{
    return std::any_of(std::begin(kDinoModels), std::end(kDinoModels),
                       [&](const KnownModel &m) { return modelId == m.id; });
}

bool ModelLocator::isSam2Model(const std::string &modelId)
{
    return std::any_of(std::begin(kSam2Models), std::end(kSam2Models),
                       [&](const KnownModel &m) { return modelId == m.id; });
}

std::vector<std::string> ModelLocator::dinoModels()
{
    std::vector<std::string> ids;
    for (const auto &m : kDinoModels)
        ids.emplace_back(m.id);
    return ids;
}

std::vector<std::string> ModelLocator::sam2Models()
{
    std::vector<std::string> ids;
    for (const auto &m : kSam2Models)
        ids.emplace_back(m.id);
    return ids;
}

std::filesystem::path ModelLocator::userModelDir()
{
#ifdef _WIN32
    if (auto local = envPath("LOCALAPPDATA"); !local.empty())
        return local / "dinosam" / "models";
#endif
    if (auto xdg = envPath("XDG_CACHE_HOME"); !xdg.empty())
        return xdg / "dinosam" / "models";
    if (auto home = envPath("HOME"); !home.empty())
        return home / ".cache" / "dinosam" / "models";
    return std::filesystem::path(".cache") / "dinosam" / "models";
}

std::vector<std::filesystem::path> ModelLocator::searchDirs() const
{
    std::vector<std::filesystem::path> dirs;
    if (!m_modelDir.empty())
        dirs.push_back(m_modelDir);
    if (auto env = envPath("DINOSAM_MODEL_DIR"); !env.empty())
        dirs.push_back(env);
    dirs.push_back(userModelDir());
    return dirs;
}

std::filesystem::path ModelLocator::resolve(const std::string &modelId,
                                            const std::filesystem::path &explicitPath) const
{
    const std::string file = checkpointFileName(modelId); // throws for unknown ids
    const std::string howToGet = "Get it with `dinosam models download " + modelId + "` or download " +
                                 downloadUrl(modelId) + " into one of those folders (or pass the file with --" +
                                 (isDinoModel(modelId) ? "dino" : "sam2") + "-checkpoint).";
    if (!explicitPath.empty()) {
        if (isRegularFile(explicitPath))
            return explicitPath;
        throw PipelineError(PipelineError::Kind::ModelMissing,
                            "checkpoint for model '" + modelId + "' not found: " + explicitPath.string() +
                                " does not exist or is not a file");
    }
    std::string looked;
    for (const auto &dir : searchDirs()) {
        const auto candidate = dir / file;
        if (isRegularFile(candidate))
            return candidate;
        looked += "\n  " + candidate.string();
    }
    throw PipelineError(PipelineError::Kind::ModelMissing,
                        "model '" + modelId + "' needs the checkpoint file " + file + ", looked for:" + looked +
                            "\n" + howToGet);
}

} // namespace dinosam
