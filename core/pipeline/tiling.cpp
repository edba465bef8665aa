#include "tiling.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace dinosam {
namespace {

/// Start positions of `n` segments of length `length` covering [0, size), evenly spread.
std::vector<int> starts(int size, int length, int n)
{
    std::vector<int> s(size_t(n), 0);
    for (int k = 1; k < n; ++k)
        s[size_t(k)] = int(std::floor(double(k) * (size - length) / (n - 1)));
    return s;
}

/// Segments along one axis: count and length (see tileGrid()).
std::pair<int, int> axis(int size, int tileSize, int overlap)
{
    if (size <= tileSize)
        return {1, size};
    const int step = std::max(1, tileSize - overlap);
    const int n = int(std::ceil(double(size - overlap) / step));
    const int length = std::min(tileSize, int(std::ceil(double(size + (n - 1) * overlap) / n)) + 1);
    return {n, length};
}

struct UnionFind
{
    explicit UnionFind(size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), size_t(0)); }
    size_t find(size_t i)
    {
        while (parent[i] != i)
            i = parent[i] = parent[parent[i]];
        return i;
    }
    void join(size_t a, size_t b) { parent[find(a)] = find(b); }
    std::vector<size_t> parent;
};

/// The two pieces' IoU inside `zone` (image coordinates).
double iouIn(const MaskPiece &a, const MaskPiece &b, const cv::Rect &zone)
{
    const cv::Rect az = a.box & zone, bz = b.box & zone;
    if (az.empty() || bz.empty())
        return 0;
    const int areaA = cv::countNonZero(a.mask(az - a.box.tl()));
    const int areaB = cv::countNonZero(b.mask(bz - b.box.tl()));
    const cv::Rect both = az & bz;
    int inter = 0;
    if (!both.empty()) {
        cv::Mat common;
        cv::bitwise_and(a.mask(both - a.box.tl()), b.mask(both - b.box.tl()), common);
        inter = cv::countNonZero(common);
    }
    const int uni = areaA + areaB - inter;
    return uni == 0 ? 0.0 : double(inter) / uni;
}

} // namespace

bool needsTiling(cv::Size size, const TilingOptions &options)
{
    return options.enabled && (std::max(size.width, size.height) > options.minSide ||
                               int64_t(size.width) * size.height > options.minPixels);
}

std::vector<cv::Rect> tileGrid(cv::Size size, int tileSize, int overlap)
{
    std::vector<cv::Rect> tiles;
    if (size.width <= 0 || size.height <= 0)
        return tiles;
    tileSize = std::max(tileSize, 2 * overlap + 1);
    const auto [nx, w] = axis(size.width, tileSize, overlap);
    const auto [ny, h] = axis(size.height, tileSize, overlap);
    for (const int y : starts(size.height, h, ny))
        for (const int x : starts(size.width, w, nx))
            tiles.emplace_back(x, y, w, h);
    return tiles;
}

int64_t maxTiledPixels(const TilingOptions &options, int objects)
{
    return int64_t(options.memoryBudget / uint64_t(4 + std::max(0, objects)));
}

int objectCapFor(int64_t pixels, const TilingOptions &options)
{
    if (pixels <= 0)
        return options.maxObjects;
    const int64_t fit = int64_t(options.memoryBudget / uint64_t(pixels)) - 4;
    return int(std::clamp<int64_t>(fit, 1, std::max(1, options.maxObjects)));
}

MaskPiece pieceFromTileMask(const cv::Mat &tileMask, const cv::Rect &tile, const SegmentedObject &info)
{
    MaskPiece p;
    p.seen = tile;
    p.info = info;
    p.info.mask.release();
    const cv::Rect local = cv::boundingRect(tileMask);
    if (local.empty())
        return p;
    p.mask = (tileMask(local) > 0);
    p.box = local + tile.tl();
    p.info.box = p.box;
    p.info.area = cv::countNonZero(p.mask);
    p.info.promptBox.x += float(tile.x);
    p.info.promptBox.y += float(tile.y);
    p.info.promptPoint += cv::Point2f(float(tile.x), float(tile.y));
    return p;
}

std::vector<MergedObject> mergeMaskPieces(const std::vector<MaskPiece> &pieces, float mergeIou)
{
    UnionFind groups(pieces.size());
    for (size_t i = 0; i < pieces.size(); ++i)
        for (size_t j = i + 1; j < pieces.size(); ++j) {
            const MaskPiece &a = pieces[i], &b = pieces[j];
            if (a.box.empty() || b.box.empty() || a.seen == b.seen) // one pass: distinct objects
                continue;
            const cv::Rect zone = a.seen & b.seen;
            if ((a.box & b.box).empty() || zone.empty())
                continue;
            if (iouIn(a, b, zone) >= mergeIou)
                groups.join(i, j);
        }
    std::vector<std::vector<size_t>> members(pieces.size());
    for (size_t i = 0; i < pieces.size(); ++i)
        if (!pieces[i].box.empty())
            members[groups.find(i)].push_back(i);
    std::vector<MergedObject> out;
    for (const auto &group : members) {
        if (group.empty())
            continue;
        MergedObject m;
        m.pieces = int(group.size());
        size_t best = group.front();
        for (const size_t i : group) {
            m.box = m.box.empty() ? pieces[i].box : (m.box | pieces[i].box);
            if (pieces[i].info.samScore > pieces[best].info.samScore)
                best = i;
        }
        m.mask = cv::Mat::zeros(m.box.size(), CV_8U);
        for (const size_t i : group) {
            cv::Mat dst = m.mask(pieces[i].box - m.box.tl());
            cv::bitwise_or(dst, pieces[i].mask, dst);
        }
        m.info = pieces[best].info;
        m.info.box = m.box;
        m.info.area = cv::countNonZero(m.mask);
        out.push_back(std::move(m));
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const MergedObject &a, const MergedObject &b) { return a.info.samScore > b.info.samScore; });
    return out;
}

} // namespace dinosam
