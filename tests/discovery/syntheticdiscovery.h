#pragma once
// Synthetic DINOv2-like outputs for the discovery tests: CLS attention built
// from a known grid map, and keys whose patches form known clusters.
#include <ATen/core/Tensor.h>
#include <ATen/ops/from_blob.h>
#include <opencv2/core.hpp>

#include <vector>

namespace dinosam::test {

/// Grid map (CV_32F, gridH x gridW) with `background` everywhere and each
/// rectangle (grid cells) filled with its value.
inline cv::Mat blobMap(cv::Size grid, const std::vector<std::pair<cv::Rect, float>> &blobs, float background = 0.1f)
{
    cv::Mat map(grid, CV_32F, cv::Scalar(background));
    for (const auto &[rect, value] : blobs)
        map(rect).setTo(value);
    return map;
}

/// [heads, T] CLS attention whose head average over the patches is `map`:
/// head h carries map + (h - (heads-1)/2) * spread (the offsets cancel in the
/// mean). CLS and register columns get `clsValue` / `registerValue`.
inline at::Tensor attentionFromMap(const cv::Mat &map, int heads, int registers, float registerValue = 0.f,
                                   float clsValue = 0.f, float spread = 0.05f)
{
    CV_Assert(map.type() == CV_32F && map.isContinuous());
    const int patches = int(map.total());
    const int t = 1 + registers + patches;
    std::vector<float> data(size_t(heads) * t);
    for (int h = 0; h < heads; ++h) {
        float *row = data.data() + size_t(h) * t;
        row[0] = clsValue;
        for (int r = 0; r < registers; ++r)
            row[1 + r] = registerValue * float(1 + r + h);
        const float offset = (float(h) - float(heads - 1) / 2.f) * spread;
        for (int p = 0; p < patches; ++p)
            row[1 + registers + p] = map.ptr<float>()[p] + offset;
    }
    return at::from_blob(data.data(), {heads, t}, at::kFloat).clone();
}

/// Keys [heads, T, headDim] whose patch keys point along a per-label direction
/// (label k -> basis vector k, scaled by 1 + k) plus Gaussian noise of `noise`;
/// `labels` is CV_32S on the grid. CLS and register keys are random (and large
/// with `registerScale`). Deterministic (cv::RNG seeded with `seed`).
inline at::Tensor clusterKeys(const cv::Mat &labels, int heads, int headDim, int registers, float noise = 0.f,
                              float registerScale = 1.f, uint64_t seed = 1234)
{
    CV_Assert(labels.type() == CV_32S && labels.isContinuous());
    const int c = heads * headDim;
    const int patches = int(labels.total());
    const int t = 1 + registers + patches;
    // Separate streams, so patch keys do not depend on the register count.
    cv::RNG rng(seed);
    cv::RNG tokenRng(seed + 1);
    std::vector<float> tc(size_t(t) * c); // [T, C]
    for (int i = 0; i < 1 + registers; ++i)
        for (int j = 0; j < c; ++j)
            tc[size_t(i) * c + j] = float(tokenRng.gaussian(1.0)) * (i == 0 ? 1.f : registerScale);
    for (int p = 0; p < patches; ++p) {
        const int label = labels.ptr<int>()[p];
        CV_Assert(label >= 0 && label < c);
        float *key = tc.data() + size_t(1 + registers + p) * c;
        for (int j = 0; j < c; ++j)
            key[j] = float(rng.gaussian(noise));
        key[label] += 1.f + float(label);
    }
    // [T, C] -> [T, heads, hd] -> [heads, T, hd]
    return at::from_blob(tc.data(), {t, heads, headDim}, at::kFloat).permute({1, 0, 2}).contiguous();
}

/// Label map: 0 everywhere, label k+1 in rects[k].
inline cv::Mat labelMap(cv::Size grid, const std::vector<cv::Rect> &rects)
{
    cv::Mat labels(grid, CV_32S, cv::Scalar(0));
    for (size_t k = 0; k < rects.size(); ++k)
        labels(rects[k]).setTo(int(k) + 1);
    return labels;
}

/// CV_8U 0/1 mask with the rectangles on.
inline cv::Mat rectMask(cv::Size grid, const std::vector<cv::Rect> &rects)
{
    cv::Mat m = cv::Mat::zeros(grid, CV_8U);
    for (const cv::Rect &r : rects)
        m(r).setTo(1);
    return m;
}

/// True when two CV_8U masks are identical.
inline bool sameMask(const cv::Mat &a, const cv::Mat &b)
{
    return a.size() == b.size() && a.type() == b.type() && cv::countNonZero(a != b) == 0;
}

} // namespace dinosam::test
