#include "modelnames.h"

#include "errors.h"

#include "pipeline/modellocator.h"

#include <vector>

namespace dinosam::python {
namespace {

std::string joined(const std::vector<std::string> &ids)
{
    std::string s;
    for (const auto &id : ids)
        s += (s.empty() ? "" : ", ") + id;
    return s;
}

} // namespace

std::string knownDinoIds() { return joined(ModelLocator::dinoModels()); }
std::string knownSam2Ids() { return joined(ModelLocator::sam2Models()); }

std::string sam2IdFromConfig(const std::string &config)
{
    if (ModelLocator::isSam2Model(config))
        return config;
    // "configs/sam2.1/sam2.1_hiera_t.yaml" -> "sam2.1_hiera_t"
    std::string name = std::filesystem::path(config).filename().string();
    if (name.size() > 5 && name.compare(name.size() - 5, 5, ".yaml") == 0)
        name.resize(name.size() - 5);
    static const std::pair<const char *, const char *> kSizes[] = {
        {"t", "tiny"}, {"s", "small"}, {"b+", "base_plus"}, {"l", "large"}};
    for (const char *family : {"sam2.1_hiera_", "sam2_hiera_"}) {
        const std::string prefix = family;
        if (name.rfind(prefix, 0) != 0)
            continue;
        const std::string size = name.substr(prefix.size());
        for (const auto &[shortName, longName] : kSizes)
            if (size == shortName || size == longName)
                return prefix + longName;
    }
    throw BadArgument("unknown sam2_config '" + config +
                      "' (known: sam2_hiera_{t,s,b+,l}.yaml, sam2.1/sam2.1_hiera_{t,s,b+,l}.yaml, or an id: " +
                      knownSam2Ids() + ")");
}

std::string modelIdFromFileName(const std::filesystem::path &file, bool dino)
{
    const std::string name = file.filename().string();
    std::string best;
    for (const auto &id : dino ? ModelLocator::dinoModels() : ModelLocator::sam2Models())
        if (name.rfind(id, 0) == 0 && id.size() > best.size()) {
            // The id must end at a separator, so "sam2_hiera_t" never matches "sam2_hiera_tiny".
            const char next = name.size() > id.size() ? name[id.size()] : '.';
            if (next == '_' || next == '.' || next == '-')
                best = id;
        }
    return best;
}

std::string resolveDinoId(const std::optional<std::string> &name, const std::optional<std::filesystem::path> &checkpoint)
{
    if (name) {
        if (!ModelLocator::isDinoModel(*name))
            throw BadArgument("unknown DINOv2 model '" + *name + "' (known: " + knownDinoIds() + ")");
        return *name;
    }
    if (checkpoint)
        if (auto id = modelIdFromFileName(*checkpoint, true); !id.empty())
            return id;
    return kDefaultDinoModel;
}

std::string resolveSam2Id(const std::optional<std::string> &config,
                          const std::optional<std::filesystem::path> &checkpoint)
{
    if (config)
        return sam2IdFromConfig(*config);
    if (checkpoint)
        if (auto id = modelIdFromFileName(*checkpoint, false); !id.empty())
            return id;
    return kDefaultSam2Model;
}

} // namespace dinosam::python
