#include "pipeline/torchbackend.h"

#include "pipeline/discoveryregionfinder.h"
#include "pipeline/diskfeaturecache.h"
#include "pipeline/modellocator.h"
#include "pipeline/pipelineerror.h"

#include "io/checkpointerror.h"
#include "io/checkpointreader.h"
#include "models/catalog/modelcatalog.h"
#include "models/dinov2/dinov2model.h"
#include "models/sam2/sam2model.h"

#include <ATen/ops/from_blob.h>
#include <c10/core/InferenceMode.h>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <torch/cuda.h>
#include <torch/nn/module.h>

#include <cstring>
#include <map>
#include <stdexcept>

namespace dinosam {
namespace {

/// The one conversion from the shared Prompt (box as x, y, w, h) to the model's input
/// (box as x0, y0, x1, y1; mask input as a [1, 256, 256] tensor).
sam2::Prompt toSam2Prompt(const Prompt &p)
{
    sam2::Prompt q;
    if (p.box)
        q.box = std::array<float, 4>{p.box->x, p.box->y, p.box->x + p.box->width, p.box->y + p.box->height};
    for (size_t i = 0; i < p.points.size(); ++i)
        q.points.push_back({p.points[i].x, p.points[i].y, i < p.labels.size() ? p.labels[i] : 1});
    if (!p.maskInput.empty()) {
        CV_Assert(p.maskInput.type() == CV_32F && p.maskInput.isContinuous());
        q.maskInput = at::from_blob(p.maskInput.data, {1, p.maskInput.rows, p.maskInput.cols}, at::kFloat)
                          .clone();
    }
    return q;
}

/// HWC uint8 tensor viewing (not copying) a continuous CV_8UC3 image.
at::Tensor viewRgb(const cv::Mat &rgb)
{
    CV_Assert(rgb.type() == CV_8UC3 && rgb.isContinuous());
    return at::from_blob(rgb.data, {rgb.rows, rgb.cols, 3}, at::kByte);
}

/// The LibTorch device for `device`. Asking for CUDA where there is none is refused at once,
/// rather than when the first tensor meets a missing device deep inside a model.
c10::Device torchDevice(ComputeDevice device)
{
    if (device == ComputeDevice::Cpu)
        return c10::Device(c10::kCPU);
    if (!torch::cuda::is_available())
        throw PipelineError(PipelineError::Kind::InvalidArgument,
                            "CUDA requested but this LibTorch build has no CUDA support or no CUDA device is "
                            "visible; run on the CPU instead");
    return c10::Device(c10::kCUDA, 0);
}

/// What the checkpoint at `path` actually is, when it is not `modelId`: " The file is
/// <display name> (<id>), not <display name>: choose it with --dino-model <id>." (the content
/// check of `dinosam models install`), so a file of another variant gets one clear line
/// instead of its missing and unexpected keys. Empty when it cannot tell.
std::string actualVariant(const std::string &modelId, const std::filesystem::path &path)
{
    try {
        TensorShapes shapes;
        for (const auto &[key, tensor] : readStateDict(path))
            shapes[key] = std::vector<int64_t>(tensor.sizes().begin(), tensor.sizes().end());
        const ModelEntry *wanted = ModelCatalog::find(modelId);
        const ModelEntry *actual = identifyCheckpoint(shapes);
        if (!wanted || !actual || actual == wanted)
            return {};
        const std::string is = "the file is " + actual->displayName + " (" + actual->id + "), not " + wanted->displayName;
        if (actual->isDino() != wanted->isDino())
            return is + ": it is a " + (actual->isDino() ? "DINOv2" : "SAM2") + " checkpoint (pass it with " +
                   (actual->isDino() ? "--dino-checkpoint" : "--sam2-checkpoint") + ")";
        return is + ": choose it with " + (actual->isDino() ? "--dino-model " : "--sam2-model ") + actual->id;
    } catch (...) {
        return {};
    }
}

/// Loading errors as the user should see them.
[[noreturn]] void rethrowLoadError(const std::string &modelId, const std::filesystem::path &path)
{
    const std::string prefix = "cannot load model '" + modelId + "' from " + path.string() + ": ";
    try {
        throw;
    } catch (const CheckpointError &e) {
        const std::string variant = actualVariant(modelId, path);
        throw PipelineError(PipelineError::Kind::ModelInvalid, prefix + (variant.empty() ? e.what() : variant));
    } catch (const std::invalid_argument &e) {
        throw PipelineError(PipelineError::Kind::ModelInvalid, prefix + e.what());
    }
}

class TorchDinoEncoder : public DinoEncoder
{
public:
    TorchDinoEncoder(DinoV2Model model, std::string id, c10::Device device)
        : m_model(std::move(model)), m_id(std::move(id)), m_device(device)
    {
        m_model.module().to(m_device);
    }

