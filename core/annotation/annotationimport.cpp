#include "annotation/annotationimport.h"

#include "export/maskpolygons.h"
#include "export/maskrle.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

namespace dinosam {
namespace fs = std::filesystem;

namespace {

constexpr int kMaxSide = 1 << 16;
constexpr qsizetype kMaxPolygonPoints = 1 << 20;

std::string ss(const QJsonValue &v) { return v.toString().toStdString(); }

bool readJson(const fs::path &file, QJsonDocument &doc, ImportReport &report)
{
    std::error_code ec;
    const auto size = fs::file_size(file, ec);
    if (ec) {
        report.fatal = true;
        report.problems.push_back(file.string() + ": " + ec.message());
        return false;
    }
    if (size > (std::uintmax_t(2) << 30)) {
        report.fatal = true;
        report.problems.push_back(file.string() + ": larger than 2 GiB");
        return false;
    }
    std::ifstream in(file, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    if (!in.good() && !in.eof()) {
        report.fatal = true;
        report.problems.push_back(file.string() + ": cannot read");
        return false;
    }
    QJsonParseError error{};
    doc = QJsonDocument::fromJson(QByteArray::fromStdString(s.str()), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject()) {
        report.fatal = true;
        report.problems.push_back(file.string() + ": not valid JSON (" + error.errorString().toStdString() +
                                  " at byte " + std::to_string(error.offset) + ")");
        return false;
    }
    return true;
}

bool finite(double v) { return std::isfinite(v) && std::abs(v) < 1e7; }

void finishObject(SegmentedObject &o)
{
    o.box = cv::boundingRect(o.mask);
    o.area = cv::countNonZero(o.mask);
}

fs::path resolveImage(const fs::path &jsonFile, const std::string &relative)
{
    const fs::path p = fs::path(relative);
    return (p.is_absolute() ? p : jsonFile.parent_path() / p).lexically_normal();
}

} // namespace

ImportReport importLabelme(const fs::path &file)
{
    ImportReport report;
    QJsonDocument doc;
    if (!readJson(file, doc, report))
        return report;
    const QJsonObject root = doc.object();
    const std::string name = file.string() + ": ";
    if (!root.contains(QStringLiteral("shapes"))) {
        report.fatal = true;
        report.problems.push_back(name + "not a labelme file (no \"shapes\")");
        return report;
    }
    const int w = root.value(QStringLiteral("imageWidth")).toInt(0), h = root.value(QStringLiteral("imageHeight")).toInt(0);
    if (w <= 0 || h <= 0 || w > kMaxSide || h > kMaxSide) {
        report.fatal = true;
        report.problems.push_back(name + "imageWidth/imageHeight missing or out of range");
        return report;
    }
    ImportedImage image;
    const std::string imagePath = ss(root.value(QStringLiteral("imagePath")));
    image.imagePath = resolveImage(file, imagePath.empty() ? file.stem().string() : imagePath);
    image.annotation.imageName = image.imagePath.filename().string();
    image.annotation.imageSize = cv::Size(w, h);

    // Objects in the order their first shape appears.
    std::map<std::pair<std::string, int>, size_t> groups;
    std::vector<std::pair<std::string, std::vector<Polygon>>> objects;
    const QJsonArray shapes = root.value(QStringLiteral("shapes")).toArray();
    for (qsizetype i = 0; i < shapes.size(); ++i) {
        const std::string where = name + "shape " + std::to_string(i) + ": ";
        const QJsonObject s = shapes[i].toObject();
        const std::string type = s.contains(QStringLiteral("shape_type")) && !s.value(QStringLiteral("shape_type")).isNull()
                                     ? ss(s.value(QStringLiteral("shape_type")))
                                     : std::string("polygon");
        const std::string label = LabelSet::normalizedName(ss(s.value(QStringLiteral("label"))));
        if (label.empty()) {
            report.problems.push_back(where + "no label, skipped");
            continue;
        }
        const QJsonArray pts = s.value(QStringLiteral("points")).toArray();
        if (pts.size() > kMaxPolygonPoints) {
            report.problems.push_back(where + "too many points, skipped");
            continue;
        }
        Polygon poly;
        bool ok = true;
        for (const QJsonValue &v : pts) {
            const QJsonArray xy = v.toArray();
            if (xy.size() != 2 || !xy[0].isDouble() || !xy[1].isDouble() || !finite(xy[0].toDouble()) ||
                !finite(xy[1].toDouble())) {
                ok = false;
                break;
            }
            poly.emplace_back(float(xy[0].toDouble()), float(xy[1].toDouble()));
        }
        if (!ok) {
            report.problems.push_back(where + "points are not [x, y] numbers, skipped");
            continue;
        }
        if (type == "rectangle" && poly.size() == 2) {
            const cv::Point2f a = poly[0], b = poly[1];
            poly = {a, {b.x, a.y}, b, {a.x, b.y}};
        } else if (type != "polygon") {
            report.problems.push_back(where + "shape type '" + type + "' is not supported, skipped");
            continue;
        }
        if (poly.size() < 3) {
            report.problems.push_back(where + "a polygon needs at least 3 points, skipped");
            continue;
        }
        const QJsonValue group = s.value(QStringLiteral("group_id"));
        size_t index;
        if (group.isDouble()) {
            const auto key = std::make_pair(label, group.toInt());
            const auto it = groups.find(key);
            if (it == groups.end()) {
                index = objects.size();
                groups.emplace(key, index);
                objects.push_back({label, {}});
            } else {
                index = it->second;
            }
        } else {
            index = objects.size();
            objects.push_back({label, {}});
        }
        objects[index].second.push_back(std::move(poly));
    }
    for (auto &[label, polygons] : objects) {
        AnnotatedObject ao;
        ao.object.label = label;
        ao.object.mask = rasterizePolygons(polygons, image.annotation.imageSize);
        ao.object.sourcePolygons = std::move(polygons);
        finishObject(ao.object);
        ao.edited = true; // a person drew it
        if (ao.object.area == 0) {
            report.problems.push_back(name + "object '" + label + "' lies outside the image, skipped");
            continue;
        }
        report.labels.add(label);
        image.annotation.objects.push_back(std::move(ao));
    }
    report.images.push_back(std::move(image));
    return report;
}

ImportReport importCoco(const fs::path &file)
{
    ImportReport report;
    QJsonDocument doc;
    if (!readJson(file, doc, report))
        return report;
    const QJsonObject root = doc.object();
    const std::string name = file.string() + ": ";
    if (!root.value(QStringLiteral("images")).isArray() || !root.value(QStringLiteral("annotations")).isArray()) {
        report.fatal = true;
        report.problems.push_back(name + "not a COCO file (no \"images\" and \"annotations\" lists)");
        return report;
    }
    std::map<qint64, std::string> categories;
    const QJsonArray cats = root.value(QStringLiteral("categories")).toArray();
    for (qsizetype i = 0; i < cats.size(); ++i) {
        const QJsonObject c = cats[i].toObject();
        const std::string label = LabelSet::normalizedName(ss(c.value(QStringLiteral("name"))));
        if (!c.value(QStringLiteral("id")).isDouble() || label.empty()) {
            report.problems.push_back(name + "category " + std::to_string(i) + ": needs an id and a name, skipped");
            continue;
        }
        categories[c.value(QStringLiteral("id")).toInteger()] = label;
        report.labels.add(label);
    }
    std::map<qint64, size_t> images;
    const QJsonArray imgs = root.value(QStringLiteral("images")).toArray();
    for (qsizetype i = 0; i < imgs.size(); ++i) {
        const QJsonObject im = imgs[i].toObject();
        const int w = im.value(QStringLiteral("width")).toInt(0), h = im.value(QStringLiteral("height")).toInt(0);
        const std::string fileName = ss(im.value(QStringLiteral("file_name")));
        if (!im.value(QStringLiteral("id")).isDouble() || fileName.empty() || w <= 0 || h <= 0 || w > kMaxSide ||
            h > kMaxSide) {
            report.problems.push_back(name + "image " + std::to_string(i) +
                                      ": needs an id, a file_name and a width and height in 1..65536, skipped");
            continue;
        }
        const qint64 id = im.value(QStringLiteral("id")).toInteger();
        if (images.count(id)) {
            report.problems.push_back(name + "image " + std::to_string(i) + ": id " + std::to_string(id) +
                                      " used twice, skipped");
            continue;
        }
        ImportedImage image;
        const std::string path = ss(im.value(QStringLiteral("path")));
        image.imagePath = resolveImage(file, path.empty() ? fileName : path);
        image.annotation.imageName = fileName;
        image.annotation.imageSize = cv::Size(w, h);
        images[id] = report.images.size();
        report.images.push_back(std::move(image));
    }
    const QJsonArray anns = root.value(QStringLiteral("annotations")).toArray();
    for (qsizetype i = 0; i < anns.size(); ++i) {
        const QJsonObject a = anns[i].toObject();
        const std::string where = name + "annotation " + std::to_string(i) +
                                  (a.value(QStringLiteral("id")).isDouble()
                                       ? " (id " + std::to_string(a.value(QStringLiteral("id")).toInteger()) + ")"
                                       : std::string()) +
                                  ": ";
        const auto im = images.find(a.value(QStringLiteral("image_id")).toInteger(-1));
        if (im == images.end()) {
            report.problems.push_back(where + "unknown image_id, skipped");
            continue;
        }
        const auto cat = categories.find(a.value(QStringLiteral("category_id")).toInteger(-1));
        if (cat == categories.end()) {
            report.problems.push_back(where + "unknown category_id, skipped");
            continue;
        }
        ImageAnnotation &target = report.images[im->second].annotation;
        const cv::Size size = target.imageSize;
        AnnotatedObject ao;
        SegmentedObject &o = ao.object;
        o.label = cat->second;
        const QJsonValue seg = a.value(QStringLiteral("segmentation"));
        try {
            if (seg.isObject()) {
                const QJsonObject rle = seg.toObject();
                const QJsonArray sz = rle.value(QStringLiteral("size")).toArray();
                if (sz.size() != 2 || sz[0].toInt() != size.height || sz[1].toInt() != size.width)
                    throw std::invalid_argument("RLE size is not the image's [height, width]");
                const QJsonValue counts = rle.value(QStringLiteral("counts"));
                std::vector<uint32_t> runs;
                if (counts.isString()) {
                    runs = rleCountsFromString(ss(counts));
                } else if (counts.isArray()) {
                    const QJsonArray c = counts.toArray();
                    if (c.size() > qsizetype(size.area()) + 1)
                        throw std::invalid_argument("more RLE runs than pixels");
                    runs.reserve(size_t(c.size()));
                    for (const QJsonValue &v : c) {
                        const double d = v.toDouble(-1);
                        if (!v.isDouble() || d < 0 || d > double(size.area()) || d != std::floor(d))
                            throw std::invalid_argument("RLE counts must be whole numbers >= 0");
                        runs.push_back(uint32_t(d));
                    }
                } else {
                    throw std::invalid_argument("RLE without counts");
                }
                o.mask = decodeMaskRle(runs, size);
            } else if (seg.isArray()) {
                std::vector<Polygon> polygons;
                for (const QJsonValue &pv : seg.toArray()) {
                    const QJsonArray flat = pv.toArray();
                    if (flat.size() < 6 || flat.size() % 2 != 0 || flat.size() > 2 * kMaxPolygonPoints)
                        throw std::invalid_argument("a polygon needs an even count of at least 6 numbers");
                    Polygon poly;
                    for (qsizetype k = 0; k < flat.size(); k += 2) {
                        if (!flat[k].isDouble() || !flat[k + 1].isDouble() || !finite(flat[k].toDouble()) ||
                            !finite(flat[k + 1].toDouble()))
                            throw std::invalid_argument("polygon coordinates must be numbers");
                        poly.emplace_back(float(flat[k].toDouble()), float(flat[k + 1].toDouble()));
                    }
                    polygons.push_back(std::move(poly));
                }
                if (polygons.empty())
                    throw std::invalid_argument("empty segmentation");
                o.mask = rasterizePolygons(polygons, size);
                o.sourcePolygons = std::move(polygons);
            } else {
                throw std::invalid_argument("no segmentation");
            }
        } catch (const std::exception &e) {
            report.problems.push_back(where + e.what() + ", skipped");
            continue;
        }
        finishObject(o);
        o.samScore = float(a.value(QStringLiteral("score")).toDouble(0));
        o.dinoConfidence = float(a.value(QStringLiteral("dino_confidence")).toDouble(0));
        if (!std::isfinite(o.samScore))
            o.samScore = 0;
        if (!std::isfinite(o.dinoConfidence))
            o.dinoConfidence = 0;
        ao.edited = true;
        target.objects.push_back(std::move(ao));
    }
    return report;
}

} // namespace dinosam
