#include "pipeline/pipeline.h"

#include "pipeline/contenthash.h"
#include "pipeline/diskfeaturecache.h"
#include "pipeline/maskpostprocess.h"
#include "pipeline/pipelinebackend.h"
#include "pipeline/promptbuilder.h"
#include "pipeline/speculation.h"
#include "pipeline/similarityfinder.h"
#include "pipeline/stagecache.h"
#include "pipeline/torchbackend.h"

#include "models/common/cpuruntime.h"

#include "imageio/imageloader.h"

#include <c10/core/InferenceMode.h>
#include <opencv2/imgproc.hpp>
#include <c10/util/Exception.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <new>
#include <system_error>

namespace dinosam {

// ---------------------------------------------------------------------------
// Small public helpers

ImageInput ImageInput::fromFile(const std::filesystem::path &file)
{
    ImageInput in;
    in.path = file;
    in.name = file.filename().string();
    return in;
}

ImageInput ImageInput::fromMat(const cv::Mat &rgb, const std::string &key, const std::string &name)
{
    ImageInput in;
    in.rgb = rgb;
    in.key = key;
    in.name = name;
    return in;
}

ImageInput ImageInput::fromKey(const std::string &key)
{
    ImageInput in;
    in.key = key;
    return in;
}

const char *stageName(PipelineStage stage)
{
    switch (stage) {
    case PipelineStage::DecodeImage: return "image";
    case PipelineStage::DinoEncode: return "DINOv2";
    case PipelineStage::Sam2Encode: return "SAM2 encoder";
    case PipelineStage::Discovery: return "discovery";
    case PipelineStage::Sam2Decode: return "SAM2 decoder";
    case PipelineStage::Postprocess: return "post-processing";
    }
    return "?";
}

std::string Pipeline::contentKey(const cv::Mat &rgb) { return std::string("m").append(contentHash(rgb)); }

// ---------------------------------------------------------------------------

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

/// A decoded image as cached.
struct CachedImage
{
    cv::Mat rgb;
    std::string name;
};

/// Typical share of a cold run per stage, for PipelineProgress::overall.
constexpr double kStageWeight[] = {0.05, 0.20, 0.05, 0.55, 0.10, 0.05}; // in PipelineStage order

std::size_t matBytes(const cv::Mat &m) { return m.empty() ? 0 : m.total() * m.elemSize(); }


std::string describeSize(const cv::Size &s) { return std::to_string(s.width) + "x" + std::to_string(s.height); }

} // namespace

class Pipeline::Private
{
public:
    Private(PipelineConfig cfg, std::shared_ptr<PipelineBackend> be)
        : config(std::move(cfg)), backend(std::move(be)), cache(config.cacheBytes)
    {
        if (!config.diskCacheDir.empty())
            disk = std::make_unique<DiskFeatureCache>(config.diskCacheDir, config.diskCacheBytes, config.device);
    }

    PipelineConfig config;
    std::shared_ptr<PipelineBackend> backend;
    StageCache cache;
    std::unique_ptr<DiskFeatureCache> disk; // null: off

    // --- progress and cancellation ------------------------------------------------

    struct Reporter
    {
        const RunControl &control;
        void check() const
        {
            if (control.cancelled())
                throw Cancelled();
        }
        void report(PipelineStage stage, double fraction, bool cached = false) const
        {
            if (!control.progress)
                return;
            const int s = int(stage);
            double before = 0;
            for (int i = 0; i < s; ++i)
                before += kStageWeight[i];
            PipelineProgress p;
            p.stage = stage;
            p.stageFraction = fraction;
            p.overall = std::clamp(before + kStageWeight[s] * fraction, 0.0, 1.0);
            p.cached = cached;
            control.progress(p);
        }
    };

    // --- stages ------------------------------------------------------------------

    ImageLoadOptions loadOptions() const
    {
        ImageLoadOptions options;
        options.maxPixels = config.maxImagePixels;
        return options;
    }

    static PipelineError toPipelineError(const ImageLoadError &e)
    {
        return PipelineError(e.kind() == ImageLoadError::Kind::TooLarge ? PipelineError::Kind::ImageTooLarge
                                                                         : PipelineError::Kind::ImageUnreadable,
                             e.what());
    }

