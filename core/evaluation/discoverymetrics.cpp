#include "evaluation/discoverymetrics.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace dinosam::evaluation {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void checkMask(const cv::Mat &m, cv::Size size, const char *what)
{
    if (m.type() != CV_8U || m.size() != size)
        throw std::invalid_argument(std::string("evaluation: ") + what +
                                    " masks must be CV_8U and all of the image's size");
}

} // namespace

double boxIou(const cv::Rect &a, const cv::Rect &b)
{
    const double inter = double((a & b).area());
    const double uni = double(a.area()) + double(b.area()) - inter;
    return uni > 0 ? inter / uni : 0.0;
}

double maskIou(const cv::Mat &a, const cv::Mat &b, const cv::Rect &boxA, const cv::Rect &boxB)
{
    if (a.size() != b.size() || a.type() != CV_8U || b.type() != CV_8U)
        throw std::invalid_argument("evaluation: maskIou needs two CV_8U masks of one size");
    const cv::Rect all(0, 0, a.cols, a.rows);
    cv::Rect roi = all;
    if (!boxA.empty() || !boxB.empty())
        roi = (boxA | boxB) & all;
    if (roi.empty())
        return 0.0;
    cv::Mat ma = a(roi) != 0, mb = b(roi) != 0;
    const double inter = cv::countNonZero(ma & mb);
    const double uni = cv::countNonZero(ma | mb);
    return uni > 0 ? inter / uni : 0.0;
}

int matchOneToOne(const std::vector<std::vector<double>> &iou, const std::vector<float> &scores, double threshold)
{
    std::vector<size_t> order(iou.size());
    std::iota(order.begin(), order.end(), size_t(0));
    std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) { return scores[x] > scores[y]; });
    const size_t nGt = iou.empty() ? 0 : iou.front().size();
    std::vector<bool> taken(nGt, false);
    int matches = 0;
    for (size_t p : order) {
        double best = -1;
        size_t bestGt = nGt;
        for (size_t g = 0; g < nGt; ++g)
            if (!taken[g] && iou[p][g] >= threshold && iou[p][g] > best) {
                best = iou[p][g];
                bestGt = g;
            }
        if (bestGt < nGt) {
            taken[bestGt] = true;
            ++matches;
        }
    }
    return matches;
}

ImageEvaluation evaluateImage(std::vector<EvalObject> predictions, std::vector<EvalObject> truth, double seconds)
{
    ImageEvaluation e;
    e.gtCount = int(truth.size());
    e.predictionCount = int(predictions.size());
    e.seconds = seconds;
    const cv::Size size = !truth.empty() ? truth.front().mask.size()
                          : !predictions.empty() ? predictions.front().mask.size() : cv::Size();
    for (auto *list : {&predictions, &truth})
        for (auto &o : *list) {
            checkMask(o.mask, size, list == &truth ? "ground-truth" : "predicted");
            if (o.box.empty())
                o.box = cv::boundingRect(o.mask);
        }

    std::vector<std::vector<double>> iou(predictions.size(), std::vector<double>(truth.size(), 0.0));
    for (size_t p = 0; p < predictions.size(); ++p)
        for (size_t g = 0; g < truth.size(); ++g)
            if ((predictions[p].box & truth[g].box).area() > 0)
                iou[p][g] = maskIou(predictions[p].mask, truth[g].mask, predictions[p].box, truth[g].box);

    e.bestIou.assign(truth.size(), 0.0);
    for (size_t g = 0; g < truth.size(); ++g)
        for (size_t p = 0; p < predictions.size(); ++p)
            e.bestIou[g] = std::max(e.bestIou[g], iou[p][g]);

    std::vector<float> scores;
    for (const auto &p : predictions)
        scores.push_back(p.score);
    e.matched50 = matchOneToOne(iou, scores, 0.5);
    e.matched75 = matchOneToOne(iou, scores, 0.75);

    if (!predictions.empty() && !truth.empty()) {
        size_t top = 0;
        for (size_t p = 1; p < predictions.size(); ++p)
            if (predictions[p].score > predictions[top].score)
                top = p;
        for (const auto &g : truth)
            if (boxIou(predictions[top].box, g.box) >= 0.5)
                e.corlocHit = true;
    }
    return e;
}

DiscoveryMetrics aggregate(const std::vector<ImageEvaluation> &images)
{
    DiscoveryMetrics m;
    int hits = 0, matched50 = 0, matched75 = 0;
    double bestSum = 0, seconds = 0;
    for (const auto &e : images) {
        ++m.images;
        m.gtObjects += e.gtCount;
        m.predictions += e.predictionCount;
        if (e.gtCount > 0) {
            ++m.imagesWithGt;
            hits += e.corlocHit ? 1 : 0;
        }
        matched50 += e.matched50;
        matched75 += e.matched75;
        for (double b : e.bestIou)
            bestSum += b;
        seconds += e.seconds;
    }
    m.corloc = m.imagesWithGt > 0 ? double(hits) / m.imagesWithGt : kNaN;
    m.recall50 = m.gtObjects > 0 ? double(matched50) / m.gtObjects : kNaN;
    m.recall75 = m.gtObjects > 0 ? double(matched75) / m.gtObjects : kNaN;
    m.meanBestIou = m.gtObjects > 0 ? bestSum / m.gtObjects : kNaN;
    m.precision50 = m.predictions > 0 ? double(matched50) / m.predictions : kNaN;
    m.objectsPerImage = m.images > 0 ? double(m.predictions) / m.images : kNaN;
    m.secondsPerImage = m.images > 0 ? seconds / m.images : kNaN;
    return m;
}

OneShotMetrics oneShotMiou(const std::vector<OneShotEpisode> &episodes)
{
    std::map<int64_t, std::pair<double, double>> sums; // intersection, union
    OneShotMetrics m;
    for (const auto &e : episodes) {
        if (e.predicted.size() != e.truth.size() || e.predicted.type() != CV_8U || e.truth.type() != CV_8U)
            throw std::invalid_argument("evaluation: one-shot episode masks must be CV_8U of one size");
        cv::Mat p = e.predicted != 0, t = e.truth != 0;
        auto &s = sums[e.category];
        s.first += cv::countNonZero(p & t);
        s.second += cv::countNonZero(p | t);
        ++m.episodes;
    }
    double total = 0;
    for (const auto &[category, s] : sums)
        if (s.second > 0) {
            m.categoryIou[category] = s.first / s.second;
            total += s.first / s.second;
        }
    m.miou = m.categoryIou.empty() ? kNaN : total / double(m.categoryIou.size());
    return m;
}

} // namespace dinosam::evaluation
