#include "annotation/annotationjson.h"

#include "export/jsontext.h"
#include "export/maskrle.h"
#include "export/numberformat.h"
#include "export/summarytext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <cstdio>

namespace dinosam {
namespace {

constexpr int kMaxSide = 1 << 16; // the image loader's limit is lower; anything above is not ours

std::string num(float v) { return formatShortest(v); }
std::string boolText(bool b) { return b ? "true" : "false"; }

std::string rectText(const cv::Rect2f &r)
{
    return "[" + num(r.x) + ", " + num(r.y) + ", " + num(r.width) + ", " + num(r.height) + "]";
}

std::string rectText(const cv::Rect &r)
{
    return "[" + std::to_string(r.x) + ", " + std::to_string(r.y) + ", " + std::to_string(r.width) + ", " +
           std::to_string(r.height) + "]";
}

std::string methodName(DiscoveryMethod m) { return discoveryMethodName(m); }

std::string ss(const QJsonValue &v) { return v.toString().toStdString(); }

bool finiteNumbers(const QJsonArray &a, int n)
{
    if (a.size() != n)
        return false;
    for (const QJsonValue &v : a)
        if (!v.isDouble() || !std::isfinite(v.toDouble()) || std::abs(v.toDouble()) > 1e9)
            return false;
    return true;
}

float f(const QJsonValue &v, float fallback = 0) { return v.isDouble() ? float(v.toDouble()) : fallback; }

PromptType promptTypeFrom(const std::string &s)
{
    if (s == "point")
        return PromptType::Point;
    if (s == "box+point")
        return PromptType::BoxAndPoint;
    return PromptType::Box;
}

} // namespace

std::string annotationToJson(const ImageAnnotation &a)
{
    const SegmentationParams &p = a.params;
    std::string s = "{\n  \"format\": \"dinosam-annotation\",\n  \"version\": 1,\n  \"image\": " + jsonQuote(a.imageName) +
                    ",\n  \"width\": " + std::to_string(a.imageSize.width) +
                    ",\n  \"height\": " + std::to_string(a.imageSize.height) + ",\n  \"params\": {\"method\": " +
                    jsonQuote(methodName(p.method)) + ", \"attention_threshold\": " + num(p.attentionThreshold) +
                    ", \"num_objects\": " + std::to_string(p.numObjects) + ", \"min_area\": " + std::to_string(p.minArea) +
                    ", \"prompt_type\": " + jsonQuote(promptTypeName(p.promptType)) +
                    ", \"duplicate_iou\": " + num(p.duplicateIou) +
                    ", \"remove_small_holes_and_specks\": " + boolText(p.removeSmallHolesAndSpecks) +
                    ", \"dino_input_size\": " + std::to_string(p.dinoInputSize) + "},\n  \"models\": {\"dino\": " +
                    jsonQuote(p.dinoModel) + ", \"sam2\": " + jsonQuote(p.sam2Model) + "},\n  \"objects\": [";
    for (size_t i = 0; i < a.objects.size(); ++i) {
        const AnnotatedObject &ao = a.objects[i];
        const SegmentedObject &o = ao.object;
        std::string prompt = "{\"box\": " + (ao.prompt.box ? rectText(*ao.prompt.box) : std::string("null")) +
                             ", \"points\": [";
        for (size_t k = 0; k < ao.prompt.points.size(); ++k) {
            const int label = k < ao.prompt.labels.size() ? ao.prompt.labels[k] : 1;
            prompt += (k ? ", [" : "[") + num(ao.prompt.points[k].x) + ", " + num(ao.prompt.points[k].y) + ", " +
                      std::to_string(label) + "]";
        }
        prompt += "]}";
        std::string mask = "null";
        if (!o.mask.empty() && o.mask.type() == CV_8UC1)
            mask = "{\"size\": [" + std::to_string(o.mask.rows) + ", " + std::to_string(o.mask.cols) +
                   "], \"counts\": " + jsonQuote(rleCountsToString(encodeMaskRle(o.mask))) + "}";
        s += (i ? ",\n    " : "\n    ");
        s += "{\"label\": " + jsonQuote(o.label) + ", \"box\": " + rectText(o.box) +
             ", \"area\": " + std::to_string(o.area) + ", \"sam_score\": " + num(o.samScore) +
             ", \"dino_confidence\": " + num(o.dinoConfidence) + ", \"edited\": " + boolText(ao.edited) +
             ", \"locked\": " + boolText(ao.locked) + ", \"hidden\": " + boolText(ao.hidden) +
             ", \"prompt_type\": " + jsonQuote(promptTypeName(o.promptType)) + ", \"prompt_box\": " +
             rectText(o.promptBox) + ", \"prompt_point\": [" + num(o.promptPoint.x) + ", " + num(o.promptPoint.y) +
             "], \"prompt\": " + prompt + ", \"mask\": " + mask + "}";
    }
    s += a.objects.empty() ? "]\n}\n" : "\n  ]\n}\n";
    return s;
}

ImageAnnotation annotationFromJson(const std::string &json, ReadProblems &problems)
{
    ImageAnnotation a;
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(json), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject()) {
        problems.fatal = true;
        problems.lines.push_back("not valid JSON (" + error.errorString().toStdString() + " at byte " +
                                 std::to_string(error.offset) + ")");
        return a;
    }
    const QJsonObject root = doc.object();
    if (root.value(QStringLiteral("format")).toString() != QLatin1String("dinosam-annotation")) {
        problems.fatal = true;
        problems.lines.push_back("not a DinoSam annotation file (no \"format\": \"dinosam-annotation\")");
        return a;
    }
    const int version = root.value(QStringLiteral("version")).toInt(0);
    if (version != 1) {
        problems.fatal = true;
        problems.lines.push_back("annotation version " + std::to_string(version) +
                                 " is not supported (this DinoSam reads version 1)");
        return a;
    }
    a.imageName = ss(root.value(QStringLiteral("image")));
    const int w = root.value(QStringLiteral("width")).toInt(0), h = root.value(QStringLiteral("height")).toInt(0);
    if (w <= 0 || h <= 0 || w > kMaxSide || h > kMaxSide) {
        problems.fatal = true;
        problems.lines.push_back("bad image size " + std::to_string(w) + "x" + std::to_string(h));
        return a;
    }
    a.imageSize = cv::Size(w, h);

