#pragma once
// The staged segmentation pipeline: image → (DINOv2 outputs, SAM2 features) →
// regions → prompts → one batched SAM2 decode → post-processing, with every
// expensive per-image result cached (LRU, byte budget) so that a parameter change
// re-runs only the stages it affects. Torch-free public header (pimpl): UI code
// includes it.
#include "pipeline/pipelineerror.h"
#include "types/prompt.h"
#include "types/segmentation.h"

#include <opencv2/core.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dinosam {

class PipelineBackend; // pipeline/pipelinebackend.h (internal, LibTorch)
struct SimilarityQuery;  // pipeline/similarity.h
struct SimilarityParams;
struct SimilarityResult;

/// Where the models run.
enum class ComputeDevice { Cpu, Cuda };

/// How a Pipeline finds its models and how much it may cache.
struct PipelineConfig
{
    /// Searched first for Meta's checkpoint file names (see ModelLocator); may be empty.
    std::filesystem::path modelDir;
    /// Explicit checkpoint per model id, e.g. {"dinov2_vits14_reg4": ".../random.pth"};
    /// wins over the search folders for that id.
    std::map<std::string, std::filesystem::path> checkpoints;
    /// LibTorch intra-op threads, set once in the constructor (0 = all cores: Debian's
    /// LibTorch 1.13 otherwise starts with a single thread).
    int threads = 0;
    /// Byte budget of the stage cache (decoded images, encoder outputs, discovery, masks).
    /// The most recent image's entries are kept even when they alone exceed it.
    std::size_t cacheBytes = std::size_t(1) << 30;
    /// Images with more pixels are refused before decoding (PipelineError::ImageTooLarge).
    int64_t maxImagePixels = int64_t(100) * 1000 * 1000;
    /// Cuda: the models and the encoders' outputs live on the first CUDA device (masks and
    /// scores still come back as CPU data). The Pipeline constructor throws
    /// PipelineError::InvalidArgument when LibTorch has no CUDA support or sees no device.
    ComputeDevice device = ComputeDevice::Cpu;
    /// Folder of the persistent feature cache (encoder outputs as float16 files; see
    /// pipeline/diskfeaturecache.h), e.g. DiskFeatureCache's default under the user's cache
    /// folder. Empty: off. The Pipeline constructor throws PipelineError::InvalidArgument
    /// when the folder cannot be created.
    std::filesystem::path diskCacheDir;
    /// Byte budget of the disk cache; least recently used files are removed beyond it.
    uint64_t diskCacheBytes = uint64_t(10) << 30;
};

/// The disk feature cache's default folder: `<XDG_CACHE_HOME or ~/.cache>/dinosam/features`
/// (`%LOCALAPPDATA%/dinosam/features` on Windows). Thread-safe.
std::filesystem::path defaultFeatureCacheDir();

/// An image to segment: a file, or pixels the caller already decoded, or only the
/// key of an image the pipeline has cached (interactive editing).
struct ImageInput
{
    std::filesystem::path path; ///< file to read (EXIF orientation applied), when set
    cv::Mat rgb;                ///< CV_8UC3 RGB pixels, when already decoded (not modified)
    std::string key;            ///< content key; computed when empty (file bytes or pixels hash)
    std::string name;           ///< shown in results; defaults to the file name

    static ImageInput fromFile(const std::filesystem::path &file);
    /// `key` should identify the pixels (e.g. a file hash); empty → the pixels are hashed.
    static ImageInput fromMat(const cv::Mat &rgb, const std::string &key = {}, const std::string &name = {});
    /// Refers to an image of an earlier result (SegmentationResult::imageKey).
    static ImageInput fromKey(const std::string &key);
};

/// A decoded image as the pipeline caches it: the one decode of a file or of pixels.
struct DecodedImage
{
    std::string key; ///< content key: ImageInput::fromKey(key) reuses the cached image and its features
    cv::Mat rgb;     ///< CV_8UC3 RGB, shared with the cache: read it, never write to it
    std::string name;
};

