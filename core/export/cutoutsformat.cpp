// "cutouts": one transparent PNG per object, cropped to its box.
#include "export/builtinformats.h"
#include "export/seedlayout.h"

namespace dinosam {
namespace {

class CutoutsFormat final : public ExportFormat
{
public:
    std::string id() const override { return "cutouts"; }
    std::string displayName() const override { return "Cut-outs (transparent PNG per object)"; }
    std::string filesDescription() const override { return "<name>_cutouts/object_NNN.png"; }
    unsigned capabilities() const override { return WritesPerImage | NeedsPixels; }
    void writeImage(const ExportImage &image, ExportContext &context, ExportTransaction &files) override
    {
        addCutoutFiles(files, *image.result, image.rgb, context.outputDir(), image.baseName);
    }
};

} // namespace

std::unique_ptr<ExportFormat> makeCutoutsFormat() { return std::make_unique<CutoutsFormat>(); }

} // namespace dinosam
