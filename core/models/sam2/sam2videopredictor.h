#pragma once
// SAM2 / SAM2.1 video predictor: Meta's SAM2VideoPredictor
// (sam2/sam2_video_predictor.py, the per-object version of Dec 2024) natively.
// One model (weights) serves any number of Sam2VideoState; a state holds one
// video's prompts, outputs and memory bank.
//
// Coordinates: prompts are in ORIGINAL video pixels (x right, y down), mapped to
// the model by p / [W, H] * 1024 as Meta does; a box is (x0, y0, x1, y1).
// Outputs: lowResLogits on the 256x256 grid of the squashed 1024x1024 model
// frame; videoResLogits() resizes them to the video size in one bilinear step.
//
// Threads: a predictor and its states are used from one thread at a time (the
// inference worker). Every entry point opens c10::InferenceMode itself.
// Errors: std::invalid_argument for bad arguments (unknown object, empty
// prompt, frame out of range), std::runtime_error for a state that cannot
// propagate (an object without any prompt); CheckpointError when loading.
#include "io/checkpointreader.h"
#include "models/sam2/sam2videostate.h"

#include <filesystem>
#include <functional>
#include <optional>
#include <string_view>

namespace dinosam::sam2 {

/// A point prompt in original video pixels. label: 1 foreground, 0 background.
struct VideoPoint
{
    float x = 0;
    float y = 0;
    int label = 1;
};

/// One object's result on one frame.
struct VideoObjectResult
{
    int64_t objId = 0;
    at::Tensor lowResLogits;      ///< [1, 1, 256, 256] float32 (-1024 everywhere when absent)
    at::Tensor objectScoreLogits; ///< [1, 1]; the object is present when > 0
    at::Tensor objPtr;            ///< [1, 256]
    bool conditioning = false;    ///< a conditioning (prompted) frame
};

struct VideoFrameResult
{
    int64_t frameIdx = 0;
    std::vector<VideoObjectResult> objects; ///< in object order
};

struct PropagateOptions
{
    std::optional<int64_t> startFrame;       ///< default: the earliest conditioning frame
    std::optional<int64_t> maxFramesToTrack; ///< default: the whole video
    bool reverse = false;
};

/// Called after each frame; return false to stop (results so far are kept).
using PropagateCallback = std::function<bool(const VideoFrameResult &)>;

class Sam2VideoPredictor
{
public:
    /// Loads Meta's checkpoint strictly, video-only keys included (none is skipped).
    static Sam2VideoPredictor load(const std::filesystem::path &checkpoint, std::string_view modelId);
    static Sam2VideoPredictor fromStateDict(const TensorMap &stateDict, std::string_view modelId,
                                            const std::string &sourceName = "state dict");
    static Sam2VideoPredictor createUntrained(std::string_view modelId);

    Sam2VideoPredictor(Sam2VideoPredictor &&) noexcept;
    Sam2VideoPredictor &operator=(Sam2VideoPredictor &&) noexcept;
    ~Sam2VideoPredictor();

    const Sam2Config &config() const;
    const Sam2VideoConfig &videoConfig() const;
    /// The root module (tests and benchmarks reach the individual steps through it).
    Sam2VideoBase &model();

    /// init_state: a new state on `source`. addAllFramesToCorrectAsCond: Meta's default
    /// false for parity; the product passes true so that corrections stick.
    Sam2VideoState initState(std::shared_ptr<Sam2FrameSource> source, bool addAllFramesToCorrectAsCond = false,
                             size_t featureCacheFrames = 2) const;

    /// add_new_points_or_box. clearOldPoints false appends to the frame's clicks (not with a box).
    VideoObjectResult addNewPointsOrBox(Sam2VideoState &state, int64_t frameIdx, int64_t objId,
                                        const std::vector<VideoPoint> &points,
                                        const std::optional<std::array<float, 4>> &box = std::nullopt,
                                        bool clearOldPoints = true);
    /// add_new_mask: mask bool/uint8 [H, W] (any size; resized to 1024 with antialiasing).
    VideoObjectResult addNewMask(Sam2VideoState &state, int64_t frameIdx, int64_t objId, const at::Tensor &mask);

