#include "pipeline/similarityfinder.h"

#include "pipeline/maskpostprocess.h"
#include "pipeline/pipeline.h"
#include "pipeline/pipelineerror.h"
#include "pipeline/promptbuilder.h"
#include "pipeline/speculation.h"
#include "pipeline/stagecache.h"

#include "discovery/similarobjects.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <set>

namespace dinosam {
namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

[[noreturn]] void bad(const std::string &message)
{
    throw PipelineError(PipelineError::Kind::InvalidArgument, message);
}

void check(const RunControl &control)
{
    if (control.cancelled())
        throw Cancelled();
}

struct CachedTokenGrid
{
    discovery::TokenGrid grid;
};

/// An example with its image key and its mask at the image's size.
struct ResolvedExample
{
    std::string key;
    cv::Mat mask; // CV_8U 0/255
};

void validate(const SimilarityParams &p, const SimilarityQuery &q)
{
    if (q.positives.empty())
        bad("find similar needs at least one example of the object");
    if (!(p.similarityThreshold >= 0.f && p.similarityThreshold <= 1.f))
        bad("similarity threshold must lie in [0, 1], got " + std::to_string(p.similarityThreshold));
    if (p.maxInstances < 0)
        bad("maximum instances must not be negative");
    if (p.minArea < 0)
        bad("minimum area must not be negative");
    if (!(p.overlapIou >= 0.f && p.overlapIou <= 1.f) || !(p.duplicateIou >= 0.f && p.duplicateIou <= 1.f))
        bad("overlap and duplicate IoU must lie in [0, 1]");
    if (p.dinoInputSize < 14 || p.dinoInputSize > 4096 || p.maxInputSize > 4096)
        bad("DINOv2 input size must lie in [14, 4096], got " + std::to_string(p.dinoInputSize));
}

std::shared_ptr<const CachedTokenGrid> tokenGrid(const SimilarityStages &stages, const std::string &key,
                                                  const std::string &model, int inputSize, double &encoderMs)
{
    const std::string cacheKey = "simtok|" + key + "|" + model + "|" + std::to_string(inputSize);
    if (auto cached = stages.cache->get<CachedTokenGrid>(cacheKey))
        return cached;
    const auto features = stages.dino(key, model, inputSize, encoderMs);
    const at::Tensor t = features->patchTokens.to(at::kCPU, at::kFloat).contiguous(); // [1, N, C]
    if (t.dim() != 3 || t.size(1) != int64_t(features->gridH) * features->gridW)
        throw PipelineError(PipelineError::Kind::Internal, "DINOv2 patch tokens do not match the patch grid");
    auto entry = std::make_shared<CachedTokenGrid>();
    entry->grid = discovery::TokenGrid::fromRaw(t.data_ptr<float>(), features->gridH, features->gridW,
                                                int(t.size(2)), features->imageSize);
    stages.cache->put(cacheKey, entry, entry->grid.tokens.total() * sizeof(float) + 64, key);
    return entry;
}

ResolvedExample resolveExample(const SimilarityStages &stages, const SimilarityExample &example,
                               const SimilarityParams &params, const char *what, size_t index, double &encoderMs)
{
    const std::string name = std::string(what) + " " + std::to_string(index + 1);
    ResolvedExample r;
    cv::Size size;
    r.key = stages.image(example.image, size);
    if (!example.mask.empty()) {
        if (example.mask.type() != CV_8U || example.mask.size() != size)
            bad(name + ": the mask must be 8-bit and of the image's size (" + std::to_string(size.width) + "x" +
                std::to_string(size.height) + ")");
        r.mask = example.mask != 0;
    } else if (example.box) {
        const cv::Rect2f b = *example.box & cv::Rect2f(0, 0, float(size.width), float(size.height));
        if (!(b.width >= 1 && b.height >= 1))
            bad(name + ": the box lies outside the image or is empty");
        const auto sam = stages.sam(r.key, params.sam2Model, encoderMs);
        Prompt prompt;
        prompt.box = b;
        double decodeMs = 0;
        const auto masks = stages.decode(r.key, params.sam2Model, *sam, {prompt}, decodeMs);
        r.mask = masks.front()->mask.clone();
    } else {
        bad(name + ": give a mask or a box");
    }
    if (cv::countNonZero(r.mask) == 0)
        bad(name + ": the example's mask is empty");
    return r;
}

std::vector<discovery::Prototype> prototypes(const SimilarityStages &stages, const std::vector<ResolvedExample> &examples,
                                             const SimilarityParams &params, int inputSize, double &encoderMs)
{
    std::vector<discovery::Prototype> out;
    for (const auto &e : examples) {
        const auto grid = tokenGrid(stages, e.key, params.dinoModel, inputSize, encoderMs);
        out.push_back(discovery::makePrototype(grid->grid,
                                               discovery::patchCoverage(e.mask, grid->grid.gridH, grid->grid.gridW)));
    }
    return out;
}

SegmentedObject describe(const cv::Mat &mask)
{
    SegmentedObject o;
    o.mask = mask;
    computeMaskStats(o);
    return o;
}

} // namespace

