#include "pypipeline.h"

#include "arguments.h"
#include "conversions.h"
#include "errors.h"
#include "modelnames.h"
#include "pyruncontrol.h"
#include "resultdicts.h"

#include "export/resultexporter.h"
#include "export/visualization.h"
#include "imageio/imagecollector.h"
#include "imageio/imageloader.h"

#include <pybind11/stl.h>

#include <chrono>
#include <map>
#include <set>

namespace dinosam::python {
namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

bool pathExists(const std::filesystem::path &p)
{
    std::error_code ec;
    return std::filesystem::exists(p, ec);
}

/// The CLI's --format values.
ExportOptions exportOptionsFor(const py::object &formats, bool visualize)
{
    std::vector<std::string> parts;
    if (formats.is_none()) {
        parts = {"original"};
    } else if (py::isinstance<py::str>(formats)) {
        std::string s = formats.cast<std::string>(), part;
        for (char c : s + ",") {
            if (c == ',') {
                if (!part.empty())
                    parts.push_back(part);
                part.clear();
            } else if (c != ' ') {
                part += char(std::tolower(static_cast<unsigned char>(c)));
            }
        }
    } else {
        for (const py::handle f : formats)
            parts.push_back(py::str(f).attr("lower")().cast<std::string>());
    }
    ExportOptions e;
    e.visualization = e.summary = e.masks = e.coco = e.cutouts = false;
    for (const auto &f : parts) {
        if (f == "original")
            e.visualization = e.summary = e.masks = true;
        else if (f == "coco")
            e.coco = true;
        else if (f == "cutouts")
            e.cutouts = true;
        else if (f == "all")
            e.visualization = e.summary = e.masks = e.coco = e.cutouts = true;
        else
            throw BadArgument("formats takes original, coco, cutouts or all, got '" + f + "'");
    }
    if (!(e.visualization || e.summary || e.masks || e.coco || e.cutouts))
        throw BadArgument("formats needs at least one of original, coco, cutouts, all");
    // The original tool wrote <name>_visualization.jpg only with visualize=True.
    e.visualization = e.visualization && visualize;
    return e;
}

[[noreturn]] void raiseCancelled(const py::list &results, size_t done, size_t total)
{
    py::object exc = py::reinterpret_borrow<py::object>(cancelledType())(
        "cancelled after " + std::to_string(done) + " of " + std::to_string(total) + " images");
    exc.attr("results") = results;
    PyErr_SetObject(cancelledType().ptr(), exc.ptr());
    throw py::error_already_set();
}

} // namespace

struct PyPipeline::Outcome
{
    std::filesystem::path path; ///< the file (empty for pixels)
    std::string name;           ///< shown in the summary; the file name for files
    py::object imageObject;     ///< the caller's array (pixels); touched with the GIL only
    cv::Mat rgb;                ///< decoded, or a view of imageObject
    SegmentationResult result;
    cv::Mat visualization;
    std::vector<std::filesystem::path> files;
    double loadMs = 0, exportMs = 0, visualizationMs = 0, totalMs = 0;
};

PyPipeline::PyPipeline(const ModelSetup &setup) : m_models(std::make_shared<SharedModels>(setup))
{
    m_models->call([&] { m_models->preload(); });
    m_dino = std::make_shared<PyDetector>(m_models);
    m_sam2 = std::make_shared<PySegmenter>(m_models);
}

ImageCallArgs PyPipeline::callArgs(int numObjects, const std::string &promptType, int64_t minArea, float threshold,
                                   bool visualize, const py::object &saveDir, const std::string &method,
                                   const py::object &formats) const
{
    ImageCallArgs a;
    a.params = m_models->params();
    setDiscoveryParams(a.params, numObjects, threshold, minArea, method);
    a.params.promptType = parsePromptType(promptType);
    a.visualize = visualize;
    a.saveDir = optionalPath(saveDir, "save_dir");
    if (a.saveDir && a.saveDir->empty())
        throw BadArgument("save_dir needs a folder");
    a.exportOptions = exportOptionsFor(formats, visualize);
    return a;
}

void PyPipeline::runOne(Outcome &out, const ImageCallArgs &args, const std::string &baseName, PyRunControl &control,
                        const std::function<void(const PipelineProgress &)> &progress)
{
    const auto start = Clock::now();
    if (!out.path.empty()) {
        // As the CLI: decode with the loader (EXIF orientation, 16-bit, alpha), then run on the pixels.
        out.rgb = loadImage(out.path).rgb;
        out.loadMs = msSince(start);
    }
    out.result = m_models->pipeline().run(ImageInput::fromMat(out.rgb, {}, out.name), args.params,
                                          control.runControl(progress));
    if (args.saveDir) {
        const auto t = Clock::now();
        ExportOptions options = args.exportOptions;
        if (!baseName.empty())
            options.baseName = baseName;
        out.files = exportResult(out.result, out.rgb, *args.saveDir, options);
        out.exportMs = msSince(t);
    }
    if (args.visualize) {
        const auto t = Clock::now();
        out.visualization = renderVisualization(out.rgb, out.result);
        out.visualizationMs = msSince(t);
    }
    out.totalMs = msSince(start);
}

