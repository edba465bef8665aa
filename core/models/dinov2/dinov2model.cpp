#include "models/dinov2/dinov2model.h"

#include "io/statedictloader.h"
#include "models/dinov2/dinovisiontransformer.h"

#include <torch/torch.h>

namespace dinosam {

struct DinoV2Model::Impl
{
    explicit Impl(const DinoV2Config &config)
        : vit(config)
    {
        vit->eval();
    }
    dinov2::DinoVisionTransformer vit;
};

DinoV2Model::DinoV2Model(const DinoV2Config &config)
    : m_impl(std::make_unique<Impl>(config))
{
}

DinoV2Model::DinoV2Model(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl))
{
}

DinoV2Model::DinoV2Model(DinoV2Model &&) noexcept = default;
DinoV2Model &DinoV2Model::operator=(DinoV2Model &&) noexcept = default;
DinoV2Model::~DinoV2Model() = default;

DinoV2Model DinoV2Model::load(const std::filesystem::path &checkpointPath, const std::string &modelName)
{
    const auto config = dinoV2Config(modelName); // throws for unknown names before reading anything
    CheckpointReadOptions options;
    options.floatingToFloat32 = true;
    const auto stateDict = readStateDict(checkpointPath, options);
    return fromStateDict(stateDict, config, checkpointPath.filename().string());
}

DinoV2Model DinoV2Model::fromStateDict(const TensorMap &stateDict, const DinoV2Config &config,
                                       const std::string &sourceName)
{
    auto impl = std::make_unique<Impl>(config);
    StateDictLoadOptions options;
    options.strict = true;
    options.sourceName = sourceName.empty() ? config.name : sourceName + " (" + config.name + ")";
    loadStateDict(*impl->vit, stateDict, options);
    return DinoV2Model(std::move(impl));
}

const DinoV2Config &DinoV2Model::config() const
{
    return m_impl->vit->config();
}

torch::nn::Module &DinoV2Model::module()
{
    return *m_impl->vit;
}

DinoV2Output DinoV2Model::run(const at::Tensor &input, bool withKeys) const
{
    c10::InferenceMode inferenceMode;
    auto features = m_impl->vit->forwardFeatures(input, withKeys);
    const int64_t registers = config().numRegisterTokens;
    DinoV2Output out;
    out.clsToken = features.xNorm.select(1, 0);                     // [B, C]
    out.registerTokens = features.xNorm.narrow(1, 1, registers);    // [B, R, C]
    out.patchTokens = features.xNorm.narrow(1, 1 + registers, features.gridH * features.gridW); // [B, h*w, C]
    out.lastAttnCls = std::move(features.clsAttention);
    out.lastKeys = std::move(features.keys);
    out.gridH = features.gridH;
    out.gridW = features.gridW;
    return out;
}

DinoV2Output DinoV2Model::runImage(const at::Tensor &rgbHwcUint8, const DinoV2InputSize &size, bool withKeys) const
{
    c10::InferenceMode inferenceMode;
    return run(dinoV2Preprocess(rgbHwcUint8, size, config().patchSize), withKeys);
}

} // namespace dinosam
