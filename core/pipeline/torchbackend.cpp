#include "pipeline/torchbackend.h"

#include "pipeline/discoveryregionfinder.h"
#include "pipeline/modellocator.h"
#include "pipeline/pipelineerror.h"

#include <map>

namespace dinosam {
namespace {

class TorchBackend : public PipelineBackend
{
public:
    explicit TorchBackend(const PipelineConfig &config)
        : m_checkpoints(config.checkpoints), m_locator(config.modelDir),
          m_regionFinder(std::make_shared<DiscoveryRegionFinder>())
    {
    }

    std::shared_ptr<DinoEncoder> dino(const std::string &modelId) override
    {
        if (m_dinoId == modelId && m_dino)
            return m_dino;
        if (!ModelLocator::isDinoModel(modelId))
            throw PipelineError(PipelineError::Kind::InvalidArgument, "'" + modelId + "' is not a DINOv2 model id");
        const auto path = m_locator.resolve(modelId, explicitCheckpoint(modelId));
        m_dino.reset(); // one DINOv2 at a time: free the old weights before loading new ones
        m_dino = loadDino(modelId, path);
        m_dinoId = modelId;
        return m_dino;
    }

    std::shared_ptr<Sam2Engine> sam2(const std::string &modelId) override
    {
        if (m_samId == modelId && m_sam)
            return m_sam;
        if (!ModelLocator::isSam2Model(modelId))
            throw PipelineError(PipelineError::Kind::InvalidArgument, "'" + modelId + "' is not a SAM2 model id");
        const auto path = m_locator.resolve(modelId, explicitCheckpoint(modelId));
        m_sam.reset();
        m_sam = loadSam2(modelId, path);
        m_samId = modelId;
        return m_sam;
    }

    std::shared_ptr<RegionFinder> regionFinder() override { return m_regionFinder; }

private:
    std::filesystem::path explicitCheckpoint(const std::string &modelId) const
    {
        const auto it = m_checkpoints.find(modelId);
        return it == m_checkpoints.end() ? std::filesystem::path() : it->second;
    }

    static std::shared_ptr<DinoEncoder> loadDino(const std::string &modelId, const std::filesystem::path &path)
    {
        throw PipelineError(PipelineError::Kind::Internal,
                            "this build has no DINOv2 model (core/models/dinov2); cannot load " + path.string());
    }

    static std::shared_ptr<Sam2Engine> loadSam2(const std::string &modelId, const std::filesystem::path &path)
    {
        throw PipelineError(PipelineError::Kind::Internal,
                            "this build has no SAM2 model (core/models/sam2); cannot load " + path.string());
    }

    std::map<std::string, std::filesystem::path> m_checkpoints;
    ModelLocator m_locator;
    std::shared_ptr<RegionFinder> m_regionFinder;
    std::string m_dinoId, m_samId;
    std::shared_ptr<DinoEncoder> m_dino;
    std::shared_ptr<Sam2Engine> m_sam;
};

} // namespace

std::shared_ptr<PipelineBackend> makeTorchBackend(const PipelineConfig &config)
{
    return std::make_shared<TorchBackend>(config);
}

} // namespace dinosam
