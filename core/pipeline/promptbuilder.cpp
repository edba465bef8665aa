#include "pipeline/promptbuilder.h"

#include "pipeline/contenthash.h"

#include <cstdio>

namespace dinosam {

std::vector<Prompt> buildPrompts(const std::vector<DiscoveredRegion> &regions, PromptType type)
{
    std::vector<Prompt> prompts;
    prompts.reserve(regions.size());
    for (const auto &region : regions) {
        Prompt p;
        if (type == PromptType::Box || type == PromptType::BoxAndPoint)
            p.box = region.box;
        if (type == PromptType::Point || type == PromptType::BoxAndPoint) {
            p.points.push_back(region.point);
            p.labels.push_back(1);
        }
        prompts.push_back(std::move(p));
    }
    return prompts;
}

std::string promptKey(const Prompt &prompt)
{
    std::string key;
    char buf[96];
    if (prompt.box) {
        std::snprintf(buf, sizeof buf, "b%.3f,%.3f,%.3f,%.3f;", prompt.box->x, prompt.box->y, prompt.box->width,
                      prompt.box->height);
        key += buf;
    }
    for (size_t i = 0; i < prompt.points.size(); ++i) {
        std::snprintf(buf, sizeof buf, "p%.3f,%.3f,%d;", prompt.points[i].x, prompt.points[i].y,
                      i < prompt.labels.size() ? prompt.labels[i] : -1);
        key += buf;
    }
    if (!prompt.maskInput.empty()) {
        key += "m" + contentHash(prompt.maskInput) + ";";
    }
    return key;
}

} // namespace dinosam
