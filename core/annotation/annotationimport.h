#pragma once
// Reading other tools' annotations into the project: labelme JSON and COCO (RLE or polygons).
#include "annotation/imageannotation.h"
#include "annotation/labelset.h"

#include <filesystem>
#include <string>
#include <vector>

namespace dinosam {

/// One imported image.
struct ImportedImage
{
    std::filesystem::path imagePath; ///< resolved against the annotation file's folder (may not exist)
    ImageAnnotation annotation;      ///< objects with labels, masks rasterised, sourcePolygons kept
};

/// What an import did. Each broken record is one line naming it; the rest is imported.
struct ImportReport
{
    std::vector<ImportedImage> images;
    LabelSet labels;                   ///< the labels met, in the file's order (COCO: category order)
    std::vector<std::string> problems; ///< "<file>: annotation 12: unknown category_id 7", ...
    bool fatal = false;                ///< the file itself is unreadable (not JSON, not this format)
};

/**
 * A labelme JSON file. Shapes of type polygon (also the default), rectangle (2 corners) and
 * (3+-point) linestrip-less polygons are imported; shapes sharing a group_id and label form one
 * object, shapes without group_id one object each. Other shape types (circle, line, point, mask)
 * are reported and skipped. imageWidth/imageHeight are required (they define the mask size);
 * imageData is ignored. Never throws.
 */
ImportReport importLabelme(const std::filesystem::path &file);

/**
 * A COCO instance-segmentation JSON (several images). Categories become labels; segmentation may be
 * uncompressed RLE, compressed RLE string, or polygons. An annotation with an unknown image or
 * category, a wrong RLE size, or bad numbers is reported and skipped. An image's path is its
 * "path" field when present, else file_name, both relative to the JSON's folder. Never throws.
 */
ImportReport importCoco(const std::filesystem::path &file);

} // namespace dinosam
