// "overlay": the masks panel as a file, drawn by the one mask renderer (maskoverlay.h).
#include "export/builtinformats.h"
#include "export/visualization.h"

#include <opencv2/imgproc.hpp>

namespace dinosam {
namespace {

class OverlayFormat final : public ExportFormat
{
public:
    std::string id() const override { return "overlay"; }
    std::string displayName() const override { return "Mask overlay image"; }
    std::string filesDescription() const override { return "<name>_overlay.png"; }
    unsigned capabilities() const override { return WritesPerImage | NeedsPixels; }
    void writeImage(const ExportImage &image, ExportContext &context, ExportTransaction &files) override
    {
        cv::Mat bgr;
        cv::cvtColor(renderMaskOverlay(image.rgb, image.result->objects, 0.5f, true, false), bgr, cv::COLOR_RGB2BGR);
        files.addImage(context.outputDir() / (image.baseName + "_overlay.png"), ".png", bgr);
    }
};

} // namespace

std::unique_ptr<ExportFormat> makeOverlayFormat() { return std::make_unique<OverlayFormat>(); }

} // namespace dinosam
