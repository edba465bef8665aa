#include "pipelineengine.h"

#include "videorunner.h"

#include "models/catalog/modelcatalog.h"
#include "pipeline/modellocator.h"
#include "pipeline/pipeline.h"
#include "pipeline/similarity.h"
#include "io/checkpointerror.h"
#include "video/framereader.h"

#include <QtGlobal>

namespace dinosam::ui {

namespace {
/// The pipeline's error kinds as the UI's: a model problem is shown once, not per image.
ErrorKind kindOf(PipelineError::Kind kind)
{
    switch (kind) {
    case PipelineError::Kind::ModelMissing:
    case PipelineError::Kind::ModelInvalid:
        return ErrorKind::Model;
    case PipelineError::Kind::ImageUnreadable:
    case PipelineError::Kind::ImageTooLarge:
    case PipelineError::Kind::ImageTooSmall:
        return ErrorKind::Image;
    case PipelineError::Kind::NotCached:
    case PipelineError::Kind::InvalidArgument:
    case PipelineError::Kind::Internal:
        break;
    }
    return ErrorKind::Other;
}
/// A model not found, in the studio's terms (the welcome and Settings are the way to get it),
/// not the CLI's download commands and options.
std::string missingModelText(const std::string &id, const ModelLocator &locator)
{
    const ModelEntry *e = ModelCatalog::find(id);
    if (!e)
        return {};
    std::string text = e->displayName + " (" + id + ") is not installed: " + e->fileName +
                       (e->sizeBytes > 0 ? " (" + formatBytes(e->sizeBytes) + ")" : std::string()) + " is not in " +
                       locator.searchDirs().front().string() + ".";
    std::string others;
    for (const std::string &other : locator.installedAlternatives(id))
        others += (others.empty() ? "" : ", ") + other;
    if (!others.empty())
        text += " Installed and usable instead: " + others + ".";
    return text;
}

/// The GUI's query: one example object (a mask on an opened image).
SimilarityQuery oneExample(const EngineImage &example, const cv::Mat &mask)
{
    SimilarityQuery query;
    query.positives.push_back({ImageInput::fromMat(example.rgb, example.key), mask, std::nullopt});
    return query;
}

} // namespace

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
        std::string problem;
        try {
            locator.resolve(id, explicitPath);
        } catch (const PipelineError &e) {
            if (e.kind() == PipelineError::Kind::ModelMissing && explicitPath.empty())
                problem = missingModelText(id, locator);
            if (problem.empty())
                problem = e.what();
        } catch (const std::exception &e) {
            problem = e.what();
        }
        if (!problem.empty())
            message += (message.empty() ? "" : "\n") + problem;
    }
    return {message.empty(), message};
}

EngineImage PipelineEngine::openImage(const std::string &path)
{
    try {
        const DecodedImage decoded = pipeline().image(ImageInput::fromFile(path));
        return {decoded.key, decoded.rgb};
    } catch (const PipelineError &e) {
        throw EngineError(kindOf(e.kind()), e.what());
    }
}

std::vector<std::string> PipelineEngine::dinoModels() const
{
    return ModelLocator::dinoModels();
}

std::vector<std::string> PipelineEngine::sam2Models() const
{
    return ModelLocator::sam2Models();
}

PipelineCacheStats PipelineEngine::cacheStats()
{
    return pipeline().cacheStats();
}

std::string PipelineEngine::diskCacheProblem() const
{
    std::lock_guard lock(m_mutex);
    return m_diskCacheProblem;
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
        config.device = m_settings.useCuda ? ComputeDevice::Cuda : ComputeDevice::Cpu;
        if (m_settings.diskCache)
            config.diskCacheDir =
                m_settings.diskCacheDir.empty() ? defaultFeatureCacheDir() : std::filesystem::path(m_settings.diskCacheDir);
        config.diskCacheBytes = m_settings.diskCacheBytes;
        m_video.reset(); // it runs on the old pipeline
        m_pipeline.reset(); // release the old models before loading new ones
        m_diskCacheProblem.clear();
        try {
            try {
                m_pipeline = std::make_unique<Pipeline>(config);
            } catch (const PipelineError &e) {
                if (config.diskCacheDir.empty())
                    throw;
                // An unusable cache folder must not stop segmentation: run without it, say why.
                m_diskCacheProblem = e.what();
                qWarning("dinosam-studio: the disk feature cache is off: %s", e.what());
                config.diskCacheDir.clear();
                m_pipeline = std::make_unique<Pipeline>(config);
            }
        } catch (const PipelineError &e) {
            // No pipeline, no image can run (e.g. CUDA chosen without a device).
            throw EngineError(ErrorKind::Model, e.what());
        }
        m_config = std::make_unique<PipelineConfig>(config);
        m_dirty = false;
    }
    return *m_pipeline;
}

