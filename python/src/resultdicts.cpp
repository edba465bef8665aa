#include "resultdicts.h"

#include "conversions.h"
#include "errors.h"

#include "discovery/gridregions.h"
#include "export/summarytext.h"

#include <opencv2/imgproc.hpp>

#include <cmath>

namespace dinosam::python {

py::dict regionDict(const DiscoveredRegion &region, cv::Size imageSize)
{
    py::dict d;
    const cv::Rect2f &b = region.box;
    d["bbox"] = doubles({b.x, b.y, b.x + b.width, b.y + b.height});
    d["center"] = doubles({region.point.x, region.point.y});
    d["confidence"] = double(region.confidence);
    int64_t area = int64_t(std::llround(double(b.width) * double(b.height)));
    if (!region.patchMask.empty()) {
        const auto scale = discovery::GridScale::fromSizes(region.patchMask.size(), imageSize);
        area = int64_t(std::llround(scale.pixelArea(cv::countNonZero(region.patchMask))));
        cv::Mat full;
        cv::resize(region.patchMask, full, imageSize, 0, 0, cv::INTER_NEAREST);
        d["attention_map"] = toArray(full);
        d["patch_mask"] = toArray(region.patchMask.clone());
    }
    d["area"] = area;
    return d;
}

py::list regionList(const std::vector<DiscoveredRegion> &regions, cv::Size imageSize)
{
    py::list l;
    for (const auto &r : regions)
        l.append(regionDict(r, imageSize));
    return l;
}

DiscoveredRegion regionFromDict(const py::handle &obj, size_t index)
{
    const std::string what = "regions[" + std::to_string(index) + "]";
    if (!py::isinstance<py::dict>(obj))
        throw BadArgument(what + " must be a dict with 'bbox' and 'center' (as detect_salient_regions returns)");
    const py::dict d = py::reinterpret_borrow<py::dict>(obj);
    DiscoveredRegion r;
    if (d.contains("bbox")) {
        const auto rows = rowsOf(d["bbox"], 4, (what + "['bbox']").c_str(), "(4,) [x1, y1, x2, y2]");
        if (rows.size() != 1)
            throw BadArgument(what + "['bbox'] must hold 4 numbers [x1, y1, x2, y2]");
        const auto &v = rows[0];
        r.box = cv::Rect2f(float(v[0]), float(v[1]), float(v[2] - v[0]), float(v[3] - v[1]));
    }
    if (d.contains("center")) {
        const auto rows = rowsOf(d["center"], 2, (what + "['center']").c_str(), "(2,) [x, y]");
        if (rows.size() != 1)
            throw BadArgument(what + "['center'] must hold 2 numbers [x, y]");
        r.point = cv::Point2f(float(rows[0][0]), float(rows[0][1]));
    } else if (d.contains("bbox")) {
        r.point = (r.box.tl() + r.box.br()) * 0.5f;
    }
    if (!d.contains("bbox") && !d.contains("center"))
        throw BadArgument(what + " has neither 'bbox' nor 'center'");
    if (d.contains("confidence"))
        r.confidence = d["confidence"].cast<float>();
    return r;
}

py::dict objectDict(SegmentedObject &object)
{
    py::dict d;
    cv::min(object.mask, 1, object.mask); // 0/255 -> 0/1, in place: numpy bool shares the buffer
    const cv::Rect &b = object.box;
    py::array_t<int64_t> box(4);
    auto *bp = box.mutable_data();
    bp[0] = b.x, bp[1] = b.y, bp[2] = int64_t(b.x) + b.width, bp[3] = int64_t(b.y) + b.height;
    d["mask"] = toArray(object.mask, /*asBool=*/true);
    d["bbox"] = box;
    d["area"] = object.area;
    d["score"] = double(object.samScore);
    d["confidence"] = double(object.dinoConfidence);
    d["prompt_type"] = promptTypeName(object.promptType);
    if (object.promptType != PromptType::Point) {
        const cv::Rect2f &p = object.promptBox;
        d["prompt_box"] = doubles({p.x, p.y, p.x + p.width, p.y + p.height});
    }
    if (object.promptType != PromptType::Box) {
        d["point"] = doubles({object.promptPoint.x, object.promptPoint.y});
        d["label"] = 1;
    }
    return d;
}

std::vector<SegmentedObject> objectsFromDicts(const py::handle &results, cv::Size imageSize)
{
    std::vector<SegmentedObject> objects;
    size_t i = 0;
    for (const py::handle item : results) {
        const std::string what = "results[" + std::to_string(i++) + "]";
        if (!py::isinstance<py::dict>(item) || !item.cast<py::dict>().contains("mask"))
            throw BadArgument(what + " must be a dict with a 'mask' (as the segment_from_* methods return)");
        const py::dict d = py::reinterpret_borrow<py::dict>(item);
        SegmentedObject o;
        o.mask = maskView(py::array::ensure(d["mask"]), (what + "['mask']").c_str());
        if (o.mask.size() != imageSize)
            throw BadArgument(what + "['mask'] has size " + std::to_string(o.mask.cols) + "x" +
                              std::to_string(o.mask.rows) + ", the image " + std::to_string(imageSize.width) + "x" +
                              std::to_string(imageSize.height));
        o.box = cv::boundingRect(o.mask);
        o.area = cv::countNonZero(o.mask);
        if (d.contains("score"))
            o.samScore = d["score"].cast<float>();
        objects.push_back(std::move(o));
    }
    return objects;
}

py::dict timingsDict(const StageTimings &t, double totalMs)
{
    py::dict d;
    d["decode_image_ms"] = t.decodeImageMs;
    d["dino_ms"] = t.dinoMs;
    d["discovery_ms"] = t.discoveryMs;
    d["sam2_encode_ms"] = t.sam2EncodeMs;
    d["sam2_decode_ms"] = t.sam2DecodeMs;
    d["postprocess_ms"] = t.postprocessMs;
    d["total_ms"] = totalMs;
    return d;
}

} // namespace dinosam::python
