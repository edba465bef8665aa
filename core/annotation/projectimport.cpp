#include "annotation/projectimport.h"

#include "annotation/annotationimport.h"

namespace dinosam {
namespace fs = std::filesystem;

ProjectImportSummary importIntoProject(const AnnotationStore &store, const std::vector<fs::path> &files,
                                       LabelSet &labels, bool replace)
{
    ProjectImportSummary out;
    std::error_code ec;
    const fs::path project = fs::absolute(store.imageFolder(), ec).lexically_normal();
    auto problem = [&out](const std::string &line) {
        out.messages.push_back(line);
        ++out.skipped;
    };
    for (const fs::path &file : files) {
        ImportReport report = importCoco(file);
        if (report.fatal) {
            ImportReport labelme = importLabelme(file);
            if (!labelme.fatal)
                report = std::move(labelme);
        }
        if (report.fatal) {
            out.messages.insert(out.messages.end(), report.problems.begin(), report.problems.end());
            if (report.problems.empty())
                out.messages.push_back(file.string() + ": neither a COCO nor a labelme file");
            ++out.unreadableFiles;
            continue;
        }
        for (const std::string &p : report.problems)
            problem(p);
        for (const Label &l : report.labels.labels())
            if (!labels.contains(l.name)) {
                labels.add(l.name);
                out.labelsChanged = true;
            }
        for (ImportedImage &image : report.images) {
            const fs::path abs = fs::absolute(image.imagePath, ec).lexically_normal();
            const fs::path rel = abs.lexically_relative(project);
            if (rel.empty() || *rel.begin() == "..") {
                problem(file.string() + ": " + image.imagePath.string() + " is not inside " + project.string() +
                        " (skipped)");
                continue;
            }
            ImageAnnotation annotation;
            if (!replace) {
                const AnnotationStore::Loaded existing = store.load(abs);
                if (existing.status == AnnotationStore::Status::Ok)
                    annotation = existing.annotation;
                else if (existing.status == AnnotationStore::Status::Damaged)
                    problem(existing.problems.empty() ? abs.string() + ": damaged annotation kept as .bak"
                                                      : existing.problems.front());
            }
            if (annotation.objects.empty()) {
                annotation.imageSize = image.annotation.imageSize;
                annotation.params = image.annotation.params;
            } else if (annotation.imageSize != image.annotation.imageSize) {
                problem(file.string() + ": " + rel.generic_string() + " was annotated at another size (skipped)");
                continue;
            }
            int added = 0;
            for (AnnotatedObject &o : image.annotation.objects) {
                o.edited = true; // a person drew it
                annotation.objects.push_back(std::move(o));
                ++added;
            }
            try {
                store.save(abs, std::move(annotation));
            } catch (const std::exception &e) {
                out.storeError = e.what(); // every further image would fail too
                return out;
            }
            out.objects += added;
            ++out.images;
            out.written.push_back(abs);
        }
    }
    return out;
}

} // namespace dinosam
