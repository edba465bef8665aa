#pragma once
// dinosam.SAM2Segmenter: the original tool's SAM2 segmenter on DinoSam's native SAM2
// (the engine the pipeline runs): encode once per image, decode prompts in one batch.
#include "sharedmodels.h"

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <memory>
#include <string>
#include <vector>

namespace dinosam {
struct Sam2Features;
struct Prompt;
struct Sam2Mask;
}

namespace dinosam::python {

namespace py = pybind11;

class PySegmenter
{
public:
    /// Loads SAM2 `setup.sam2Model` into `models` now (ModelError when that fails).
    explicit PySegmenter(std::shared_ptr<SharedModels> models);

    /// Runs SAM2's image encoder on an (H, W, 3) uint8 RGB image and keeps the result.
    void setImage(const py::array &image);
    py::list segmentFromBoxes(const py::handle &boxes, bool multimask);
    py::list segmentFromPoints(const py::handle &points, const py::handle &labels, bool multimask);
    py::list segmentFromRegions(const py::handle &regions, const std::string &promptType);
    py::array visualizeMasks(const py::array &image, const py::handle &results, float alpha);

    std::string modelName() const { return m_models->setup().sam2Model; }
    const char *device() const { return m_models->deviceName(); }
    bool hasImage() const { return bool(m_features); }
    std::string repr() const;

private:
    /// One mask per prompt, in order (CV_8U 0/255). RuntimeError without set_image().
    std::vector<Sam2Mask> decode(const std::vector<Prompt> &prompts, bool multimask);

    std::shared_ptr<SharedModels> m_models;
    std::shared_ptr<const Sam2Features> m_features;
    std::string m_featuresKey; ///< content key of the image m_features belong to
};

/// Registers SAM2Segmenter on `m`.
void registerSegmenter(py::module_ &m);

} // namespace dinosam::python
