// SAM2VideoPredictor (sam2/sam2_video_predictor.py; Meta, Apache-2.0) in LibTorch.
#include "models/sam2/sam2videopredictor.h"

#include "io/statedictloader.h"

#include <torch/torch.h>

#include <limits>
#include <stdexcept>

namespace dinosam::sam2 {

namespace F = torch::nn::functional;

namespace {

at::Tensor bilinear(const at::Tensor &x, int64_t h, int64_t w, bool antialias = false)
{
    return F::interpolate(x, F::InterpolateFuncOptions()
                                 .size(std::vector<int64_t>{h, w})
                                 .mode(torch::kBilinear)
                                 .align_corners(false)
                                 .antialias(antialias));
}

void checkFrame(const Sam2VideoState &state, int64_t frameIdx)
{
    if (frameIdx < 0 || frameIdx >= state.numFrames)
        throw std::invalid_argument("SAM2 video: frame " + std::to_string(frameIdx) + " is out of range (0.." +
                                    std::to_string(state.numFrames - 1) + ")");
}

} // namespace

// ---------------------------------------------------------------- frame sources

at::Tensor sam2NormalizeFrame(const at::Tensor &rgbHwcUint8)
{
    if (rgbHwcUint8.dim() != 3 || rgbHwcUint8.size(2) != 3 || rgbHwcUint8.scalar_type() != torch::kUInt8)
        throw std::invalid_argument("SAM2 video: a frame must be RGB uint8 [H, W, 3]");
    c10::InferenceMode guard;
    // img_np / 255.0 in float64, stored into a float32 tensor, then -= mean, /= std in float32.
    auto img = (rgbHwcUint8.to(torch::kFloat64) / 255.0).to(torch::kFloat32).permute({2, 0, 1});
    const auto mean = torch::tensor({0.485f, 0.456f, 0.406f}).view({3, 1, 1});
    const auto std = torch::tensor({0.229f, 0.224f, 0.225f}).view({3, 1, 1});
    return ((img - mean) / std).unsqueeze(0).contiguous();
}

TensorFrameSource::TensorFrameSource(at::Tensor framesUint8, int64_t videoHeight, int64_t videoWidth)
    : m_frames(std::move(framesUint8)), m_height(videoHeight), m_width(videoWidth)
{
    if (m_frames.dim() != 4 || m_frames.size(3) != 3 || m_frames.scalar_type() != torch::kUInt8)
        throw std::invalid_argument("TensorFrameSource: frames must be uint8 [N, S, S, 3]");
    if (videoHeight < 1 || videoWidth < 1)
        throw std::invalid_argument("TensorFrameSource: the video size must be positive");
}

at::Tensor TensorFrameSource::modelInput(int64_t frameIdx)
{
    if (frameIdx < 0 || frameIdx >= m_frames.size(0))
        throw std::out_of_range("TensorFrameSource: no frame " + std::to_string(frameIdx));
    return sam2NormalizeFrame(m_frames[frameIdx]);
}

// ---------------------------------------------------------------- predictor

struct Sam2VideoPredictor::Impl
{
    explicit Impl(const Sam2Config &c) : config(c), model(c, sam2VideoConfigFor(c))
    {
        for (auto &p : model->parameters())
            p.set_requires_grad(false);
        model->eval();
    }
    void afterLoad()
    {
        c10::InferenceMode guard;
        model->imageEncoder()->trunk()->clearCache();
    }
    Sam2Config config;
    Sam2VideoBase model;
};

Sam2VideoPredictor::Sam2VideoPredictor(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Sam2VideoPredictor::Sam2VideoPredictor(Sam2VideoPredictor &&) noexcept = default;
Sam2VideoPredictor &Sam2VideoPredictor::operator=(Sam2VideoPredictor &&) noexcept = default;
Sam2VideoPredictor::~Sam2VideoPredictor() = default;

const Sam2Config &Sam2VideoPredictor::config() const
{
    return m_impl->config;
}

const Sam2VideoConfig &Sam2VideoPredictor::videoConfig() const
{
    return m_impl->model->videoConfig();
}

Sam2VideoBase &Sam2VideoPredictor::model()
{
    return m_impl->model;
}

Sam2VideoPredictor Sam2VideoPredictor::load(const std::filesystem::path &checkpoint, std::string_view modelId)
{
    const auto &config = sam2Config(modelId);
    CheckpointReadOptions options;
    options.floatingToFloat32 = true;
    return fromStateDict(readStateDict(checkpoint, options), config.id, checkpoint.filename().string());
}

Sam2VideoPredictor Sam2VideoPredictor::fromStateDict(const TensorMap &stateDict, std::string_view modelId,
                                                     const std::string &sourceName)
{
    auto impl = std::make_unique<Impl>(sam2Config(modelId));
    StateDictLoadOptions options;
    options.strict = true; // every key, the video-only ones included
    options.sourceName = sourceName;
    loadStateDict(*impl->model, stateDict, options);
    impl->afterLoad();
    return Sam2VideoPredictor(std::move(impl));
}

Sam2VideoPredictor Sam2VideoPredictor::createUntrained(std::string_view modelId)
{
    auto impl = std::make_unique<Impl>(sam2Config(modelId));
    impl->afterLoad();
    return Sam2VideoPredictor(std::move(impl));
}

Sam2VideoState Sam2VideoPredictor::initState(std::shared_ptr<Sam2FrameSource> source,
                                             bool addAllFramesToCorrectAsCond, size_t featureCacheFrames) const
{
    if (!source)
        throw std::invalid_argument("SAM2 video: no frame source");
    if (source->numFrames() < 1)
        throw std::invalid_argument("SAM2 video: the video has no frames");
    Sam2VideoState state;
    state.numFrames = source->numFrames();
    state.videoHeight = source->videoHeight();
    state.videoWidth = source->videoWidth();
    state.source = std::move(source);
    state.addAllFramesToCorrectAsCond = addAllFramesToCorrectAsCond;
    state.featureCacheFrames = std::max<size_t>(1, featureCacheFrames);
    return state;
}

const VideoFrameFeatures &Sam2VideoPredictor::frameFeatures(Sam2VideoState &state, int64_t frameIdx)
{
    checkFrame(state, frameIdx);
    auto &cache = state.featureCache;
    for (auto it = cache.begin(); it != cache.end(); ++it) {
        if (it->first == frameIdx) {
            cache.splice(cache.begin(), cache, it); // most recent first
            return cache.front().second;
        }
    }
    c10::InferenceMode guard;
    const auto device = m_impl->model->noMemEmbed().device();
    const auto input = state.source->modelInput(frameIdx).to(device, torch::kFloat32).contiguous();
    const int64_t size = m_impl->config.imageSize;
    if (input.dim() != 4 || input.size(0) != 1 || input.size(1) != 3 || input.size(2) != size || input.size(3) != size)
        throw std::runtime_error("SAM2 video: the frame source gave a frame of the wrong shape");
    cache.emplace_front(frameIdx, m_impl->model->encodeFrame(input));
    while (cache.size() > state.featureCacheFrames)
        cache.pop_back();
    return cache.front().second;
}

Sam2ObjectState &Sam2VideoPredictor::objectFor(Sam2VideoState &state, int64_t objId) const
{
    if (auto *obj = state.object(objId))
        return *obj;
    // New objects may be added at any time (objects are tracked independently).
    Sam2ObjectState obj;
    obj.objId = objId;
    state.objects.push_back(std::move(obj));
    return state.objects.back();
}

MemorySelection Sam2VideoPredictor::memorySelection(const Sam2VideoState &state, int64_t objId, int64_t frameIdx,
                                                    bool reverse) const
{
    const auto *obj = state.object(objId);
    if (!obj)
        throw std::invalid_argument("SAM2 video: unknown object " + std::to_string(objId));
    const auto &out = obj->output;
    return selectMemories(
        frameIdx, out.cond.keys(), [&](int64_t f) { return out.nonCond.count(f) > 0; }, state.numFrames, reverse,
        m_impl->model->videoConfig().memory);
}

namespace {

/// The tensors a selection refers to.
void gatherMemories(const Sam2OutputDict &out, const MemorySelection &sel, std::vector<SelectedMemory> &memories,
                    std::vector<SelectedPointer> &pointers)
{
    auto lookup = [&](int64_t frame, bool conditioning) -> const Sam2FrameOutput & {
        const Sam2FrameOutput *o = conditioning ? out.cond.find(frame) : nullptr;
        if (!conditioning) {
            const auto it = out.nonCond.find(frame);
            o = it == out.nonCond.end() ? nullptr : &it->second;
        }
        if (!o)
            throw std::logic_error("SAM2 video: selected memory of frame " + std::to_string(frame) + " is missing");
        return *o;
    };
    for (const auto &s : sel.spatial) {
        const auto &o = lookup(s.frame, s.conditioning);
        if (!o.maskmemFeatures.defined())
            throw std::logic_error("SAM2 video: frame " + std::to_string(s.frame) + " has no encoded memory");
        memories.push_back({o.maskmemFeatures, s.tPos});
    }
    for (const auto &p : sel.pointers)
        pointers.push_back({lookup(p.frame, p.conditioning).objPtr, p.pos});
}

} // namespace

Sam2FrameOutput Sam2VideoPredictor::runSingleFrameInference(Sam2VideoState &state, Sam2ObjectState &obj,
                                                            int64_t frameIdx, bool isInitCondFrame,
                                                            const Sam2PointInputs *pointInputs,
                                                            const at::Tensor &maskInputs, bool reverse,
                                                            bool runMemEncoder, const at::Tensor &prevSamMaskLogits)
{
    auto &model = m_impl->model;
    const auto &video = model->videoConfig();
    const auto &feats = frameFeatures(state, frameIdx);
    SamHeadsOutput sam;
    if (maskInputs.defined() && video.useMaskInputAsOutputWithoutSam) {
        sam = model->useMaskAsOutput(feats.visionFeat, feats.highResFeats, maskInputs);
    } else {
        std::vector<SelectedMemory> memories;
        std::vector<SelectedPointer> pointers;
        int64_t tDiffMax = 1;
        if (!isInitCondFrame) {
            const auto sel = selectMemories(
                frameIdx, obj.output.cond.keys(), [&](int64_t f) { return obj.output.nonCond.count(f) > 0; },
                state.numFrames, reverse, video.memory);
            gatherMemories(obj.output, sel, memories, pointers);
            tDiffMax = sel.tDiffMax;
        }
        const auto pixFeat =
            model->prepareMemoryConditionedFeatures(feats.visionFeat, isInitCondFrame, memories, pointers, tDiffMax);
        at::Tensor maskIn = maskInputs;
        if (prevSamMaskLogits.defined())
            maskIn = prevSamMaskLogits;
        const int64_t numPts = pointInputs ? pointInputs->labels.size(1) : 0;
        const bool multimask = model->useMultimask(isInitCondFrame, numPts);
        sam = model->forwardSamHeads(pixFeat, pointInputs ? pointInputs->coords : at::Tensor(),
                                     pointInputs ? pointInputs->labels : at::Tensor(), maskIn, feats.highResFeats,
                                     multimask);
    }
    Sam2FrameOutput out;
    out.predMasks = sam.lowResMasks;
    out.objPtr = sam.objPtr;
    out.objectScoreLogits = sam.objectScoreLogits;
    if (runMemEncoder && video.memory.numMaskmem > 0) {
        const int64_t size = m_impl->config.imageSize;
        const auto highRes = sam.highResMasks.defined() ? sam.highResMasks : bilinear(sam.lowResMasks, size, size);
        out.maskmemFeatures = model->encodeNewMemory(feats.visionFeat, highRes, sam.objectScoreLogits,
                                                     /*isMaskFromPts=*/pointInputs != nullptr)
                                  .to(torch::kBFloat16);
    }
    return out;
}

VideoObjectResult Sam2VideoPredictor::addPrompt(Sam2VideoState &state, int64_t frameIdx, Sam2ObjectState &obj,
                                                const Sam2PointInputs *points, const at::Tensor &mask)
{
    const auto tracked = obj.framesTracked.find(frameIdx);
    const bool isInitCondFrame = tracked == obj.framesTracked.end();
    const bool reverse = isInitCondFrame ? false : tracked->second;
    const bool isCond = isInitCondFrame || state.addAllFramesToCorrectAsCond;

    at::Tensor prevSamMaskLogits;
    if (points) {
        // The most recent output of this frame: temp dict first, then cond, then non-cond.
        const Sam2FrameOutput *prev = nullptr;
        if (isCond) {
            prev = obj.temp.cond.find(frameIdx);
        } else {
            const auto it = obj.temp.nonCond.find(frameIdx);
            prev = it == obj.temp.nonCond.end() ? nullptr : &it->second;
        }
        if (!prev)
            prev = obj.output.cond.find(frameIdx);
        if (!prev) {
            const auto it = obj.output.nonCond.find(frameIdx);
            prev = it == obj.output.nonCond.end() ? nullptr : &it->second;
        }
        if (prev && prev->predMasks.defined())
            prevSamMaskLogits = torch::clamp(prev->predMasks, -32.0, 32.0);
    }
    auto current = runSingleFrameInference(state, obj, frameIdx, isInitCondFrame, points, mask, reverse,
                                           /*runMemEncoder=*/false, prevSamMaskLogits);
    VideoObjectResult result{obj.objId, current.predMasks, current.objectScoreLogits, current.objPtr, isCond};
    if (isCond)
        obj.temp.cond.set(frameIdx, std::move(current));
    else
        obj.temp.nonCond[frameIdx] = std::move(current);
    return result;
}

VideoObjectResult Sam2VideoPredictor::addNewPointsOrBox(Sam2VideoState &state, int64_t frameIdx, int64_t objId,
                                                        const std::vector<VideoPoint> &points,
                                                        const std::optional<std::array<float, 4>> &box,
                                                        bool clearOldPoints)
{
    checkFrame(state, frameIdx);
    if (points.empty() && !box)
        throw std::invalid_argument("SAM2 video: at least one of points or box must be given");
    if (box && !clearOldPoints)
        throw std::invalid_argument("SAM2 video: a box must come before any point (use clearOldPoints)");
    for (const auto &p : points)
        if (p.label != 0 && p.label != 1)
            throw std::invalid_argument("SAM2 video: point labels must be 0 or 1");
    c10::InferenceMode guard;
    const int64_t n = int64_t(points.size()) + (box ? 2 : 0);
    auto coords = torch::empty({1, n, 2});
    auto labels = torch::empty({1, n}, torch::kLong);
    {
        auto c = coords.accessor<float, 3>();
        auto l = labels.accessor<int64_t, 2>();
        int64_t k = 0;
        if (box) {
            c[0][0][0] = (*box)[0], c[0][0][1] = (*box)[1], l[0][0] = 2;
            c[0][1][0] = (*box)[2], c[0][1][1] = (*box)[3], l[0][1] = 3;
            k = 2;
        }
        for (const auto &p : points) {
            c[0][k][0] = p.x, c[0][k][1] = p.y, l[0][k] = p.label;
            ++k;
        }
    }
    // points / tensor([W, H]) * image_size, in float32 as Meta.
    coords = coords / torch::tensor({state.videoWidth, state.videoHeight}, torch::kLong);
    coords = coords * m_impl->config.imageSize;
    const auto device = m_impl->model->noMemEmbed().device();
    coords = coords.to(device);
    labels = labels.to(device);

    auto &obj = objectFor(state, objId);
    Sam2PointInputs inputs{coords, labels};
    if (!clearOldPoints) {
        const auto it = obj.pointInputs.find(frameIdx);
        if (it != obj.pointInputs.end()) {
            inputs.coords = torch::cat({it->second.coords, coords}, 1);
            inputs.labels = torch::cat({it->second.labels, labels}, 1);
        }
    }
    obj.pointInputs[frameIdx] = inputs;
    obj.maskInputs.erase(frameIdx);
    return addPrompt(state, frameIdx, obj, &obj.pointInputs[frameIdx], {});
}

VideoObjectResult Sam2VideoPredictor::addNewMask(Sam2VideoState &state, int64_t frameIdx, int64_t objId,
                                                 const at::Tensor &mask)
{
    checkFrame(state, frameIdx);
    if (!mask.defined() || mask.dim() != 2 || mask.size(0) < 1 || mask.size(1) < 1)
        throw std::invalid_argument("SAM2 video: a mask prompt must be [H, W]");
    c10::InferenceMode guard;
    const int64_t size = m_impl->config.imageSize;
    const auto device = m_impl->model->noMemEmbed().device();
    auto maskInputs = (mask != 0).to(torch::kFloat32).view({1, 1, mask.size(0), mask.size(1)}).to(device);
    if (mask.size(0) != size || mask.size(1) != size)
        maskInputs = (bilinear(maskInputs, size, size, /*antialias=*/true) >= 0.5).to(torch::kFloat32);
    auto &obj = objectFor(state, objId);
    obj.maskInputs[frameIdx] = maskInputs;
    obj.pointInputs.erase(frameIdx);
    return addPrompt(state, frameIdx, obj, nullptr, maskInputs);
}

void Sam2VideoPredictor::propagatePreflight(Sam2VideoState &state)
{
    if (state.objects.empty())
        throw std::runtime_error("SAM2 video: no object has a prompt; add points, a box or a mask first");
    c10::InferenceMode guard;
    const int64_t size = m_impl->config.imageSize;
    auto &model = m_impl->model;
    for (auto &obj : state.objects) {
        auto encode = [&](int64_t frameIdx, Sam2FrameOutput &out) {
            if (out.maskmemFeatures.defined())
                return;
            const auto highRes = bilinear(out.predMasks, size, size);
            const auto &feats = frameFeatures(state, frameIdx);
            // These frames are what the user interacted with: is_mask_from_pts=True.
            out.maskmemFeatures =
                model->encodeNewMemory(feats.visionFeat, highRes, out.objectScoreLogits, true).to(torch::kBFloat16);
        };
        // Non-conditioning first, then conditioning, as Meta's loop over is_cond in [False, True].
        for (auto &[frameIdx, out] : obj.temp.nonCond) {
            encode(frameIdx, out);
            obj.output.nonCond[frameIdx] = out;
        }
        obj.temp.nonCond.clear();
        for (auto &[frameIdx, out] : obj.temp.cond.items()) {
            encode(frameIdx, out);
            obj.output.cond.set(frameIdx, out);
        }
        obj.temp.cond.clear();
        if (obj.output.cond.empty())
            throw std::runtime_error("SAM2 video: object " + std::to_string(obj.objId) +
                                     " has no conditioning frame; add points, a box or a mask on a frame first");
        // A frame that became conditioning is no longer a non-conditioning output.
        for (int64_t f : obj.output.cond.keys())
            obj.output.nonCond.erase(f);
    }
}

void Sam2VideoPredictor::propagate(Sam2VideoState &state, const PropagateOptions &options,
                                   const PropagateCallback &callback)
{
    propagatePreflight(state);
    c10::InferenceMode guard;
    const int64_t numFrames = state.numFrames;
    int64_t start = 0;
    if (options.startFrame) {
        start = *options.startFrame;
        checkFrame(state, start);
    } else {
        start = std::numeric_limits<int64_t>::max();
        for (const auto &obj : state.objects)
            for (int64_t f : obj.output.cond.keys())
                start = std::min(start, f);
    }
    const int64_t maxFrames = options.maxFramesToTrack.value_or(numFrames);
    std::vector<int64_t> order;
    if (options.reverse) {
        const int64_t end = std::max<int64_t>(start - maxFrames, 0);
        if (start > 0)
            for (int64_t f = start; f >= end; --f)
                order.push_back(f);
    } else {
        const int64_t end = std::min(start + maxFrames, numFrames - 1);
        for (int64_t f = start; f <= end; ++f)
            order.push_back(f);
    }
    for (int64_t frameIdx : order) {
        VideoFrameResult frame;
        frame.frameIdx = frameIdx;
        for (auto &obj : state.objects) {
            VideoObjectResult r;
            r.objId = obj.objId;
            if (const auto *cond = obj.output.cond.find(frameIdx)) {
                r.lowResLogits = cond->predMasks;
                r.objectScoreLogits = cond->objectScoreLogits;
                r.objPtr = cond->objPtr;
                r.conditioning = true;
            } else {
                auto out = runSingleFrameInference(state, obj, frameIdx, false, nullptr, {}, options.reverse, true, {});
                r.lowResLogits = out.predMasks;
                r.objectScoreLogits = out.objectScoreLogits;
                r.objPtr = out.objPtr;
                obj.output.nonCond[frameIdx] = std::move(out);
            }
            obj.framesTracked[frameIdx] = options.reverse;
            frame.objects.push_back(std::move(r));
        }
        if (callback && !callback(frame))
            return;
    }
}

size_t Sam2VideoPredictor::releaseDistantOutputs(Sam2VideoState &state, int64_t frameIdx) const
{
    const auto &m = m_impl->model->videoConfig().memory;
    const int64_t window = std::max<int64_t>(m.maxObjPtrsInEncoder,
                                             (m.numMaskmem - 1) * std::max<int64_t>(1, m.memoryTemporalStrideForEval) + 2);
    size_t dropped = 0;
    for (auto &obj : state.objects) {
        const auto cond = obj.output.cond.keys();
        for (auto it = obj.output.nonCond.begin(); it != obj.output.nonCond.end();) {
            const int64_t f = it->first;
            bool keep = std::abs(f - frameIdx) <= window;
            for (int64_t c : cond)
                keep = keep || std::abs(f - c) <= window;
            if (keep) {
                ++it;
            } else {
                it = obj.output.nonCond.erase(it);
                ++dropped;
            }
        }
    }
    return dropped;
}

void Sam2VideoPredictor::removeObject(Sam2VideoState &state, int64_t objId) const
{
    const auto it = std::find_if(state.objects.begin(), state.objects.end(),
                                 [&](const Sam2ObjectState &o) { return o.objId == objId; });
    if (it == state.objects.end())
        throw std::invalid_argument("SAM2 video: unknown object " + std::to_string(objId));
    state.objects.erase(it);
}

void Sam2VideoPredictor::resetState(Sam2VideoState &state) const
{
    state.objects.clear();
}

at::Tensor Sam2VideoPredictor::videoResLogits(const Sam2VideoState &state, const at::Tensor &lowResLogits)
{
    c10::InferenceMode guard;
    return bilinear(lowResLogits.to(torch::kFloat32), state.videoHeight, state.videoWidth);
}

at::Tensor Sam2VideoPredictor::memoryConditionedFeatures(Sam2VideoState &state, int64_t objId, int64_t frameIdx,
                                                         bool reverse)
{
    checkFrame(state, frameIdx);
    c10::InferenceMode guard;
    const auto sel = memorySelection(state, objId, frameIdx, reverse);
    std::vector<SelectedMemory> memories;
    std::vector<SelectedPointer> pointers;
    gatherMemories(state.object(objId)->output, sel, memories, pointers);
    const auto &feats = frameFeatures(state, frameIdx);
    return m_impl->model->prepareMemoryConditionedFeatures(feats.visionFeat, false, memories, pointers, sel.tDiffMax);
}

at::Tensor Sam2VideoPredictor::encodeMemoryFromLogits(Sam2VideoState &state, int64_t frameIdx,
                                                      const at::Tensor &lowResLogits,
                                                      const at::Tensor &objectScoreLogits, bool isMaskFromPts)
{
    checkFrame(state, frameIdx);
    c10::InferenceMode guard;
    const int64_t size = m_impl->config.imageSize;
    const auto device = m_impl->model->noMemEmbed().device();
    const auto highRes = bilinear(lowResLogits.to(device, torch::kFloat32), size, size);
    const auto &feats = frameFeatures(state, frameIdx);
    return m_impl->model->encodeNewMemory(feats.visionFeat, highRes, objectScoreLogits.to(device), isMaskFromPts);
}

} // namespace dinosam::sam2
