#pragma once
// Big images (aerial, microscopy, scans) in tiles: the grid, and the merge of the masks found
// per tile into whole objects. Torch-free; the runner is pipeline/tiledsegmentation.h.
//
// Why tiles: DINOv2 sees an image at ~448 px and SAM2 at 1024 px, so on a 12000x9000 scan an
// object of 100 px becomes 4 px for DINOv2 and 8 px for SAM2: it is not found, and the masks of
// what is found are blocky when scaled back. Each tile is segmented at the models' own scale;
// an overview pass (the whole image downscaled) finds the objects larger than a tile.
//
// Merge rule: neighbouring tiles overlap by `overlap` px, so an object cut by a tile border is
// seen by both tiles in their shared zone. Two pieces from different passes are one object when,
// inside the zone both passes saw, their masks agree: IoU there >= mergeIou. A small object
// inside a large one does not merge with it (their IoU in the zone is small); two objects that
// only touch do not either. Pieces are joined transitively (an object over four tiles).
#include "types/segmentation.h"

#include <opencv2/core.hpp>

#include <cstdint>
#include <vector>

namespace dinosam {

struct TilingOptions
{
    bool enabled = true;                   ///< false: never tile (big images are refused or downscaled by the models)
    int minSide = 4096;                    ///< images with a side longer than this are tiled, or
    int64_t minPixels = 16'000'000;        ///< images with more pixels than this
    int tileSize = 2048;                   ///< tiles are at most this many px on a side
    int overlap = 256;                     ///< neighbouring tiles share at least this many px
    int overviewSide = 2048;               ///< the overview pass: the whole image with this longest side
    float mergeIou = 0.5f;                 ///< pieces agreeing this much in their shared zone are one object
    int maxObjects = 100;                  ///< objects kept for the whole image (best first)
    /// Memory for the image and its full-size masks (1 byte per pixel each): bounds both the
    /// largest image accepted (checked from the header, before decoding) and maxObjects.
    uint64_t memoryBudget = uint64_t(8) << 30;
};

/// Whether an image of `size` is processed in tiles.
bool needsTiling(cv::Size size, const TilingOptions &options);

/// Tiles covering an image of `size`, in rows: equal sizes, at most tileSize on a side,
/// neighbours overlapping by at least `overlap` px (all of the image when it fits one tile).
std::vector<cv::Rect> tileGrid(cv::Size size, int tileSize, int overlap);

/// The largest image (pixels) whose RGB, one working mask and `objects` full-size masks fit
/// options.memoryBudget.
int64_t maxTiledPixels(const TilingOptions &options, int objects);
/// How many full-size masks of an image of `pixels` fit the budget (at most maxObjects, at least 1).
int objectCapFor(int64_t pixels, const TilingOptions &options);

/// One object as one pass saw it, in whole-image coordinates.
struct MaskPiece
{
    cv::Rect box;        ///< the mask's tight box (image coordinates)
    cv::Mat mask;        ///< CV_8U 0/255, box-sized
    cv::Rect seen;       ///< what the pass saw: its tile, or the whole image for the overview
    SegmentedObject info; ///< scores, prompt (image coordinates), label; its mask is left empty
};

/// One whole object: the union of its pieces (box-sized mask), scores from its best piece.
struct MergedObject
{
    cv::Rect box;
    cv::Mat mask;        ///< CV_8U 0/255, box-sized
    SegmentedObject info;
    int pieces = 1;
};

/// Joins the pieces that are one object (see the merge rule above), best first (SAM2 score).
std::vector<MergedObject> mergeMaskPieces(const std::vector<MaskPiece> &pieces, float mergeIou);

/// A piece from a mask of `tile`'s size (CV_8U, nonzero = object): cropped to its box and moved
/// to image coordinates. Empty box when the mask is empty.
MaskPiece pieceFromTileMask(const cv::Mat &tileMask, const cv::Rect &tile, const SegmentedObject &info);

} // namespace dinosam