int similarityInputSize(double patches, const SimilarityParams &params)
{
    const int base = params.dinoInputSize;
    if (!params.multiScale || !(patches > 0) || patches >= params.minExamplePatches)
        return base;
    const double wanted = base * std::sqrt(params.minExamplePatches / patches);
    const int size = int(std::ceil(wanted / 14.0)) * 14;
    return std::max(base, std::min(size, params.maxInputSize));
}

namespace {

/// Everything up to the candidate regions that does not depend on the similarity threshold:
/// built once per call (and once per speculation), from cached stages where possible.
struct SimilarPlan
{
    std::vector<ResolvedExample> positives, negatives;
    std::vector<discovery::Prototype> positiveProtos, negativeProtos;
    double smallest = 0; // the smallest positive example, in patches at inputSize
    int inputSize = 0;
    std::string imageKey;
    cv::Size imageSize;
    std::shared_ptr<const CachedTokenGrid> grid;
    std::vector<SegmentedObject> occupied; // objects the new ones must not repeat
    cv::Mat occupiedGrid;                  // their patch coverage (max)
    discovery::SimilarityMaps maps;
    cv::Point2f negativePoint;
};

double smallestOf(const std::vector<discovery::Prototype> &protos)
{
    double smallest = protos.front().patchArea;
    for (const auto &p : protos)
        smallest = std::min(smallest, p.patchArea);
    return smallest;
}

SimilarPlan makePlan(const SimilarityStages &stages, const ImageInput &target, const SimilarityQuery &query,
                     const SimilarityParams &params, const std::vector<cv::Mat> &existing, const RunControl &control,
                     SimilarityTimings &t, double &encoderMs)
{
    SimilarPlan plan;
    // 1. Examples: keys and masks (a box is segmented by SAM2 first), then the scale.
    auto start = Clock::now();
    for (size_t i = 0; i < query.positives.size(); ++i)
        plan.positives.push_back(resolveExample(stages, query.positives[i], params, "example", i, encoderMs));
    for (size_t i = 0; i < query.negatives.size(); ++i)
        plan.negatives.push_back(resolveExample(stages, query.negatives[i], params, "negative example", i, encoderMs));
    check(control);

    plan.positiveProtos = prototypes(stages, plan.positives, params, params.dinoInputSize, encoderMs);
    plan.smallest = smallestOf(plan.positiveProtos);
    plan.inputSize = similarityInputSize(plan.smallest, params);
    if (plan.inputSize != params.dinoInputSize) {
        check(control);
        plan.positiveProtos = prototypes(stages, plan.positives, params, plan.inputSize, encoderMs);
        plan.smallest = smallestOf(plan.positiveProtos);
    }
    plan.negativeProtos = prototypes(stages, plan.negatives, params, plan.inputSize, encoderMs);
    check(control);

    // 2. The target's tokens (cached or encoded).
    plan.imageKey = stages.image(target, plan.imageSize);
    plan.grid = tokenGrid(stages, plan.imageKey, params.dinoModel, plan.inputSize, encoderMs);
    t.examplesMs = std::max(0.0, msSince(start) - encoderMs);
    check(control);

    // Objects the new ones must not repeat: the caller's, and the examples in this image.
    for (const auto &m : existing) {
        if (m.type() != CV_8U || m.size() != plan.imageSize)
            bad("existing object masks must be 8-bit and of the target image's size");
        plan.occupied.push_back(describe(m != 0));
    }
    for (const auto &e : plan.positives)
        if (e.key == plan.imageKey)
            plan.occupied.push_back(describe(e.mask));
    const auto &g = plan.grid->grid;
    plan.occupiedGrid = cv::Mat::zeros(g.gridH, g.gridW, CV_32F);
    for (const auto &o : plan.occupied)
        cv::max(plan.occupiedGrid, discovery::patchCoverage(o.mask, o.box, g.gridH, g.gridW), plan.occupiedGrid);

    // 3a. The similarity maps (threshold-free).
    start = Clock::now();
    plan.maps = discovery::similarityMaps(g, plan.positiveProtos, plan.negativeProtos);
    plan.negativePoint = discovery::leastSimilarPoint(plan.maps.positive, plan.imageSize);
    t.similarityMs = msSince(start);
    return plan;
}

/// 3b. Candidate regions at `threshold`, best first, none mostly on an occupied object.
std::vector<DiscoveredRegion> candidateRegions(const SimilarPlan &plan, const SimilarityParams &params,
                                               float threshold)
{
    discovery::SimilarRegionParams rp;
    rp.threshold = threshold;
    rp.maxRegions = std::max(2 * params.maxInstances, params.maxInstances + 4);
    rp.minArea = params.minArea;
    rp.exampleArea = plan.smallest;
    std::vector<DiscoveredRegion> regions;
    for (auto &r : discovery::similarRegions(plan.maps.score, plan.imageSize, rp)) {
        // A candidate mostly on an object that is already there would only be filtered after decoding.
        const double onOccupied = cv::mean(plan.occupiedGrid, r.patchMask)[0];
        if (onOccupied < 0.5)
            regions.push_back(std::move(r));
    }
    if (int(regions.size()) > params.maxInstances + 4)
        regions.resize(size_t(params.maxInstances + 4));
    return regions;
}

/// 4. One prompt per region, all of one shape (so the decoder runs them together).
std::vector<Prompt> similarPrompts(const SimilarPlan &plan, const std::vector<DiscoveredRegion> &regions,
                                   const SimilarityParams &params)
{
    std::vector<Prompt> prompts;
    if (params.maxInstances <= 0)
        return prompts;
    for (const auto &r : regions) {
        Prompt p;
        if (params.promptType == PromptType::Box || params.promptType == PromptType::BoxAndPoint)
            p.box = r.box;
        if (params.promptType == PromptType::Point || params.promptType == PromptType::BoxAndPoint) {
            p.points.push_back(r.point);
            p.labels.push_back(1);
        }
        if (params.promptType == PromptType::Point) { // PerSAM: the least similar place as a negative click
            p.points.push_back(plan.negativePoint);
            p.labels.push_back(0);
        }
        prompts.push_back(std::move(p));
    }
    return prompts;
}

} // namespace

