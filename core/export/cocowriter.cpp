#include "export/cocowriter.h"

#include "export/maskrle.h"
#include "export/numberformat.h"

#include <opencv2/imgproc.hpp>

#ifndef DINOSAM_VERSION
#define DINOSAM_VERSION "unknown"
#endif

namespace dinosam {

std::vector<std::vector<cv::Point>> maskToPolygons(const cv::Mat &mask, double epsilon)
{
    CV_Assert(mask.type() == CV_8UC1);
    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(mask.clone(), contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_NONE);
    std::vector<std::vector<cv::Point>> polygons;
    for (const auto &contour : contours) {
        std::vector<cv::Point> poly;
        if (epsilon > 0)
            cv::approxPolyDP(contour, poly, epsilon, true);
        else
            poly = contour;
        if (poly.size() < 3) {
            const cv::Rect r = cv::boundingRect(contour);
            poly = {r.tl(), {r.x + r.width, r.y}, r.br(), {r.x, r.y + r.height}};
        }
        polygons.push_back(std::move(poly));
    }
    return polygons;
}

CocoWriter::CocoWriter(CocoSegmentation segmentation, double polygonEpsilon)
    : m_segmentation(segmentation)
    , m_epsilon(polygonEpsilon)
{
}

std::string CocoWriter::quote(const std::string &text)
{
    std::string s = "\"";
    for (unsigned char c : text) {
        switch (c) {
        case '"': s += "\\\""; break;
        case '\\': s += "\\\\"; break;
        case '\n': s += "\\n"; break;
        case '\r': s += "\\r"; break;
        case '\t': s += "\\t"; break;
        default:
            if (c < 0x20) {
                static const char hex[] = "0123456789abcdef";
                s += "\\u00";
                s += hex[c >> 4];
                s += hex[c & 15];
            } else {
                s += char(c);
            }
        }
    }
    return s + "\"";
}

int CocoWriter::addResult(const SegmentationResult &result, const std::string &fileName)
{
    const int imageId = int(m_images.size()) + 1;
    const cv::Size size = result.imageSize;
    m_images.push_back("{\"id\": " + std::to_string(imageId) +
                       ", \"file_name\": " + quote(fileName.empty() ? result.imageName : fileName) +
                       ", \"width\": " + std::to_string(size.width) + ", \"height\": " + std::to_string(size.height) +
                       "}");
    for (const SegmentedObject &o : result.objects) {
        cv::Rect box = o.box;
        int64_t area = o.area;
        std::string segmentation = "[]";
        const bool haveMask = !o.mask.empty() && o.mask.type() == CV_8UC1;
        if (haveMask) {
            box = cv::boundingRect(o.mask);
            area = cv::countNonZero(o.mask);
            const std::string sizeField =
                "\"size\": [" + std::to_string(o.mask.rows) + ", " + std::to_string(o.mask.cols) + "]";
            if (m_segmentation == CocoSegmentation::Polygons) {
                segmentation = "[";
                bool firstPoly = true;
                for (const auto &poly : maskToPolygons(o.mask, m_epsilon)) {
                    segmentation += firstPoly ? "[" : ", [";
                    firstPoly = false;
                    for (size_t i = 0; i < poly.size(); ++i) {
                        segmentation += (i ? ", " : "") + std::to_string(poly[i].x) + ", " + std::to_string(poly[i].y);
                    }
                    segmentation += "]";
                }
                segmentation += "]";
            } else {
                const std::vector<uint32_t> counts = encodeMaskRle(o.mask);
                if (m_segmentation == CocoSegmentation::RleString) {
                    segmentation = "{" + sizeField + ", \"counts\": " + quote(rleCountsToString(counts)) + "}";
                } else {
                    segmentation = "{" + sizeField + ", \"counts\": [";
                    for (size_t i = 0; i < counts.size(); ++i)
                        segmentation += (i ? "," : "") + std::to_string(counts[i]);
                    segmentation += "]}";
                }
            }
        }
        const int annotationId = int(m_annotations.size()) + 1;
        m_annotations.push_back(
            "{\"id\": " + std::to_string(annotationId) + ", \"image_id\": " + std::to_string(imageId) +
            ", \"category_id\": 1, \"iscrowd\": 0, \"bbox\": [" + std::to_string(box.x) + ", " + std::to_string(box.y) +
            ", " + std::to_string(box.width) + ", " + std::to_string(box.height) + "], \"area\": " + std::to_string(area) +
            ", \"score\": " + formatShortest(o.samScore) + ", \"dino_confidence\": " + formatShortest(o.dinoConfidence) +
            ", \"segmentation\": " + segmentation + "}");
    }
    return imageId;
}

std::string CocoWriter::toJson() const
{
    auto list = [](const std::vector<std::string> &items) {
        std::string s = "[";
        for (size_t i = 0; i < items.size(); ++i)
            s += (i ? ",\n    " : "\n    ") + items[i];
        return s + (items.empty() ? "]" : "\n  ]");
    };
    return "{\n  \"info\": {\"description\": \"DinoSam segmentation\", \"version\": " + quote(DINOSAM_VERSION) +
           "},\n  \"licenses\": [],\n  \"images\": " + list(m_images) +
           ",\n  \"categories\": [{\"id\": 1, \"name\": \"object\", \"supercategory\": \"object\"}],\n"
           "  \"annotations\": " +
           list(m_annotations) + "\n}\n";
}

} // namespace dinosam
