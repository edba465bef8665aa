// "labelme": one labelme JSON per image, next to the others in the output folder.
//
// Each island of an object is a "polygon" shape with the object's label; all shapes of one object
// share its group_id (object index + 1), which is how labelme groups the parts of one instance.
// imagePath is the image relative to the JSON file; imageData is null (no embedded pixels).
#include "export/builtinformats.h"
#include "export/jsontext.h"

namespace dinosam {
namespace fs = std::filesystem;
namespace {

class LabelmeFormat final : public ExportFormat
{
public:
    std::string id() const override { return "labelme"; }
    std::string displayName() const override { return "labelme (JSON per image)"; }
    std::string filesDescription() const override { return "<name>.json"; }
    unsigned capabilities() const override { return WritesPerImage | UsesPolygons | UsesLabels | Importable; }

    void writeImage(const ExportImage &image, ExportContext &context, ExportTransaction &files) override
    {
        const SegmentationResult &r = *image.result;
        std::string imagePath = r.imageName;
        if (!image.imagePath.empty()) {
            std::error_code ec;
            const fs::path rel =
                fs::relative(fs::absolute(image.imagePath, ec), fs::absolute(context.outputDir(), ec), ec);
            imagePath = ec || rel.empty() ? image.imagePath.filename().generic_string() : rel.generic_string();
        }
        std::string shapes;
        for (size_t i = 0; i < r.objects.size(); ++i) {
            const SegmentedObject &o = r.objects[i];
            for (const Polygon &poly : objectPolygons(o.mask, o.sourcePolygons, context.options().polygonOptions())) {
                std::string points;
                for (const cv::Point2f &p : poly)
                    points += (points.empty() ? "[" : ", [") + jsonNumber(p.x) + ", " + jsonNumber(p.y) + "]";
                shapes += (shapes.empty() ? "\n    " : ",\n    ");
                shapes += "{\"label\": " + jsonQuote(context.labelOf(o)) + ", \"points\": [" + points +
                          "], \"group_id\": " + std::to_string(i + 1) +
                          ", \"description\": \"\", \"shape_type\": \"polygon\", \"flags\": {}, \"mask\": null}";
            }
        }
        const std::string json = "{\n  \"version\": \"5.4.1\",\n  \"flags\": {},\n  \"shapes\": [" + shapes +
                                 (shapes.empty() ? "" : "\n  ") + "],\n  \"imagePath\": " + jsonQuote(imagePath) +
                                 ",\n  \"imageData\": null,\n  \"imageHeight\": " + std::to_string(r.imageSize.height) +
                                 ",\n  \"imageWidth\": " + std::to_string(r.imageSize.width) + "\n}\n";
        files.add(context.outputDir() / (image.baseName + ".json"), json);
    }
};

} // namespace

std::unique_ptr<ExportFormat> makeLabelmeFormat() { return std::make_unique<LabelmeFormat>(); }

} // namespace dinosam
