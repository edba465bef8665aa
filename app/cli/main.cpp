// dinosam: the command line. Wiring only: parse, then hand over to a command.
#include "benchcommand.h"
#include "clioptions.h"
#include "evalcommand.h"
#include "modelscommand.h"
#include "mergecococommand.h"
#include "precomputecommand.h"
#include "exportcommand.h"
#include "importcommand.h"
#include "segmentcommand.h"
#include "similarcommand.h"
#include "trackcommand.h"

#include "models/common/cpuruntime.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>
#include <string_view>

int main(int argc, char *argv[])
{
    dinosam::restartWithPassiveOpenMpWaitIfUnset(argv);
    if (argc > 1 && std::string_view(argv[1]) == "eval")
        return dinosam::cli::evalMain(argc, argv); // its own application object (offscreen plot)
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("dinosam"));
    QCoreApplication::setApplicationVersion(QStringLiteral(DINOSAM_VERSION));
    QStringList args = QCoreApplication::arguments();

    using namespace dinosam::cli;
    if (args.size() > 1 && args.at(1) == QLatin1String("models")) {
        QTextStream out(stdout), err(stderr);
        return dinosam::runModelsCommand(args.mid(2), out, err);
    }
    if (args.size() > 1 && args.at(1) == QLatin1String("similar"))
        return dinosam::cli::runSimilarCommand(args.mid(1)); // "similar" stands in for the program name
    if (args.size() > 1 && args.at(1) == QLatin1String("track")) {
        args.removeAt(1);
        return runTrackCommand(args);
    }
    if (args.size() > 1 && args.at(1) == QLatin1String("import"))
        return runImportCommand(args.mid(2));
    if (args.size() > 1 && args.at(1) == QLatin1String("merge-coco"))
        return runMergeCocoCommand(args.mid(2));
    if (args.size() > 1 && args.at(1) == QLatin1String("export")) {
        args.removeAt(1);
        const ParseOutcome parsed = parseCommandLine(args, CliCommand::Export);
        if (!parsed.run) {
            const QByteArray text = parsed.message.toLocal8Bit();
            std::fprintf(parsed.exitCode == ExitOk ? stdout : stderr, "%s\n", text.constData());
            return parsed.exitCode;
        }
        return runExportCommand(parsed.options);
    }
    const bool bench = args.size() > 1 && args.at(1) == QLatin1String("bench");
    const bool precompute = args.size() > 1 && args.at(1) == QLatin1String("precompute");
    if (bench || precompute)
        args.removeAt(1);

    const ParseOutcome parsed = parseCommandLine(args, bench, precompute);
    if (!parsed.run) {
        const QByteArray text = parsed.message.toLocal8Bit();
        std::fprintf(parsed.exitCode == ExitOk ? stdout : stderr, "%s\n", text.constData());
        return parsed.exitCode;
    }
    if (precompute)
        return runPrecomputeCommand(parsed.options);
    return bench ? runBenchCommand(parsed.options) : runSegmentCommand(parsed.options);
}