    std::shared_ptr<const DinoFeatures> encode(const cv::Mat &rgb, int inputSize) override
    {
        const cv::Mat image = rgb.isContinuous() ? rgb : rgb.clone();
        const auto size = dinoV2InputSize(image.rows, image.cols, inputSize);
        // Keys always: spectral discovery needs them, and they cost ~1% of the tokens' memory
        // per head dim, so one cached encoding serves both methods. The outputs stay on the
        // model's device: discovery copies what it reads to the CPU itself.
        DinoV2Output out = m_model.runImage(viewRgb(image).to(m_device), size, /*withKeys=*/true);
        auto f = std::make_shared<DinoFeatures>();
        f->modelId = m_id;
        f->imageSize = image.size();
        f->inputSize = cv::Size(int(size.width), int(size.height));
        f->gridH = int(out.gridH);
        f->gridW = int(out.gridW);
        f->numRegisters = int(out.registerTokens.defined() ? out.registerTokens.size(1) : 0);
        f->clsToken = out.clsToken;
        f->patchTokens = out.patchTokens;
        f->lastAttnCls = out.lastAttnCls;
        f->lastKeys = out.lastKeys;
        return f;
    }

private:
    DinoV2Model m_model;
    std::string m_id;
    c10::Device m_device;
};

class TorchSam2Engine : public Sam2Engine
{
public:
    TorchSam2Engine(sam2::Sam2Model model, std::string id, c10::Device device)
        : m_model(std::move(model)), m_id(std::move(id))
    {
        m_model.to(device);
    }

    std::shared_ptr<const Sam2Features> encode(const cv::Mat &rgb) override
    {
        const cv::Mat image = rgb.isContinuous() ? rgb : rgb.clone();
        sam2::ImageFeatures native = m_model.encode(viewRgb(image));
        auto f = std::make_shared<Sam2Features>();
        f->modelId = m_id;
        f->imageSize = image.size();
        f->imageEmbed = native.imageEmbed;
        f->highResFeat0 = native.highResFeats[0];
        f->highResFeat1 = native.highResFeats[1];
        return f;
    }

    std::vector<Sam2Mask> decode(const Sam2Features &features, const std::vector<Prompt> &prompts) override
    {
        return decodeImpl(features, prompts, /*multimask=*/false);
    }