SimilarityResult findSimilarObjects(const SimilarityStages &stages, const ImageInput &target,
                                    const SimilarityQuery &query, const SimilarityParams &params,
                                    const std::vector<cv::Mat> &existing, const RunControl &control)
{
    validate(params, query);
    SimilarityResult result;
    SimilarityTimings &t = result.timings;
    check(control);

    double encoderMs = 0;
    const SimilarPlan plan = makePlan(stages, target, query, params, existing, control, t, encoderMs);
    result.dinoInputSize = plan.inputSize;
    result.examplePatches = plan.smallest;
    result.imageKey = plan.imageKey;
    result.imageSize = plan.imageSize;
    check(control);

    // 3b. Candidate regions (the cheap part a slider move re-runs).
    auto start = Clock::now();
    std::vector<DiscoveredRegion> regions = candidateRegions(plan, params, params.similarityThreshold);
    result.similarityMap = discovery::similarityDisplayMap(plan.maps.score, plan.imageSize);
    t.similarityMs += msSince(start);
    check(control);

    // 4. Prompts, one batched decode (cached per prompt).
    const std::vector<Prompt> prompts = similarPrompts(plan, regions, params);
    std::vector<std::shared_ptr<const Sam2Mask>> masks;
    if (!prompts.empty()) {
        const auto sam = stages.sam(result.imageKey, params.sam2Model, encoderMs);
        check(control);
        masks = stages.decode(result.imageKey, params.sam2Model, *sam, prompts, t.sam2DecodeMs);
    }
    t.encodersMs = encoderMs;
    check(control);

    // 5. Instance-level filter: the mask's own similarity, its size, overlaps.
    start = Clock::now();
    // The masks are the cache's (shared, never written): read them in place, with the area and
    // box the cache computed once, and copy only the ones kept.
    std::vector<SegmentedObject> candidates;
    for (size_t i = 0; i < masks.size(); ++i) {
        SegmentedObject o;
        o.mask = masks[i]->mask;
        o.samScore = masks[i]->score;
        o.promptType = params.promptType;
        if (prompts[i].box)
            o.promptBox = *prompts[i].box;
        if (!prompts[i].points.empty())
            o.promptPoint = prompts[i].points.front();
        if (masks[i]->area >= 0) {
            o.area = masks[i]->area;
            o.box = masks[i]->box;
        } else {
            computeMaskStats(o);
        }
        if (o.area < std::max<int64_t>(params.minArea, 1))
            continue;
        const auto sim = discovery::maskSimilarity(plan.grid->grid, o.mask, o.box, plan.positiveProtos,
                                                  plan.negativeProtos);
        if (!(sim.positive > params.similarityThreshold) || !(sim.positive > sim.negative))
            continue;
        o.dinoConfidence = sim.positive;
        bool overlaps = false;
        for (const auto &e : plan.occupied)
            if (maskIou(o, e) >= params.overlapIou)
                overlaps = true;
        if (!overlaps)
            candidates.push_back(std::move(o));
    }
    std::stable_sort(candidates.begin(), candidates.end(), [](const SegmentedObject &a, const SegmentedObject &b) {
        return a.dinoConfidence > b.dinoConfidence;
    });
    for (auto &o : candidates) {
        if (int(result.objects.size()) >= params.maxInstances)
            break;
        bool duplicate = false;
        for (const auto &k : result.objects)
            if (maskIou(o, k) >= params.duplicateIou)
                duplicate = true;
        if (!duplicate)
            result.objects.push_back(std::move(o));
    }
    for (auto &o : result.objects)
        o.mask = o.mask.clone(); // the caller owns its objects
    t.filterMs = msSince(start);
    for (const auto &r : regions)
        result.regionSimilarity.push_back(r.confidence);
    result.regions = std::move(regions);
    return result;
}

