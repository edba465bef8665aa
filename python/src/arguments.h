#pragma once
// Checks and conversions of the segmentation parameters the Python API takes, with
// the CLI's wording (the Python argument names instead of the CLI's flags).
#include "types/segmentation.h"

#include <opencv2/core.hpp>

#include <string>

namespace dinosam::python {

/// "box", "point", "both" / "box+point" (case-insensitive). Throws BadArgument.
PromptType parsePromptType(const std::string &promptType);
/// "attention" or "spectral". Throws BadArgument.
DiscoveryMethod parseMethod(const std::string &method);

/// Sets the discovery fields of `params` after checking them (num_objects >= 0,
/// attention_threshold in [0, 1], min_area >= 0). `countName` is "num_objects" or "num_regions".
void setDiscoveryParams(SegmentationParams &params, int numObjects, float threshold, int64_t minArea,
                        const std::string &method, const char *countName = "num_objects");

/// Throws BadArgument when the image is smaller than the pipeline accepts (as the pipeline's
/// own message says it).
void checkImageSize(const cv::Mat &rgb, const std::string &what);

} // namespace dinosam::python
