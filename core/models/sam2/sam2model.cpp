// SAM2ImagePredictor (sam2/sam2_image_predictor.py, utils/transforms.py; Meta, Apache-2.0) in LibTorch.
#include "models/sam2/sam2model.h"

#include "io/checkpointerror.h"
#include "io/statedictloader.h"
#include "models/common/imagepreprocess.h"
#include "models/sam2/sam2base.h"

#include <torch/torch.h>

#include <map>
#include <stdexcept>
#include <tuple>

namespace dinosam::sam2 {

namespace F = torch::nn::functional;

size_t ImageFeatures::byteSize() const
{
    size_t bytes = 0;
    for (const auto *t : {&imageEmbed, &highResFeats[0], &highResFeats[1]})
        if (t->defined())
            bytes += t->numel() * t->element_size();
    return bytes;
}

Prompt Prompt::fromBox(float x0, float y0, float x1, float y1)
{
    Prompt p;
    p.box = std::array<float, 4>{x0, y0, x1, y1};
    return p;
}

Prompt Prompt::fromPoint(float x, float y, int label)
{
    Prompt p;
    p.points.push_back({x, y, label});
    return p;
}

PromptBatch PromptBatch::fromBoxes(const std::vector<std::array<float, 4>> &boxes)
{
    PromptBatch batch;
    for (const auto &b : boxes)
        batch.prompts.push_back(Prompt::fromBox(b[0], b[1], b[2], b[3]));
    return batch;
}

struct Sam2Model::Impl
{
    explicit Impl(const Sam2Config &c) : config(c), model(c)
    {
        for (auto &p : model->parameters())
            p.set_requires_grad(false);
        model->eval();
    }
    void afterLoad()
    {
        c10::InferenceMode guard;
        model->imageEncoder()->trunk()->clearCache();
        densePe = model->promptEncoder()->denseEncoding().contiguous();
    }

