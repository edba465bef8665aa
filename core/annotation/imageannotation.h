#pragma once
// One image's annotation as the store keeps it: the objects with their labels and how they came to be.
#include "types/prompt.h"
#include "types/segmentation.h"

#include <string>
#include <vector>

namespace dinosam {

/// An object plus what the user did with it.
struct AnnotatedObject
{
    SegmentedObject object; ///< mask, box, scores, label, the automatic prompt (promptType/Box/Point)
    bool edited = false;    ///< touched by the user (labelled, refined, added by prompt, merged): kept on re-runs
    bool locked = false;
    bool hidden = false;
    Prompt prompt;          ///< the user's prompt when added or refined by prompt (maskInput is not stored)
};

/// Everything the store keeps for one image.
struct ImageAnnotation
{
    std::string imageName; ///< the image's path relative to the annotated folder, '/' separated
    cv::Size imageSize;
    SegmentationParams params; ///< the parameters (and model ids) of the run that produced the automatic objects
    std::vector<AnnotatedObject> objects;

    /// The annotation as a result for the exporters (objects in order; hidden objects left out
    /// unless `includeHidden`).
    SegmentationResult toResult(bool includeHidden = false) const;
    /// Wraps a result's objects (edited = false).
    static ImageAnnotation fromResult(const SegmentationResult &result, const std::string &imageName = {});
};

} // namespace dinosam