    /// propagate_in_video (with its preflight). Throws std::runtime_error when an object has no prompt.
    void propagate(Sam2VideoState &state, const PropagateOptions &options, const PropagateCallback &callback);
    /// propagate_in_video_preflight alone: encodes the memories of the clicked frames.
    void propagatePreflight(Sam2VideoState &state);

    /// Drops non-conditioning outputs that no later step of a propagation moving away from
    /// `frameIdx` can select (farther than the memory and pointer windows from `frameIdx`
    /// and from every conditioning frame), so that a long video runs in bounded memory.
    /// Not Meta's behaviour: a later correction far from any prompt then sees fewer memories.
    /// Returns the number of outputs dropped.
    size_t releaseDistantOutputs(Sam2VideoState &state, int64_t frameIdx) const;

    /// remove_object: the other objects are unaffected (they are tracked independently).
    void removeObject(Sam2VideoState &state, int64_t objId) const;
    /// reset_state: all prompts, outputs and objects removed; cached frame features kept.
    void resetState(Sam2VideoState &state) const;

    /// Bilinear resize of low-res logits [B, 1, 256, 256] to the video size [B, 1, H, W].
    static at::Tensor videoResLogits(const Sam2VideoState &state, const at::Tensor &lowResLogits);

    /// The memories and pointers `objId` would attend to on `frameIdx` now.
    MemorySelection memorySelection(const Sam2VideoState &state, int64_t objId, int64_t frameIdx,
                                    bool reverse = false) const;
    /// _prepare_memory_conditioned_features for a tracked (not initial) frame with the current bank.
    at::Tensor memoryConditionedFeatures(Sam2VideoState &state, int64_t objId, int64_t frameIdx, bool reverse = false);
    /// The fp32 memory _encode_new_memory makes of frame `frameIdx` from low-res logits
    /// [1, 1, 256, 256] (resized to 1024 first), as the preflight does (isMaskFromPts: binarised).
    at::Tensor encodeMemoryFromLogits(Sam2VideoState &state, int64_t frameIdx, const at::Tensor &lowResLogits,
                                      const at::Tensor &objectScoreLogits, bool isMaskFromPts);
    /// The encoder features of a frame (cached in the state).
    const VideoFrameFeatures &frameFeatures(Sam2VideoState &state, int64_t frameIdx);

private:
    struct Impl;
    explicit Sam2VideoPredictor(std::unique_ptr<Impl> impl);
    Sam2FrameOutput runSingleFrameInference(Sam2VideoState &state, Sam2ObjectState &obj, int64_t frameIdx,
                                            bool isInitCondFrame, const Sam2PointInputs *pointInputs,
                                            const at::Tensor &maskInputs, bool reverse, bool runMemEncoder,
                                            const at::Tensor &prevSamMaskLogits);
    Sam2ObjectState &objectFor(Sam2VideoState &state, int64_t objId) const;
    VideoObjectResult addPrompt(Sam2VideoState &state, int64_t frameIdx, Sam2ObjectState &obj,
                                const Sam2PointInputs *points, const at::Tensor &mask);
    std::unique_ptr<Impl> m_impl;
};

/// Meta's video loader's normalisation of a resized RGB uint8 frame [S, S, 3]:
/// (u8 / 255.0 in float64, rounded to float32 - mean) / std -> [1, 3, S, S].
at::Tensor sam2NormalizeFrame(const at::Tensor &rgbHwcUint8);

/// Frames already resized to the model size: uint8 [N, S, S, 3] RGB (e.g. the fixture's frames_uint8).
class TensorFrameSource : public Sam2FrameSource
{
public:
    TensorFrameSource(at::Tensor framesUint8, int64_t videoHeight, int64_t videoWidth);
    int64_t numFrames() const override { return m_frames.size(0); }
    int64_t videoHeight() const override { return m_height; }
    int64_t videoWidth() const override { return m_width; }
    at::Tensor modelInput(int64_t frameIdx) override;

private:
    at::Tensor m_frames;
    int64_t m_height, m_width;
};

} // namespace dinosam::sam2
