#include "fakeengine.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <chrono>
#include <cmath>
#include <stdexcept>
#include <thread>

namespace dinosam::test {

ui::EngineStatus FakeEngine::status(const SegmentationParams &) const
{
    if (ready)
        return {true, {}};
    return {false, "fake engine: models missing"};
}

ui::EngineImage FakeEngine::openImage(const std::string &path)
{
    cv::Mat bgr = cv::imread(path, cv::IMREAD_COLOR);
    if (bgr.empty())
        throw std::runtime_error("cannot decode image: " + path);
    cv::Mat rgb;
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    return {path, rgb};
}

void FakeEngine::sleepChecking(int ms, const ui::CancelFn &cancel)
{
    const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (std::chrono::steady_clock::now() < end) {
        if (cancel && cancel()) {
            ++cancelledCalls;
            throw ui::EngineCancelled();
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
}

std::vector<FakeEngine::Blob> FakeEngine::blobsFor(cv::Size size)
{
    std::vector<Blob> blobs;
    const float scale = std::min(size.width, size.height) / 1200.0f;
    for (int i = 0; i < kBlobs; ++i) {
        const float fx = 0.1f + 0.8f * std::fmod(0.37f * (i + 1) * 1.618f, 1.0f);
        const float fy = 0.12f + 0.76f * std::fmod(0.53f * (i + 1) * 0.7071f, 1.0f);
        blobs.push_back({{fx * size.width, fy * size.height},
                         (28.0f + 11.0f * static_cast<float>(i % 7)) * scale,
                         1.0f - 0.035f * static_cast<float>(i)});
    }
    return blobs;
}

SegmentedObject FakeEngine::finishObject(cv::Mat mask)
{
    SegmentedObject object;
    object.mask = std::move(mask);
    object.box = cv::boundingRect(object.mask);
    object.area = cv::countNonZero(object.mask);
    return object;
}

SegmentationResult FakeEngine::segment(const ui::EngineImage &image, const std::string &name,
                                       const SegmentationParams &params,
                                       const ui::ProgressFn &progress, const ui::CancelFn &cancel)
{
    // One value per run, read before the call is counted: a test that sees segmentCalls
    // grow may change the latencies for the next run without touching this one.
    const int firstMs = firstRunMs.load(), cheapMs = cheapRunMs.load();
    const cv::Mat &rgb = image.rgb;
    ++segmentCalls;
    const std::string key = name + "@" + std::to_string(rgb.cols) + "x" + std::to_string(rgb.rows);
    SegmentationResult result;
    result.imageName = name;
    result.imageSize = rgb.size();
    result.params = params;
    Cached cached;
    bool hit = false;
    {
        std::lock_guard lock(m_mutex);
        auto it = m_cache.find(key);
        if (it != m_cache.end()) {
            cached = it->second;
            hit = true;
        }
    }
    if (!hit) {
        for (int step = 0; step < 4; ++step) {
            if (progress)
                progress(step / 4.0, "encoders");
            sleepChecking(firstMs / 4, cancel);
        }
        cached.blobs = blobsFor(rgb.size());
        cv::Mat att = cv::Mat::zeros(rgb.size(), CV_32F);
        for (const Blob &b : cached.blobs) {
            const int r = static_cast<int>(b.sigma * 4);
            const cv::Rect roi = cv::Rect(static_cast<int>(b.center.x) - r,
                                          static_cast<int>(b.center.y) - r, 2 * r, 2 * r)
                & cv::Rect(0, 0, rgb.cols, rgb.rows);
            for (int y = roi.y; y < roi.br().y; ++y) {
                float *row = att.ptr<float>(y);
                for (int x = roi.x; x < roi.br().x; ++x) {
                    const float dx = x - b.center.x, dy = y - b.center.y;
                    const float v = b.peak * std::exp(-(dx * dx + dy * dy) / (2 * b.sigma * b.sigma));
                    row[x] = std::max(row[x], v);
                }
            }
        }
        cached.attention = att;
        std::lock_guard lock(m_mutex);
        m_cache[key] = cached;
        result.timings.dinoMs = firstMs * 0.4;
        result.timings.sam2EncodeMs = firstMs * 0.6;
    }
    sleepChecking(cheapMs, cancel);
    if (progress)
        progress(1.0, "decode");
    result.discoveryMap = cached.attention;
    const float t = std::clamp(params.attentionThreshold, 0.01f, 0.99f);
    for (size_t i = 0; i < cached.blobs.size(); ++i) {
        if (static_cast<int>(result.objects.size()) >= params.numObjects)
            break;
        const Blob &b = cached.blobs[i];
        if (b.peak <= t)
            continue;
        const float radius = b.sigma * std::sqrt(2.0f * std::log(b.peak / t));
        cv::Mat mask = cv::Mat::zeros(rgb.size(), CV_8U);
        cv::circle(mask, cv::Point(cvRound(b.center.x), cvRound(b.center.y)),
                   std::max(1, cvRound(radius)), cv::Scalar(255), cv::FILLED);
        SegmentedObject object = finishObject(mask);
        if (object.area < params.minArea)
            continue;
        object.samScore = 0.95f - 0.03f * static_cast<float>(i);
        object.dinoConfidence = b.peak;
        object.promptType = params.promptType;
        object.promptBox = cv::Rect2f(object.box);
        object.promptPoint = b.center;
        DiscoveredRegion region;
        region.box = object.promptBox;
        region.point = b.center;
        region.confidence = b.peak;
        result.regions.push_back(region);
        result.objects.push_back(std::move(object));
    }
    result.timings.discoveryMs = 1;
    result.timings.sam2DecodeMs = cheapMs;
    ++completedSegments;
    return result;
}

SegmentedObject FakeEngine::refine(const ui::EngineImage &image, const SegmentationParams &params,
                                   const Prompt &prompt, const ui::CancelFn &cancel)
{
    const int ms = refineMs.load();
    const cv::Mat &rgb = image.rgb;
    ++refineCalls;
    sleepChecking(ms, cancel);
    cv::Mat mask = cv::Mat::zeros(rgb.size(), CV_8U);
    if (prompt.box)
        cv::ellipse(mask,
                    cv::RotatedRect(cv::Point2f(prompt.box->x + prompt.box->width / 2,
                                                prompt.box->y + prompt.box->height / 2),
                                    prompt.box->size(), 0),
                    cv::Scalar(255), cv::FILLED);
    for (size_t i = 0; i < prompt.points.size(); ++i)
        cv::circle(mask, prompt.points[i], 60, cv::Scalar(prompt.labels[i] ? 255 : 0), cv::FILLED);
    SegmentedObject object = finishObject(mask);
    object.samScore = 0.9f;
    object.dinoConfidence = 0.0f;
    object.promptType = params.promptType;
    if (prompt.box)
        object.promptBox = *prompt.box;
    return object;
}

SimilarityResult FakeEngine::findSimilar(const ui::EngineImage &target, const ui::EngineImage &,
                                         const cv::Mat &exampleMask, const SimilarityParams &params,
                                         const std::vector<cv::Mat> &existing, const ui::CancelFn &cancel)
{
    ++similarCalls;
    sleepChecking(cheapRunMs.load(), cancel);
    const cv::Mat &rgb = target.rgb;
    const double exampleRadius = std::sqrt(std::max(1, cv::countNonZero(exampleMask)) / CV_PI);
    SimilarityResult result;
    result.imageSize = rgb.size();
    result.similarityMap = cv::Mat::zeros(rgb.size(), CV_32F);
    result.dinoInputSize = 448;
    std::vector<std::pair<float, SegmentedObject>> found;
    for (const Blob &b : blobsFor(rgb.size())) {
        const double radius = b.sigma * 1.5;
        const float similarity = float(1.0 - std::abs(radius - exampleRadius) / std::max(radius, exampleRadius));
        cv::Mat mask = cv::Mat::zeros(rgb.size(), CV_8U);
        cv::circle(mask, cv::Point(cvRound(b.center.x), cvRound(b.center.y)), std::max(1, cvRound(radius)),
                   cv::Scalar(255), cv::FILLED);
        result.similarityMap.setTo(similarity, mask);
        if (similarity <= params.similarityThreshold)
            continue;
        SegmentedObject object = finishObject(mask);
        if (object.area < params.minArea)
            continue;
        bool overlaps = false;
        for (const cv::Mat &e : existing) {
            if (e.size() != mask.size())
                continue;
            cv::Mat both;
            cv::bitwise_and(e, mask, both);
            const double inter = cv::countNonZero(both);
            overlaps |= inter / (object.area + cv::countNonZero(e) - inter) >= params.overlapIou;
        }
        if (overlaps)
            continue;
        object.dinoConfidence = similarity;
        object.samScore = 0.9f;
        found.emplace_back(similarity, std::move(object));
    }
    std::stable_sort(found.begin(), found.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
    for (auto &[similarity, object] : found)
        if (int(result.objects.size()) < params.maxInstances)
            result.objects.push_back(std::move(object));
    return result;
}

} // namespace dinosam::test
