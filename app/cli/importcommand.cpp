#include "importcommand.h"

#include "clioptions.h"

#include "annotation/annotationimport.h"
#include "annotation/annotationstore.h"

#include <QCommandLineParser>

#include <cstdio>
#include <filesystem>

namespace dinosam::cli {
namespace fs = std::filesystem;

int runImportCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Imports labelme JSON files (one per image) or COCO instance files into PROJECT_DIR/.dinosam, to "
        "continue or refine them in DinoSam Studio or export them with `dinosam export`."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    const QCommandLineOption replace(QStringLiteral("replace"),
                                     QStringLiteral("Replace an image's saved objects instead of adding to them."));
    const QCommandLineOption quiet({QStringLiteral("q"), QStringLiteral("quiet")}, QStringLiteral("Print only errors."));
    parser.addOptions({help, replace, quiet});
    parser.addPositionalArgument(QStringLiteral("PROJECT_DIR"), QStringLiteral("The image folder."));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("labelme or COCO JSON files."),
                                 QStringLiteral("FILE..."));
    QStringList args = arguments;
    args.prepend(QStringLiteral("dinosam import"));
    auto usage = [](const QString &m) {
        std::fprintf(stderr, "dinosam import: %s\nTry 'dinosam import --help'.\n", qPrintable(m));
        return int(ExitUsage);
    };
    if (!parser.parse(args))
        return usage(parser.errorText());
    if (parser.isSet(help)) {
        std::printf("%s", qPrintable(parser.helpText()));
        return ExitOk;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() < 2)
        return usage(QStringLiteral("give PROJECT_DIR and at least one annotation FILE"));
    std::error_code ec;
    const fs::path project = fs::absolute(positional.front().toStdString(), ec).lexically_normal();
    if (!fs::is_directory(project, ec)) {
        std::fprintf(stderr, "dinosam import: %s is not a folder\n", project.string().c_str());
        return ExitSetupFailed;
    }
    const AnnotationStore store(project);
    std::vector<std::string> labelProblems;
    std::string defaultLabel;
    LabelSet labels = store.loadLabels(&defaultLabel, &labelProblems);
    const size_t labelsBefore = labels.size();
    int images = 0, objects = 0, skipped = 0, fatal = 0;
    auto problem = [&](const std::string &line) {
        std::fprintf(stderr, "%s\n", line.c_str());
        ++skipped;
    };
    for (const std::string &p : labelProblems)
        problem(p);
    for (qsizetype f = 1; f < positional.size(); ++f) {
        const fs::path file = positional[f].toStdString();
        ImportReport report = importCoco(file);
        if (report.fatal) {
            ImportReport labelme = importLabelme(file);
            if (!labelme.fatal)
                report = std::move(labelme);
        }
        if (report.fatal) {
            for (const auto &p : report.problems)
                std::fprintf(stderr, "%s\n", p.c_str());
            if (report.problems.empty())
                std::fprintf(stderr, "%s: neither a COCO nor a labelme file\n", file.string().c_str());
            ++fatal;
            continue;
        }
        for (const auto &p : report.problems)
            problem(p);
        for (const Label &l : report.labels.labels())
            if (!labels.contains(l.name))
                labels.add(l.name);
        for (ImportedImage &image : report.images) {
            const fs::path abs = fs::absolute(image.imagePath, ec).lexically_normal();
            const fs::path rel = abs.lexically_relative(project);
            if (rel.empty() || *rel.begin() == "..") {
                problem(file.string() + ": " + image.imagePath.string() + " is not inside " + project.string() +
                        " (skipped)");
                continue;
            }
            ImageAnnotation annotation;
            if (!parser.isSet(replace)) {
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
            for (AnnotatedObject &o : image.annotation.objects) {
                o.edited = true; // a person drew it
                annotation.objects.push_back(std::move(o));
                ++objects;
            }
            try {
                store.save(abs, std::move(annotation));
                ++images;
            } catch (const std::exception &e) {
                std::fprintf(stderr, "dinosam import: %s\n", e.what());
                return ExitSetupFailed; // the store cannot be written: every further image would fail too
            }
        }
    }
    if (labels.size() != labelsBefore) {
        try {
            store.saveLabels(labels, defaultLabel.empty() ? "object" : defaultLabel);
        } catch (const std::exception &e) {
            std::fprintf(stderr, "dinosam import: %s\n", e.what());
            return ExitSetupFailed;
        }
    }
    if (!parser.isSet(quiet))
        std::printf("Imported %d object%s into %d image%s of %s (%zu label%s)%s.\n", objects, objects == 1 ? "" : "s",
                    images, images == 1 ? "" : "s", project.string().c_str(), labels.size(),
                    labels.size() == 1 ? "" : "s",
                    skipped ? (", " + std::to_string(skipped) + " record(s) skipped").c_str() : "");
    if (images == 0 && (fatal > 0 || skipped > 0))
        return ExitSetupFailed;
    return skipped > 0 || fatal > 0 ? ExitImageFailed : ExitOk;
}

} // namespace dinosam::cli
