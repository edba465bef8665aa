// dinosam._dinosam: the compiled part of the `dinosam` Python package. Wiring only.
#include "conversions.h"
#include "errors.h"
#include "modelnames.h"
#include "pydetector.h"
#include "pypipeline.h"
#include "pyruncontrol.h"
#include "pysegmenter.h"

#include "imageio/imageloader.h"
#include "pipeline/modellocator.h"

#include <pybind11/stl.h>

namespace py = pybind11;

PYBIND11_MODULE(_dinosam, m)
{
    using namespace dinosam::python;
    m.doc() = "DinoSam's native core: DinoSamPipeline, DINOv2Detector, SAM2Segmenter (see the dinosam package).";
    m.attr("__version__") = DINOSAM_VERSION;
    registerErrors(m);
    registerCancelToken(m);
    registerDetector(m);
    registerSegmenter(m);
    registerPipeline(m);
    m.def("dino_models", &dinosam::ModelLocator::dinoModels, "The DINOv2 catalogue ids, smallest first.");
    m.def("sam2_models", &dinosam::ModelLocator::sam2Models, "The SAM2 catalogue ids.");
    m.def("sam2_model_id", &sam2IdFromConfig, py::arg("config"),
          "The catalogue id for an original yaml name ('sam2_hiera_l.yaml' -> 'sam2_hiera_large').");
    m.def(
        "load_image",
        [](const py::object &path) {
            const auto file = toPath(path, "path");
            std::error_code ec;
            if (!std::filesystem::exists(file, ec))
                throw FileNotFound(file.string() + ": no such file or folder");
            cv::Mat rgb;
            {
                py::gil_scoped_release release;
                rgb = dinosam::loadImage(file).rgb;
            }
            return toArray(rgb);
        },
        py::arg("path"),
        "Decodes an image file as the pipeline does (EXIF orientation applied, 16-bit scaled, alpha composited on "
        "white, gray as RGB): an (H, W, 3) uint8 RGB array. FileNotFoundError / ValueError.");
    m.def("user_model_dir", [] { return dinosam::ModelLocator::userModelDir().string(); },
          "The folder `dinosam models download` fills (~/.cache/dinosam/models).");
}
