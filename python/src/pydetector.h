#pragma once
// dinosam.DINOv2Detector: the original tool's DINOv2 detector on DinoSam's native
// DINOv2 and discovery (the same code the pipeline runs).
#include "sharedmodels.h"

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <memory>
#include <string>

namespace dinosam {
struct DinoFeatures;
}

namespace dinosam::python {

namespace py = pybind11;

class PyDetector
{
public:
    /// Loads DINOv2 `setup.dinoModel` into `models` now (ModelError when that fails).
    explicit PyDetector(std::shared_ptr<SharedModels> models);

    /// Final-norm patch tokens, float32 (1, h*w, C) (the original's x_norm_patchtokens), or
    /// (h, w, C) with asGrid. A view of the model's output: no copy on the CPU.
    py::array extractFeatures(const py::array &image, bool asGrid);
    /// Salient regions by the original's rule (attention above the threshold, components of at
    /// least minArea pixels, best confidence first, at most numRegions).
    py::list detectSalientRegions(const py::array &image, int numRegions, int64_t minArea, double threshold,
                                  const std::string &method);
    /// The normalised [0, 1] attention map at the image's size, float32 (H, W).
    py::array computeAttentionMap(const py::array &image, const std::string &method);
    /// The image with the regions' boxes (and the attention heat-map when given), RGB uint8.
    py::array visualizeDetections(const py::array &image, const py::handle &regions, const py::handle &attentionMap);

    std::string modelName() const { return m_models->setup().dinoModel; }
    const char *device() const { return m_models->deviceName(); }
    std::string repr() const;

private:
    /// DINOv2 outputs of `rgb` (one-image cache keyed by content). Call inside m_models->call().
    std::shared_ptr<const DinoFeatures> features(const cv::Mat &rgb);

    std::shared_ptr<SharedModels> m_models;
    std::string m_cachedKey;
    std::shared_ptr<const DinoFeatures> m_cached;
};

/// Registers DINOv2Detector on `m`.
void registerDetector(py::module_ &m);

} // namespace dinosam::python
