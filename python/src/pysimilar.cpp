// DinoSamPipeline.segment_similar(): one example object finds the objects like it, in its own
// image and in others (Pipeline::findSimilar, the CLI's `dinosam similar`).
#include "pypipeline.h"

#include "arguments.h"
#include "conversions.h"
#include "errors.h"
#include "pyruncontrol.h"
#include "resultdicts.h"

#include "imageio/imagecollector.h"
#include "imageio/imageloader.h"
#include "pipeline/similarity.h"

#include <pybind11/stl.h>

namespace dinosam::python {
namespace {

/// One image argument: a file (decoded as the CLI decodes it) or the caller's pixels.
struct SimilarImage
{
    std::filesystem::path path;
    py::object array; ///< keeps the caller's pixels alive while the GIL is released
    cv::Mat rgb;
    std::string name;
};

SimilarImage fileImage(const std::filesystem::path &path)
{
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        throw FileNotFound(path.string() + ": no such file or folder");
    SimilarImage im;
    im.path = path;
    im.name = path.filename().string();
    return im;
}

SimilarImage arrayImage(const py::handle &obj, const char *what, size_t index)
{
    const py::array array = py::array::ensure(obj);
    if (!array)
        throw BadArgument(std::string(what) + " must be a path or an HxWx3 uint8 RGB array");
    SimilarImage im;
    im.array = array;
    im.rgb = rgbView(array, what);
    im.name = "image_" + std::to_string(index);
    return im;
}

/// targets: None (the example's image), one path or array, or a list of them; folders expand
/// as the CLI expands them.
std::vector<SimilarImage> targetImages(const py::object &targets, const SimilarImage &example)
{
    std::vector<SimilarImage> out;
    if (targets.is_none()) {
        out.push_back(example);
        return out;
    }
    std::vector<py::object> items;
    if (isPathLike(targets) || py::isinstance<py::array>(targets))
        items.push_back(targets);
    else
        for (const py::handle t : targets)
            items.push_back(py::reinterpret_borrow<py::object>(t));
    for (const auto &item : items) {
        if (!isPathLike(item)) {
            out.push_back(arrayImage(item, "targets items", out.size()));
            continue;
        }
        const auto path = toPath(item, "targets items");
        std::error_code ec;
        if (!std::filesystem::exists(path, ec))
            throw FileNotFound(path.string() + ": no such file or folder");
        try {
            for (const auto &f : collectImages({path.string()}))
                out.push_back(fileImage(f));
        } catch (const ImageLoadError &e) {
            throw BadArgument(e.what());
        }
    }
    return out;
}

void decode(SimilarImage &im)
{
    if (im.rgb.empty() && !im.path.empty())
        im.rgb = loadImage(im.path).rgb;
}

} // namespace

py::list PyPipeline::segmentSimilar(const py::object &example, const py::object &box, const py::object &mask,
                                    const py::object &targets, float threshold, int maxInstances, int64_t minArea,
                                    const std::string &promptType, const py::object &cancel)
{
    if (box.is_none() == mask.is_none())
        throw BadArgument("segment_similar needs the example's box [x1, y1, x2, y2] or its mask (one of them)");
    if (!(threshold >= 0.f && threshold <= 1.f))
        throw BadArgument("similarity_threshold must be in [0, 1], got " + std::to_string(threshold));
    if (maxInstances < 0)
        throw BadArgument("max_instances must be >= 0");
    if (minArea < 0)
        throw BadArgument("min_area must be >= 0");
    SimilarImage exampleImage =
        isPathLike(example) ? fileImage(toPath(example, "example")) : arrayImage(example, "example", 0);
    if (exampleImage.name == "image_0")
        exampleImage.name = "example";
    std::vector<SimilarImage> images = targetImages(targets, exampleImage);

    SimilarityExample ex;
    if (!box.is_none()) {
        const auto rows = rowsOf(box, 4, "box", "(4,) [x1, y1, x2, y2]");
        if (rows.size() != 1)
            throw BadArgument("box must be one [x1, y1, x2, y2]");
        const auto &b = rows[0];
        if (!(b[2] > b[0] && b[3] > b[1]))
            throw BadArgument("box needs x2 > x1 and y2 > y1");
        ex.box = cv::Rect2f(float(b[0]), float(b[1]), float(b[2] - b[0]), float(b[3] - b[1]));
    }
    py::object maskArray;
    if (!mask.is_none()) {
        maskArray = py::array::ensure(mask);
        if (!maskArray)
            throw BadArgument("mask must be an (H, W) bool or uint8 array");
        ex.mask = maskView(maskArray.cast<py::array>(), "mask");
    }

    SimilarityParams p;
    p.similarityThreshold = threshold;
    p.maxInstances = maxInstances;
    p.minArea = minArea;
    p.promptType = parsePromptType(promptType);
    const SegmentationParams base = m_models->params();
    p.dinoModel = base.dinoModel;
    p.sam2Model = base.sam2Model;
    p.dinoInputSize = base.dinoInputSize;

    PyRunControl control(cancel);
    std::vector<SimilarityResult> results(images.size());
    try {
        m_models->call([&] {
            decode(exampleImage);
            if (!ex.mask.empty() && ex.mask.size() != exampleImage.rgb.size())
                throw BadArgument("mask must have the example image's size");
            // Content keys: the example's features are encoded once and reused for every target.
            ex.image = ImageInput::fromMat(exampleImage.rgb, {}, exampleImage.name);
            SimilarityQuery query;
            query.positives.push_back(ex);
            for (size_t i = 0; i < images.size(); ++i) {
                decode(images[i]);
                results[i] = m_models->pipeline().findSimilar(ImageInput::fromMat(images[i].rgb, {}, images[i].name),
                                                              query, p, {}, control.runControl({}));
            }
        });
    } catch (const Cancelled &) {
        control.rethrowPythonError();
        throw;
    }
    control.rethrowPythonError();

    py::list out;
    for (size_t i = 0; i < images.size(); ++i) {
        SimilarityResult &r = results[i];
        py::dict d;
        d["image_name"] = images[i].name;
        d["image_path"] = images[i].path.empty() ? py::object(py::none()) : py::object(py::str(images[i].path.string()));
        py::list segmentations;
        for (auto &o : r.objects)
            segmentations.append(objectDict(o));
        d["segmentations"] = segmentations;
        d["regions"] = regionList(r.regions, r.imageSize);
        d["similarity_map"] = toArray(r.similarityMap);
        d["input_size"] = r.dinoInputSize;
        py::dict t;
        t["examples_ms"] = r.timings.examplesMs;
        t["encoders_ms"] = r.timings.encodersMs;
        t["similarity_ms"] = r.timings.similarityMs;
        t["sam2_decode_ms"] = r.timings.sam2DecodeMs;
        t["filter_ms"] = r.timings.filterMs;
        d["timings"] = t;
        out.append(d);
    }
    return out;
}

void registerSegmentSimilar(py::class_<PyPipeline, std::shared_ptr<PyPipeline>> &cls)
{
    cls.def("segment_similar", &PyPipeline::segmentSimilar, py::arg("example"), py::kw_only(),
            py::arg("box") = py::none(), py::arg("mask") = py::none(), py::arg("targets") = py::none(),
            py::arg("similarity_threshold") = 0.5f, py::arg("max_instances") = 5, py::arg("min_area") = 100,
            py::arg("prompt_type") = "box", py::arg("cancel") = py::none(), R"doc(
Finds the objects that look like one example object (DINOv2 similarity to the example,
SAM2 masks of the similar regions), in the example's own image and in others.

Args:
    example: the example's image, a path or an (H, W, 3) uint8 RGB array.
    box: the example object's box [x1, y1, x2, y2] (SAM2 segments it first), or
    mask: its (H, W) bool / uint8 mask in the example image (one of box and mask).
    targets: where to look: None (the example's image), a path, a folder, an array or a
        list of them. The example's features are computed once for all targets.
    similarity_threshold: in [0, 1]; patches and masks less similar are dropped.
    max_instances: at most this many new objects per target.
    min_area: drop regions and masks below this many pixels.
    prompt_type: "box", "point" or "both".
    cancel: as in process_image.

Returns a list, one dict per target image: "image_name", "image_path" (None for arrays),
"segmentations" (as process_image's; "confidence" is the mask's similarity), "regions",
"similarity_map" (H, W) float32, "input_size" (DINOv2 input used; small examples run larger)
and "timings" (ms).
)doc");
}

} // namespace dinosam::python