    /// What a file looked like when it was last read: a file whose size and modification
    /// time are unchanged keeps its content key, so a slider move costs a stat, not a re-read.
    struct FileStamp
    {
        std::uintmax_t size = 0;
        std::filesystem::file_time_type mtime;
        std::string key;
    };
    std::map<std::string, FileStamp> fileKeys; // bounded: see rememberFileKey()

    std::optional<std::string> knownFileKey(const std::filesystem::path &path) const
    {
        const auto it = fileKeys.find(path.string());
        if (it == fileKeys.end())
            return std::nullopt;
        std::error_code ec;
        const auto size = std::filesystem::file_size(path, ec);
        if (ec || size != it->second.size)
            return std::nullopt;
        const auto mtime = std::filesystem::last_write_time(path, ec);
        if (ec || mtime != it->second.mtime)
            return std::nullopt;
        return it->second.key;
    }

    void rememberFileKey(const std::filesystem::path &path, std::uintmax_t size, const std::string &key)
    {
        std::error_code ec;
        const auto mtime = std::filesystem::last_write_time(path, ec);
        if (ec)
            return;
        if (fileKeys.size() >= 4096)
            fileKeys.clear(); // a plain bound: entries only save a re-read
        fileKeys[path.string()] = FileStamp{size, mtime, key};
    }

    static void checkImage(const cv::Mat &rgb, const std::string &what)
    {
        if (rgb.empty() || rgb.type() != CV_8UC3)
            throw PipelineError(PipelineError::Kind::InvalidArgument,
                                what + ": expected an 8-bit RGB image (CV_8UC3)");
        if (std::min(rgb.cols, rgb.rows) < kMinImageSide)
            throw PipelineError(PipelineError::Kind::ImageTooSmall,
                                what + ": image too small (" + describeSize(rgb.size()) + " px; at least " +
                                    std::to_string(kMinImageSide) + " px per side needed)");
    }

    /// Image stage: returns the cached or decoded image and sets `key`.
    std::shared_ptr<const CachedImage> obtainImage(const ImageInput &input, std::string &key, double &ms)
    {
        const auto start = Clock::now();
        std::shared_ptr<const CachedImage> image;
        if (!input.rgb.empty()) {
            key = input.key.empty() ? contentKey(input.rgb) : input.key;
            image = cache.get<CachedImage>("img|" + key);
            if (!image) {
                const std::string what = input.name.empty() ? std::string("image") : input.name;
                checkImage(input.rgb, what);
                auto img = std::make_shared<CachedImage>();
                img->rgb = input.rgb.clone(); // the caller may reuse its buffer
                img->name = input.name;
                image = img;
                cache.put("img|" + key, image, matBytes(img->rgb), key);
            }
        } else if (!input.path.empty()) {
            if (const auto known = input.key.empty() ? knownFileKey(input.path) : std::nullopt) {
                key = *known;
                image = cache.get<CachedImage>("img|" + key);
            }
            if (!image) {
                std::vector<unsigned char> bytes;
                try {
                    bytes = readImageFile(input.path, loadOptions());
                } catch (const ImageLoadError &e) {
                    throw toPipelineError(e);
                }
                key = input.key.empty() ? std::string("f").append(contentHash(bytes.data(), bytes.size()))
                                        : input.key;
                rememberFileKey(input.path, bytes.size(), key);
                image = cache.get<CachedImage>("img|" + key);
                if (!image) {
                    auto img = std::make_shared<CachedImage>();
                    try {
                        img->rgb = decodeImage(bytes, input.path, loadOptions()).rgb;
                    } catch (const ImageLoadError &e) {
                        throw toPipelineError(e);
                    }
                    img->name = input.path.filename().string();
                    checkImage(img->rgb, input.path.string());
                    image = img;
                    cache.put("img|" + key, image, matBytes(img->rgb), key);
                }
            }
        } else if (!input.key.empty()) {
            key = input.key;
            image = cache.get<CachedImage>("img|" + key);
            if (!image)
                throw PipelineError(PipelineError::Kind::NotCached,
                                    "the image is no longer cached; open it again");
        } else {
            throw PipelineError(PipelineError::Kind::InvalidArgument, "no image given (path, pixels or key)");
        }
        cache.touchImage(key);
        ms = msSince(start);
        return image;
    }

