#include "pysegmenter.h"

#include "arguments.h"
#include "conversions.h"
#include "errors.h"
#include "modelnames.h"
#include "resultdicts.h"

#include "export/visualization.h"
#include "pipeline/pipelinebackend.h"
#include "pipeline/promptbuilder.h"

#include <pybind11/stl.h>

#include <cmath>
#include <optional>

namespace dinosam::python {
namespace {

/// A dict for one decoded mask: "mask" (H, W) bool sharing the mask's buffer, "score".
py::dict maskDict(Sam2Mask &m)
{
    py::dict d;
    cv::min(m.mask, 1, m.mask);
    d["mask"] = toArray(m.mask, /*asBool=*/true);
    d["score"] = double(m.score);
    return d;
}

void checkFinite(const std::vector<std::vector<double>> &rows, const char *what)
{
    for (const auto &r : rows)
        for (double v : r)
            if (!std::isfinite(v))
                throw BadArgument(std::string(what) + " must be finite numbers");
}

} // namespace

PySegmenter::PySegmenter(std::shared_ptr<SharedModels> models) : m_models(std::move(models))
{
    m_models->call([&] { m_models->backend().sam2(m_models->setup().sam2Model); });
}

void PySegmenter::setImage(const py::array &image)
{
    const cv::Mat rgb = rgbView(image);
    checkImageSize(rgb, "image");
    m_models->call([&] {
        // The same pixels again (a loop over prompts that re-sets its image) keep their features.
        const std::string key = Pipeline::contentKey(rgb);
        if (m_features && key == m_featuresKey)
            return;
        m_features.reset(); // free the previous image's features before encoding the next
        m_featuresKey.clear();
        m_features = m_models->backend().sam2(m_models->setup().sam2Model)->encode(rgb);
        m_featuresKey = key;
    });
}

std::vector<Sam2Mask> PySegmenter::decode(const std::vector<Prompt> &prompts, bool multimask)
{
    if (!m_features)
        throw std::runtime_error("An image must be set with .set_image(...) before mask prediction.");
    std::vector<Sam2Mask> masks;
    if (prompts.empty())
        return masks;
    m_models->call([&] {
        auto engine = m_models->backend().sam2(m_models->setup().sam2Model);
        masks = multimask ? engine->decodeBestOfThree(*m_features, prompts) : engine->decode(*m_features, prompts);
    });
    return masks;
}

py::list PySegmenter::segmentFromBoxes(const py::handle &boxes, bool multimask)
{
    const auto rows = rowsOf(boxes, 4, "boxes", "(N, 4) [x1, y1, x2, y2]");
    checkFinite(rows, "boxes");
    std::vector<Prompt> prompts;
    for (const auto &b : rows) {
        Prompt p;
        p.box = cv::Rect2f(float(b[0]), float(b[1]), float(b[2] - b[0]), float(b[3] - b[1]));
        prompts.push_back(std::move(p));
    }
    auto masks = decode(prompts, multimask);
    py::list out;
    for (size_t i = 0; i < masks.size(); ++i) {
        py::dict d = maskDict(masks[i]);
        d["bbox"] = doubles({rows[i][0], rows[i][1], rows[i][2], rows[i][3]});
        out.append(d);
    }
    return out;
}

py::list PySegmenter::segmentFromPoints(const py::handle &points, const py::handle &labels, bool multimask)
{
    const auto rows = rowsOf(points, 2, "points", "(N, 2) [x, y]");
    checkFinite(rows, "points");
    std::vector<int> labelValues(rows.size(), 1);
    if (!labels.is_none()) {
        const auto l = py::array_t<int, py::array::c_style | py::array::forcecast>::ensure(labels);
        if (!l || l.ndim() > 1 || size_t(l.size()) != rows.size())
            throw BadArgument("labels must hold one label (1 foreground, 0 background) per point");
        for (size_t i = 0; i < rows.size(); ++i) {
            labelValues[i] = l.data()[i];
            if (labelValues[i] != 0 && labelValues[i] != 1)
                throw BadArgument("point labels must be 0 or 1");
        }
    }
    std::vector<Prompt> prompts;
    for (size_t i = 0; i < rows.size(); ++i) {
        Prompt p;
        p.points.push_back(cv::Point2f(float(rows[i][0]), float(rows[i][1])));
        p.labels.push_back(labelValues[i]);
        prompts.push_back(std::move(p));
    }
    auto masks = decode(prompts, multimask);
    py::list out;
    for (size_t i = 0; i < masks.size(); ++i) {
        py::dict d = maskDict(masks[i]);
        d["point"] = doubles({rows[i][0], rows[i][1]});
        d["label"] = labelValues[i];
        out.append(d);
    }
    return out;
}

py::list PySegmenter::segmentFromRegions(const py::handle &regions, const std::string &promptType)
{
    const PromptType type = parsePromptType(promptType);
    std::vector<DiscoveredRegion> parsed;
    std::vector<py::object> originals;
    size_t i = 0;
    for (const py::handle r : regions) {
        parsed.push_back(regionFromDict(r, i++));
        originals.push_back(py::reinterpret_borrow<py::object>(r));
    }
    // The pipeline's own prompts for these regions, decoded as the pipeline decodes them
    // (single mask): segment_from_regions(detect_salient_regions(...)) gives process_image's
    // masks before its post-processing.
    const std::vector<Prompt> prompts = buildPrompts(parsed, type);
    auto masks = decode(prompts, /*multimask=*/false);
    py::list out;
    for (size_t k = 0; k < masks.size(); ++k) {
        py::dict d = maskDict(masks[k]);
        const DiscoveredRegion &r = parsed[k];
        d["bbox"] = doubles({r.box.x, r.box.y, r.box.x + r.box.width, r.box.y + r.box.height});
        if (type != PromptType::Box) {
            d["point"] = doubles({r.point.x, r.point.y});
            d["label"] = 1;
        }
        d["confidence"] = double(r.confidence);
        const py::dict region = originals[k].cast<py::dict>();
        d["dino_attention"] = region.contains("attention_map") ? py::object(region["attention_map"]) : py::none();
        out.append(d);
    }
    return out;
}

py::array PySegmenter::visualizeMasks(const py::array &image, const py::handle &results, float alpha)
{
    const cv::Mat rgb = rgbView(image);
    if (!(alpha >= 0.f && alpha <= 1.f))
        throw BadArgument("alpha needs a number in [0, 1]");
    const auto objects = objectsFromDicts(results, rgb.size());
    cv::Mat out;
    {
        py::gil_scoped_release release;
        out = renderMaskOverlay(rgb, objects, alpha);
    }
    return toArray(out);
}

std::string PySegmenter::repr() const
{
    return "SAM2Segmenter(model_cfg='" + modelName() + "', device='" + device() + "', image_set=" +
           (hasImage() ? "True" : "False") + ")";
}

void registerSegmenter(py::module_ &m)
{
    py::class_<PySegmenter, std::shared_ptr<PySegmenter>>(m, "SAM2Segmenter", R"doc(
SAM2 on DinoSam's native core: set an image once, then segment from boxes, points or
DINOv2 regions (all prompts of a call decode in one batch).

Loads the model when constructed (ModelError when the checkpoint is missing or does not
match). Calls release the GIL; calls on one segmenter (or on the pipeline it belongs to)
run one at a time.
)doc")
        .def(py::init([](std::optional<std::string> modelCfg, const py::object &checkpoint,
                         std::optional<std::string> device, const py::object &modelDir, int threads) {
                 ModelSetup setup;
                 setup.sam2Checkpoint = optionalPath(checkpoint, "checkpoint");
                 setup.modelDir = optionalPath(modelDir, "model_dir");
                 setup.sam2Model = resolveSam2Id(modelCfg, setup.sam2Checkpoint);
                 setup.device = device;
                 setup.threads = threads;
                 return std::make_shared<PySegmenter>(std::make_shared<SharedModels>(setup));
             }),
             py::arg("model_cfg") = py::none(), py::arg("checkpoint") = py::none(), py::arg("device") = py::none(),
             py::kw_only(), py::arg("model_dir") = py::none(), py::arg("threads") = 0, R"doc(
Args:
    model_cfg: the original's yaml name ("sam2_hiera_l.yaml", "sam2.1/sam2.1_hiera_t.yaml", ...)
        or a catalogue id ("sam2.1_hiera_tiny"). Default: the model the checkpoint's file
        name names, else sam2_hiera_large (the original's sam2_hiera_l.yaml).
    checkpoint: Meta's .pt file (str or Path). Default: found by the model's file name in
        model_dir, $DINOSAM_MODEL_DIR or ~/.cache/dinosam/models (`dinosam models download`).
    device: None (CUDA when available, else CPU), "cpu" or "cuda".
    model_dir: folder searched first for checkpoints.
    threads: CPU threads for inference (0: all cores; process-wide).
)doc")
        .def("set_image", &PySegmenter::setImage, py::arg("image"),
             "Encodes an (H, W, 3) uint8 RGB image (seconds on a CPU; not again for the same pixels); later calls prompt it.")
        .def("segment_from_boxes", &PySegmenter::segmentFromBoxes, py::arg("boxes"),
             py::arg("multimask_output") = false, R"doc(
One mask per box ((N, 4) [x1, y1, x2, y2], image pixels): a list of dicts with "mask"
((H, W) bool), "score" (SAM2's predicted IoU) and "bbox" (the box given). With
multimask_output, the best of SAM2's three candidates.
)doc")
        .def("segment_from_points", &PySegmenter::segmentFromPoints, py::arg("points"),
             py::arg("labels") = py::none(), py::arg("multimask_output") = true, R"doc(
One mask per point ((N, 2) [x, y]; labels 1 foreground (default) or 0 background): dicts
with "mask", "score", "point", "label". With multimask_output (default, as the original),
the best of SAM2's three candidates.
)doc")
        .def("segment_from_regions", &PySegmenter::segmentFromRegions, py::arg("regions"),
             py::arg("prompt_type") = "box", R"doc(
One mask per DINOv2 region (DINOv2Detector.detect_salient_regions()), prompted like the
pipeline does ("box", "point" or "both"; single-mask output): dicts with "mask", "score",
"bbox" (the region's), "confidence", "dino_attention", and "point"/"label" for point prompts.
)doc")
        .def("visualize_masks", &PySegmenter::visualizeMasks, py::arg("image"), py::arg("results"),
             py::arg("alpha") = 0.5f, "The image with the masks tinted and outlined: a new (H, W, 3) uint8 RGB array.")
        .def_property_readonly("model_name", &PySegmenter::modelName)
        .def_property_readonly("device", &PySegmenter::device)
        .def_property_readonly("is_image_set", &PySegmenter::hasImage)
        .def("__repr__", &PySegmenter::repr);
}

} // namespace dinosam::python
