#pragma once
// What VideoTracker (the batch run) and VideoSession (the studio's interactive one) share
// around SAM2's video predictor: frames from a FrameReader, mask prompts, binarised outputs,
// loading the predictor of a model id. Internal to core/tracking: it includes LibTorch.
#include "models/sam2/sam2videopredictor.h"
#include "pipeline/pipeline.h"

#include <opencv2/core.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace dinosam {

class FrameReader;

/// SAM2 frames from a FrameReader: Pillow-bicubic resize to the model's size (as Meta's
/// loader), normalised. The reader must outlive the source.
class ReaderFrameSource : public sam2::Sam2FrameSource
{
public:
    ReaderFrameSource(FrameReader &reader, int64_t count, int64_t size);
    int64_t numFrames() const override { return m_count; }
    int64_t videoHeight() const override;
    int64_t videoWidth() const override;
    at::Tensor modelInput(int64_t frameIdx) override;

private:
    FrameReader &m_reader;
    int64_t m_count;
    int64_t m_size;
};

/// A 0/255 mask as the predictor's mask prompt (uint8 [H, W], a copy).
at::Tensor maskPrompt(const cv::Mat &mask);

/// The predictor's low-res logits [1, 1, 256, 256] as a 0/255 mask at the video size.
cv::Mat binaryMask(const sam2::Sam2VideoState &state, const at::Tensor &lowResLogits);

/// IoU of two 0/255 masks of one frame (0 when both are empty).
double binaryMaskIou(const cv::Mat &a, const cv::Mat &b);

/// The video predictor of `sam2Model`, from `config`'s explicit file or model folder.
/// Throws PipelineError (missing file) or CheckpointError / ModelLoadError.
sam2::Sam2VideoPredictor loadVideoPredictor(const PipelineConfig &config, const std::string &sam2Model);

/// A video predictor loaded on first use and kept while the model id stays.
class VideoPredictorSlot
{
public:
    sam2::Sam2VideoPredictor &get(const PipelineConfig &config, const std::string &sam2Model);
    const std::string &modelId() const { return m_modelId; }

private:
    std::string m_modelId;
    std::optional<sam2::Sam2VideoPredictor> m_model;
};

} // namespace dinosam
