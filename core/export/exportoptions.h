#pragma once
#include <string>

namespace dinosam {

/// How COCO annotations store an object's shape (the "segmentation" field).
enum class CocoSegmentation {
    RleCounts, ///< {"size": [h, w], "counts": [n0, n1, ...]}: uncompressed column-major RLE, exact (default)
    RleString, ///< {"size": [h, w], "counts": "<pycocotools compressed string>"}: exact, compact
    Polygons,  ///< [[x1, y1, x2, y2, ...], ...]: outer contours, simplified; holes are lost
};

/// Which files exportResult() writes. Names use `<name>` = baseName, or the image file name without
/// its extension when baseName is empty.
struct ExportOptions
{
    bool visualization = true; ///< <name>_visualization.jpg: original | heat-map + boxes | masks
    bool summary = true;       ///< <name>_summary.txt
    bool masks = true;         ///< <name>_masks/mask_NNN.png (0/255) + mask_NNN.txt (NNN from 000)
    bool coco = true;          ///< <name>_coco.json
    bool cutouts = true;       ///< <name>_cutouts/object_NNN.png: RGBA, cropped to the object's box
    std::string baseName;
    int jpegQuality = 92;
    CocoSegmentation cocoSegmentation = CocoSegmentation::RleCounts;
    double polygonEpsilon = 1.0; ///< cv::approxPolyDP tolerance in pixels for Polygons
};

} // namespace dinosam