    std::vector<Sam2Mask> decodeBestOfThree(const Sam2Features &features, const std::vector<Prompt> &prompts) override
    {
        return decodeImpl(features, prompts, /*multimask=*/true);
    }

private:
    std::vector<Sam2Mask> decodeImpl(const Sam2Features &features, const std::vector<Prompt> &prompts, bool multimask)
    {
        sam2::ImageFeatures native;
        native.imageEmbed = features.imageEmbed;
        native.highResFeats = {features.highResFeat0, features.highResFeat1};
        native.originalHeight = features.imageSize.height;
        native.originalWidth = features.imageSize.width;
        native.modelId = features.modelId;
        sam2::PromptBatch batch;
        for (const auto &p : prompts)
            batch.prompts.push_back(toSam2Prompt(p));
        // Low-res logits only: upsampling them with OpenCV (same bilinear, half-pixel
        // centres as postprocess_masks) and thresholding in one pass per mask is
        // several times faster than LibTorch's interpolate at 1800x1200.
        sam2::PredictOptions options;
        options.computeMasks = false;
        options.multimask = multimask;
        const sam2::Prediction pred = m_model.predict(native, batch, options);
        // Single mask: candidate 0. Three: the one with the best predicted IoU per prompt.
        const at::Tensor best = multimask ? pred.iouPredictions.argmax(1).contiguous() : at::Tensor();
        const at::Tensor logits = pred.lowResLogits.contiguous();   // [N, M, 256, 256], CPU
        const at::Tensor scores = pred.iouPredictions.contiguous(); // [N, M]
        std::vector<Sam2Mask> out(prompts.size());
        const cv::Size size = features.imageSize;
        for (size_t i = 0; i < prompts.size(); ++i) {
            const int64_t m = multimask ? best[int64_t(i)].item<int64_t>() : 0;
            const at::Tensor l = logits[int64_t(i)][m];
            const cv::Mat low(int(l.size(0)), int(l.size(1)), CV_32F, l.data_ptr<float>());
            cv::Mat up;
            cv::resize(low, up, size, 0, 0, cv::INTER_LINEAR);
            cv::compare(up, 0.0, out[i].mask, cv::CMP_GT); // 255 where logits > 0
            out[i].score = scores[int64_t(i)][m].item<float>();
        }
        return out;
    }

    sam2::Sam2Model m_model;
    std::string m_id;
};

class TorchBackend : public PipelineBackend
{
public:
    explicit TorchBackend(const PipelineConfig &config)
        : m_device(torchDevice(config.device)), m_checkpoints(config.checkpoints), m_locator(config.modelDir),
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
        m_dino = loadDino(modelId, path, m_device);
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
        m_sam = loadSam2(modelId, path, m_device);
        m_samId = modelId;
        return m_sam;
    }

    std::shared_ptr<RegionFinder> regionFinder() override { return m_regionFinder; }

    std::string modelTag(const std::string &modelId) override
    {
        auto &tag = m_tags[modelId];
        if (tag.empty()) {
            tag = DiskFeatureCache::checkpointTag(modelId, m_locator.resolve(modelId, explicitCheckpoint(modelId)));
            if (tag.empty())
                throw PipelineError(PipelineError::Kind::ModelMissing, "cannot read the checkpoint of " + modelId);
        }
        return tag;
    }

private:
    std::filesystem::path explicitCheckpoint(const std::string &modelId) const
    {
        const auto it = m_checkpoints.find(modelId);
        return it == m_checkpoints.end() ? std::filesystem::path() : it->second;
    }

    static std::shared_ptr<DinoEncoder> loadDino(const std::string &modelId, const std::filesystem::path &path,
                                                 c10::Device device)
    {
        try {
            return std::make_shared<TorchDinoEncoder>(DinoV2Model::load(path, modelId), modelId, device);
        } catch (const PipelineError &) {
            throw;
        } catch (...) {
            rethrowLoadError(modelId, path);
        }
    }

    static std::shared_ptr<Sam2Engine> loadSam2(const std::string &modelId, const std::filesystem::path &path,
                                                c10::Device device)
    {
        try {
            return std::make_shared<TorchSam2Engine>(sam2::Sam2Model::load(path, modelId), modelId, device);
        } catch (const PipelineError &) {
            throw;
        } catch (...) {
            rethrowLoadError(modelId, path);
        }
    }

    c10::Device m_device;
    std::map<std::string, std::filesystem::path> m_checkpoints;
    ModelLocator m_locator;
    std::shared_ptr<RegionFinder> m_regionFinder;
    std::map<std::string, std::string> m_tags; // model id -> modelTag()
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
