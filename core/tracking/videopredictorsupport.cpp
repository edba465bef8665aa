#include "videopredictorsupport.h"

#include "pipeline/modellocator.h"
#include "video/framereader.h"
#include "video/pillowresize.h"

#include <torch/torch.h>

namespace dinosam {

ReaderFrameSource::ReaderFrameSource(FrameReader &reader, int64_t count, int64_t size)
    : m_reader(reader), m_count(count), m_size(size)
{
}

int64_t ReaderFrameSource::videoHeight() const
{
    return m_reader.frameSize().height;
}

int64_t ReaderFrameSource::videoWidth() const
{
    return m_reader.frameSize().width;
}

at::Tensor ReaderFrameSource::modelInput(int64_t frameIdx)
{
    const cv::Mat resized = pillowResize(m_reader.frame(frameIdx), cv::Size(int(m_size), int(m_size)));
    const auto hwc = torch::from_blob(resized.data, {m_size, m_size, 3}, torch::kUInt8);
    return sam2::sam2NormalizeFrame(hwc); // copies
}

at::Tensor maskPrompt(const cv::Mat &mask)
{
    const cv::Mat m = mask.isContinuous() ? mask : mask.clone();
    return torch::from_blob(m.data, {m.rows, m.cols}, torch::kUInt8).clone();
}

cv::Mat binaryMask(const sam2::Sam2VideoState &state, const at::Tensor &lowResLogits)
{
    const auto logits = sam2::Sam2VideoPredictor::videoResLogits(state, lowResLogits)[0][0];
    const auto bin = (logits > 0).to(torch::kUInt8).mul_(255).contiguous();
    return cv::Mat(int(bin.size(0)), int(bin.size(1)), CV_8U, bin.data_ptr()).clone();
}

double binaryMaskIou(const cv::Mat &a, const cv::Mat &b)
{
    cv::Mat inter, uni;
    cv::bitwise_and(a, b, inter);
    cv::bitwise_or(a, b, uni);
    const int u = cv::countNonZero(uni);
    return u == 0 ? 0.0 : double(cv::countNonZero(inter)) / double(u);
}

sam2::Sam2VideoPredictor loadVideoPredictor(const PipelineConfig &config, const std::string &sam2Model)
{
    const auto it = config.checkpoints.find(sam2Model);
    const auto checkpoint = ModelLocator(config.modelDir)
                                .resolve(sam2Model, it == config.checkpoints.end() ? std::filesystem::path() : it->second);
    return sam2::Sam2VideoPredictor::load(checkpoint, sam2Model);
}

sam2::Sam2VideoPredictor &VideoPredictorSlot::get(const PipelineConfig &config, const std::string &sam2Model)
{
    if (!m_model || m_modelId != sam2Model) {
        m_model.reset(); // release the old weights before loading new ones
        m_model = loadVideoPredictor(config, sam2Model);
        m_modelId = sam2Model;
    }
    return *m_model;
}

} // namespace dinosam
