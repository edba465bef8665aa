#pragma once
#include "export/maskpolygons.h"

#include <string>
#include <vector>

namespace dinosam {

/// How COCO annotations store an object's shape (the "segmentation" field).
enum class CocoSegmentation {
    RleCounts, ///< {"size": [h, w], "counts": [n0, n1, ...]}: uncompressed column-major RLE, exact (default)
    RleString, ///< {"size": [h, w], "counts": "<pycocotools compressed string>"}: exact, compact
    Polygons,  ///< [[x1, y1, x2, y2, ...], ...]: outer contours, simplified; holes are lost
};

/// Settings of an export. The bools select the parts of exportResult() (the seed layout and the
/// per-image COCO/cut-out files); the batch exporter (batchexporter.h) selects formats by id
/// instead and reads the rest. Names use `<name>` = baseName, or the image file name without its
/// extension when baseName is empty.
struct ExportOptions
{
    bool visualization = true; ///< <name>_visualization.jpg: original | heat-map + boxes | masks
    bool summary = true;       ///< <name>_summary.txt
    bool masks = true;         ///< <name>_masks/mask_NNN.png (0/255) + mask_NNN.txt (NNN from 000)
    bool coco = true;          ///< <name>_coco.json (exportResult() only; the batch's "coco" format writes coco.json)
    bool cutouts = true;       ///< <name>_cutouts/object_NNN.png: RGBA, cropped to the object's box
    std::string baseName;
    int jpegQuality = 92;
    CocoSegmentation cocoSegmentation = CocoSegmentation::RleCounts;
    double polygonEpsilon = 1.0; ///< Douglas–Peucker tolerance in pixels, shared by every polygon format
    int64_t minIslandArea = 10;  ///< polygon formats drop islands below this many pixels (keeping each object's largest)
    bool cocoPerImage = false;   ///< batch "coco": also <name>_coco.json per image, written with the image
    /// Batch "coco": write coco.json at the end. Off for one shard of a larger batch, whose
    /// per-image files `dinosam merge-coco` combines (shards sharing a folder would overwrite it).
    bool cocoBatchFile = true;
    /// Label of objects whose label is empty (automatic objects).
    std::string defaultLabel = "object";
    /// Class order (e.g. a LabelSet's names): class ids follow it; labels met on objects that are
    /// not in it are appended in the order they are met. Empty: the order they are met.
    std::vector<std::string> labels;

    /// The polygon settings of these options.
    PolygonOptions polygonOptions() const { return {polygonEpsilon, minIslandArea}; }
};

} // namespace dinosam
