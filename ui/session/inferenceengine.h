#pragma once
// The one interface the UI's inference worker talks to. The real implementation
// (PipelineEngine) wraps core/pipeline; tests use a fake with controllable latency.
// No LibTorch and no Qt here: plain C++ and OpenCV data only.
#include "types/prompt.h"
#include "types/segmentation.h"
#include "pipeline/similarity.h"
#include "videorequest.h"

#include <opencv2/core.hpp>

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace dinosam::ui {

/// Progress of a running call: fraction in [0, 1] and a short stage name.
using ProgressFn = std::function<void(double fraction, const std::string &stage)>;
/// Polled between stages; returning true asks the engine to stop (it then throws EngineCancelled).
using CancelFn = std::function<bool()>;

/// Thrown by an engine that stopped because CancelFn returned true.
struct EngineCancelled : std::exception
{
    const char *what() const noexcept override { return "cancelled"; }
};

/// What kind of problem stopped a job; kept across the worker boundary so the GUI can
/// tell a broken model (shown once, for the whole session) from a broken image.
enum class ErrorKind {
    None,      ///< no error
    Model,     ///< a checkpoint is missing, of another variant, or corrupt: no image can run
    Image,     ///< this image cannot be used (unreadable, corrupt, too small or too large)
    Cancelled, ///< the user or a newer request stopped it (not a failure)
    Io,        ///< writing an output file failed (export)
    Other,     ///< anything else (an internal error, a bad argument)
};

/// An engine failure that knows its kind. Engines throw it (or any std::exception,
/// which the worker reports as ErrorKind::Other, or ErrorKind::Image from openImage()).
class EngineError : public std::runtime_error
{
public:
    EngineError(ErrorKind kind, const std::string &message) : std::runtime_error(message), m_kind(kind) {}
    ErrorKind kind() const noexcept { return m_kind; }

private:
    ErrorKind m_kind;
};

/// An image the engine decoded: the engine (the pipeline) is its only decoder and cache.
struct EngineImage
{
    std::string key; ///< content key the engine caches the image and its features under
    cv::Mat rgb;     ///< CV_8UC3 RGB, shared with the engine's cache: read-only
};

/// Where the models are and how much the engine may use (from the settings).
struct EngineSettings
{
    std::string modelDir;                          ///< searched for Meta's file names; "" = defaults
    std::vector<std::pair<std::string, std::string>> checkpoints; ///< model id → file
    int threads = 0;                               ///< 0 = library default
    std::size_t cacheBytes = std::size_t(1) << 30;
    bool useCuda = false;                          ///< run the models on the first CUDA device
    bool diskCache = false;                        ///< keep encoder outputs in the disk feature cache
    std::string diskCacheDir;                      ///< its folder; "" = the CLI's default folder
    uint64_t diskCacheBytes = uint64_t(10) << 30;

    bool operator==(const EngineSettings &) const = default;
};

/// Whether the engine can run, and if not, what the user has to do.
struct EngineStatus
{
    bool ready = false;
    std::string message; ///< human-readable; empty when ready
};

/**
 * Abstract segmentation engine.
 *
 * Thread: every method except status() is called only from the single inference
 * worker thread; implementations need no locking of their own for those calls.
 * Errors: methods throw (std::exception and subclasses, EngineCancelled on cancel);
 * the worker catches everything and turns it into an error value.
 */
class InferenceEngine
{
public:
    virtual ~InferenceEngine() = default;

    /// Whether the models @p params names are available; may be called from any thread.
    virtual EngineStatus status(const SegmentationParams &params) const = 0;

    /// Decodes an image file (EXIF orientation applied), or returns it from the engine's
    /// cache when the file is unchanged. Throws on failure.
    virtual EngineImage openImage(const std::string &path) = 0;

    /// Runs the whole pipeline (cached expensive stages are reused).
    /// @param image from openImage(); @param name the file name for the result.
    virtual SegmentationResult segment(const EngineImage &image, const std::string &name,
                                       const SegmentationParams &params,
                                       const ProgressFn &progress, const CancelFn &cancel) = 0;

    /// Re-segments one object from a user prompt with SAM2 (image embedding reused).
    virtual SegmentedObject refine(const EngineImage &image, const SegmentationParams &params,
                                   const Prompt &prompt, const CancelFn &cancel) = 0;

    /// Whether speculate() does anything (the session schedules it only then).
    virtual bool supportsSpeculation() const { return false; }
    /// Background work after a segmentation: decodes what later threshold moves of
    /// @p params will need, so that they answer from the cache. Stops soon after
    /// @p cancel returns true (returns false then); true when everything is cached.
    virtual bool speculate(const EngineImage &image, const SegmentationParams &params, const CancelFn &cancel)
    {
        (void)image, (void)params, (void)cancel;
        return false;
    }

    /// Objects like the example (@p exampleMask, CV_8U of @p example's size) in @p target
    /// ("find similar"): new objects only, none overlapping @p existing (masks of the target's
    /// size) above params.overlapIou. Cached features are reused. Throws EngineError when the
    /// engine cannot (the default).
    virtual SimilarityResult findSimilar(const EngineImage &target, const EngineImage &example,
                                         const cv::Mat &exampleMask, const SimilarityParams &params,
                                         const std::vector<cv::Mat> &existing, const CancelFn &cancel)
    {
        (void)target, (void)example, (void)exampleMask, (void)params, (void)existing, (void)cancel;
        throw std::runtime_error("this engine cannot find similar objects");
    }

    /// Background work after a find-similar on one image: decodes what later similarity-slider
    /// moves of the same query will need (see speculate()). Never starts an encoder; true when
    /// every threshold is cached, false when cancelled or there is nothing to do (the default).
    virtual bool speculateSimilar(const EngineImage &target, const EngineImage &example, const cv::Mat &exampleMask,
                                  const SimilarityParams &params, const std::vector<cv::Mat> &existing,
                                  const CancelFn &cancel)
    {
        (void)target, (void)example, (void)exampleMask, (void)params, (void)existing, (void)cancel;
        return false;
    }

    /// Serves one request of the studio's video mode on the engine's single video session
    /// (open, discover, propagate, correct, remove, label, export); @p params for discovery
    /// and the SAM2 model. @p frameTracked hears each propagated frame; a propagation stops
    /// soon after @p cancel returns true (report.cancelled, frames so far kept), other ops
    /// throw EngineCancelled. Throws EngineError (kind Image for a video that cannot be
    /// read) or any std::exception. The default: this engine cannot track videos.
    virtual VideoReport runVideo(const VideoRequest &request, const SegmentationParams &params,
                                 const VideoFrameFn &frameTracked, const ProgressFn &progress, const CancelFn &cancel)
    {
        (void)request, (void)params, (void)frameTracked, (void)progress, (void)cancel;
        throw EngineError(ErrorKind::Other, "this engine cannot track videos");
    }

    /// Model ids the user can choose from (smallest first).
    virtual std::vector<std::string> dinoModels() const { return {SegmentationParams{}.dinoModel}; }
    virtual std::vector<std::string> sam2Models() const { return {SegmentationParams{}.sam2Model}; }

    /// Applies new settings; takes effect at the next call on the worker thread.
    /// Called from the GUI thread: implementations must make this thread-safe.
    virtual void configure(const EngineSettings &settings) { (void)settings; }
};

} // namespace dinosam::ui
