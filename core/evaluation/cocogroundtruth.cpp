#include "evaluation/cocogroundtruth.h"

#include "export/maskrle.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <stdexcept>

namespace dinosam::evaluation {
namespace {

constexpr double kMaxExactInteger = 9007199254740992.0; // 2^53

bool integral(const QJsonValue &v, int64_t &out)
{
    if (!v.isDouble())
        return false;
    const double d = v.toDouble();
    if (!std::isfinite(d) || std::floor(d) != d || std::fabs(d) > kMaxExactInteger)
        return false;
    out = int64_t(d);
    return true;
}

std::string recordName(const char *array, qsizetype index, const QJsonObject &o)
{
    std::string s = std::string(array) + "[" + std::to_string(index) + "]";
    int64_t id = 0;
    if (integral(o.value(QStringLiteral("id")), id))
        s += " (id " + std::to_string(id) + ")";
    return s;
}

/// Parses "segmentation"; returns an empty string on success, else the reason.
std::string parseSegmentation(const QJsonValue &seg, const CocoImage &image, CocoAnnotation &a)
{
    if (seg.isArray()) {
        const QJsonArray polys = seg.toArray();
        if (polys.isEmpty())
            return "segmentation is an empty list";
        for (qsizetype p = 0; p < polys.size(); ++p) {
            if (!polys[p].isArray())
                return "segmentation[" + std::to_string(p) + "] is not a list of numbers";
            const QJsonArray xy = polys[p].toArray();
            if (xy.size() % 2 != 0)
                return "polygon " + std::to_string(p) + " has an odd number of values (" +
                       std::to_string(xy.size()) + ")";
            if (xy.size() < 6)
                return "polygon " + std::to_string(p) + " has fewer than 3 points";
            std::vector<cv::Point2d> poly;
            for (qsizetype i = 0; i < xy.size(); i += 2) {
                if (!xy[i].isDouble() || !xy[i + 1].isDouble())
                    return "polygon " + std::to_string(p) + " holds a value that is not a number";
                const double x = xy[i].toDouble(), y = xy[i + 1].toDouble();
                if (!std::isfinite(x) || !std::isfinite(y) || std::fabs(x) > 1e7 || std::fabs(y) > 1e7)
                    return "polygon " + std::to_string(p) + " has a non-finite or absurd coordinate";
                poly.emplace_back(x, y);
            }
            a.polygons.push_back(std::move(poly));
        }
        return {};
    }
    if (seg.isObject()) {
        const QJsonObject rle = seg.toObject();
        const QJsonArray size = rle.value(QStringLiteral("size")).toArray();
        int64_t h = 0, w = 0;
        if (size.size() != 2 || !integral(size[0], h) || !integral(size[1], w) || h <= 0 || w <= 0)
            return "RLE size must be [height, width] with positive whole numbers";
        if (h != image.size.height || w != image.size.width)
            return "RLE size " + std::to_string(w) + "x" + std::to_string(h) + " differs from the image's " +
                   std::to_string(image.size.width) + "x" + std::to_string(image.size.height);
        a.rleSize = cv::Size(int(w), int(h));
        const QJsonValue counts = rle.value(QStringLiteral("counts"));
        if (counts.isString()) {
            try {
                a.rleCounts = rleCountsFromString(counts.toString().toStdString());
            } catch (const std::exception &e) {
                return std::string("compressed RLE counts are malformed: ") + e.what();
            }
        } else if (counts.isArray()) {
            for (const QJsonValue &c : counts.toArray()) {
                int64_t n = 0;
                if (!integral(c, n) || n < 0 || n > int64_t(UINT32_MAX))
                    return "RLE counts must be whole numbers >= 0";
                a.rleCounts.push_back(uint32_t(n));
            }
        } else {
            return "RLE counts must be a list or a string";
        }
        uint64_t sum = 0;
        for (uint32_t c : a.rleCounts)
            sum += c;
        if (sum != uint64_t(h) * uint64_t(w))
            return "RLE counts sum to " + std::to_string(sum) + ", not height*width = " + std::to_string(h * w);
        return {};
    }
    return seg.isUndefined() ? "no segmentation" : "segmentation must be a polygon list or an RLE object";
}

} // namespace

cv::Mat CocoAnnotation::mask(cv::Size imageSize) const
{
    if (!rleCounts.empty() || !rleSize.empty()) {
        if (rleSize != imageSize)
            throw std::invalid_argument("annotation " + std::to_string(id) + ": RLE size differs from the image's");
        return decodeMaskRle(rleCounts, imageSize);
    }
    cv::Mat m = cv::Mat::zeros(imageSize, CV_8U);
    // Scanline fill at pixel centres: pixel (x, y) is on when (x + 0.5, y + 0.5) lies inside
    // the polygon (even-odd rule, vertices on pixel edges as in COCO). Several polygons: union.
    std::vector<double> xs;
    for (const auto &poly : polygons) {
        for (int y = 0; y < imageSize.height; ++y) {
            const double cy = y + 0.5;
            xs.clear();
            for (size_t i = 0; i < poly.size(); ++i) {
                const cv::Point2d &a = poly[i], &b = poly[(i + 1) % poly.size()];
                if ((a.y <= cy) != (b.y <= cy))
                    xs.push_back(a.x + (cy - a.y) * (b.x - a.x) / (b.y - a.y));
            }
            std::sort(xs.begin(), xs.end());
            uchar *row = m.ptr<uchar>(y);
            for (size_t k = 0; k + 1 < xs.size(); k += 2) {
                const int x0 = std::max(0, int(std::ceil(xs[k] - 0.5)));
                const int x1 = std::min(imageSize.width, int(std::ceil(xs[k + 1] - 0.5)));
                for (int x = x0; x < x1; ++x)
                    row[x] = 255;
            }
        }
    }
    return m;
}

std::map<int64_t, std::vector<size_t>> CocoGroundTruth::annotationsByImage() const
{
    std::map<int64_t, std::vector<size_t>> out;
    for (size_t i = 0; i < annotations.size(); ++i)
        out[annotations[i].imageId].push_back(i);
    return out;
}

std::string CocoGroundTruth::categoryName(int64_t id) const
{
    for (const auto &c : categories)
        if (c.id == id)
            return c.name;
    return "category " + std::to_string(id);
}

CocoGroundTruth parseCocoGroundTruth(const std::string &json)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(json), &error);
    if (error.error != QJsonParseError::NoError)
        throw std::runtime_error("not valid JSON at byte " + std::to_string(error.offset) + ": " +
                                 error.errorString().toStdString());
    if (!doc.isObject())
        throw std::runtime_error("the top level is not a JSON object");
    const QJsonObject root = doc.object();
    if (!root.value(QStringLiteral("images")).isArray())
        throw std::runtime_error("no \"images\" list");

    CocoGroundTruth gt;
    std::map<int64_t, size_t> imageIndex;
    const QJsonArray images = root.value(QStringLiteral("images")).toArray();
    for (qsizetype i = 0; i < images.size(); ++i) {
        if (!images[i].isObject()) {
            gt.errors.push_back("images[" + std::to_string(i) + "]: not an object; skipped");
            continue;
        }
        const QJsonObject o = images[i].toObject();
        const std::string name = recordName("images", i, o);
        CocoImage im;
        int64_t w = 0, h = 0;
        if (!integral(o.value(QStringLiteral("id")), im.id)) {
            gt.errors.push_back(name + ": id missing or not a whole number; skipped");
            continue;
        }
        if (imageIndex.count(im.id)) {
            gt.errors.push_back(name + ": duplicate image id; skipped");
            continue;
        }
        if (!o.value(QStringLiteral("file_name")).isString() ||
            o.value(QStringLiteral("file_name")).toString().isEmpty()) {
            gt.errors.push_back(name + ": file_name missing; skipped");
            continue;
        }
        im.fileName = o.value(QStringLiteral("file_name")).toString().toStdString();
        if (!integral(o.value(QStringLiteral("width")), w) || !integral(o.value(QStringLiteral("height")), h) ||
            w <= 0 || h <= 0 || w > 100000 || h > 100000) {
            gt.errors.push_back(name + " " + im.fileName + ": width/height missing or not positive; skipped");
            continue;
        }
        im.size = cv::Size(int(w), int(h));
        imageIndex[im.id] = gt.images.size();
        gt.images.push_back(std::move(im));
    }

    std::set<int64_t> categoryIds;
    const QJsonArray categories = root.value(QStringLiteral("categories")).toArray();
    for (qsizetype i = 0; i < categories.size(); ++i) {
        const QJsonObject o = categories[i].toObject();
        CocoCategory c;
        if (!categories[i].isObject() || !integral(o.value(QStringLiteral("id")), c.id)) {
            gt.errors.push_back("categories[" + std::to_string(i) + "]: id missing or not a whole number; skipped");
            continue;
        }
        if (!categoryIds.insert(c.id).second) {
            gt.errors.push_back(recordName("categories", i, o) + ": duplicate category id; skipped");
            continue;
        }
        c.name = o.value(QStringLiteral("name")).toString().toStdString();
        gt.categories.push_back(std::move(c));
    }

    std::set<int64_t> annotationIds;
    const QJsonValue annValue = root.value(QStringLiteral("annotations"));
    if (!annValue.isArray() && !annValue.isUndefined())
        gt.errors.push_back("\"annotations\" is not a list; no annotations read");
    const QJsonArray annotations = annValue.toArray();
    for (qsizetype i = 0; i < annotations.size(); ++i) {
        if (!annotations[i].isObject()) {
            gt.errors.push_back("annotations[" + std::to_string(i) + "]: not an object; skipped");
            continue;
        }
        const QJsonObject o = annotations[i].toObject();
        const std::string name = recordName("annotations", i, o);
        CocoAnnotation a;
        if (!integral(o.value(QStringLiteral("id")), a.id)) {
            gt.errors.push_back(name + ": id missing or not a whole number; skipped");
            continue;
        }
        if (!annotationIds.insert(a.id).second) {
            gt.errors.push_back(name + ": duplicate annotation id; skipped");
            continue;
        }
        const auto img = integral(o.value(QStringLiteral("image_id")), a.imageId) ? imageIndex.find(a.imageId)
                                                                                    : imageIndex.end();
        if (img == imageIndex.end()) {
            gt.errors.push_back(name + ": unknown image_id " +
                                (o.value(QStringLiteral("image_id")).isDouble()
                                     ? std::to_string(int64_t(o.value(QStringLiteral("image_id")).toDouble()))
                                     : std::string("(missing)")) +
                                "; skipped");
            continue;
        }
        const CocoImage &image = gt.images[img->second];
        if (!integral(o.value(QStringLiteral("category_id")), a.categoryId)) {
            gt.errors.push_back(name + ": category_id missing or not a whole number; skipped");
            continue;
        }
        if (!categoryIds.count(a.categoryId))
            gt.errors.push_back(name + ": unknown category_id " + std::to_string(a.categoryId) +
                                " (kept: the metrics are class-agnostic)");
        int64_t crowd = 0;
        a.iscrowd = integral(o.value(QStringLiteral("iscrowd")), crowd) && crowd != 0;
        const std::string segError = parseSegmentation(o.value(QStringLiteral("segmentation")), image, a);
        if (!segError.empty()) {
            gt.errors.push_back(name + " on " + image.fileName + ": " + segError + "; skipped");
            continue;
        }
        const QJsonArray bbox = o.value(QStringLiteral("bbox")).toArray();
        if (bbox.size() == 4 && bbox[0].isDouble() && bbox[1].isDouble() && bbox[2].isDouble() &&
            bbox[3].isDouble()) {
            a.bbox = {bbox[0].toDouble(), bbox[1].toDouble(), bbox[2].toDouble(), bbox[3].toDouble()};
            if (!(a.bbox.width >= 0 && a.bbox.height >= 0) || !std::isfinite(a.bbox.x) || !std::isfinite(a.bbox.y)) {
                gt.errors.push_back(name + ": bbox has a negative or non-finite size; skipped");
                continue;
            }
        } else {
            // No (usable) bbox: take the mask's.
            const cv::Rect r = cv::boundingRect(a.mask(image.size));
            a.bbox = cv::Rect2d(r);
            if (!o.value(QStringLiteral("bbox")).isUndefined())
                gt.errors.push_back(name + ": bbox is not [x, y, w, h]; the mask's box is used");
        }
        gt.annotations.push_back(std::move(a));
    }
    return gt;
}

CocoGroundTruth loadCocoGroundTruth(const std::filesystem::path &file)
{
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    if (ec)
        throw std::runtime_error(file.string() + ": cannot read (" + ec.message() + ")");
    if (size > (uint64_t(1) << 30))
        throw std::runtime_error(file.string() + ": larger than 1 GiB");
    std::ifstream in(file, std::ios::binary);
    std::string text(size_t(size), '\0');
    if (!in || !in.read(text.data(), std::streamsize(size)))
        throw std::runtime_error(file.string() + ": read error");
    try {
        return parseCocoGroundTruth(text);
    } catch (const std::exception &e) {
        throw std::runtime_error(file.string() + ": " + e.what());
    }
}

} // namespace dinosam::evaluation
