#pragma once
// The inference state of Sam2VideoPredictor (Meta's `inference_state` dict of
// sam2/sam2_video_predictor.py), per object as Meta keeps it: inputs per frame,
// conditioning and non-conditioning outputs, temporary outputs of clicks not yet
// propagated, and which frames were tracked in which direction. Copying a state
// is cheap (tensors are shared; they are never modified in place).
#include "models/sam2/sam2videobase.h"

#include <list>
#include <map>
#include <memory>
#include <utility>
#include <vector>

namespace dinosam::sam2 {

/// Where the predictor reads frames. Called on the predictor's thread only.
class Sam2FrameSource
{
public:
    virtual ~Sam2FrameSource() = default;
    virtual int64_t numFrames() const = 0;
    virtual int64_t videoHeight() const = 0; ///< original frame size (outputs are resized to it)
    virtual int64_t videoWidth() const = 0;
    /// Normalised model input [1, 3, 1024, 1024] float32 of frame `frameIdx`.
    /// Throws std::out_of_range / std::runtime_error for a frame it cannot deliver.
    virtual at::Tensor modelInput(int64_t frameIdx) = 0;
};

/// A compact per-frame output (Meta's `compact_current_out`).
struct Sam2FrameOutput
{
    at::Tensor maskmemFeatures;   ///< [1, 64, 64, 64] bfloat16, or undefined before the memory is encoded
    at::Tensor predMasks;         ///< [1, 1, 256, 256] float32 low-res logits
    at::Tensor objPtr;            ///< [1, 256]
    at::Tensor objectScoreLogits; ///< [1, 1]
};

/// A frame-indexed dict that keeps insertion order (Python dict semantics).
class Sam2FrameDict
{
public:
    Sam2FrameOutput *find(int64_t frame);
    const Sam2FrameOutput *find(int64_t frame) const;
    void set(int64_t frame, Sam2FrameOutput out); ///< an existing key keeps its position
    bool erase(int64_t frame);
    void clear() { m_items.clear(); }
    bool empty() const { return m_items.empty(); }
    size_t size() const { return m_items.size(); }
    std::vector<int64_t> keys() const;
    std::vector<std::pair<int64_t, Sam2FrameOutput>> &items() { return m_items; }
    const std::vector<std::pair<int64_t, Sam2FrameOutput>> &items() const { return m_items; }

private:
    std::vector<std::pair<int64_t, Sam2FrameOutput>> m_items;
};

/// Non-conditioning outputs: looked up by frame only, so a sorted map.
using Sam2NonCondDict = std::map<int64_t, Sam2FrameOutput>;

struct Sam2OutputDict
{
    Sam2FrameDict cond;
    Sam2NonCondDict nonCond;
};

struct Sam2PointInputs
{
    at::Tensor coords; ///< [1, N, 2] float32 in model pixels (0..1024)
    at::Tensor labels; ///< [1, N] int64: 1 positive, 0 negative, 2/3 box corners
};

struct Sam2ObjectState
{
    int64_t objId = 0;
    std::map<int64_t, Sam2PointInputs> pointInputs;
    std::map<int64_t, at::Tensor> maskInputs; ///< [1, 1, 1024, 1024] float 0/1
    Sam2OutputDict output;
    Sam2OutputDict temp; ///< outputs of clicks not yet propagated (temp_output_dict_per_obj)
    std::map<int64_t, bool> framesTracked; ///< frame -> tracked in reverse
};

struct Sam2VideoState
{
    std::shared_ptr<Sam2FrameSource> source;
    int64_t numFrames = 0;
    int64_t videoHeight = 0;
    int64_t videoWidth = 0;
    /// Per state (so one model can serve both): see Sam2VideoConfig::addAllFramesToCorrectAsCond.
    bool addAllFramesToCorrectAsCond = false;
    std::vector<Sam2ObjectState> objects; ///< in the order the objects were added (obj_idx)

    // Encoder features of recently used frames (LRU, most recent at the front).
    size_t featureCacheFrames = 2;
    std::list<std::pair<int64_t, VideoFrameFeatures>> featureCache;

    Sam2ObjectState *object(int64_t objId);
    const Sam2ObjectState *object(int64_t objId) const;
    std::vector<int64_t> objectIds() const;
};

} // namespace dinosam::sam2
