#pragma once
#include "pipeline/segmentation.h"

namespace dinosam::ui {

/// Field-wise equality of two parameter sets (the struct has no operator==).
inline bool paramsEqual(const SegmentationParams &a, const SegmentationParams &b)
{
    return a.method == b.method && a.attentionThreshold == b.attentionThreshold
        && a.numObjects == b.numObjects && a.minArea == b.minArea
        && a.promptType == b.promptType && a.duplicateIou == b.duplicateIou
        && a.removeSmallHolesAndSpecks == b.removeSmallHolesAndSpecks
        && a.dinoModel == b.dinoModel && a.sam2Model == b.sam2Model
        && a.dinoInputSize == b.dinoInputSize;
}

} // namespace dinosam::ui