py::dict PyPipeline::toDict(Outcome &out, const ImageCallArgs &args)
{
    py::dict d;
    const bool isView = out.imageObject && py::isinstance<py::array>(out.imageObject) &&
                        out.imageObject.cast<py::array>().data() == out.rgb.data;
    d["image"] = isView ? out.imageObject : py::object(toArray(out.rgb));
    d["image_name"] = out.result.imageName;
    d["image_path"] = out.path.empty() ? py::object(py::none()) : py::object(py::str(out.path.string()));
    const py::list regions = regionList(out.result.regions, out.result.imageSize);
    d["regions"] = regions;
    d["dino_regions"] = regions; // the original's key for the same list
    py::list segmentations;
    for (auto &o : out.result.objects)
        segmentations.append(objectDict(o));
    d["segmentations"] = segmentations;
    d["attention_map"] = toArray(out.result.discoveryMap);
    if (args.visualize)
        d["visualization"] = toArray(out.visualization);
    py::dict timings = timingsDict(out.result.timings, out.totalMs);
    timings["load_ms"] = out.loadMs;
    timings["export_ms"] = out.exportMs;
    timings["visualization_ms"] = out.visualizationMs;
    d["timings"] = timings;
    if (args.saveDir) {
        py::list files;
        for (const auto &f : out.files)
            files.append(py::str(f.string()));
        d["saved_files"] = files;
    }
    return d;
}

py::dict PyPipeline::processImage(const py::object &imagePath, const ImageCallArgs &args, const py::object &image,
                                  const py::object &cancel)
{
    Outcome out;
    py::object pixels = image;
    if (!image.is_none() && !imagePath.is_none())
        throw BadArgument("give image_path or image, not both");
    if (image.is_none() && !imagePath.is_none() && !isPathLike(imagePath))
        pixels = imagePath; // an array passed where the original took a path
    if (!pixels.is_none()) {
        const py::array array = py::array::ensure(pixels);
        if (!array)
            throw BadArgument("image must be an HxWx3 uint8 RGB array");
        out.imageObject = array;
        out.rgb = rgbView(array);
    } else if (!imagePath.is_none()) {
        out.path = toPath(imagePath, "image_path");
        if (!pathExists(out.path))
            throw FileNotFound(out.path.string() + ": no such file or folder");
        out.name = out.path.filename().string();
    } else {
        throw BadArgument("process_image needs image_path (a file) or image (an HxWx3 uint8 RGB array)");
    }
    PyRunControl control(cancel);
    try {
        m_models->call([&] { runOne(out, args, {}, control, {}); });
    } catch (const Cancelled &) {
        control.rethrowPythonError();
        throw;
    }
    control.rethrowPythonError();
    return toDict(out, args);
}

py::list PyPipeline::processBatch(const py::object &imagePaths, const ImageCallArgs &args, const py::object &progress,
                                  const py::object &cancel)
{
    // Files first, as the CLI expands its arguments (folders, globs), duplicates dropped.
    std::vector<py::object> arguments;
    if (isPathLike(imagePaths))
        arguments.push_back(imagePaths);
    else
        for (const py::handle p : imagePaths)
            arguments.push_back(py::reinterpret_borrow<py::object>(p));
    std::vector<std::filesystem::path> files;
    std::set<std::filesystem::path> seen;
    for (const auto &a : arguments) {
        const auto path = toPath(a, "image_paths items");
        try {
            for (auto &f : collectImages({path.string()}))
                if (seen.insert(std::filesystem::absolute(f).lexically_normal()).second)
                    files.push_back(std::move(f));
        } catch (const ImageLoadError &e) {
            if (!pathExists(path))
                throw FileNotFound(e.what());
            throw BadArgument(e.what());
        }
    }
    if (!progress.is_none() && !PyCallable_Check(progress.ptr()))
        throw BadArgument("progress must be a callable progress(done, total, image_path, stage, fraction)");

    PyRunControl control(cancel);
    py::list results;
    std::map<std::string, int> baseNames; // a/img.jpg and b/img.jpg must not overwrite each other
    const size_t total = files.size();
    for (size_t i = 0; i < total; ++i) {
        if (control.cancelled()) {
            control.rethrowPythonError();
            raiseCancelled(results, i, total);
        }
        Outcome out;
        out.path = files[i];
        out.name = out.path.filename().string();
        const std::string base = out.path.stem().string();
        const int n = ++baseNames[base];
        const std::string baseName = n > 1 ? base + "_" + std::to_string(n) : std::string();
        const std::string pathText = out.path.string();
        std::function<void(const PipelineProgress &)> report;
        if (!progress.is_none())
            report = [&](const PipelineProgress &p) {
                control.callPython([&] {
                    progress(i, total, pathText, stageName(p.stage), (double(i) + p.overall) / double(total));
                });
            };
        try {
            m_models->call([&] { runOne(out, args, baseName, control, report); });
        } catch (const Cancelled &) {
            control.rethrowPythonError();
            raiseCancelled(results, i, total);
        }
        control.rethrowPythonError();
        results.append(toDict(out, args));
        if (!progress.is_none())
            progress(i + 1, total, pathText, "done", double(i + 1) / double(total));
    }
    return results;
}