    Sam2Config config;
    Sam2Base model;
    at::Tensor densePe; // [1, C, 64, 64], on the weights' device
    c10::Device device = c10::kCPU;
};

Sam2Model::Sam2Model(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Sam2Model::Sam2Model(Sam2Model &&) noexcept = default;
Sam2Model &Sam2Model::operator=(Sam2Model &&) noexcept = default;
Sam2Model::~Sam2Model() = default;

const Sam2Config &Sam2Model::config() const
{
    return m_impl->config;
}

void Sam2Model::to(const c10::Device &device)
{
    m_impl->model->to(device);
    m_impl->afterLoad(); // the trunk's position cache and the dense PE, rebuilt on the new device
    m_impl->device = m_impl->densePe.device(); // concrete: "cuda" becomes "cuda:0"
}

c10::Device Sam2Model::device() const
{
    return m_impl->device;
}

Sam2Model Sam2Model::load(const std::filesystem::path &checkpoint, std::string_view modelId)
{
    const auto &config = sam2Config(modelId); // unknown id: fail before reading 100s of MB
    CheckpointReadOptions options;
    options.floatingToFloat32 = true;
    return fromStateDict(readStateDict(checkpoint, options), config.id, checkpoint.filename().string());
}

Sam2Model Sam2Model::fromStateDict(const TensorMap &stateDict, std::string_view modelId, const std::string &sourceName)
{
    const auto &config = sam2Config(modelId);
    // SAM2 and SAM2.1 share the image predictor's keys; SAM2.1's configs add
    // no_obj_embed_spatial (skipped here as video-only), which tells the files apart.
    const bool isSam21File = stateDict.count("no_obj_embed_spatial") > 0;
    if (isSam21File != config.isSam21)
        throw CheckpointError("Checkpoint " + (sourceName.empty() ? std::string("(state dict)") : sourceName) +
                              " is a " + (isSam21File ? "SAM2.1" : "SAM2") + " checkpoint (it " +
                              (isSam21File ? "has" : "lacks") + " no_obj_embed_spatial), not " + config.displayName);
    auto impl = std::make_unique<Impl>(config);
    StateDictLoadOptions options;
    options.ignoredPrefixes = sam2VideoOnlyPrefixes();
    options.strict = true;
    options.sourceName = sourceName;
    loadStateDict(*impl->model, stateDict, options);
    impl->afterLoad();
    return Sam2Model(std::move(impl));
}

Sam2Model Sam2Model::createUntrained(std::string_view modelId)
{
    auto impl = std::make_unique<Impl>(sam2Config(modelId));
    impl->afterLoad();
    return Sam2Model(std::move(impl));
}

at::Tensor Sam2Model::preprocess(const at::Tensor &rgbHwcUint8, int64_t imageSize)
{
    c10::InferenceMode guard;
    return resizeAndNormalize(rgbHwcUint8, imageSize, imageSize);
}

ImageFeatures Sam2Model::encode(const at::Tensor &rgbHwcUint8) const
{
    c10::InferenceMode guard;
    // Uploaded as uint8 (a quarter of the float input's bytes), resized on the device.
    const auto input = resizeAndNormalize(rgbHwcUint8.to(m_impl->device), m_impl->config.imageSize,
                                          m_impl->config.imageSize);
    return encodeInput(input, rgbHwcUint8.size(0), rgbHwcUint8.size(1));
}

ImageFeatures Sam2Model::encodeInput(const at::Tensor &input, int64_t originalHeight, int64_t originalWidth) const
{
    const int64_t size = m_impl->config.imageSize;
    if (input.dim() != 4 || input.size(0) != 1 || input.size(1) != 3 || input.size(2) != size ||
        input.size(3) != size)
        throw std::invalid_argument("SAM2 encodeInput expects a [1, 3, " + std::to_string(size) + ", " +
                                    std::to_string(size) + "] tensor");
    if (originalHeight < 1 || originalWidth < 1)
        throw std::invalid_argument("SAM2 encodeInput needs the original image size");
    c10::InferenceMode guard;
    auto encoded = m_impl->model->encodeImage(input.to(m_impl->device, torch::kFloat32).contiguous());
    ImageFeatures features;
    features.imageEmbed = encoded.imageEmbed;
    features.highResFeats = encoded.highResFeats;
    features.originalHeight = originalHeight;
    features.originalWidth = originalWidth;
    features.modelId = m_impl->config.id;
    return features;
}

Prediction Sam2Model::predict(const ImageFeatures &features, const PromptBatch &prompts, bool multimask) const
{
    PredictOptions options;
    options.multimask = multimask;
    return predict(features, prompts, options);
}

namespace {

/// Prompts that can share one decoder batch: same box presence, point count, mask presence.
using PromptShape = std::tuple<bool, size_t, bool>;

PromptShape shapeOf(const Prompt &p)
{
    return {p.box.has_value(), p.points.size(), p.maskInput.defined()};
}

} // namespace

Prediction Sam2Model::predict(const ImageFeatures &features, const PromptBatch &batch,
                              const PredictOptions &options) const
{
    const auto &config = m_impl->config;
    if (!features.isValid())
        throw std::invalid_argument("SAM2 predict: the image features are empty");
    if (features.modelId != config.id)
        throw std::invalid_argument("SAM2 predict: features of '" + features.modelId + "' given to '" + config.id +
                                    "'");
    const c10::Device device = m_impl->device; // prompts go there, results come back to the CPU
    if (features.imageEmbed.device() != device)
        throw std::invalid_argument("SAM2 predict: features on " + features.imageEmbed.device().str() +
                                    ", model on " + device.str());
    c10::InferenceMode guard;
    const int64_t n = int64_t(batch.size());
    const int64_t m = options.multimask ? config.numMultimaskOutputs : 1;
    const int64_t lowRes = config.embeddingSize() * 4;
    const int64_t origH = features.originalHeight, origW = features.originalWidth;

    Prediction out;
    out.iouPredictions = torch::empty({n, m});
    out.lowResLogits = torch::empty({n, m, lowRes, lowRes});
    out.objectScoreLogits = torch::empty({n, 1});
    if (options.computeMasks)
        out.masks = torch::empty({n, m, origH, origW}, torch::kBool);
    if (n == 0)
        return out;

    const std::array<at::Tensor, 2> &highRes = features.highResFeats;

    std::map<PromptShape, std::vector<int64_t>> groups;
    for (int64_t i = 0; i < n; ++i) {
        const auto &p = batch.prompts[size_t(i)];
        if (!p.box && p.points.empty() && !p.maskInput.defined())
            throw std::invalid_argument("SAM2 predict: prompt " + std::to_string(i) + " is empty");
        groups[shapeOf(p)].push_back(i);
    }

    const float scaleX = float(config.imageSize), scaleY = float(config.imageSize);
    for (const auto &[shape, allIndices] : groups) {
        const auto [hasBox, numPoints, hasMask] = shape;
        const int64_t chunk = std::max<int64_t>(1, options.maxBatch);
        for (size_t start = 0; start < allIndices.size(); start += size_t(chunk)) {
            const std::vector<int64_t> indices(allIndices.begin() + long(start),
                                               allIndices.begin() + long(std::min(allIndices.size(), start + size_t(chunk))));
            const int64_t b = int64_t(indices.size());
            const int64_t numCoords = (hasBox ? 2 : 0) + int64_t(numPoints);

            // Box corners first (labels 2, 3), then the points, as SAM2ImagePredictor._predict().
            at::Tensor coords, labels, masks;
            if (numCoords > 0) {
                coords = torch::empty({b, numCoords, 2});
                labels = torch::empty({b, numCoords}, torch::kLong);
                auto c = coords.accessor<float, 3>();
                auto l = labels.accessor<int64_t, 2>();
                for (int64_t j = 0; j < b; ++j) {
                    const auto &p = batch.prompts[size_t(indices[size_t(j)])];
                    int64_t k = 0;
                    if (hasBox) {
                        const auto &bx = *p.box;
                        c[j][0][0] = bx[0], c[j][0][1] = bx[1], l[j][0] = 2;
                        c[j][1][0] = bx[2], c[j][1][1] = bx[3], l[j][1] = 3;
                        k = 2;
                    }
                    for (const auto &pt : p.points) {
                        if (pt.label != 0 && pt.label != 1)
                            throw std::invalid_argument("SAM2 predict: point labels must be 0 or 1");
                        c[j][k][0] = pt.x, c[j][k][1] = pt.y, l[j][k] = pt.label;
                        ++k;
                    }
                }
                // transform_coords(normalize=True): x / w * 1024, y / h * 1024 (float32, same order).
                coords.select(2, 0).div_(float(origW)).mul_(scaleX);
                coords.select(2, 1).div_(float(origH)).mul_(scaleY);
                coords = coords.to(device);
                labels = labels.to(device);
            }
            if (hasMask) {
                std::vector<at::Tensor> list;
                for (int64_t idx : indices) {
                    auto mi = batch.prompts[size_t(idx)].maskInput.to(torch::kFloat32);
                    if (mi.dim() == 2)
                        mi = mi.unsqueeze(0);
                    if (mi.dim() != 3 || mi.size(0) != 1 || mi.size(1) != lowRes || mi.size(2) != lowRes)
                        throw std::invalid_argument("SAM2 predict: maskInput must be [1, 256, 256] logits");
                    list.push_back(mi);
                }
                masks = torch::stack(list, 0).to(device); // [B, 1, 256, 256]
            }

            auto emb = m_impl->model->promptEncoder()->forward(coords, labels, masks, /*pad=*/true);
            auto dec = m_impl->model->maskDecoder()->forward(features.imageEmbed, m_impl->densePe, emb.sparse,
                                                             emb.dense, options.multimask, highRes,
                                                             options.dynamicMultimaskViaStability);

            const auto index = torch::tensor(indices, torch::kLong);
            out.iouPredictions.index_copy_(0, index, dec.iouPred.to(torch::kCPU));
            out.objectScoreLogits.index_copy_(0, index, dec.objectScoreLogits.to(torch::kCPU));
            out.lowResLogits.index_copy_(0, index, dec.masks.clamp(-32.0, 32.0).to(torch::kCPU));
            if (options.computeMasks) {
                // postprocess_masks(): bilinear, align_corners=False, to the original size, then threshold.
                auto up = F::interpolate(dec.masks.contiguous(), F::InterpolateFuncOptions()
                                                                     .size(std::vector<int64_t>{origH, origW})
                                                                     .mode(torch::kBilinear)
                                                                     .align_corners(false));
                out.masks.index_copy_(0, index, up.gt(options.maskThreshold).to(torch::kCPU));
            }
        }
    }
    return out;
}

} // namespace dinosam::sam2
