// Timings of the annotation store and the batch export (printed, never asserted):
//   autosave of an image with 50 objects (ms, 1800 x 1200 masks),
//   reopening a folder of 200 annotated images (s, 20 objects each, 1280 x 960),
//   COCO export of 200 images x 20 objects (s, RLE and polygons).
// Usage: bench_annotation [WORK_DIR]   (default: a folder under the system's temp dir, removed after)
#include "annotation/annotationstore.h"
#include "export/batchexporter.h"

#include <opencv2/imgproc.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>

using namespace dinosam;
namespace fs = std::filesystem;

namespace {

double since(std::chrono::steady_clock::time_point t)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

ImageAnnotation makeAnnotation(cv::Size size, int objects, unsigned seed)
{
    std::mt19937 rng(seed);
    ImageAnnotation a;
    a.imageSize = size;
    for (int k = 0; k < objects; ++k) {
        AnnotatedObject o;
        o.object.mask = cv::Mat::zeros(size, CV_8UC1);
        const cv::Point c(int(rng() % unsigned(size.width)), int(rng() % unsigned(size.height)));
        const cv::Size axes(20 + int(rng() % unsigned(size.width / 8)), 20 + int(rng() % unsigned(size.height / 8)));
        cv::ellipse(o.object.mask, c, axes, double(rng() % 180), 0, 360, 255, -1);
        o.object.box = cv::boundingRect(o.object.mask);
        o.object.area = cv::countNonZero(o.object.mask);
        o.object.samScore = 0.9f;
        o.object.label = k % 3 ? "car" : "person";
        o.edited = k % 5 == 0;
        a.objects.push_back(std::move(o));
    }
    return a;
}

} // namespace

int main(int argc, char **argv)
{
    const bool own = argc < 2;
    const fs::path work = own ? fs::temp_directory_path() / ("dinosam-bench-annotation-" + std::to_string(std::random_device()()))
                              : fs::path(argv[1]);
    fs::create_directories(work);

    {
        const AnnotationStore store(work / "autosave");
        const ImageAnnotation a = makeAnnotation({1800, 1200}, 50, 1);
        store.save("photo.jpg", a); // warm-up (folders created)
        double best = 1e9;
        for (int i = 0; i < 5; ++i) {
            const auto t = std::chrono::steady_clock::now();
            store.save("photo.jpg", a);
            best = std::min(best, since(t));
        }
        std::printf("autosave, 1 image with 50 objects (1800x1200): %.1f ms (best of 5; %.0f KB)\n", best * 1e3,
                    double(fs::file_size(store.annotationFile("photo.jpg"))) / 1024.0);
    }

    const fs::path folder = work / "folder";
    const AnnotationStore store(folder);
    const ImageAnnotation templ = makeAnnotation({1280, 960}, 20, 2);
    for (int i = 0; i < 200; ++i)
        store.save("img_" + std::to_string(i) + ".jpg", templ);
    {
        const auto t = std::chrono::steady_clock::now();
        size_t objects = 0;
        for (const std::string &name : store.annotatedImages())
            objects += store.load(name).annotation.objects.size();
        std::printf("reopen a folder of 200 annotated images (20 objects each, 1280x960): %.2f s (%zu objects)\n",
                    since(t), objects);
    }

    for (const CocoSegmentation form : {CocoSegmentation::RleCounts, CocoSegmentation::Polygons}) {
        std::vector<fs::path> images;
        for (int i = 0; i < 200; ++i)
            images.push_back(folder / ("img_" + std::to_string(i) + ".jpg"));
        ExportOptions options;
        options.cocoSegmentation = form;
        BatchCallbacks cb;
        cb.produce = [&](size_t, const fs::path &image) {
            BatchImage b;
            b.result = store.load(image).annotation.toResult();
            return b;
        };
        const auto t = std::chrono::steady_clock::now();
        const BatchReport r = exportBatch(images, work / "export", {"coco"}, options, cb);
        std::printf("COCO export, 200 images x 20 objects (%s, reading the store included): %.2f s (%d images, %.1f MB)\n",
                    form == CocoSegmentation::Polygons ? "polygons" : "RLE", since(t), r.imagesDone,
                    double(fs::file_size(work / "export" / "coco.json")) / 1e6);
    }
    if (own)
        fs::remove_all(work);
    return 0;
}