    /// DINOv2 outputs: memory cache, else disk cache, else the encoder (stored in both).
    std::shared_ptr<const DinoFeatures> dinoFeatures(const std::string &key, const CachedImage *image,
                                                     const SegmentationParams &params, const Reporter &rep,
                                                     double &ms, bool *ran = nullptr)
    {
        const std::string dinoKey =
            "dino|" + key + "|" + params.dinoModel + "|" + std::to_string(params.dinoInputSize);
        auto dino = cache.get<DinoFeatures>(dinoKey);
        // >>> disk feature cache
        if (!dino && disk) {
            dino = disk->loadDino(backend->modelTag(params.dinoModel), key, params.dinoInputSize);
            if (dino)
                cache.put(dinoKey, dino, dino->bytes(), key);
        }
        // <<< disk feature cache
        if (dino) {
            rep.report(PipelineStage::DinoEncode, 1, true);
            return dino;
        }
        if (!image)
            throw PipelineError(PipelineError::Kind::NotCached, "the image is no longer cached; open it again");
        rep.report(PipelineStage::DinoEncode, 0);
        auto encoder = backend->dino(params.dinoModel);
        const auto start = Clock::now();
        dino = encoder->encode(image->rgb, params.dinoInputSize);
        ms = msSince(start);
        cache.put(dinoKey, dino, dino->bytes(), key);
        if (disk) // disk feature cache
            disk->storeDino(backend->modelTag(params.dinoModel), key, params.dinoInputSize, *dino);
        if (ran)
            *ran = true;
        rep.report(PipelineStage::DinoEncode, 1);
        return dino;
    }

    std::shared_ptr<const Sam2Features> samFeatures(const std::string &key, const CachedImage *image,
                                                    const std::string &model, const Reporter &rep,
                                                    double &ms, bool *ran = nullptr)
    {
        const std::string samKey = "sam|" + key + "|" + model;
        auto features = cache.get<Sam2Features>(samKey);
        // >>> disk feature cache
        if (!features && disk) {
            features = disk->loadSam2(backend->modelTag(model), key);
            if (features)
                cache.put(samKey, features, features->bytes(), key);
        }
        // <<< disk feature cache
        if (features) {
            rep.report(PipelineStage::Sam2Encode, 1, true);
            return features;
        }
        if (!image)
            throw PipelineError(PipelineError::Kind::NotCached, "the image is no longer cached; open it again");
        rep.report(PipelineStage::Sam2Encode, 0);
        auto engine = backend->sam2(model);
        const auto start = Clock::now();
        features = engine->encode(image->rgb);
        ms = msSince(start);
        cache.put(samKey, features, features->bytes(), key);
        if (disk) // disk feature cache
            disk->storeSam2(backend->modelTag(model), key, *features);
        if (ran)
            *ran = true;
        rep.report(PipelineStage::Sam2Encode, 1);
        return features;
    }

    int precompute(const ImageInput &input, const SegmentationParams &params, const RunControl &control)
    {
        validate(params);
        Reporter rep{control};
        rep.check();
        std::string key;
        double ms = 0;
        const auto image = obtainImage(input, key, ms);
        bool dinoRan = false, samRan = false;
        dinoFeatures(key, image.get(), params, rep, ms, &dinoRan);
        rep.check();
        samFeatures(key, image.get(), params.sam2Model, rep, ms, &samRan);
        return int(dinoRan) + int(samRan);
    }

    /// Decodes `prompts` (cached per prompt), all missing ones in one batch.
    std::vector<std::shared_ptr<const Sam2Mask>> decodePrompts(const std::string &key, const std::string &model,
                                                               const Sam2Features &features,
                                                               const std::vector<Prompt> &prompts,
                                                               const Reporter &rep, double &ms)
    {
        const std::string base = "mask|" + key + "|" + model + "|";
        std::vector<std::shared_ptr<const Sam2Mask>> masks(prompts.size());
        std::vector<Prompt> missing;
        std::vector<size_t> missingIndex;
        for (size_t i = 0; i < prompts.size(); ++i) {
            masks[i] = cache.get<Sam2Mask>(base + promptKey(prompts[i]));
            if (!masks[i]) {
                missing.push_back(prompts[i]);
                missingIndex.push_back(i);
            }
        }
        if (missing.empty()) {
            rep.report(PipelineStage::Sam2Decode, 1, true);
            return masks;
        }
        rep.report(PipelineStage::Sam2Decode, double(prompts.size() - missing.size()) / double(prompts.size()));
        rep.check();
        auto engine = backend->sam2(model);
        const auto start = Clock::now();
        auto decoded = engine->decode(features, missing);
        ms = msSince(start);
        if (decoded.size() != missing.size())
            throw PipelineError(PipelineError::Kind::Internal, "SAM2 returned " + std::to_string(decoded.size()) +
                                                                   " masks for " + std::to_string(missing.size()) +
                                                                   " prompts");
        for (size_t j = 0; j < missing.size(); ++j) {
            auto mask = std::make_shared<Sam2Mask>(std::move(decoded[j]));
            mask->area = mask->mask.empty() ? 0 : cv::countNonZero(mask->mask);
            mask->box = mask->area > 0 ? cv::boundingRect(mask->mask) : cv::Rect();
            const size_t i = missingIndex[j];
            cache.put(base + promptKey(prompts[i]), mask, matBytes(mask->mask) + 64, key);
            masks[i] = std::move(mask);
        }
        rep.report(PipelineStage::Sam2Decode, 1);
        return masks;
    }

