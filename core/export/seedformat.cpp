// "seed": the original tool's per-image layout (masks + metadata, summary, three-panel visualisation).
#include "export/builtinformats.h"
#include "export/seedlayout.h"

namespace dinosam {
namespace {

class SeedFormat final : public ExportFormat
{
public:
    std::string id() const override { return "seed"; }
    std::string displayName() const override { return "Masks, summary and visualisation (original layout)"; }
    std::string filesDescription() const override
    {
        return "<name>_masks/mask_NNN.png + .txt, <name>_summary.txt, <name>_visualization.jpg";
    }
    unsigned capabilities() const override { return WritesPerImage | NeedsPixels; }
    void writeImage(const ExportImage &image, ExportContext &context, ExportTransaction &files) override
    {
        ExportOptions o = context.options();
        o.masks = o.summary = o.visualization = true;
        addSeedFiles(files, *image.result, image.rgb, context.outputDir(), image.baseName, o);
    }
};

} // namespace

std::unique_ptr<ExportFormat> makeSeedFormat() { return std::make_unique<SeedFormat>(); }

} // namespace dinosam
