// "voc": Pascal VOC style segmentation PNGs.
//
// SegmentationClass/<name>.png: palette PNG, value = class id + 1 (0 background), VOC palette.
// SegmentationObject/<name>.png: palette PNG, value = object index + 1 (0 background); with more
// than 255 objects a 16-bit grey PNG instead (VOC's 8-bit maps cannot count that far).
// labels.txt: "background" then the class names, one per line (line number = class value).
// Where objects overlap, the better object (lower index) wins, as in the overlay.
#include "export/builtinformats.h"
#include "export/palettepng.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace dinosam {
namespace {

class VocFormat final : public ExportFormat
{
public:
    std::string id() const override { return "voc"; }
    std::string displayName() const override { return "Pascal VOC class and instance PNGs"; }
    std::string filesDescription() const override
    {
        return "SegmentationClass/<name>.png, SegmentationObject/<name>.png, labels.txt";
    }
    unsigned capabilities() const override { return WritesPerImage | WritesPerBatch | UsesLabels; }

    void writeImage(const ExportImage &image, ExportContext &context, ExportTransaction &files) override
    {
        const SegmentationResult &r = *image.result;
        const size_t n = r.objects.size();
        cv::Mat classes = cv::Mat::zeros(r.imageSize, CV_8UC1);
        cv::Mat instances = cv::Mat::zeros(r.imageSize, n > 255 ? CV_16UC1 : CV_8UC1);
        std::vector<int> classOf(n);
        for (size_t k = 0; k < n; ++k) // class ids in object order, as the other formats meet them
            classOf[k] = context.classIdOf(r.objects[k]) + 1;
        for (size_t k = n; k-- > 0;) { // the better object is painted last, on top
            const SegmentedObject &o = r.objects[k];
            const int cls = classOf[k];
            if (cls > 254)
                throw ExportError(context.outputDir() / "SegmentationClass",
                                  "VOC class maps hold at most 254 classes (255 marks 'void')");
            cv::Rect box = o.box & cv::Rect(0, 0, r.imageSize.width, r.imageSize.height);
            if (box.area() <= 0)
                box = cv::boundingRect(o.mask);
            if (box.area() <= 0)
                continue;
            classes(box).setTo(cls, o.mask(box));
            instances(box).setTo(int(k + 1), o.mask(box));
        }
        const auto classDir = context.outputDir() / "SegmentationClass";
        const auto objectDir = context.outputDir() / "SegmentationObject";
        files.makeDir(classDir);
        files.makeDir(objectDir);
        const std::vector<cv::Vec3b> palette = vocPalette();
        files.add(classDir / (image.baseName + ".png"), encodeIndexedPng(classes, palette));
        if (instances.type() == CV_8UC1)
            files.add(objectDir / (image.baseName + ".png"), encodeIndexedPng(instances, palette));
        else
            files.addImage(objectDir / (image.baseName + ".png"), ".png", instances);
    }

    void writeBatch(ExportContext &context, ExportTransaction &files) override
    {
        std::string text = "background\n";
        for (const std::string &name : context.classNames())
            text += name + "\n";
        files.add(context.outputDir() / "labels.txt", text);
    }
};

} // namespace

std::unique_ptr<ExportFormat> makeVocFormat() { return std::make_unique<VocFormat>(); }

} // namespace dinosam
