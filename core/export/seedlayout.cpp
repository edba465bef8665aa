#include "export/seedlayout.h"

#include "export/cutout.h"
#include "export/summarytext.h"
#include "export/visualization.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <regex>
#include <system_error>

namespace dinosam {
namespace fs = std::filesystem;

namespace {

void removeStale(const fs::path &dir, const std::regex &pattern, size_t count)
{
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        return;
    std::vector<fs::path> stale;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        std::smatch m;
        const std::string name = it->path().filename().string();
        if (std::regex_match(name, m, pattern) && std::stoull(m[1].str()) >= count)
            stale.push_back(it->path());
    }
    for (const auto &p : stale)
        fs::remove(p, ec);
}

} // namespace

std::string exportIndexName(size_t index)
{
    std::string s = std::to_string(index);
    return std::string(s.size() < 3 ? 3 - s.size() : 0, '0') + s;
}

void addSeedFiles(ExportTransaction &tx, const SegmentationResult &result, const cv::Mat &rgb, const fs::path &dir,
                  const std::string &name, const ExportOptions &options)
{
    const size_t count = result.objects.size();
    if (options.masks) {
        const fs::path masksDir = dir / (name + "_masks");
        tx.makeDir(masksDir);
        for (size_t i = 0; i < count; ++i) {
            cv::Mat binary;
            cv::compare(result.objects[i].mask, 0, binary, cv::CMP_NE); // exactly 0 / 255
            tx.addImage(masksDir / ("mask_" + exportIndexName(i) + ".png"), ".png", binary);
            tx.add(masksDir / ("mask_" + exportIndexName(i) + ".txt"), maskMetadataText(result, i));
        }
        tx.afterCommit([masksDir, count] { removeStale(masksDir, std::regex(R"(mask_(\d{3,})\.(png|txt))"), count); });
    }
    if (options.summary)
        tx.add(dir / (name + "_summary.txt"), summaryText(result));
    if (options.visualization) {
        cv::Mat bgr;
        cv::cvtColor(renderVisualization(rgb, result), bgr, cv::COLOR_RGB2BGR);
        tx.addImage(dir / (name + "_visualization.jpg"), ".jpg", bgr, {cv::IMWRITE_JPEG_QUALITY, options.jpegQuality});
    }
}

void addCutoutFiles(ExportTransaction &tx, const SegmentationResult &result, const cv::Mat &rgb, const fs::path &dir,
                    const std::string &name)
{
    const fs::path cutoutsDir = dir / (name + "_cutouts");
    tx.makeDir(cutoutsDir);
    const size_t count = result.objects.size();
    for (size_t i = 0; i < count; ++i) {
        const SegmentedObject &o = result.objects[i];
        cv::Mat rgba = renderCutout(rgb, o.mask, o.box);
        if (rgba.empty())
            rgba = cv::Mat::zeros(1, 1, CV_8UC4); // empty mask: a transparent pixel keeps numbering intact
        cv::Mat bgra;
        cv::cvtColor(rgba, bgra, cv::COLOR_RGBA2BGRA);
        tx.addImage(cutoutsDir / ("object_" + exportIndexName(i) + ".png"), ".png", bgra);
    }
    tx.afterCommit([cutoutsDir, count] { removeStale(cutoutsDir, std::regex(R"(object_(\d{3,})\.png)"), count); });
}

} // namespace dinosam
