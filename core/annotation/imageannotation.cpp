#include "annotation/imageannotation.h"

#include <filesystem>

namespace dinosam {

SegmentationResult ImageAnnotation::toResult(bool includeHidden) const
{
    SegmentationResult r;
    r.imageName = std::filesystem::path(imageName).filename().string();
    r.imageSize = imageSize;
    r.params = params;
    for (const AnnotatedObject &o : objects)
        if (includeHidden || !o.hidden)
            r.objects.push_back(o.object);
    return r;
}

ImageAnnotation ImageAnnotation::fromResult(const SegmentationResult &result, const std::string &imageName)
{
    ImageAnnotation a;
    a.imageName = imageName.empty() ? result.imageName : imageName;
    a.imageSize = result.imageSize;
    a.params = result.params;
    for (const SegmentedObject &o : result.objects)
        a.objects.push_back({o, false, false, false, {}});
    return a;
}

} // namespace dinosam
