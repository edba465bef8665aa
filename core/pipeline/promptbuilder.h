#pragma once
// Discovered regions → SAM2 prompts, as the original tool builds them.
#include "pipeline/pipelinebackend.h"

#include <vector>

namespace dinosam {

/// One prompt per region, in region order: its box (Box), its point as a positive
/// click (Point), or both (BoxAndPoint). Coordinates stay in original image pixels.
std::vector<Prompt> buildPrompts(const std::vector<DiscoveredRegion> &regions, PromptType type);

/// A stable text form of a prompt, part of the decoded-mask cache key.
std::string promptKey(const Prompt &prompt);

} // namespace dinosam
