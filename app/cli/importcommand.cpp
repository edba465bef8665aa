#include "importcommand.h"

#include "clioptions.h"

#include "annotation/annotationstore.h"
#include "annotation/projectimport.h"

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
    for (const std::string &p : labelProblems)
        std::fprintf(stderr, "%s\n", p.c_str());
    std::vector<fs::path> files;
    for (qsizetype f = 1; f < positional.size(); ++f)
        files.emplace_back(positional[f].toStdString());
    const ProjectImportSummary summary = importIntoProject(store, files, labels, parser.isSet(replace));
    for (const std::string &m : summary.messages)
        std::fprintf(stderr, "%s\n", m.c_str());
    if (!summary.storeError.empty()) {
        std::fprintf(stderr, "dinosam import: %s\n", summary.storeError.c_str());
        return ExitSetupFailed;
    }
    if (summary.labelsChanged) {
        try {
            store.saveLabels(labels, defaultLabel.empty() ? "object" : defaultLabel);
        } catch (const std::exception &e) {
            std::fprintf(stderr, "dinosam import: %s\n", e.what());
            return ExitSetupFailed;
        }
    }
    const int images = summary.images, objects = summary.objects, fatal = summary.unreadableFiles;
    const int skipped = summary.skipped + int(labelProblems.size());
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