    static void validate(const SegmentationParams &params)
    {
        auto bad = [](const std::string &m) { throw PipelineError(PipelineError::Kind::InvalidArgument, m); };
        if (!(params.attentionThreshold >= 0.f && params.attentionThreshold <= 1.f))
            bad("threshold must lie in [0, 1], got " + std::to_string(params.attentionThreshold));
        if (!(params.duplicateIou >= 0.f && params.duplicateIou <= 1.f))
            bad("duplicate IoU must lie in [0, 1], got " + std::to_string(params.duplicateIou));
        if (params.numObjects < 0)
            bad("number of objects must not be negative");
        if (params.minArea < 0)
            bad("minimum area must not be negative");
        if (params.dinoInputSize < 14 || params.dinoInputSize > 4096)
            bad("DINOv2 input size must lie in [14, 4096], got " + std::to_string(params.dinoInputSize));
    }

    SegmentationResult run(const ImageInput &input, const SegmentationParams &params, const RunControl &control)
    {
        validate(params);
        Reporter rep{control};
        SegmentationResult result;
        result.params = params;
        StageTimings &t = result.timings;

        // 1. Image
        rep.check();
        rep.report(PipelineStage::DecodeImage, 0);
        std::string key;
        const auto image = obtainImage(input, key, t.decodeImageMs);
        result.imageKey = key;
        result.imageName = !input.name.empty() ? input.name : image->name;
        result.imageSize = image->rgb.size();
        rep.report(PipelineStage::DecodeImage, 1);

        // 2. DINOv2
        rep.check();
        const std::string dinoKey =
            "dino|" + key + "|" + params.dinoModel + "|" + std::to_string(params.dinoInputSize);
        const auto dino = dinoFeatures(key, image.get(), params, rep, t.dinoMs);

        // 3. Discovery: the expensive, per-image part is cached, the thresholding is not.
        rep.check();
        rep.report(PipelineStage::Discovery, 0);
        {
            const auto start = Clock::now();
            const std::string discKey = "disc|" + dinoKey + "|" + std::to_string(int(params.method));
            auto finder = backend->regionFinder();
            auto prepared = cache.get<RegionFinder::Prepared>(discKey);
            if (!prepared || !prepared->covers(params)) {
                prepared = finder->prepare(*dino, params);
                cache.put(discKey, prepared, prepared->bytes(), key);
            }
            result.discoveryMap = prepared->discoveryMap();
            result.regions = finder->find(*prepared, params);
            t.discoveryMs = msSince(start);
        }
        rep.report(PipelineStage::Discovery, 1);

        // 4. Prompts → SAM2 (the encoder only runs when there is something to decode).
        rep.check();
        const auto prompts = buildPrompts(result.regions, params.promptType);
        std::vector<std::shared_ptr<const Sam2Mask>> masks;
        if (!prompts.empty()) {
            const auto sam = samFeatures(key, image.get(), params.sam2Model, rep, t.sam2EncodeMs);
            rep.check();
            masks = decodePrompts(key, params.sam2Model, *sam, prompts, rep, t.sam2DecodeMs);
        } else {
            rep.report(PipelineStage::Sam2Encode, 1, true);
            rep.report(PipelineStage::Sam2Decode, 1, true);
        }

        // 5. Post-processing
        rep.check();
        rep.report(PipelineStage::Postprocess, 0);
        const auto start = Clock::now();
        std::vector<SegmentedObject> objects;
        objects.reserve(masks.size());
        for (size_t i = 0; i < masks.size(); ++i) {
            SegmentedObject o;
            // Results are the caller's to edit and the cache must stay intact: hole filling
            // edits a copy; otherwise only the kept masks are copied, after filtering.
            o.mask = params.removeSmallHolesAndSpecks ? masks[i]->mask.clone() : masks[i]->mask;
            o.samScore = masks[i]->score;
            o.area = masks[i]->area;
            o.box = masks[i]->box;
            o.dinoConfidence = result.regions[i].confidence;
            o.promptType = params.promptType;
            if (prompts[i].box)
                o.promptBox = *prompts[i].box;
            if (!prompts[i].points.empty())
                o.promptPoint = prompts[i].points.front();
            objects.push_back(std::move(o));
        }
        // The cached masks' statistics stand unless hole filling changes the masks.
        const bool statsKnown = !params.removeSmallHolesAndSpecks &&
                                std::all_of(masks.begin(), masks.end(), [](const auto &m) { return m->area >= 0; });
        result.objects =
            postprocessObjects(std::move(objects), params, [&] { return control.cancelled(); }, statsKnown);
        if (!params.removeSmallHolesAndSpecks)
            for (auto &o : result.objects)
                o.mask = o.mask.clone();
        t.postprocessMs = msSince(start);
        rep.report(PipelineStage::Postprocess, 1);
        return result;
    }

