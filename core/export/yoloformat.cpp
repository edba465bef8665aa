// "yolo": Ultralytics YOLO segmentation labels.
//
// labels/<name>.txt: one line per polygon, "class x1 y1 x2 y2 ..." with coordinates normalised by
// the image's width and height (6 decimals). A mask with several islands becomes several lines of
// the same class (no bridging: bridges add zero-width slivers that training rasterises as thin
// lines, and separate polygons are what Ultralytics' own converters write). Holes cannot be
// expressed (the format has no inner rings) and are filled. An image without objects gets an
// empty file (a valid "background" image). data.yaml and classes.txt list the classes.
#include "export/builtinformats.h"
#include "export/jsontext.h"
#include "export/numberformat.h"

#include <algorithm>

namespace dinosam {
namespace {

std::string yamlQuote(const std::string &text) { return jsonQuote(text); } // a JSON string is a YAML double-quoted scalar

class YoloFormat final : public ExportFormat
{
public:
    std::string id() const override { return "yolo"; }
    std::string displayName() const override { return "YOLO segmentation (labels/*.txt, data.yaml)"; }
    std::string filesDescription() const override { return "labels/<name>.txt, data.yaml, classes.txt"; }
    unsigned capabilities() const override { return WritesPerImage | WritesPerBatch | UsesPolygons | UsesLabels; }

    void writeImage(const ExportImage &image, ExportContext &context, ExportTransaction &files) override
    {
        const cv::Size size = image.result->imageSize;
        const double w = size.width, h = size.height;
        std::string text;
        for (const SegmentedObject &o : image.result->objects) {
            const int cls = context.classIdOf(o);
            for (const Polygon &poly : objectPolygons(o.mask, o.sourcePolygons, context.options().polygonOptions())) {
                text += std::to_string(cls);
                for (const cv::Point2f &p : poly)
                    text += " " + formatFixed(std::clamp(p.x / w, 0.0, 1.0), 6) + " " +
                            formatFixed(std::clamp(p.y / h, 0.0, 1.0), 6);
                text += '\n';
            }
        }
        const auto dir = context.outputDir() / "labels";
        files.makeDir(dir);
        files.add(dir / (image.baseName + ".txt"), text);
    }

    void writeBatch(ExportContext &context, ExportTransaction &files) override
    {
        std::vector<std::string> names = context.classNames();
        if (names.empty())
            names.push_back(context.options().defaultLabel);
        std::string classes, yaml = "# Ultralytics YOLO segmentation dataset written by DinoSam.\n"
                                    "# Put (or link) the images in images/ next to labels/, or edit the paths.\n"
                                    "path: .\ntrain: images\nval: images\nnc: " +
                                    std::to_string(names.size()) + "\nnames:\n";
        for (size_t i = 0; i < names.size(); ++i) {
            classes += names[i] + "\n";
            yaml += "  " + std::to_string(i) + ": " + yamlQuote(names[i]) + "\n";
        }
        files.add(context.outputDir() / "data.yaml", yaml);
        files.add(context.outputDir() / "classes.txt", classes);
    }
};

} // namespace

std::unique_ptr<ExportFormat> makeYoloFormat() { return std::make_unique<YoloFormat>(); }

} // namespace dinosam
