#include "export/resultexporter.h"

#include "export/cocowriter.h"
#include "export/exporttransaction.h"
#include "export/seedlayout.h"

namespace dinosam {
namespace fs = std::filesystem;

std::string exportBaseName(const SegmentationResult &result, const ExportOptions &options)
{
    if (!options.baseName.empty())
        return options.baseName;
    const std::string stem = fs::path(result.imageName).stem().string();
    return stem.empty() ? std::string("image") : stem;
}

void validateExportInput(const SegmentationResult &result, const cv::Mat &rgb, const fs::path &where, bool needPixels)
{
    if (needPixels || !rgb.empty()) {
        if (rgb.empty() || rgb.type() != CV_8UC3)
            throw ExportError(where, "export needs the 8-bit RGB image");
        if (rgb.size() != result.imageSize)
            throw ExportError(where, "image size does not match the result's image size");
    }
    if (result.imageSize.width <= 0 || result.imageSize.height <= 0)
        throw ExportError(where, "the result has no image size");
    for (size_t i = 0; i < result.objects.size(); ++i) {
        const cv::Mat &m = result.objects[i].mask;
        if (m.type() != CV_8UC1 || m.size() != result.imageSize)
            throw ExportError(where, "mask " + std::to_string(i) + " is not an 8-bit mask of the image's size");
    }
}

std::vector<fs::path> exportResult(const SegmentationResult &result, const cv::Mat &rgb, const fs::path &outputDir,
                                   const ExportOptions &options)
{
    const std::string name = exportBaseName(result, options);
    validateExportInput(result, rgb, outputDir / name, true);

    ExportTransaction tx;
    tx.makeDir(outputDir);
    // Small files first, the large visualisation last.
    ExportOptions seed = options;
    seed.summary = seed.visualization = false;
    addSeedFiles(tx, result, rgb, outputDir, name, seed);
    if (options.cutouts)
        addCutoutFiles(tx, result, rgb, outputDir, name);
    seed = options;
    seed.masks = false;
    seed.visualization = false;
    addSeedFiles(tx, result, rgb, outputDir, name, seed);
    if (options.coco) {
        CocoWriter coco(options.cocoSegmentation, options.polygonOptions());
        coco.addResult(result);
        tx.add(outputDir / (name + "_coco.json"), coco.toJson());
    }
    seed = options;
    seed.masks = seed.summary = false;
    addSeedFiles(tx, result, rgb, outputDir, name, seed);
    return tx.commit();
}

} // namespace dinosam
