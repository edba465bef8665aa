#include "pipeline/modellocator.h"

#include "models/catalog/modelcatalog.h"
#include "models/catalog/modelfolders.h"
#include "models/catalog/verifiedstamp.h"
#include "pipeline/pipelineerror.h"

#include <system_error>

namespace dinosam {
namespace {

bool isRegularFile(const std::filesystem::path &p)
{
    std::error_code ec;
    return std::filesystem::is_regular_file(p, ec);
}

const ModelEntry &entryOf(const std::string &modelId)
{
    if (const ModelEntry *e = ModelCatalog::find(modelId))
        return *e;
    throw PipelineError(PipelineError::Kind::InvalidArgument,
                        "unknown model '" + modelId + "' (known: " + ModelCatalog::knownIds() + ")");
}

} // namespace

ModelLocator::ModelLocator(std::filesystem::path modelDir) : m_modelDir(std::move(modelDir)) {}

std::string ModelLocator::checkpointFileName(const std::string &modelId)
{
    return entryOf(modelId).fileName;
}

std::string ModelLocator::downloadUrl(const std::string &modelId)
{
    const ModelEntry *e = ModelCatalog::find(modelId);
    return e ? ModelCatalog::url(*e) : std::string();
}

bool ModelLocator::isDinoModel(const std::string &modelId)
{
    const ModelEntry *e = ModelCatalog::find(modelId);
    return e && e->isDino();
}

bool ModelLocator::isSam2Model(const std::string &modelId)
{
    const ModelEntry *e = ModelCatalog::find(modelId);
    return e && e->isSam2();
}

std::vector<std::string> ModelLocator::dinoModels()
{
    return ModelCatalog::dinoIds();
}

std::vector<std::string> ModelLocator::sam2Models()
{
    return ModelCatalog::sam2Ids();
}

std::filesystem::path ModelLocator::userModelDir()
{
    return dinosam::userModelDir();
}

std::vector<std::filesystem::path> ModelLocator::searchDirs() const
{
    return modelSearchDirs(m_modelDir);
}

std::filesystem::path ModelLocator::locate(const std::string &modelId) const
{
    const std::string file = checkpointFileName(modelId); // throws for unknown ids
    for (const auto &dir : searchDirs())
        if (isRegularFile(dir / file))
            return dir / file;
    return {};
}

std::vector<std::string> ModelLocator::installedAlternatives(const std::string &modelId) const
{
    const ModelEntry &wanted = entryOf(modelId);
    std::vector<std::string> found;
    for (const ModelEntry &e : ModelCatalog::all())
        if (e.id != modelId && e.isDino() == wanted.isDino() && !locate(e.id).empty())
            found.push_back(e.id);
    return found;
}

std::filesystem::path ModelLocator::resolve(const std::string &modelId,
                                            const std::filesystem::path &explicitPath) const
{
    const ModelEntry &entry = entryOf(modelId);
    const std::string option = entry.isDino() ? "--dino-checkpoint" : "--sam2-checkpoint";
    if (!explicitPath.empty()) {
        if (isRegularFile(explicitPath))
            return explicitPath;
        throw PipelineError(PipelineError::Kind::ModelMissing,
                            "checkpoint for model '" + modelId + "' not found: " + explicitPath.string() +
                                " does not exist or is not a file");
    }
    if (const auto found = locate(modelId); !found.empty()) {
        const HashCheck check = verifyInstalledFile(found, entry.sha256, entry.sizeBytes, entry.id);
        if (check.ok)
            return found;
        throw PipelineError(PipelineError::Kind::ModelInvalid,
                            found.string() + " is not the official " + entry.displayName + " file. " + check.message +
                                ".\nReplace it with `dinosam models download " + modelId +
                                "`, install your own checkpoint with `dinosam models install FILE --as " + modelId +
                                " --own`, or pass it with " + option + ".");
    }
    std::string looked;
    for (const auto &dir : searchDirs())
        looked += "\n  " + (dir / entry.fileName).string();
    std::string message = "model '" + modelId + "' needs the checkpoint file " + entry.fileName + " (" +
                          entry.displayName + ", " +
                          (entry.sizeBytes > 0 ? formatBytes(entry.sizeBytes) : std::string("size unconfirmed")) +
                          "), looked for:" + looked + "\nGet it with `dinosam models download " + modelId +
                          "`, or download " + ModelCatalog::url(entry) +
                          " and run `dinosam models install FILE` (or pass the file with " + option + ").";
    const auto alternatives = installedAlternatives(modelId);
    if (!alternatives.empty()) {
        std::string list;
        for (const auto &id : alternatives)
            list += (list.empty() ? "" : ", ") + id;
        message += "\nInstalled and usable instead: " + list + " (choose it with --" +
                   (entry.isDino() ? "dino" : "sam2") + "-model " + alternatives.front() + ").";
    }
    throw PipelineError(PipelineError::Kind::ModelMissing, message);
}

} // namespace dinosam