/// Stages of a run, in the order they run, for progress reports and timings.
enum class PipelineStage { DecodeImage, DinoEncode, Discovery, Sam2Encode, Sam2Decode, Postprocess };

/// Human-readable stage name ("DINOv2", "SAM2 encoder", ...).
const char *stageName(PipelineStage stage);

/// One progress report.
struct PipelineProgress
{
    PipelineStage stage;
    double stageFraction = 0; ///< [0, 1] within the stage
    double overall = 0;       ///< [0, 1] of the whole call (stages weighted by typical cost)
    bool cached = false;      ///< the stage's result came from the cache
};

/// Progress and cancellation for one call. Both hooks are optional.
struct RunControl
{
    /// Called on the calling thread at stage starts/ends and between prompts. Must be quick;
    /// it must not call back into the Pipeline.
    std::function<void(const PipelineProgress &)> progress;
    /// Set from any thread to stop the call (checked between stages and prompts).
    const std::atomic<bool> *cancelFlag = nullptr;
    /// Alternative to cancelFlag (called on the calling thread); true = stop.
    std::function<bool()> isCancelled;

    bool cancelled() const
    {
        return (cancelFlag && cancelFlag->load(std::memory_order_relaxed)) || (isCancelled && isCancelled());
    }
};

/// What Pipeline::speculate() did.
struct SpeculationReport
{
    int thresholds = 0;   ///< threshold values scanned
    int prompts = 0;      ///< distinct prompts those thresholds give
    int decoded = 0;      ///< of them, decoded now (the rest were cached already)
    bool complete = false; ///< every prompt is cached (false: cancelled, or nothing to speculate on)
    double ms = 0;
};

/// Cache occupancy, for diagnostics and the GUI's status bar.
struct PipelineCacheStats
{
    std::size_t bytes = 0;
    std::size_t budget = 0;
    std::size_t entries = 0;
    uint64_t hits = 0;
    uint64_t misses = 0;
    // The disk feature cache (all 0 when it is off).
    uint64_t diskHits = 0;
    uint64_t diskMisses = 0;
    uint64_t diskRejected = 0; ///< corrupt or foreign files found, removed and recomputed
    uint64_t diskWrites = 0;
    uint64_t diskWriteFailures = 0;
};

/// The segmentation pipeline. Owns the models (loaded lazily, on first use of a model id)
/// and the stage cache.
///
/// Threading: not thread-safe. One thread (the GUI's inference worker, the CLI's main
/// thread) constructs, calls and destroys it; only RunControl::cancelFlag may be touched
/// from other threads. Every call runs under c10::InferenceMode itself.
///
/// Errors: calls throw PipelineError (message fit for users) or Cancelled; LibTorch and
/// OpenCV exceptions are wrapped as PipelineError::Internal. After an exception the
/// pipeline is still usable.
class Pipeline
{
public:
    /// Images with a shorter side are refused (PipelineError::ImageTooSmall): the models
    /// would only see interpolation artefacts.
    static constexpr int kMinImageSide = 8;

    /// Real models from `config` (nothing is loaded until first use; see preload()).
    /// Throws PipelineError when config.device is not available.
    explicit Pipeline(PipelineConfig config = {});
    /// Injected inference (tests count encoder calls, the GUI tests use fakes).
    Pipeline(PipelineConfig config, std::shared_ptr<PipelineBackend> backend);
    ~Pipeline();
    Pipeline(const Pipeline &) = delete;
    Pipeline &operator=(const Pipeline &) = delete;

    /// Locates and loads the models `params` names now, so that a missing or broken
    /// checkpoint is reported before a batch starts. Throws PipelineError.
    void preload(const SegmentationParams &params);

    /// Segments one image. Re-uses every cached stage whose inputs did not change:
    /// a change of attentionThreshold, numObjects, minArea, promptType, duplicateIou or
    /// removeSmallHolesAndSpecks runs neither encoder. Timings are 0 for cached stages.
    SegmentationResult run(const ImageInput &image, const SegmentationParams &params,
                           const RunControl &control = {});

