#include "pipeline/speculation.h"

#include "pipeline/pipelineerror.h"

#include <algorithm>
#include <cmath>

namespace dinosam {

std::vector<float> speculationThresholds(double step, float current)
{
    const int steps = int(std::lround(1.0 / step));
    std::vector<float> thresholds;
    for (int i = 0; i <= steps; ++i)
        thresholds.push_back(float(std::min(1.0, i * step)));
    std::stable_sort(thresholds.begin(), thresholds.end(),
                     [&](float a, float b) { return std::abs(a - current) < std::abs(b - current); });
    return thresholds;
}

void decodeInSmallBatches(const std::vector<Prompt> &prompts, const RunControl &control,
                          const std::function<void(const std::vector<Prompt> &batch)> &decode,
                          SpeculationReport &report)
{
    constexpr size_t kBatch = 2;
    report.complete = false;
    try {
        for (size_t i = 0; i < prompts.size(); i += kBatch) {
            if (control.cancelled())
                return;
            const std::vector<Prompt> batch(prompts.begin() + long(i),
                                            prompts.begin() + long(std::min(prompts.size(), i + kBatch)));
            decode(batch);
            report.decoded += int(batch.size());
        }
        report.complete = true;
    } catch (const Cancelled &) {
        report.complete = false;
    }
}

} // namespace dinosam