    const QJsonObject p = root.value(QStringLiteral("params")).toObject();
    SegmentationParams &sp = a.params;
    sp.method = p.value(QStringLiteral("method")).toString() == QLatin1String("spectral") ? DiscoveryMethod::Spectral
                                                                                          : DiscoveryMethod::Attention;
    sp.attentionThreshold = f(p.value(QStringLiteral("attention_threshold")), sp.attentionThreshold);
    sp.numObjects = p.value(QStringLiteral("num_objects")).toInt(sp.numObjects);
    sp.minArea = int64_t(p.value(QStringLiteral("min_area")).toDouble(double(sp.minArea)));
    sp.promptType = promptTypeFrom(ss(p.value(QStringLiteral("prompt_type"))));
    sp.duplicateIou = f(p.value(QStringLiteral("duplicate_iou")), sp.duplicateIou);
    sp.removeSmallHolesAndSpecks = p.value(QStringLiteral("remove_small_holes_and_specks")).toBool(false);
    sp.dinoInputSize = p.value(QStringLiteral("dino_input_size")).toInt(sp.dinoInputSize);
    const QJsonObject models = root.value(QStringLiteral("models")).toObject();
    if (models.contains(QStringLiteral("dino")))
        sp.dinoModel = ss(models.value(QStringLiteral("dino")));
    if (models.contains(QStringLiteral("sam2")))
        sp.sam2Model = ss(models.value(QStringLiteral("sam2")));