    SpeculationReport speculate(const ImageInput &input, const SegmentationParams &params,
                                const RunControl &control, double step)
    {
        validate(params);
        if (!(step > 0 && step <= 1))
            throw PipelineError(PipelineError::Kind::InvalidArgument, "threshold step must lie in (0, 1]");
        const auto start = Clock::now();
        SpeculationReport report;
        if (params.method != DiscoveryMethod::Attention)
            return report; // spectral regions do not depend on the threshold
        std::string key;
        double ms = 0;
        obtainImage(input, key, ms); // the key; decodes only when the caller gave no cached image
        const std::string dinoKey =
            "dino|" + key + "|" + params.dinoModel + "|" + std::to_string(params.dinoInputSize);
        const auto dino = cache.get<DinoFeatures>(dinoKey);
        const auto sam = cache.get<Sam2Features>("sam|" + key + "|" + params.sam2Model);
        const auto prepared =
            cache.get<RegionFinder::Prepared>("disc|" + dinoKey + "|" + std::to_string(int(params.method)));
        if (!dino || !sam || !prepared || !prepared->covers(params))
            return report; // speculation never starts an encoder

        auto finder = backend->regionFinder();
        std::vector<Prompt> missing;
        std::set<std::string> seen;
        const std::string maskBase = "mask|" + key + "|" + params.sam2Model + "|";
        for (const float t : speculationThresholds(step, params.attentionThreshold)) {
            SegmentationParams at = params;
            at.attentionThreshold = t;
            for (auto &prompt : buildPrompts(finder->find(*prepared, at), params.promptType)) {
                const std::string pk = promptKey(prompt);
                if (!seen.insert(pk).second)
                    continue;
                if (!cache.get<Sam2Mask>(maskBase + pk))
                    missing.push_back(std::move(prompt));
            }
            ++report.thresholds;
        }
        report.prompts = int(seen.size());

        const RunControl noProgress; // decodePrompts' progress is not the user's
        Reporter quiet{noProgress};
        decodeInSmallBatches(missing, control, [&](const std::vector<Prompt> &batch) {
            double decodeMs = 0;
            decodePrompts(key, params.sam2Model, *sam, batch, quiet, decodeMs);
        }, report);
        report.ms = msSince(start);
        return report;
    }

