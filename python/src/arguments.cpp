#include "arguments.h"

#include "errors.h"

#include "pipeline/pipeline.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace dinosam::python {
namespace {

std::string lower(std::string s)
{
    for (auto &c : s)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string number(double v)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

} // namespace

PromptType parsePromptType(const std::string &promptType)
{
    const std::string v = lower(promptType);
    if (v == "box")
        return PromptType::Box;
    if (v == "point")
        return PromptType::Point;
    if (v == "both" || v == "box+point")
        return PromptType::BoxAndPoint;
    throw BadArgument("prompt_type must be box, point or both, got '" + promptType + "'");
}

DiscoveryMethod parseMethod(const std::string &method)
{
    const std::string v = lower(method);
    if (v == "attention")
        return DiscoveryMethod::Attention;
    if (v == "spectral")
        return DiscoveryMethod::Spectral;
    throw BadArgument("method must be attention or spectral, got '" + method + "'");
}

void setDiscoveryParams(SegmentationParams &params, int numObjects, float threshold, int64_t minArea,
                        const std::string &method, const char *countName)
{
    if (numObjects < 0)
        throw BadArgument(std::string(countName) + " needs a whole number >= 0, got " + std::to_string(numObjects));
    if (!(threshold >= 0.f && threshold <= 1.f))
        throw BadArgument("attention_threshold needs a number in [0, 1], got " + number(threshold));
    if (minArea < 0)
        throw BadArgument("min_area needs a whole number >= 0, got " + std::to_string(minArea));
    params.numObjects = numObjects;
    params.attentionThreshold = threshold;
    params.minArea = minArea;
    params.method = parseMethod(method);
}

void checkImageSize(const cv::Mat &rgb, const std::string &what)
{
    if (std::min(rgb.cols, rgb.rows) < Pipeline::kMinImageSide)
        throw BadArgument(what + ": image too small (" + std::to_string(rgb.cols) + "x" + std::to_string(rgb.rows) +
                          " px; at least " + std::to_string(Pipeline::kMinImageSide) + " px per side needed)");
}

} // namespace dinosam::python
