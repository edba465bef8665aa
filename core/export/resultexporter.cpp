#include "export/resultexporter.h"

#include "export/atomicfile.h"
#include "export/cocowriter.h"
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

std::string indexName(size_t index)
{
    std::string s = std::to_string(index);
    return std::string(s.size() < 3 ? 3 - s.size() : 0, '0') + s;
}

std::vector<unsigned char> encode(const fs::path &target, const char *ext, const cv::Mat &image,
                                  const std::vector<int> &params = {})
{
    std::vector<unsigned char> bytes;
    bool ok = false;
    try {
        ok = cv::imencode(ext, image, bytes, params);
    } catch (const cv::Exception &e) {
        throw ExportError(target, std::string("cannot encode image: ") + e.err);
    }
    if (!ok)
        throw ExportError(target, "cannot encode image");
    return bytes;
}

// Writes temporaries next to their targets; commits them all at the end; rolls back otherwise.
class Transaction
{
public:
    ~Transaction()
    {
        if (m_committed)
            return;
        m_files.clear(); // removes the temporaries
        for (auto it = m_createdDirs.rbegin(); it != m_createdDirs.rend(); ++it) {
            std::error_code ec;
            fs::remove(*it, ec); // only removes an empty folder
        }
    }

    void makeDir(const fs::path &dir)
    {
        std::error_code ec;
        if (fs::is_directory(dir, ec))
            return;
        if (dir.has_parent_path() && dir.parent_path() != dir)
            makeDir(dir.parent_path());
        if (!fs::create_directory(dir, ec) && !fs::is_directory(dir)) {
            throw ExportError(dir, "cannot create folder: " + (ec ? ec.message() : std::string("not a folder")));
        }
        m_createdDirs.push_back(dir);
    }

    void add(const fs::path &target, std::span<const unsigned char> bytes)
    {
        AtomicFile file(target);
        file.prepare(bytes);
        m_files.push_back(std::move(file));
    }
    void add(const fs::path &target, const std::string &text)
    {
        add(target, std::span<const unsigned char>(reinterpret_cast<const unsigned char *>(text.data()), text.size()));
    }

    std::vector<fs::path> commit()
    {
        std::vector<fs::path> written;
        for (AtomicFile &f : m_files) {
            f.commit();
            written.push_back(f.target());
        }
        m_committed = true;
        return written;
    }

private:
    std::vector<AtomicFile> m_files;
    std::vector<fs::path> m_createdDirs;
    bool m_committed = false;
};

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

std::string exportBaseName(const SegmentationResult &result, const ExportOptions &options)
{
    if (!options.baseName.empty())
        return options.baseName;
    const std::string stem = fs::path(result.imageName).stem().string();
    return stem.empty() ? std::string("image") : stem;
}

std::vector<fs::path> exportResult(const SegmentationResult &result, const cv::Mat &rgb, const fs::path &outputDir,
                                   const ExportOptions &options)
{
    const std::string name = exportBaseName(result, options);
    if (rgb.empty() || rgb.type() != CV_8UC3)
        throw ExportError(outputDir / name, "export needs the 8-bit RGB image");
    if (rgb.size() != result.imageSize)
        throw ExportError(outputDir / name, "image size does not match the result's image size");
    for (size_t i = 0; i < result.objects.size(); ++i) {
        const cv::Mat &m = result.objects[i].mask;
        if (m.type() != CV_8UC1 || m.size() != rgb.size())
            throw ExportError(outputDir / name, "mask " + std::to_string(i) + " is not an 8-bit mask of the image's size");
    }

    Transaction tx;
    tx.makeDir(outputDir);
    const fs::path masksDir = outputDir / (name + "_masks");
    const fs::path cutoutsDir = outputDir / (name + "_cutouts");

    // Small files first, the large visualisation last.
    if (options.masks) {
        tx.makeDir(masksDir);
        for (size_t i = 0; i < result.objects.size(); ++i) {
            cv::Mat binary;
            cv::compare(result.objects[i].mask, 0, binary, cv::CMP_NE); // exactly 0 / 255
            const fs::path png = masksDir / ("mask_" + indexName(i) + ".png");
            tx.add(png, encode(png, ".png", binary));
            tx.add(masksDir / ("mask_" + indexName(i) + ".txt"), maskMetadataText(result, i));
        }
    }
    if (options.cutouts) {
        tx.makeDir(cutoutsDir);
        for (size_t i = 0; i < result.objects.size(); ++i) {
            const SegmentedObject &o = result.objects[i];
            cv::Mat rgba = renderCutout(rgb, o.mask, o.box);
            if (rgba.empty())
                rgba = cv::Mat::zeros(1, 1, CV_8UC4); // empty mask: a transparent pixel keeps numbering intact
            cv::Mat bgra;
            cv::cvtColor(rgba, bgra, cv::COLOR_RGBA2BGRA);
            const fs::path png = cutoutsDir / ("object_" + indexName(i) + ".png");
            tx.add(png, encode(png, ".png", bgra));
        }
    }
    if (options.summary)
        tx.add(outputDir / (name + "_summary.txt"), summaryText(result));
    if (options.coco) {
        CocoWriter coco(options.cocoSegmentation, options.polygonEpsilon);
        coco.addResult(result);
        tx.add(outputDir / (name + "_coco.json"), coco.toJson());
    }
    if (options.visualization) {
        cv::Mat bgr;
        cv::cvtColor(renderVisualization(rgb, result), bgr, cv::COLOR_RGB2BGR);
        const fs::path jpg = outputDir / (name + "_visualization.jpg");
        tx.add(jpg, encode(jpg, ".jpg", bgr, {cv::IMWRITE_JPEG_QUALITY, options.jpegQuality}));
    }

    std::vector<fs::path> written = tx.commit();
    const size_t count = result.objects.size();
    if (options.masks)
        removeStale(masksDir, std::regex(R"(mask_(\d{3,})\.(png|txt))"), count);
    if (options.cutouts)
        removeStale(cutoutsDir, std::regex(R"(object_(\d{3,})\.png)"), count);
    return written;
}

} // namespace dinosam