    const QJsonArray objects = root.value(QStringLiteral("objects")).toArray();
    for (qsizetype i = 0; i < objects.size(); ++i) {
        const std::string where = "object " + std::to_string(i) + ": ";
        if (!objects[i].isObject()) {
            problems.lines.push_back(where + "not an object");
            continue;
        }
        const QJsonObject jo = objects[i].toObject();
        AnnotatedObject ao;
        SegmentedObject &o = ao.object;
        const QJsonObject m = jo.value(QStringLiteral("mask")).toObject();
        const QJsonArray size = m.value(QStringLiteral("size")).toArray();
        if (size.size() != 2 || size[0].toInt() != h || size[1].toInt() != w) {
            problems.lines.push_back(where + "mask size is missing or not the image's " + std::to_string(w) + "x" +
                                     std::to_string(h));
            continue;
        }
        try {
            o.mask = decodeMaskRle(rleCountsFromString(ss(m.value(QStringLiteral("counts")))), a.imageSize);
        } catch (const std::exception &e) {
            problems.lines.push_back(where + "mask: " + e.what());
            continue;
        }
        o.box = cv::boundingRect(o.mask);
        o.area = cv::countNonZero(o.mask);
        o.label = ss(jo.value(QStringLiteral("label")));
        o.samScore = f(jo.value(QStringLiteral("sam_score")));
        o.dinoConfidence = f(jo.value(QStringLiteral("dino_confidence")));
        o.promptType = promptTypeFrom(ss(jo.value(QStringLiteral("prompt_type"))));
        const QJsonArray pb = jo.value(QStringLiteral("prompt_box")).toArray();
        if (finiteNumbers(pb, 4))
            o.promptBox = cv::Rect2f(f(pb[0]), f(pb[1]), f(pb[2]), f(pb[3]));
        const QJsonArray pp = jo.value(QStringLiteral("prompt_point")).toArray();
        if (finiteNumbers(pp, 2))
            o.promptPoint = cv::Point2f(f(pp[0]), f(pp[1]));
        ao.edited = jo.value(QStringLiteral("edited")).toBool(false);
        ao.locked = jo.value(QStringLiteral("locked")).toBool(false);
        ao.hidden = jo.value(QStringLiteral("hidden")).toBool(false);
        const QJsonObject prompt = jo.value(QStringLiteral("prompt")).toObject();
        const QJsonArray box = prompt.value(QStringLiteral("box")).toArray();
        if (finiteNumbers(box, 4))
            ao.prompt.box = cv::Rect2f(f(box[0]), f(box[1]), f(box[2]), f(box[3]));
        for (const QJsonValue &pt : prompt.value(QStringLiteral("points")).toArray()) {
            const QJsonArray xyl = pt.toArray();
            if (!finiteNumbers(xyl, 3)) {
                problems.lines.push_back(where + "a prompt point is not [x, y, label]");
                continue;
            }
            ao.prompt.points.emplace_back(f(xyl[0]), f(xyl[1]));
            ao.prompt.labels.push_back(xyl[2].toInt() ? 1 : 0);
        }
        a.objects.push_back(std::move(ao));
    }
    return a;
}

std::string projectToJson(const LabelSet &labels, const std::string &defaultLabel)
{
    std::string s = "{\n  \"format\": \"dinosam-project\",\n  \"version\": 1,\n  \"default_label\": " +
                    jsonQuote(defaultLabel) + ",\n  \"labels\": [";
    for (size_t i = 0; i < labels.size(); ++i) {
        const Label &l = labels.at(i);
        char colour[8];
        std::snprintf(colour, sizeof colour, "#%02x%02x%02x", l.color[0], l.color[1], l.color[2]);
        s += (i ? ",\n    " : "\n    ");
        s += "{\"name\": " + jsonQuote(l.name) + ", \"color\": \"" + colour +
             "\", \"shortcut\": " + std::to_string(l.shortcut) + "}";
    }
    s += labels.empty() ? "]\n}\n" : "\n  ]\n}\n";
    return s;
}

LabelSet projectFromJson(const std::string &json, std::string &defaultLabel, ReadProblems &problems)
{
    LabelSet set;
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(json), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject() ||
        doc.object().value(QStringLiteral("format")).toString() != QLatin1String("dinosam-project")) {
        problems.fatal = true;
        problems.lines.push_back(error.error != QJsonParseError::NoError
                                     ? "not valid JSON (" + error.errorString().toStdString() + ")"
                                     : std::string("not a DinoSam project file"));
        return set;
    }
    const QJsonObject root = doc.object();
    if (root.value(QStringLiteral("version")).toInt(0) != 1) {
        problems.fatal = true;
        problems.lines.push_back("project version is not supported (this DinoSam reads version 1)");
        return set;
    }
    defaultLabel = LabelSet::normalizedName(ss(root.value(QStringLiteral("default_label"))));
    if (defaultLabel.empty())
        defaultLabel = "object";
    const QJsonArray labels = root.value(QStringLiteral("labels")).toArray();
    for (qsizetype i = 0; i < labels.size(); ++i) {
        const QJsonObject l = labels[i].toObject();
        const std::string name = LabelSet::normalizedName(ss(l.value(QStringLiteral("name"))));
        if (name.empty()) {
            problems.lines.push_back("label " + std::to_string(i) + ": empty name, skipped");
            continue;
        }
        if (set.contains(name)) {
            problems.lines.push_back("label " + std::to_string(i) + ": '" + name + "' twice, kept once");
            continue;
        }
        Label label{name, LabelSet::defaultColor(set.size()), 0};
        const std::string c = ss(l.value(QStringLiteral("color")));
        unsigned r = 0, g = 0, b = 0;
        if (c.size() == 7 && std::sscanf(c.c_str(), "#%2x%2x%2x", &r, &g, &b) == 3)
            label.color = cv::Vec3b(uchar(r), uchar(g), uchar(b));
        label.shortcut = l.value(QStringLiteral("shortcut")).toInt(0);
        set.add(label);
    }
    return set;
}

} // namespace dinosam