py::dict PyPipeline::cacheStats() const
{
    const PipelineCacheStats s = m_models->pipeline().cacheStats();
    py::dict d;
    d["bytes"] = s.bytes;
    d["budget"] = s.budget;
    d["entries"] = s.entries;
    d["hits"] = s.hits;
    d["misses"] = s.misses;
    return d;
}

void PyPipeline::clearCache()
{
    m_models->call([&] { m_models->pipeline().clearCache(); });
}

std::string PyPipeline::repr() const
{
    return "DinoSamPipeline(dino_model='" + m_models->setup().dinoModel + "', sam2_model='" +
           m_models->setup().sam2Model + "', device='" + m_models->deviceName() + "')";
}

void registerPipeline(py::module_ &m)
{
    py::class_<PyPipeline, std::shared_ptr<PyPipeline>> cls(m, "DinoSamPipeline", R"doc(
Prompt-free segmentation: DINOv2 finds salient objects, their boxes or points prompt SAM2,
SAM2 returns the masks. The original DinoSam API on DinoSam's native core (no PyTorch).

Both models load when the pipeline is constructed (ModelError when a checkpoint is missing
or broken). Encoder outputs are cached per image, so calling process_image() again on the
same pixels with other thresholds runs neither encoder. Calls release the GIL while they
run; calls on one pipeline run one at a time. `dino` and `sam2` are a DINOv2Detector and a
SAM2Segmenter on the same models.
)doc");
    cls.def(py::init([](std::optional<std::string> dinoModel, std::optional<std::string> sam2Config,
                         const py::object &sam2Checkpoint, std::optional<std::string> device,
                         const py::object &dinoCheckpoint, const py::object &modelDir, int threads) {
                 ModelSetup setup;
                 setup.dinoCheckpoint = optionalPath(dinoCheckpoint, "dino_checkpoint");
                 setup.sam2Checkpoint = optionalPath(sam2Checkpoint, "sam2_checkpoint");
                 setup.modelDir = optionalPath(modelDir, "model_dir");
                 setup.dinoModel = resolveDinoId(dinoModel, setup.dinoCheckpoint);
                 setup.sam2Model = resolveSam2Id(sam2Config, setup.sam2Checkpoint);
                 setup.device = device;
                 setup.threads = threads;
                 return std::make_shared<PyPipeline>(setup);
             }),
             py::arg("dino_model") = py::none(), py::arg("sam2_config") = py::none(),
             py::arg("sam2_checkpoint") = py::none(), py::arg("device") = py::none(), py::kw_only(),
             py::arg("dino_checkpoint") = py::none(), py::arg("model_dir") = py::none(), py::arg("threads") = 0,
             R"doc(
Args:
    dino_model: DINOv2 id (dinov2_vits14, dinov2_vitb14, ..., *_reg4). Default: the model the
        dino_checkpoint's file name names, else dinov2_vitb14 (the original's default).
    sam2_config: the original's yaml name ("sam2_hiera_l.yaml", "sam2.1/sam2.1_hiera_t.yaml",
        ...) or an id ("sam2.1_hiera_tiny"). Default: the model the sam2_checkpoint's file name
        names, else sam2_hiera_large.
    sam2_checkpoint: Meta's SAM2 .pt file (str or Path). None: found by its file name in
        model_dir, $DINOSAM_MODEL_DIR or ~/.cache/dinosam/models, as the CLI finds it.
    device: None (CUDA when available, else CPU), "cpu" or "cuda".
    dino_checkpoint: Meta's DINOv2 .pth file (the original downloaded it from the hub).
    model_dir: folder searched first for checkpoints (the CLI's --model-dir).
    threads: CPU threads for inference (0: all cores; process-wide).
)doc")
        .def(
            "process_image",
            [](PyPipeline &self, const py::object &imagePath, int numObjects, const std::string &promptType,
               int64_t minArea, double threshold, bool visualize, const py::object &saveDir, const py::object &image,
               const std::string &method, const py::object &formats, const py::object &cancel) {
                const auto args =
                    self.callArgs(numObjects, promptType, minArea, threshold, visualize, saveDir, method, formats);
                return self.processImage(imagePath, args, image, cancel);
            },
            py::arg("image_path") = py::none(), py::arg("num_objects") = 5, py::arg("prompt_type") = "box",
            py::arg("min_area") = 100, py::arg("attention_threshold") = 0.6, py::arg("visualize") = true,
            py::arg("save_dir") = py::none(), py::kw_only(), py::arg("image") = py::none(),
            py::arg("method") = "attention", py::arg("formats") = py::none(), py::arg("cancel") = py::none(),
            R"doc(
Detects and segments the objects of one image.

Args:
    image_path: image file (str or Path; EXIF orientation applied), or an (H, W, 3) uint8 RGB array.
    num_objects: keep at most this many objects.
    prompt_type: "box", "point" or "both".
    min_area: drop regions and masks smaller than this many pixels.
    attention_threshold: in [0, 1], on the normalised DINOv2 attention map.
    visualize: add "visualization" (original | attention + boxes | masks) and, with
        save_dir, write <name>_visualization.jpg.
    save_dir: write the CLI's layout there (<name>_masks/mask_NNN.png + .txt,
        <name>_summary.txt, <name>_visualization.jpg; formats= adds "coco", "cutouts", "all").
    image: the pixels, instead of image_path.
    method: "attention" (the original's) or "spectral".
    cancel: a dinosam.CancelToken, threading.Event or callable; when set the call raises
        dinosam.Cancelled.

Returns a dict: "image" (the RGB pixels), "segmentations" (best score first; each
"mask" (H, W) bool, "bbox" [x1, y1, x2, y2] the mask's box, "area", "score", "confidence",
"prompt_type", "prompt_box" / "point"), "regions" (= "dino_regions": "bbox", "center",
"confidence", "area", "attention_map"), "attention_map" (H, W) float32, "timings" (ms per
stage), "visualization" (with visualize), "saved_files" (with save_dir).

Raises FileNotFoundError (missing image), ValueError (unreadable image, bad parameter),
dinosam.ModelError, dinosam.Cancelled, OSError (save_dir not writable).
)doc")
        .def(
            "process_batch",
            [](PyPipeline &self, const py::object &imagePaths, const py::object &saveDir, int numObjects,
               const std::string &promptType, int64_t minArea, double threshold, bool visualize,
               const std::string &method, const py::object &formats, const py::object &progress,
               const py::object &cancel) {
                const auto args =
                    self.callArgs(numObjects, promptType, minArea, threshold, visualize, saveDir, method, formats);
                return self.processBatch(imagePaths, args, progress, cancel);
            },
            py::arg("image_paths"), py::arg("save_dir") = py::none(), py::kw_only(), py::arg("num_objects") = 5,
            py::arg("prompt_type") = "box", py::arg("min_area") = 100, py::arg("attention_threshold") = 0.6,
            py::arg("visualize") = true, py::arg("method") = "attention", py::arg("formats") = py::none(),
            py::arg("progress") = py::none(), py::arg("cancel") = py::none(), R"doc(
process_image() for many images: a list of result dicts, in order.

image_paths: files, folders or globs (expanded as the CLI does; duplicates dropped). Two
files with the same name write <name> and <name>_2 into save_dir, as the CLI does.
progress(done, total, image_path, stage, fraction) is called on this thread at every stage
(done = images finished, fraction = of the whole batch in [0, 1]; stage "done" after each
image). cancel: a dinosam.CancelToken, threading.Event or callable; when set, the batch
raises dinosam.Cancelled whose `results` holds the images finished before. The other
keywords are process_image()'s. The first failing image raises (as the original did).
)doc")
        .def_property_readonly("dino", &PyPipeline::dino, "The DINOv2Detector on this pipeline's DINOv2.")
        .def_property_readonly("sam2", &PyPipeline::sam2, "The SAM2Segmenter on this pipeline's SAM2.")
        .def_property_readonly("dino_model", [](const PyPipeline &p) { return p.models().setup().dinoModel; })
        .def_property_readonly("sam2_model", [](const PyPipeline &p) { return p.models().setup().sam2Model; })
        .def_property_readonly("device", [](const PyPipeline &p) { return p.models().deviceName(); })
        .def("cache_stats", &PyPipeline::cacheStats, "Stage cache occupancy: bytes, budget, entries, hits, misses.")
        .def("clear_cache", &PyPipeline::clearCache, "Drops every cached encoder output and mask (models stay).")
        .def("__repr__", &PyPipeline::repr);
    registerSegmentSimilar(cls);
    registerTrackVideo(cls);
}

} // namespace dinosam::python
