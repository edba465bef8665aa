#include "tiledsegmentation.h"

#include "pipeline/pipelineerror.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace dinosam {
namespace {

void addTimings(StageTimings &sum, const StageTimings &t)
{
    sum.decodeImageMs += t.decodeImageMs;
    sum.dinoMs += t.dinoMs;
    sum.sam2EncodeMs += t.sam2EncodeMs;
    sum.discoveryMs += t.discoveryMs;
    sum.sam2DecodeMs += t.sam2DecodeMs;
    sum.postprocessMs += t.postprocessMs;
}

/// An overview object (mask at the overview's size) as a piece of the whole image: its box
/// scaled up, and only that box's part of the mask resized (never a full-size temporary).
MaskPiece overviewPiece(const SegmentedObject &o, double scale, cv::Size full)
{
    MaskPiece p;
    p.seen = cv::Rect(cv::Point(0, 0), full);
    p.info = o;
    p.info.mask.release();
    if (o.box.empty())
        return p;
    const cv::Rect box = cv::Rect(cv::Point(int(std::floor(o.box.x * scale)), int(std::floor(o.box.y * scale))),
                                  cv::Point(int(std::ceil(o.box.br().x * scale)), int(std::ceil(o.box.br().y * scale)))) &
                         p.seen;
    if (box.empty())
        return p;
    cv::Mat resized;
    cv::resize(o.mask(o.box), resized, box.size(), 0, 0, cv::INTER_LINEAR);
    p.mask = resized > 127;
    const cv::Rect tight = cv::boundingRect(p.mask);
    if (tight.empty()) {
        p.mask.release();
        return p;
    }
    p.mask = p.mask(tight).clone();
    p.box = tight + box.tl();
    p.info.box = p.box;
    p.info.area = cv::countNonZero(p.mask);
    p.info.promptBox = cv::Rect2f(o.promptBox.x * float(scale), o.promptBox.y * float(scale),
                                  o.promptBox.width * float(scale), o.promptBox.height * float(scale));
    p.info.promptPoint = o.promptPoint * float(scale);
    return p;
}

} // namespace

SegmentationResult segmentInTiles(const cv::Mat &rgb, const std::string &name, const SegmentationParams &params,
                                  const TilingOptions &options, const TileSegmenter &segment, TiledRunStats *stats,
                                  const std::function<bool()> &cancelled)
{
    CV_Assert(rgb.type() == CV_8UC3);
    const cv::Size size = rgb.size();
    const cv::Rect whole(cv::Point(0, 0), size);
    SegmentationResult out;
    out.imageName = name;
    out.imageSize = size;
    out.params = params;
    std::vector<MaskPiece> pieces;
    TiledRunStats s;

    // 1. The overview: objects larger than a tile (those that fit one are left to the tiles,
    //    which see them at a finer scale).
    const int longest = std::max(size.width, size.height);
    const double scale = longest > options.overviewSide ? double(longest) / options.overviewSide : 1.0;
    {
        cv::Mat small;
        if (scale > 1.0)
            cv::resize(rgb, small, cv::Size(int(std::lround(size.width / scale)), int(std::lround(size.height / scale))),
                       0, 0, cv::INTER_AREA);
        else
            small = rgb;
        SegmentationResult overview = segment(small, name + "#overview");
        addTimings(out.timings, overview.timings);
        out.discoveryMap = overview.discoveryMap;
        for (auto r : overview.regions) {
            r.box = cv::Rect2f(r.box.x * float(scale), r.box.y * float(scale), r.box.width * float(scale),
                               r.box.height * float(scale));
            r.point *= float(scale);
            r.patchMask.release();
            out.regions.push_back(r);
        }
        const int fitsATile = options.tileSize - options.overlap;
        for (const auto &o : overview.objects) {
            MaskPiece p = overviewPiece(o, scale, size);
            if (p.box.empty() || (p.box.width <= fitsATile && p.box.height <= fitsATile && scale > 1.0))
                continue;
            pieces.push_back(std::move(p));
        }
    }

    // 2. The tiles, one at a time (one tile's pixels and masks in memory at once).
    for (const cv::Rect &tile : tileGrid(size, options.tileSize, options.overlap)) {
        if (cancelled && cancelled())
            throw Cancelled();
        const cv::Mat crop = rgb(tile).clone(); // continuous, as the pipeline's input
        SegmentationResult r = segment(crop, name + "#tile" + std::to_string(tile.x) + "," + std::to_string(tile.y));
        addTimings(out.timings, r.timings);
        for (auto reg : r.regions) {
            reg.box.x += float(tile.x);
            reg.box.y += float(tile.y);
            reg.point += cv::Point2f(float(tile.x), float(tile.y));
            reg.patchMask.release();
            out.regions.push_back(reg);
        }
        for (const auto &o : r.objects) {
            MaskPiece p = pieceFromTileMask(o.mask, tile, o);
            if (!p.box.empty())
                pieces.push_back(std::move(p));
        }
        ++s.tiles;
    }
    s.pieces = int(pieces.size());

    // 3. Merge across borders, drop the small, keep what fits the memory budget.
    std::vector<MergedObject> merged = mergeMaskPieces(pieces, options.mergeIou);
    pieces.clear();
    s.merged = int(merged.size());
    s.objectCap = objectCapFor(int64_t(size.width) * size.height, options);
    for (auto &m : merged) {
        if (m.info.area < params.minArea)
            continue;
        if (int(out.objects.size()) >= s.objectCap)
            break;
        SegmentedObject o = std::move(m.info);
        o.mask = cv::Mat::zeros(size, CV_8U);
        m.mask.copyTo(o.mask(m.box & whole));
        out.objects.push_back(std::move(o));
        m.mask.release();
    }
    s.kept = int(out.objects.size());
    if (stats)
        *stats = s;
    return out;
}

SegmentationResult segmentInTiles(Pipeline &pipeline, const cv::Mat &rgb, const std::string &name,
                                  const SegmentationParams &params, const TilingOptions &options,
                                  const RunControl &control, TiledRunStats *stats)
{
    RunControl tileControl;
    tileControl.cancelFlag = control.cancelFlag;
    tileControl.isCancelled = control.isCancelled;
    const TileSegmenter segment = [&](const cv::Mat &crop, const std::string &cropName) {
        return pipeline.run(ImageInput::fromMat(crop, {}, cropName), params, tileControl);
    };
    return segmentInTiles(rgb, name, params, options, segment, stats, [&] { return control.cancelled(); });
}

} // namespace dinosam
