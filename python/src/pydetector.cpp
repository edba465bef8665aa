#include "pydetector.h"

#include "arguments.h"
#include "conversions.h"
#include "errors.h"
#include "modelnames.h"
#include "resultdicts.h"

#include "export/visualization.h"
#include "pipeline/pipelinebackend.h"

#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <optional>

namespace dinosam::python {

PyDetector::PyDetector(std::shared_ptr<SharedModels> models) : m_models(std::move(models))
{
    m_models->call([&] { m_models->backend().dino(m_models->setup().dinoModel); });
}

std::shared_ptr<const DinoFeatures> PyDetector::features(const cv::Mat &rgb)
{
    const std::string key = Pipeline::contentKey(rgb);
    if (!m_cached || key != m_cachedKey) {
        m_cached.reset();
        auto encoder = m_models->backend().dino(m_models->setup().dinoModel);
        m_cached = encoder->encode(rgb, m_models->params().dinoInputSize);
        m_cachedKey = key;
    }
    return m_cached;
}

py::array PyDetector::extractFeatures(const py::array &image, bool asGrid)
{
    const cv::Mat rgb = rgbView(image);
    checkImageSize(rgb, "image");
    at::Tensor tokens;
    int64_t gridH = 0, gridW = 0;
    m_models->call([&] {
        const auto f = features(rgb);
        tokens = f->patchTokens.to(at::kCPU).to(at::kFloat).contiguous(); // [1, h*w, C]; a no-op on the CPU
        gridH = f->gridH;
        gridW = f->gridW;
    });
    const int64_t c = tokens.size(2);
    std::vector<py::ssize_t> shape = asGrid ? std::vector<py::ssize_t>{gridH, gridW, c}
                                            : std::vector<py::ssize_t>{1, tokens.size(1), c};
    std::vector<py::ssize_t> strides = asGrid
                                           ? std::vector<py::ssize_t>{py::ssize_t(gridW * c * 4), py::ssize_t(c * 4), 4}
                                           : std::vector<py::ssize_t>{py::ssize_t(tokens.size(1) * c * 4),
                                                                      py::ssize_t(c * 4), 4};
    auto *owner = new at::Tensor(tokens);
    py::capsule base(owner, [](void *p) { delete static_cast<at::Tensor *>(p); });
    return py::array(py::dtype::of<float>(), shape, strides, owner->data_ptr<float>(), base);
}

py::list PyDetector::detectSalientRegions(const py::array &image, int numRegions, int64_t minArea, double threshold,
                                          const std::string &method)
{
    SegmentationParams params = m_models->params();
    setDiscoveryParams(params, numRegions, float(threshold), minArea, method, "num_regions");
    const cv::Mat rgb = rgbView(image);
    checkImageSize(rgb, "image");
    std::vector<DiscoveredRegion> regions;
    m_models->call([&] {
        const auto f = features(rgb);
        const auto finder = m_models->backend().regionFinder();
        const auto prepared = finder->prepare(*f, params);
        regions = finder->find(*prepared, params);
    });
    return regionList(regions, rgb.size());
}

py::array PyDetector::computeAttentionMap(const py::array &image, const std::string &method)
{
    SegmentationParams params = m_models->params();
    params.method = parseMethod(method);
    const cv::Mat rgb = rgbView(image);
    checkImageSize(rgb, "image");
    cv::Mat map;
    m_models->call([&] {
        const auto f = features(rgb);
        map = m_models->backend().regionFinder()->prepare(*f, params)->discoveryMap();
    });
    return toArray(map);
}

py::array PyDetector::visualizeDetections(const py::array &image, const py::handle &regions,
                                          const py::handle &attentionMap)
{
    const cv::Mat rgb = rgbView(image);
    std::vector<DiscoveredRegion> parsed;
    size_t i = 0;
    for (const py::handle r : regions)
        parsed.push_back(regionFromDict(r, i++));
    cv::Mat attention;
    py::array_t<float, py::array::c_style | py::array::forcecast> map;
    if (!attentionMap.is_none()) {
        map = py::array_t<float, py::array::c_style | py::array::forcecast>::ensure(attentionMap);
        if (!map || map.ndim() != 2)
            throw BadArgument("attention_map must be an (H, W) float array in [0, 1]");
        attention = cv::Mat(int(map.shape(0)), int(map.shape(1)), CV_32F, const_cast<float *>(map.data()));
    }
    cv::Mat out;
    {
        py::gil_scoped_release release;
        out = renderAttentionHeatmap(rgb, attention, parsed);
    }
    return toArray(out);
}

std::string PyDetector::repr() const
{
    return "DINOv2Detector(model_name='" + modelName() + "', device='" + device() + "')";
}

void registerDetector(py::module_ &m)
{
    py::class_<PyDetector, std::shared_ptr<PyDetector>>(m, "DINOv2Detector", R"doc(
DINOv2 on DinoSam's native core: features, attention and salient regions.

Loads the model when constructed (ModelError when the checkpoint is missing or does not
match). The last image's DINOv2 outputs are kept, so detect_salient_regions() after
extract_features() on the same pixels runs the model once. Calls release the GIL; calls
on one detector (or on the pipeline it belongs to) run one at a time.
)doc")
        .def(py::init([](std::optional<std::string> modelName, std::optional<std::string> device,
                         const py::object &checkpoint, const py::object &modelDir, int threads) {
                 ModelSetup setup;
                 setup.dinoCheckpoint = optionalPath(checkpoint, "checkpoint");
                 setup.modelDir = optionalPath(modelDir, "model_dir");
                 setup.dinoModel = resolveDinoId(modelName, setup.dinoCheckpoint);
                 setup.device = device;
                 setup.threads = threads;
                 return std::make_shared<PyDetector>(std::make_shared<SharedModels>(setup));
             }),
             py::arg("model_name") = py::none(), py::arg("device") = py::none(), py::kw_only(),
             py::arg("checkpoint") = py::none(), py::arg("model_dir") = py::none(), py::arg("threads") = 0,
             R"doc(
Args:
    model_name: dinov2_vits14, dinov2_vitb14, dinov2_vitl14, dinov2_vitg14 (and the *_reg4
        variants). Default: the model the checkpoint's file name names, else dinov2_vitb14.
    device: None (CUDA when available, else CPU), "cpu" or "cuda".
    checkpoint: Meta's .pth file (str or Path). Default: found by the model's file name in
        model_dir, $DINOSAM_MODEL_DIR or ~/.cache/dinosam/models (`dinosam models download`).
    model_dir: folder searched first for checkpoints.
    threads: CPU threads for inference (0: all cores; process-wide).
)doc")
        .def("extract_features", &PyDetector::extractFeatures, py::arg("image"), py::kw_only(),
             py::arg("as_grid") = false, R"doc(
Final-norm patch tokens of an (H, W, 3) uint8 RGB image: float32 (1, h*w, C) like the
original's x_norm_patchtokens, or (h, w, C) with as_grid=True. No copy on the CPU.
)doc")
        .def("detect_salient_regions", &PyDetector::detectSalientRegions, py::arg("image"),
             py::arg("num_regions") = 5, py::arg("min_area") = 100, py::arg("attention_threshold") = 0.6,
             py::kw_only(), py::arg("method") = "attention", R"doc(
Salient regions, best confidence first: a list of dicts with "bbox" [x1, y1, x2, y2] and
"center" [x, y] (float64, image pixels), "confidence", "area" (pixels), "attention_map"
((H, W) uint8 0/1 region mask) and "patch_mask" (the same on the patch grid).
method: "attention" (the original's) or "spectral".
)doc")
        .def("compute_attention_map", &PyDetector::computeAttentionMap, py::arg("image"), py::kw_only(),
             py::arg("method") = "attention", "The [0, 1] attention map at the image's size, float32 (H, W).")
        .def("visualize_detections", &PyDetector::visualizeDetections, py::arg("image"), py::arg("regions"),
             py::arg("attention_map") = py::none(), R"doc(
The image with the regions' numbered boxes, over the attention heat-map when one is given
(compute_attention_map()). Returns a new (H, W, 3) uint8 RGB array.
)doc")
        .def_property_readonly("model_name", &PyDetector::modelName)
        .def_property_readonly("device", &PyDetector::device)
        .def_property_readonly_static("patch_size", [](const py::object &) { return 14; })
        .def("__repr__", &PyDetector::repr);
}

} // namespace dinosam::python
