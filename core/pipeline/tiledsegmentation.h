#pragma once
// Segmentation of a big image in tiles (see pipeline/tiling.h for the grid and the merge):
// every tile through the normal pipeline at the models' own scale, plus an overview pass on
// the downscaled image for objects larger than a tile; pieces merged across tile borders;
// full-size masks only for the objects kept (memory: the image, one working tile, the masks).
#include "pipeline/pipeline.h"
#include "pipeline/tiling.h"

#include <functional>
#include <string>

namespace dinosam {

/// What a tiled run did (for the CLI's line and the benchmark).
struct TiledRunStats
{
    int tiles = 0;        ///< tiles segmented (the overview not counted)
    int pieces = 0;       ///< objects found by all passes before merging
    int merged = 0;       ///< whole objects after merging (before the cap)
    int kept = 0;         ///< objects in the result
    int objectCap = 0;    ///< the memory-bounded cap applied
};

/// Segments one crop (a tile or the overview): the Pipeline's run in production, a fake in tests.
using TileSegmenter = std::function<SegmentationResult(const cv::Mat &rgb, const std::string &name)>;

/// Tiles `rgb` (CV_8UC3) by options and segments each tile and the overview with `segment`.
/// Objects smaller than params.minArea are dropped; the best objectCapFor() objects are kept.
/// The result's discoveryMap is the overview's (smaller than the image; consumers resize it).
/// `cancelled` is polled between tiles (true: throws Cancelled).
SegmentationResult segmentInTiles(const cv::Mat &rgb, const std::string &name, const SegmentationParams &params,
                                  const TilingOptions &options, const TileSegmenter &segment,
                                  TiledRunStats *stats = nullptr, const std::function<bool()> &cancelled = {});

/// segmentInTiles() on `pipeline` (each tile a Pipeline::run with `control`'s cancellation).
SegmentationResult segmentInTiles(Pipeline &pipeline, const cv::Mat &rgb, const std::string &name,
                                  const SegmentationParams &params, const TilingOptions &options,
                                  const RunControl &control, TiledRunStats *stats = nullptr);

} // namespace dinosam
