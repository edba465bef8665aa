#include "discovery/similarobjects.h"

#include "discovery/gridregions.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

namespace dinosam::discovery {
namespace {

void checkGrid(const TokenGrid &g)
{
    if (g.gridH <= 0 || g.gridW <= 0 || g.tokens.type() != CV_32F || g.tokens.rows != g.gridH * g.gridW)
        throw std::invalid_argument("similar objects: token grid is empty or does not match its grid size");
}

/// Prototypes as rows of one K x C matrix.
cv::Mat stackPrototypes(const std::vector<Prototype> &prototypes, int channels)
{
    cv::Mat m(int(prototypes.size()), channels, CV_32F);
    for (size_t k = 0; k < prototypes.size(); ++k) {
        const cv::Mat &v = prototypes[k].vector;
        if (v.type() != CV_32F || v.total() != size_t(channels))
            throw std::invalid_argument("similar objects: prototype has " + std::to_string(v.total()) +
                                        " channels, the target's tokens " + std::to_string(channels));
        v.reshape(1, 1).copyTo(m.row(int(k)));
    }
    return m;
}

/// Max over prototypes of the cosine similarity per patch, gridH x gridW; -1 without prototypes.
cv::Mat maxSimilarity(const TokenGrid &g, const std::vector<Prototype> &prototypes)
{
    if (prototypes.empty())
        return cv::Mat(g.gridH, g.gridW, CV_32F, cv::Scalar(-1));
    const cv::Mat p = stackPrototypes(prototypes, g.tokens.cols);
    cv::Mat sims; // N x K
    cv::gemm(g.tokens, p, 1.0, cv::noArray(), 0.0, sims, cv::GEMM_2_T);
    cv::Mat best;
    cv::reduce(sims, best, 1, cv::REDUCE_MAX); // N x 1
    return best.reshape(1, g.gridH).clone();
}

struct Part
{
    cv::Mat mask; // CV_8U 0/1 grid
    int count = 0;
};

/// Splits a component between its score peaks (nearest peak wins) when it looks like
/// several touching instances of an example of `exampleArea` patches.
std::vector<Part> splitAtPeaks(const cv::Mat &componentMask, int count, const cv::Mat &smoothed, double exampleArea)
{
    if (exampleArea <= 0 || count <= 1.5 * exampleArea)
        return {{componentMask, count}};
    cv::Mat dilated;
    cv::dilate(smoothed, dilated, cv::Mat::ones(3, 3, CV_8U));
    struct Peak
    {
        cv::Point at;
        float value;
    };
    std::vector<Peak> peaks;
    for (int i = 0; i < smoothed.rows; ++i)
        for (int j = 0; j < smoothed.cols; ++j)
            if (componentMask.at<uchar>(i, j) && smoothed.at<float>(i, j) >= dilated.at<float>(i, j))
                peaks.push_back({{j, i}, smoothed.at<float>(i, j)});
    std::stable_sort(peaks.begin(), peaks.end(), [](const Peak &a, const Peak &b) { return a.value > b.value; });
    const double radius = std::max(1.5, 0.75 * std::sqrt(exampleArea));
    std::vector<cv::Point> kept;
    for (const auto &p : peaks) {
        bool far = true;
        for (const auto &k : kept)
            if (std::hypot(double(p.at.x - k.x), double(p.at.y - k.y)) <= radius)
                far = false;
        if (far)
            kept.push_back(p.at);
    }
    if (kept.size() < 2)
        return {{componentMask, count}};
    std::vector<Part> parts(kept.size());
    for (auto &part : parts)
        part.mask = cv::Mat::zeros(componentMask.size(), CV_8U);
    for (int i = 0; i < componentMask.rows; ++i)
        for (int j = 0; j < componentMask.cols; ++j) {
            if (!componentMask.at<uchar>(i, j))
                continue;
            size_t best = 0;
            double bestD = 1e300;
            for (size_t k = 0; k < kept.size(); ++k) {
                const double d = std::hypot(double(j - kept[k].x), double(i - kept[k].y));
                if (d < bestD) {
                    bestD = d;
                    best = k;
                }
            }
            parts[best].mask.at<uchar>(i, j) = 1;
            ++parts[best].count;
        }
    return parts;
}

} // namespace

TokenGrid TokenGrid::fromRaw(const float *data, int gridH, int gridW, int channels, cv::Size imageSize)
{
    if (gridH <= 0 || gridW <= 0 || channels <= 0 || imageSize.width <= 0 || imageSize.height <= 0 || !data)
        throw std::invalid_argument("similar objects: token grid sizes must be positive");
    TokenGrid g;
    g.gridH = gridH;
    g.gridW = gridW;
    g.imageSize = imageSize;
    g.tokens = cv::Mat(gridH * gridW, channels, CV_32F, const_cast<float *>(data)).clone();
    for (int r = 0; r < g.tokens.rows; ++r) {
        cv::Mat row = g.tokens.row(r);
        const double n = cv::norm(row);
        if (n > 1e-12 && std::isfinite(n))
            row *= 1.0 / n;
        else
            row.setTo(0);
    }
    return g;
}

cv::Mat patchCoverage(const cv::Mat &mask, int gridH, int gridW)
{
    if (mask.empty() || mask.type() != CV_8U || gridH <= 0 || gridW <= 0)
        throw std::invalid_argument("similar objects: coverage needs a CV_8U mask and a positive grid");
    // Area averaging in 8 bits (OpenCV's fast path; a full-size float copy of an 1800x1200
    // mask would cost more than the rest of the filter): coverage is exact to 1/255.
    const cv::Mat on = mask != 0; // 0/255
    cv::Mat small = on;
    if (on.size() != cv::Size(gridW, gridH))
        cv::resize(on, small, cv::Size(gridW, gridH), 0, 0, cv::INTER_AREA);
    cv::Mat coverage;
    small.convertTo(coverage, CV_32F, 1.0 / 255.0);
    return coverage;
}

namespace {

/// Where a run of pixels falls on a coarser grid: pixel i (of n) starts in cell `cell[i]`
/// with `first[i]` of its unit length there and the rest in the next cell (a pixel straddles
/// at most two cells when the grid is not finer than the pixels).
struct AxisWeights
{
    std::vector<int> cell;
    std::vector<double> first;
};

AxisWeights axisWeights(int from, int to, int pixels, int cells)
{
    AxisWeights w;
    const double scale = double(pixels) / cells; // pixels per cell, >= 1
    for (int i = from; i < to; ++i) {
        const int c = std::min(cells - 1, int(std::floor(i / scale)));
        const double end = (c + 1) * scale;
        w.cell.push_back(c);
        w.first.push_back(c + 1 >= cells ? 1.0 : std::min(1.0, end - i));
    }
    return w;
}

} // namespace

cv::Mat patchCoverage(const cv::Mat &mask, const cv::Rect &box, int gridH, int gridW)
{
    if (mask.empty() || mask.type() != CV_8U || gridH <= 0 || gridW <= 0)
        throw std::invalid_argument("similar objects: coverage needs a CV_8U mask and a positive grid");
    const cv::Rect inside = box & cv::Rect(0, 0, mask.cols, mask.rows);
    if (inside != box || mask.cols < gridW || mask.rows < gridH)
        return patchCoverage(mask, gridH, gridW);
    // Area averaging as INTER_AREA does it, restricted to the box: per row, the on-pixels
    // counted per cell column (whole pixels of a cell are a span: a count the compiler
    // vectorises; a pixel straddling two cells adds its shares), then spread over the (at most
    // two) cell rows.
    cv::Mat acc = cv::Mat::zeros(gridH, gridW, CV_64F);
    if (box.area() > 0) {
        const AxisWeights xs = axisWeights(box.x, box.x + box.width, mask.cols, gridW);
        const AxisWeights ys = axisWeights(box.y, box.y + box.height, mask.rows, gridH);
        struct Span
        {
            int cell, begin, end; // pixels [begin, end) of the box row lie wholly in `cell`
        };
        struct Straddle
        {
            int pixel, cell;
            double first; // share in `cell`, the rest in cell + 1
        };
        std::vector<Span> spans;
        std::vector<Straddle> straddles;
        for (int i = 0; i < box.width; ++i) {
            const int c = xs.cell[size_t(i)];
            if (xs.first[size_t(i)] < 1.0) {
                straddles.push_back({i, c, xs.first[size_t(i)]});
                continue;
            }
            if (spans.empty() || spans.back().cell != c || spans.back().end != i)
                spans.push_back({c, i, i + 1});
            else
                spans.back().end = i + 1;
        }
        const int c0 = xs.cell.front(), c1 = std::min(gridW - 1, xs.cell.back() + 1);
        std::vector<double> row(size_t(gridW) + 1, 0.0);
        for (int r = 0; r < box.height; ++r) {
            std::fill(row.begin() + c0, row.begin() + c1 + 1, 0.0);
            const uchar *m = mask.ptr<uchar>(box.y + r) + box.x;
            int on = 0;
            for (const Span &sp : spans) {
                int n = 0;
                for (int i = sp.begin; i < sp.end; ++i)
                    n += m[i] != 0;
                row[size_t(sp.cell)] += n;
                on += n;
            }
            for (const Straddle &st : straddles)
                if (m[st.pixel]) {
                    row[size_t(st.cell)] += st.first;
                    row[size_t(st.cell) + 1] += 1.0 - st.first;
                    ++on;
                }
            if (on == 0)
                continue;
            const int cy = ys.cell[size_t(r)];
            const double wy = ys.first[size_t(r)];
            double *a = acc.ptr<double>(cy);
            double *b = cy + 1 < gridH ? acc.ptr<double>(cy + 1) : nullptr;
            for (int c = c0; c <= c1; ++c) {
                a[c] += wy * row[size_t(c)];
                if (b)
                    b[c] += (1.0 - wy) * row[size_t(c)];
            }
        }
    }
    cv::Mat coverage;
    const double cellArea = (double(mask.cols) / gridW) * (double(mask.rows) / gridH);
    acc.convertTo(coverage, CV_32F, 1.0 / cellArea);
    return coverage;
}

Prototype makePrototype(const TokenGrid &grid, const cv::Mat &coverage)
{
    checkGrid(grid);
    if (coverage.type() != CV_32F || coverage.size() != cv::Size(grid.gridW, grid.gridH))
        throw std::invalid_argument("similar objects: coverage must be CV_32F of the grid's size");
    const cv::Mat w = coverage.reshape(1, 1); // 1 x N
    const double total = cv::sum(w)[0];
    if (!(total > 1e-9))
        throw std::invalid_argument("similar objects: the example covers no patch");
    Prototype p;
    cv::gemm(w, grid.tokens, 1.0 / total, cv::noArray(), 0.0, p.vector); // 1 x C
    const double n = cv::norm(p.vector);
    if (!(n > 1e-12))
        throw std::invalid_argument("similar objects: the example's tokens cancel out");
    p.vector *= 1.0 / n;
    p.patchArea = total;
    return p;
}

SimilarityMaps similarityMaps(const TokenGrid &target, const std::vector<Prototype> &positives,
                              const std::vector<Prototype> &negatives)
{
    checkGrid(target);
    if (positives.empty())
        throw std::invalid_argument("similar objects: at least one positive example is needed");
    SimilarityMaps m;
    m.positive = maxSimilarity(target, positives);
    m.negative = maxSimilarity(target, negatives);
    m.score = cv::Mat::zeros(m.positive.size(), CV_32F);
    for (int i = 0; i < m.score.rows; ++i)
        for (int j = 0; j < m.score.cols; ++j) {
            const float p = m.positive.at<float>(i, j);
            if (p > m.negative.at<float>(i, j))
                m.score.at<float>(i, j) = std::clamp(p, 0.f, 1.f);
        }
    return m;
}

std::vector<DiscoveredRegion> similarRegions(const cv::Mat &score, cv::Size imageSize, const SimilarRegionParams &params)
{
    std::vector<DiscoveredRegion> regions;
    if (score.empty() || params.maxRegions <= 0)
        return regions;
    CV_Assert(score.type() == CV_32F);
    const GridScale scale = GridScale::fromSizes(score.size(), imageSize);
    cv::Mat smoothed;
    cv::GaussianBlur(score, smoothed, cv::Size(3, 3), 0, 0, cv::BORDER_REPLICATE);
    const cv::Mat binary = score > params.threshold;
    for (const GridComponent &component : gridComponents(binary, 8)) {
        for (const Part &part : splitAtPeaks(component.mask, component.patchCount, smoothed, params.exampleArea)) {
            if (part.count == 0 || scale.pixelArea(part.count) < double(params.minArea))
                continue;
            DiscoveredRegion r;
            const cv::Rect b = cv::boundingRect(part.mask);
            r.box = cv::Rect2f(float(b.x * scale.sx), float(b.y * scale.sy), float(b.width * scale.sx),
                               float(b.height * scale.sy));
            double minV, maxV;
            cv::Point maxAt;
            cv::minMaxLoc(score, &minV, &maxV, nullptr, &maxAt, part.mask);
            r.point = cv::Point2f(float((maxAt.x + 0.5) * scale.sx), float((maxAt.y + 0.5) * scale.sy));
            r.confidence = float(cv::mean(score, part.mask)[0]);
            r.patchMask = part.mask;
            regions.push_back(std::move(r));
        }
    }
    std::stable_sort(regions.begin(), regions.end(),
                     [](const DiscoveredRegion &a, const DiscoveredRegion &b) { return a.confidence > b.confidence; });
    if (int(regions.size()) > params.maxRegions)
        regions.resize(size_t(params.maxRegions));
    return regions;
}

cv::Point2f leastSimilarPoint(const cv::Mat &positive, cv::Size imageSize)
{
    CV_Assert(positive.type() == CV_32F && !positive.empty());
    const GridScale scale = GridScale::fromSizes(positive.size(), imageSize);
    cv::Point minAt;
    cv::minMaxLoc(positive, nullptr, nullptr, &minAt, nullptr);
    return {float((minAt.x + 0.5) * scale.sx), float((minAt.y + 0.5) * scale.sy)};
}

namespace {

MaskSimilarity similarityOfCoverage(const TokenGrid &target, const cv::Mat &coverage,
                                    const std::vector<Prototype> &positives, const std::vector<Prototype> &negatives)
{
    MaskSimilarity s;
    if (!(cv::sum(coverage)[0] > 1e-9))
        return s;
    Prototype region;
    try {
        region = makePrototype(target, coverage);
    } catch (const std::invalid_argument &) {
        return s;
    }
    for (const auto &p : positives)
        s.positive = std::max(s.positive, float(region.vector.dot(p.vector.reshape(1, 1))));
    for (const auto &n : negatives)
        s.negative = std::max(s.negative, float(region.vector.dot(n.vector.reshape(1, 1))));
    return s;
}

} // namespace

MaskSimilarity maskSimilarity(const TokenGrid &target, const cv::Mat &mask, const std::vector<Prototype> &positives,
                              const std::vector<Prototype> &negatives)
{
    checkGrid(target);
    return similarityOfCoverage(target, patchCoverage(mask, target.gridH, target.gridW), positives, negatives);
}

MaskSimilarity maskSimilarity(const TokenGrid &target, const cv::Mat &mask, const cv::Rect &box,
                              const std::vector<Prototype> &positives, const std::vector<Prototype> &negatives)
{
    checkGrid(target);
    return similarityOfCoverage(target, patchCoverage(mask, box, target.gridH, target.gridW), positives, negatives);
}

cv::Mat similarityDisplayMap(const cv::Mat &score, cv::Size imageSize)
{
    return upsampleToImage(score, imageSize);
}

} // namespace dinosam::discovery