SegmentationResult PipelineEngine::segment(const EngineImage &image, const std::string &name,
                                           const SegmentationParams &params,
                                           const ProgressFn &progress, const CancelFn &cancel)
{
    RunControl control;
    if (progress)
        control.progress = [&progress](const PipelineProgress &pp) { progress(pp.overall, stageName(pp.stage)); };
    control.isCancelled = cancel;
    try {
        Pipeline &p = pipeline();
        // The key finds the cached pixels; the pixels stand in if the cache evicted them.
        return p.run(ImageInput::fromMat(image.rgb, image.key, name), params, control);
    } catch (const Cancelled &) {
        throw EngineCancelled();
    } catch (const PipelineError &e) {
        throw EngineError(kindOf(e.kind()), e.what());
    }
}

SegmentedObject PipelineEngine::refine(const EngineImage &image, const SegmentationParams &params,
                                       const Prompt &prompt, const CancelFn &cancel)
{
    RunControl control;
    control.isCancelled = cancel;
    try {
        Pipeline &p = pipeline();
        return p.segmentWithPrompt(ImageInput::fromMat(image.rgb, image.key), prompt, params, control);
    } catch (const Cancelled &) {
        throw EngineCancelled();
    } catch (const PipelineError &e) {
        throw EngineError(kindOf(e.kind()), e.what());
    }
}

SimilarityResult PipelineEngine::findSimilar(const EngineImage &target, const EngineImage &example,
                                             const cv::Mat &exampleMask, const SimilarityParams &params,
                                             const std::vector<cv::Mat> &existing, const CancelFn &cancel)
{
    RunControl control;
    control.isCancelled = cancel;
    try {
        return pipeline().findSimilar(ImageInput::fromMat(target.rgb, target.key), oneExample(example, exampleMask),
                                      params, existing, control);
    } catch (const Cancelled &) {
        throw EngineCancelled();
    } catch (const PipelineError &e) {
        throw EngineError(kindOf(e.kind()), e.what());
    }
}

bool PipelineEngine::speculateSimilar(const EngineImage &target, const EngineImage &example,
                                      const cv::Mat &exampleMask, const SimilarityParams &params,
                                      const std::vector<cv::Mat> &existing, const CancelFn &cancel)
{
    RunControl control;
    control.isCancelled = cancel;
    return pipeline()
        .speculateSimilar(ImageInput::fromMat(target.rgb, target.key), oneExample(example, exampleMask), params,
                          existing, control)
        .complete;
}

VideoReport PipelineEngine::runVideo(const VideoRequest &request, const SegmentationParams &params,
                                     const VideoFrameFn &frameTracked, const ProgressFn &progress,
                                     const CancelFn &cancel)
{
    try {
        Pipeline &p = pipeline();
        if (!m_video)
            m_video = std::make_unique<VideoRunner>(p, *m_config);
        return m_video->run(request, params, frameTracked, progress, cancel);
    } catch (const Cancelled &) {
        throw EngineCancelled();
    } catch (const PipelineError &e) {
        throw EngineError(kindOf(e.kind()), e.what());
    } catch (const CheckpointError &e) { // the SAM2 video model's file
        throw EngineError(ErrorKind::Model, e.what());
    } catch (const FrameReadError &e) {
        throw EngineError(ErrorKind::Image, e.what());
    }
}

bool PipelineEngine::speculate(const EngineImage &image, const SegmentationParams &params, const CancelFn &cancel)
{
    RunControl control;
    control.isCancelled = cancel;
    return pipeline().speculate(ImageInput::fromMat(image.rgb, image.key), params, control).complete;
}

} // namespace dinosam::ui