    SegmentedObject segmentWithPrompt(const ImageInput &input, const Prompt &prompt,
                                      const SegmentationParams &params, const RunControl &control)
    {
        if (prompt.points.size() != prompt.labels.size())
            throw PipelineError(PipelineError::Kind::InvalidArgument,
                                "prompt has " + std::to_string(prompt.points.size()) + " points but " +
                                    std::to_string(prompt.labels.size()) + " labels");
        if (prompt.points.empty() && !prompt.box)
            throw PipelineError(PipelineError::Kind::InvalidArgument, "empty prompt: give points or a box");
        for (int label : prompt.labels)
            if (label != 0 && label != 1)
                throw PipelineError(PipelineError::Kind::InvalidArgument, "point labels must be 0 or 1");
        Reporter rep{control};
        rep.check();

        // Key-only input: the SAM2 features alone suffice, the pixels are optional.
        std::string key;
        std::shared_ptr<const CachedImage> image;
        double ms = 0;
        if (input.rgb.empty() && input.path.empty() && !input.key.empty()) {
            key = input.key;
            image = cache.get<CachedImage>("img|" + key);
            cache.touchImage(key);
        } else {
            image = obtainImage(input, key, ms);
        }
        const auto sam = samFeatures(key, image.get(), params.sam2Model, rep, ms);
        rep.check();

        Prompt p;
        p.box = prompt.box;
        p.points = prompt.points;
        p.labels = prompt.labels;
        const auto masks = decodePrompts(key, params.sam2Model, *sam, {p}, rep, ms);

        SegmentedObject o;
        o.mask = masks.front()->mask.clone();
        o.samScore = masks.front()->score;
        o.promptType = prompt.box ? (prompt.points.empty() ? PromptType::Box : PromptType::BoxAndPoint)
                                  : PromptType::Point;
        if (prompt.box)
            o.promptBox = *prompt.box;
        if (!prompt.points.empty())
            o.promptPoint = prompt.points.front();
        if (params.removeSmallHolesAndSpecks)
            removeSmallHolesAndSpecks(o.mask, std::max<int64_t>(params.minArea, 1));
        computeMaskStats(o);
        return o;
    }

    /// The cached stages for findSimilarObjects() (pipeline/similarityfinder.cpp).
    /// `encode` false: the stages never start an encoder (speculation), a missing feature
    /// throws PipelineError(NotCached).
    SimilarityStages similarityStages(const RunControl &control, bool encode = true)
    {
        SimilarityStages s;
        s.cache = &cache;
        s.isDecoded = [this](const std::string &key, const std::string &model, const Prompt &prompt) {
            return cache.get<Sam2Mask>("mask|" + key + "|" + model + "|" + promptKey(prompt)) != nullptr;
        };
        s.image = [this](const ImageInput &input, cv::Size &size) {
            std::string key;
            double ms = 0;
            size = obtainImage(input, key, ms)->rgb.size();
            return key;
        };
        s.dino = [this, encode](const std::string &key, const std::string &model, int inputSize, double &ms) {
            const std::string dinoKey = "dino|" + key + "|" + model + "|" + std::to_string(inputSize);
            auto dino = cache.get<DinoFeatures>(dinoKey);
            if (dino)
                return dino;
            if (!encode)
                throw PipelineError(PipelineError::Kind::NotCached, "DINOv2 features are not cached");
            const auto image = cache.get<CachedImage>("img|" + key);
            if (!image)
                throw PipelineError(PipelineError::Kind::NotCached, "the image is no longer cached; open it again");
            const auto start = Clock::now();
            dino = backend->dino(model)->encode(image->rgb, inputSize);
            ms += msSince(start);
            cache.put(dinoKey, dino, dino->bytes(), key);
            return dino;
        };
        s.sam = [this, &control, encode](const std::string &key, const std::string &model, double &ms) {
            if (!encode) {
                if (auto cached = cache.get<Sam2Features>("sam|" + key + "|" + model))
                    return cached;
                throw PipelineError(PipelineError::Kind::NotCached, "SAM2 features are not cached");
            }
            double spent = 0;
            auto f = samFeatures(key, cache.get<CachedImage>("img|" + key).get(), model, Reporter{control}, spent);
            ms += spent;
            return f;
        };
        s.decode = [this, &control](const std::string &key, const std::string &model, const Sam2Features &features,
                                    const std::vector<Prompt> &prompts, double &ms) {
            double spent = 0;
            auto masks = decodePrompts(key, model, features, prompts, Reporter{control}, spent);
            ms += spent;
            return masks;
        };
        return s;
    }