    /// Runs both encoders for `image` (params.dinoModel at params.dinoInputSize, params.sam2Model)
    /// unless their outputs are cached, in memory or on disk, and stores them there: what
    /// `dinosam precompute` does so that later runs and the studio need no encoder.
    /// @returns how many encoders ran (0, 1 or 2).
    int precompute(const ImageInput &image, const SegmentationParams &params, const RunControl &control = {});

    /// Segments one object from a manual prompt with SAM2 (params.sam2Model), using the
    /// cached SAM2 features of `image` (encoded now if absent and the image is available).
    /// dinoConfidence of the result is 0. Throws PipelineError::InvalidArgument for an
    /// empty prompt or labels.size() != points.size().
    SegmentedObject segmentWithPrompt(const ImageInput &image, const Prompt &prompt,
                                      const SegmentationParams &params, const RunControl &control = {});

    /// Finds objects like the query's examples in `target` ("find similar", see
    /// pipeline/similarity.h): the DINOv2 tokens of the examples and the target (cached;
    /// encoded when missing) give a similarity map, its candidate regions prompt one batched
    /// SAM2 decode, and the masks are filtered by their mask-level similarity and by overlap
    /// with `existing` (CV_8U masks of the target's size, e.g. its objects) and with examples
    /// in the same image. Throws PipelineError::InvalidArgument for a query without
    /// positives, an example mask of the wrong size or empty, or bad parameters.
    SimilarityResult findSimilar(const ImageInput &target, const SimilarityQuery &query,
                                 const SimilarityParams &params, const std::vector<cv::Mat> &existing = {},
                                 const RunControl &control = {});

    /// Decodes ahead what later similarity-slider moves of this find-similar query will ask
    /// for, as speculate() does for discovery: every similarity threshold from 0 to 1 in
    /// `thresholdStep`s (the other parameters as given), nearest the current first, in batches
    /// of two. Never runs an encoder: without the examples' and the target's features cached
    /// it returns at once with complete = false and thresholds = 0. Does not throw Cancelled.
    SpeculationReport speculateSimilar(const ImageInput &target, const SimilarityQuery &query,
                                       const SimilarityParams &params, const std::vector<cv::Mat> &existing = {},
                                       const RunControl &control = {}, double thresholdStep = 0.01);

    /// Decodes ahead what later threshold-slider moves will ask for: for every threshold
    /// from 0 to 1 in steps of `thresholdStep` (the other parameters as given) it finds the
    /// regions, and decodes every distinct prompt not yet cached, nearest thresholds
    /// first, one small batch at a time so that control's cancellation pre-empts it within
    /// one decode. Never runs an encoder: without cached DINOv2 and SAM2 features of the
    /// image (or with spectral discovery, whose regions ignore the threshold) it returns at
    /// once with complete = false and thresholds = 0. Does not throw Cancelled (returns
    /// complete = false); other errors as run().
    SpeculationReport speculate(const ImageInput &image, const SegmentationParams &params,
                                const RunControl &control = {}, double thresholdStep = 0.01);

    /// Decodes the image (EXIF orientation applied, limits checked) or finds it in the cache;
    /// this is the only decode of an image in the application: the GUI renders the returned
    /// pixels. A file whose size and modification time are unchanged is not read again.
    /// Throws PipelineError (ImageUnreadable, ImageTooLarge, ImageTooSmall, NotCached).
    DecodedImage image(const ImageInput &input);

    /// Content key the pipeline would use for these pixels.
    static std::string contentKey(const cv::Mat &rgb);

    PipelineCacheStats cacheStats() const;
    /// Drops every cached result (loaded models stay).
    void clearCache();
    /// Changes the cache budget (bytes; 0 = PipelineConfig's default), evicting as needed.
    void setCacheBudget(std::size_t bytes);
    const PipelineConfig &config() const;

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace dinosam
