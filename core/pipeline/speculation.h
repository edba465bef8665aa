#pragma once
// What Pipeline::speculate() (discovery) and speculateSimilarObjects() (find similar) share:
// the order in which slider thresholds are visited and the small batches the decodes run in.
#include "pipeline/pipeline.h"

#include <functional>
#include <vector>

namespace dinosam {

/// Thresholds 0..1 in `step`s, nearest `current` first: the next move is most likely close by.
std::vector<float> speculationThresholds(double step, float current);

/// Decodes `prompts` two at a time, so that a user request waits for at most one small batch;
/// `control` is checked before each. Adds the number decoded to report.decoded and sets
/// report.complete (false when cancelled; Cancelled does not escape).
void decodeInSmallBatches(const std::vector<Prompt> &prompts, const RunControl &control,
                          const std::function<void(const std::vector<Prompt> &batch)> &decode,
                          SpeculationReport &report);

} // namespace dinosam
