#include "export/cocowriter.h"

#include "export/jsontext.h"
#include "export/maskrle.h"
#include "export/numberformat.h"

#include <opencv2/imgproc.hpp>

#ifndef DINOSAM_VERSION
#define DINOSAM_VERSION "unknown"
#endif

namespace dinosam {

CocoWriter::CocoWriter(CocoSegmentation segmentation, PolygonOptions polygons)
    : m_segmentation(segmentation)
    , m_polygons(polygons)
{
}

std::string CocoWriter::quote(const std::string &text) { return jsonQuote(text); }

int CocoWriter::addResult(const SegmentationResult &result, const std::string &fileName, const CategoryFn &category,
                          const std::string &relativePath)
{
    const int imageId = int(m_images.size()) + 1;
    const cv::Size size = result.imageSize;
    m_images.push_back("{\"id\": " + std::to_string(imageId) +
                       ", \"file_name\": " + quote(fileName.empty() ? result.imageName : fileName) +
                       (relativePath.empty() ? std::string() : ", \"path\": " + quote(relativePath)) +
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
                const std::vector<Polygon> polygons = objectPolygons(o.mask, o.sourcePolygons, m_polygons);
                // bbox and area describe the segmentation as written: the polygons' own pixels
                // (as pycocotools' annToMask would draw them), so that an import reads them back.
                const cv::Mat drawn = rasterizePolygons(polygons, o.mask.size());
                box = cv::boundingRect(drawn);
                area = cv::countNonZero(drawn);
                for (const Polygon &poly : polygons) {
                    segmentation += firstPoly ? "[" : ", [";
                    firstPoly = false;
                    for (size_t i = 0; i < poly.size(); ++i)
                        segmentation += (i ? ", " : "") + jsonNumber(poly[i].x) + ", " + jsonNumber(poly[i].y);
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
        const int categoryId = category ? category(o) : 1;
        m_annotations.push_back(
            "{\"id\": " + std::to_string(annotationId) + ", \"image_id\": " + std::to_string(imageId) +
            ", \"category_id\": " + std::to_string(categoryId) + ", \"iscrowd\": 0, \"bbox\": [" + std::to_string(box.x) +
            ", " + std::to_string(box.y) + ", " + std::to_string(box.width) + ", " + std::to_string(box.height) +
            "], \"area\": " + std::to_string(area) + ", \"score\": " + formatShortest(o.samScore) +
            ", \"dino_confidence\": " + formatShortest(o.dinoConfidence) + ", \"segmentation\": " + segmentation + "}");
    }
    return imageId;
}

void CocoWriter::truncate(size_t images, size_t annotations)
{
    if (images < m_images.size())
        m_images.resize(images);
    if (annotations < m_annotations.size())
        m_annotations.resize(annotations);
}

std::string CocoWriter::toJson(const std::vector<std::string> &categories) const
{
    auto list = [](const std::vector<std::string> &items) {
        std::string s = "[";
        for (size_t i = 0; i < items.size(); ++i)
            s += (i ? ",\n    " : "\n    ") + items[i];
        return s + (items.empty() ? "]" : "\n  ]");
    };
    std::vector<std::string> cats;
    const std::vector<std::string> names = categories.empty() ? std::vector<std::string>{"object"} : categories;
    for (size_t i = 0; i < names.size(); ++i)
        cats.push_back("{\"id\": " + std::to_string(i + 1) + ", \"name\": " + quote(names[i]) +
                       ", \"supercategory\": \"object\"}");
    return "{\n  \"info\": {\"description\": \"DinoSam segmentation\", \"version\": " + quote(DINOSAM_VERSION) +
           "},\n  \"licenses\": [],\n  \"images\": " + list(m_images) + ",\n  \"categories\": " + list(cats) +
           ",\n  \"annotations\": " + list(m_annotations) + "\n}\n";
}

} // namespace dinosam
