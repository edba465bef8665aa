// "coco": one COCO instance-segmentation JSON for the whole batch, categories from the labels.
#include "export/builtinformats.h"
#include "export/cocowriter.h"

#include <optional>

namespace dinosam {
namespace fs = std::filesystem;
namespace {

std::string relativeTo(const fs::path &file, const fs::path &dir)
{
    std::error_code ec;
    const fs::path rel = fs::relative(fs::absolute(file, ec), fs::absolute(dir, ec), ec);
    return ec || rel.empty() ? file.filename().generic_string() : rel.generic_string();
}

class CocoFormat final : public ExportFormat
{
public:
    std::string id() const override { return "coco"; }
    std::string displayName() const override { return "COCO instance segmentation (JSON)"; }
    std::string filesDescription() const override { return "coco.json (all images)"; }
    unsigned capabilities() const override { return WritesPerImage | WritesPerBatch | UsesPolygons | UsesLabels | Importable; }

    void writeImage(const ExportImage &image, ExportContext &context, ExportTransaction &files) override
    {
        if (!m_writer)
            m_writer.emplace(context.options().cocoSegmentation, context.options().polygonOptions());
        m_before = {m_writer->imageCount(), m_writer->annotationCount()};
        const auto category = [&context](const SegmentedObject &o) { return context.classIdOf(o) + 1; };
        const std::string fileName =
            image.imagePath.empty() ? image.result->imageName : image.imagePath.filename().string();
        const std::string path = image.imagePath.empty() ? std::string() : relativeTo(image.imagePath, context.outputDir());
        m_writer->addResult(*image.result, fileName, category, path);
        if (context.options().cocoPerImage) {
            // Written with the image (its transaction), so that a killed batch keeps every finished
            // image's file; its categories are the classes known so far, merged by name later.
            CocoWriter single(context.options().cocoSegmentation, context.options().polygonOptions());
            single.addResult(*image.result, fileName, category, path);
            files.add(context.outputDir() / (image.baseName + "_coco.json"), single.toJson(context.classNames()));
        }
    }

    void rollbackImage() override
    {
        if (m_writer)
            m_writer->truncate(m_before.images, m_before.annotations);
    }

    void writeBatch(ExportContext &context, ExportTransaction &files) override
    {
        if (!context.options().cocoBatchFile)
            return;
        if (!m_writer)
            m_writer.emplace(context.options().cocoSegmentation, context.options().polygonOptions());
        files.add(context.outputDir() / "coco.json", m_writer->toJson(context.classNames()));
    }

private:
    std::optional<CocoWriter> m_writer;
    struct
    {
        size_t images = 0, annotations = 0;
    } m_before;
};

} // namespace

std::unique_ptr<ExportFormat> makeCocoFormat() { return std::make_unique<CocoFormat>(); }

} // namespace dinosam
