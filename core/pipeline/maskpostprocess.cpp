#include "pipeline/maskpostprocess.h"

#include "pipeline/pipelineerror.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <numeric>

namespace dinosam {
namespace {

// Zeroes the components of `binary` (CV_8U 0/1) smaller than maxArea; returns whether any changed.
bool dropSmallComponents(cv::Mat &binary, int64_t maxArea, int connectivity, bool keepBorderTouching)
{
    cv::Mat labels, stats, centroids;
    const int n = cv::connectedComponentsWithStats(binary, labels, stats, centroids, connectivity, CV_32S);
    std::vector<uint8_t> drop(size_t(n), 0);
    bool any = false;
    for (int i = 1; i < n; ++i) {
        const int x = stats.at<int>(i, cv::CC_STAT_LEFT), y = stats.at<int>(i, cv::CC_STAT_TOP);
        const int w = stats.at<int>(i, cv::CC_STAT_WIDTH), h = stats.at<int>(i, cv::CC_STAT_HEIGHT);
        const bool touchesBorder = x == 0 || y == 0 || x + w == binary.cols || y + h == binary.rows;
        if (stats.at<int>(i, cv::CC_STAT_AREA) < maxArea && !(keepBorderTouching && touchesBorder)) {
            drop[size_t(i)] = 1;
            any = true;
        }
    }
    if (!any)
        return false;
    for (int r = 0; r < binary.rows; ++r) {
        const int *l = labels.ptr<int>(r);
        uint8_t *b = binary.ptr<uint8_t>(r);
        for (int c = 0; c < binary.cols; ++c)
            if (l[c] && drop[size_t(l[c])])
                b[c] = 0;
    }
    return true;
}

} // namespace

void removeSmallHolesAndSpecks(cv::Mat &mask, int64_t maxArea)
{
    CV_Assert(mask.type() == CV_8UC1);
    if (maxArea <= 1 || mask.empty())
        return;
    // Holes: background components (4-connected) that do not touch the border.
    cv::Mat background = (mask == 0) / 255;
    if (dropSmallComponents(background, maxArea, 4, true))
        mask.setTo(255, background == 0);
    // Specks: small foreground components (8-connected).
    cv::Mat foreground = (mask != 0) / 255;
    if (dropSmallComponents(foreground, maxArea, 8, false))
        mask.setTo(0, foreground == 0);
    mask.setTo(255, mask != 0);
}

void computeMaskStats(SegmentedObject &object)
{
    if (object.mask.empty()) {
        object.area = 0;
        object.box = {};
        return;
    }
    object.area = cv::countNonZero(object.mask);
    object.box = object.area > 0 ? cv::boundingRect(object.mask) : cv::Rect();
}

std::vector<SegmentedObject> postprocessObjects(std::vector<SegmentedObject> objects,
                                                const SegmentationParams &params,
                                                const std::function<bool()> &cancelled, bool statsKnown)
{
    statsKnown = statsKnown && !params.removeSmallHolesAndSpecks;
    const int64_t minArea = std::max<int64_t>(params.minArea, 1);
    std::vector<SegmentedObject> sized;
    sized.reserve(objects.size());
    for (auto &object : objects) {
        if (cancelled && cancelled())
            throw Cancelled();
        if (params.removeSmallHolesAndSpecks && !object.mask.empty())
            removeSmallHolesAndSpecks(object.mask, minArea);
        if (!statsKnown)
            computeMaskStats(object);
        if (object.area >= minArea)
            sized.push_back(std::move(object));
    }
    std::vector<size_t> order(sized.size());
    std::iota(order.begin(), order.end(), size_t(0));
    std::stable_sort(order.begin(), order.end(), [&](size_t i, size_t j) {
        if (sized[i].samScore != sized[j].samScore)
            return sized[i].samScore > sized[j].samScore;
        return sized[i].dinoConfidence > sized[j].dinoConfidence;
    });
    std::vector<SegmentedObject> kept;
    for (size_t i : order) {
        if (cancelled && cancelled())
            throw Cancelled();
        const bool duplicate = std::any_of(kept.begin(), kept.end(), [&](const SegmentedObject &k) {
            return maskIou(k, sized[i]) >= double(params.duplicateIou);
        });
        if (!duplicate)
            kept.push_back(std::move(sized[i]));
    }
    return kept;
}

} // namespace dinosam
