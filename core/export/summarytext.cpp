#include "export/summarytext.h"

#include "export/numberformat.h"

namespace dinosam {
namespace {

std::string line(const char *key, const std::string &value) { return std::string(key) + ": " + value + "\n"; }

std::string boxText(const cv::Rect &b)
{
    return std::to_string(b.x) + " " + std::to_string(b.y) + " " + std::to_string(b.width) + " " +
           std::to_string(b.height);
}

std::string boxText(const cv::Rect2f &b)
{
    return formatFixed(b.x, 2) + " " + formatFixed(b.y, 2) + " " + formatFixed(b.width, 2) + " " +
           formatFixed(b.height, 2);
}

std::string indexName(size_t index)
{
    std::string s = std::to_string(index);
    return std::string(s.size() < 3 ? 3 - s.size() : 0, '0') + s;
}

} // namespace

const char *discoveryMethodName(DiscoveryMethod method)
{
    return method == DiscoveryMethod::Spectral ? "spectral" : "attention";
}

const char *promptTypeName(PromptType type)
{
    switch (type) {
    case PromptType::Point: return "point";
    case PromptType::BoxAndPoint: return "box+point";
    case PromptType::Box: break;
    }
    return "box";
}

std::string objectBlock(const SegmentedObject &o, size_t index)
{
    std::string s;
    s += line("object", std::to_string(index));
    s += line("box", boxText(o.box));
    s += line("area", std::to_string(o.area));
    s += line("sam2_score", formatFixed(o.samScore, 4));
    s += line("dino_confidence", formatFixed(o.dinoConfidence, 4));
    s += line("prompt_type", promptTypeName(o.promptType));
    if (o.promptType != PromptType::Point)
        s += line("prompt_box", boxText(o.promptBox));
    if (o.promptType != PromptType::Box)
        s += line("prompt_point", formatFixed(o.promptPoint.x, 2) + " " + formatFixed(o.promptPoint.y, 2));
    return s;
}

std::string summaryText(const SegmentationResult &r)
{
    const SegmentationParams &p = r.params;
    std::string s = "# DinoSam segmentation summary\n";
    s += line("image", r.imageName);
    s += line("width", std::to_string(r.imageSize.width));
    s += line("height", std::to_string(r.imageSize.height));
    s += line("discovery_method", discoveryMethodName(p.method));
    s += line("attention_threshold", formatFixed(p.attentionThreshold, 4));
    s += line("max_objects", std::to_string(p.numObjects));
    s += line("min_area", std::to_string(p.minArea));
    s += line("prompt_type", promptTypeName(p.promptType));
    s += line("duplicate_iou", formatFixed(p.duplicateIou, 4));
    s += line("remove_small_holes_and_specks", p.removeSmallHolesAndSpecks ? "true" : "false");
    s += line("dino_model", p.dinoModel);
    s += line("sam2_model", p.sam2Model);
    s += line("dino_input_size", std::to_string(p.dinoInputSize));
    s += line("regions", std::to_string(r.regions.size()));
    s += line("objects", std::to_string(r.objects.size()));
    for (size_t i = 0; i < r.objects.size(); ++i) {
        s += '\n';
        s += objectBlock(r.objects[i], i);
    }
    return s;
}

std::string maskMetadataText(const SegmentationResult &r, size_t index)
{
    std::string s;
    s += line("image", r.imageName);
    s += line("mask", "mask_" + indexName(index) + ".png");
    s += line("width", std::to_string(r.imageSize.width));
    s += line("height", std::to_string(r.imageSize.height));
    s += objectBlock(r.objects.at(index), index);
    return s;
}

} // namespace dinosam
