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

    void writeImage(const ExportImage &image, ExportContext &context, ExportTransaction &) override
    {
        if (!m_writer)
            m_writer.emplace(context.options().cocoSegmentation, context.options().polygonOptions());
        m_before = {m_writer->imageCount(), m_writer->annotationCount(), m_perImage.size()};
        const auto category = [&context](const SegmentedObject &o) { return context.classIdOf(o) + 1; };
        const std::string fileName =
            image.imagePath.empty() ? image.result->imageName : image.imagePath.filename().string();
        const std::string path = image.imagePath.empty() ? std::string() : relativeTo(image.imagePath, context.outputDir());
        m_writer->addResult(*image.result, fileName, category, path);
        if (context.options().cocoPerImage) {
            CocoWriter single(context.options().cocoSegmentation, context.options().polygonOptions());
            single.addResult(*image.result, fileName, category, path);
            m_perImage.push_back({context.outputDir() / (image.baseName + "_coco.json"), std::move(single)});
        }
    }

    void rollbackImage() override
    {
        if (m_writer)
            m_writer->truncate(m_before.images, m_before.annotations);
        if (m_perImage.size() > m_before.perImage)
            m_perImage.erase(m_perImage.begin() + std::ptrdiff_t(m_before.perImage), m_perImage.end());
    }

    void writeBatch(ExportContext &context, ExportTransaction &files) override
    {
        if (!m_writer)
            m_writer.emplace(context.options().cocoSegmentation, context.options().polygonOptions());
        // Per-image files are written with the batch too, so that they list the final categories.
        for (auto &[file, writer] : m_perImage)
            files.add(file, writer.toJson(context.classNames()));
        files.add(context.outputDir() / "coco.json", m_writer->toJson(context.classNames()));
    }

private:
    std::optional<CocoWriter> m_writer;
    std::vector<std::pair<fs::path, CocoWriter>> m_perImage;
    struct
    {
        size_t images = 0, annotations = 0, perImage = 0;
    } m_before;
};

} // namespace

std::unique_ptr<ExportFormat> makeCocoFormat() { return std::make_unique<CocoFormat>(); }

} // namespace dinosam
