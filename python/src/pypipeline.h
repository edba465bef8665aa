#pragma once
// dinosam.DinoSamPipeline: the original tool's pipeline class on DinoSam's Pipeline
// (stage cache included) and exporters, so save_dir gets the CLI's layout.
#include "pydetector.h"
#include "pysegmenter.h"
#include "sharedmodels.h"

#include "export/exportoptions.h"

#include <pybind11/pybind11.h>

#include <memory>
#include <string>

namespace dinosam {
class VideoTracker;
}

namespace dinosam::python {

namespace py = pybind11;

class PyRunControl;

/// The per-image parameters of process_image() / process_batch().
struct ImageCallArgs
{
    SegmentationParams params;
    bool visualize = true;
    std::optional<std::filesystem::path> saveDir;
    ExportOptions exportOptions;
};

class PyPipeline
{
public:
    /// Loads both models now (ModelError when a checkpoint is missing or broken).
    explicit PyPipeline(const ModelSetup &setup);

    py::dict processImage(const py::object &imagePath, const ImageCallArgs &args, const py::object &image,
                          const py::object &cancel);
    py::list processBatch(const py::object &imagePaths, const ImageCallArgs &args, const py::object &progress,
                          const py::object &cancel);
    /// segment_similar() (pysimilar.cpp).
    py::list segmentSimilar(const py::object &example, const py::object &box, const py::object &mask,
                            const py::object &targets, float threshold, int maxInstances, int64_t minArea,
                            const std::string &promptType, const py::object &cancel);

    /// track_video() (pytrack.cpp).
    py::dict trackVideo(const py::object &video, int64_t keyframe, int64_t rediscoverEvery, const ImageCallArgs &args,
                        const std::string &overlay, bool masks, const py::object &progress, const py::object &cancel);

    /// The detector and segmenter on this pipeline's models (the original's .dino / .sam2).
    std::shared_ptr<PyDetector> dino() const { return m_dino; }
    std::shared_ptr<PySegmenter> sam2() const { return m_sam2; }
    const SharedModels &models() const { return *m_models; }
    py::dict cacheStats() const;
    void clearCache();
    std::string repr() const;

    /// ImageCallArgs from the Python keywords (checks them; BadArgument).
    ImageCallArgs callArgs(int numObjects, const std::string &promptType, int64_t minArea, float threshold,
                           bool visualize, const py::object &saveDir, const std::string &method,
                           const py::object &formats) const;

private:
    struct Outcome;
    /// Decodes (path) or takes (pixels) the image, runs the pipeline, exports, renders. No GIL.
    void runOne(Outcome &out, const ImageCallArgs &args, const std::string &baseName, PyRunControl &control,
                const std::function<void(const PipelineProgress &)> &progress);
    py::dict toDict(Outcome &out, const ImageCallArgs &args);

    std::shared_ptr<SharedModels> m_models;
    std::shared_ptr<PyDetector> m_dino;
    std::shared_ptr<PySegmenter> m_sam2;
    std::shared_ptr<VideoTracker> m_tracker; ///< made on the first track_video(); keeps SAM2's video model
};

/// Registers DinoSamPipeline on `m`.
void registerPipeline(py::module_ &m);
/// Adds segment_similar() to the class (pysimilar.cpp).
void registerSegmentSimilar(py::class_<PyPipeline, std::shared_ptr<PyPipeline>> &cls);
/// Adds track_video() to the class (pytrack.cpp).
void registerTrackVideo(py::class_<PyPipeline, std::shared_ptr<PyPipeline>> &cls);

} // namespace dinosam::python
