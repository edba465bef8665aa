#include "pipelineengine.h"

#include "pipeline/modellocator.h"
#include "pipeline/pipeline.h"

namespace dinosam::ui {

PipelineEngine::PipelineEngine() = default;
PipelineEngine::~PipelineEngine() = default;

EngineStatus PipelineEngine::status(const SegmentationParams &params) const
{
    EngineSettings settings;
    {
        std::lock_guard lock(m_mutex);
        settings = m_settings;
    }
    const ModelLocator locator(settings.modelDir);
    std::string message;
    for (const std::string &id : {params.dinoModel, params.sam2Model}) {
        std::filesystem::path explicitPath;
        for (const auto &[model, file] : settings.checkpoints)
            if (model == id)
                explicitPath = file;
        try {
            locator.resolve(id, explicitPath);
        } catch (const std::exception &e) {
            message += (message.empty() ? "" : "\n") + std::string(e.what());
        }
    }
    return {message.empty(), message};
}

EngineImage PipelineEngine::openImage(const std::string &path)
{
    const DecodedImage decoded = pipeline().image(ImageInput::fromFile(path));
    return {decoded.key, decoded.rgb};
}

std::vector<std::string> PipelineEngine::dinoModels() const
{
    return ModelLocator::dinoModels();
}

std::vector<std::string> PipelineEngine::sam2Models() const
{
    return ModelLocator::sam2Models();
}

void PipelineEngine::configure(const EngineSettings &settings)
{
    std::lock_guard lock(m_mutex);
    m_settings = settings;
    m_dirty = true;
}

Pipeline &PipelineEngine::pipeline()
{
    std::lock_guard lock(m_mutex);
    if (m_dirty || !m_pipeline) {
        PipelineConfig config;
        config.modelDir = m_settings.modelDir;
        for (const auto &[id, file] : m_settings.checkpoints)
            config.checkpoints[id] = file;
        config.threads = m_settings.threads;
        config.cacheBytes = m_settings.cacheBytes;
        m_pipeline.reset(); // release the old models before loading new ones
        m_pipeline = std::make_unique<Pipeline>(config);
        m_dirty = false;
    }
    return *m_pipeline;
}

SegmentationResult PipelineEngine::segment(const EngineImage &image, const std::string &name,
                                           const SegmentationParams &params,
                                           const ProgressFn &progress, const CancelFn &cancel)
{
    Pipeline &p = pipeline();
    RunControl control;
    if (progress)
        control.progress = [&progress](const PipelineProgress &pp) { progress(pp.overall, stageName(pp.stage)); };
    control.isCancelled = cancel;
    try {
        // The key finds the cached pixels; the pixels stand in if the cache evicted them.
        return p.run(ImageInput::fromMat(image.rgb, image.key, name), params, control);
    } catch (const Cancelled &) {
        throw EngineCancelled();
    }
}

SegmentedObject PipelineEngine::refine(const EngineImage &image, const SegmentationParams &params,
                                       const Prompt &prompt, const CancelFn &cancel)
{
    Pipeline &p = pipeline();
    RunControl control;
    control.isCancelled = cancel;
    try {
        return p.segmentWithPrompt(ImageInput::fromMat(image.rgb, image.key), prompt, params, control);
    } catch (const Cancelled &) {
        throw EngineCancelled();
    }
}

} // namespace dinosam::ui