SpeculationReport speculateSimilarObjects(const SimilarityStages &stages, const ImageInput &target,
                                          const SimilarityQuery &query, const SimilarityParams &params,
                                          const std::vector<cv::Mat> &existing, const RunControl &control,
                                          double step)
{
    validate(params, query);
    if (!(step > 0 && step <= 1))
        bad("threshold step must lie in (0, 1]");
    if (!stages.isDecoded)
        throw PipelineError(PipelineError::Kind::Internal, "speculation needs the decode cache's lookup");
    const auto start = Clock::now();
    SpeculationReport report;
    SimilarityTimings t;
    double encoderMs = 0;
    std::shared_ptr<const Sam2Features> sam;
    SimilarPlan plan;
    // The stages never start an encoder here: a missing feature throws NotCached (to the caller).
    try {
        plan = makePlan(stages, target, query, params, existing, control, t, encoderMs);
        sam = stages.sam(plan.imageKey, params.sam2Model, encoderMs);
    } catch (const Cancelled &) {
        report.ms = msSince(start);
        return report;
    }

    std::vector<Prompt> missing;
    std::set<std::string> seen;
    for (const float threshold : speculationThresholds(step, params.similarityThreshold)) {
        if (control.cancelled()) {
            report.ms = msSince(start);
            return report;
        }
        for (auto &prompt : similarPrompts(plan, candidateRegions(plan, params, threshold), params)) {
            if (!seen.insert(promptKey(prompt)).second)
                continue;
            if (!stages.isDecoded(plan.imageKey, params.sam2Model, prompt))
                missing.push_back(std::move(prompt));
        }
        ++report.thresholds;
    }
    report.prompts = int(seen.size());

    decodeInSmallBatches(missing, control, [&](const std::vector<Prompt> &batch) {
        double decodeMs = 0;
        stages.decode(plan.imageKey, params.sam2Model, *sam, batch, decodeMs);
    }, report);
    report.ms = msSince(start);
    return report;
}

} // namespace dinosam