    /// Runs `fn` under InferenceMode, turning foreign exceptions into PipelineError.
    template <class Fn>
    auto guarded(Fn &&fn) -> decltype(fn())
    {
        c10::InferenceMode inferenceMode;
        try {
            return fn();
        } catch (const PipelineError &) {
            throw;
        } catch (const Cancelled &) {
            throw;
        } catch (const std::bad_alloc &) {
            throw PipelineError(PipelineError::Kind::Internal, "out of memory");
        } catch (const c10::Error &e) {
            throw PipelineError(PipelineError::Kind::Internal, std::string("LibTorch: ") + e.what_without_backtrace());
        } catch (const cv::Exception &e) {
            throw PipelineError(PipelineError::Kind::Internal, std::string("OpenCV: ") + e.what());
        } catch (const std::exception &e) {
            throw PipelineError(PipelineError::Kind::Internal, e.what());
        }
    }
};

Pipeline::Pipeline(PipelineConfig config) : Pipeline(config, makeTorchBackend(config)) {}

Pipeline::Pipeline(PipelineConfig config, std::shared_ptr<PipelineBackend> backend)
    : d(std::make_unique<Private>(std::move(config), std::move(backend)))
{
    if (!d->backend)
        throw PipelineError(PipelineError::Kind::InvalidArgument, "Pipeline needs a backend");
    configureCpuRuntime(d->config.threads);
}

Pipeline::~Pipeline() = default;

void Pipeline::preload(const SegmentationParams &params)
{
    d->guarded([&] {
        d->backend->dino(params.dinoModel);
        d->backend->sam2(params.sam2Model);
        return 0;
    });
}

SegmentationResult Pipeline::run(const ImageInput &image, const SegmentationParams &params,
                                 const RunControl &control)
{
    return d->guarded([&] { return d->run(image, params, control); });
}

SpeculationReport Pipeline::speculate(const ImageInput &image, const SegmentationParams &params,
                                     const RunControl &control, double thresholdStep)
{
    return d->guarded([&] { return d->speculate(image, params, control, thresholdStep); });
}

int Pipeline::precompute(const ImageInput &image, const SegmentationParams &params, const RunControl &control)
{
    return d->guarded([&] { return d->precompute(image, params, control); });
}

DecodedImage Pipeline::image(const ImageInput &input)
{
    return d->guarded([&] {
        std::string key;
        double ms = 0;
        const auto image = d->obtainImage(input, key, ms);
        DecodedImage out;
        out.key = key;
        out.rgb = image->rgb; // shares the cached pixels (read-only by contract)
        out.name = input.name.empty() ? image->name : input.name;
        return out;
    });
}

SegmentedObject Pipeline::segmentWithPrompt(const ImageInput &image, const Prompt &prompt,
                                            const SegmentationParams &params, const RunControl &control)
{
    return d->guarded([&] { return d->segmentWithPrompt(image, prompt, params, control); });
}

SimilarityResult Pipeline::findSimilar(const ImageInput &target, const SimilarityQuery &query,
                                       const SimilarityParams &params, const std::vector<cv::Mat> &existing,
                                       const RunControl &control)
{
    return d->guarded(
        [&] { return findSimilarObjects(d->similarityStages(control), target, query, params, existing, control); });
}

SpeculationReport Pipeline::speculateSimilar(const ImageInput &target, const SimilarityQuery &query,
                                            const SimilarityParams &params, const std::vector<cv::Mat> &existing,
                                            const RunControl &control, double thresholdStep)
{
    return d->guarded([&] {
        try {
            return speculateSimilarObjects(d->similarityStages(control, /*encode=*/false), target, query, params,
                                           existing, control, thresholdStep);
        } catch (const PipelineError &e) {
            if (e.kind() != PipelineError::Kind::NotCached)
                throw;
            return SpeculationReport{}; // speculation never starts an encoder
        }
    });
}

PipelineCacheStats Pipeline::cacheStats() const
{
    PipelineCacheStats s;
    s.bytes = d->cache.bytes();
    s.budget = d->cache.budget();
    s.entries = d->cache.size();
    s.hits = d->cache.hits();
    s.misses = d->cache.misses();
    if (d->disk) {
        const auto disk = d->disk->stats();
        s.diskHits = disk.hits;
        s.diskMisses = disk.misses;
        s.diskRejected = disk.rejected;
        s.diskWrites = disk.writes;
        s.diskWriteFailures = disk.writeFailures;
    }
    return s;
}

void Pipeline::clearCache() { d->cache.clear(); }

void Pipeline::setCacheBudget(std::size_t bytes) { d->cache.setBudget(bytes ? bytes : d->config.cacheBytes); }

const PipelineConfig &Pipeline::config() const { return d->config; }

} // namespace dinosam
