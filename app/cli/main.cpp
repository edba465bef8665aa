// dinosam: the command line. Wiring only: parse, then hand over to a command.
#include "benchcommand.h"
#include "clioptions.h"
#include "segmentcommand.h"

#include "modelmanager/modelscommand.h"
#include "models/common/cpuruntime.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

int main(int argc, char *argv[])
{
    dinosam::restartWithPassiveOpenMpWaitIfUnset(argv);
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("dinosam"));
    QCoreApplication::setApplicationVersion(QStringLiteral(DINOSAM_VERSION));
    QStringList args = QCoreApplication::arguments();

    using namespace dinosam::cli;
    if (args.size() > 1 && args.at(1) == QLatin1String("models")) {
        QTextStream out(stdout), err(stderr);
        return dinosam::runModelsCommand(args.mid(2), out, err);
    }
    const bool bench = args.size() > 1 && args.at(1) == QLatin1String("bench");
    if (bench)
        args.removeAt(1);

    const ParseOutcome parsed = parseCommandLine(args, bench);
    if (!parsed.run) {
        const QByteArray text = parsed.message.toLocal8Bit();
        std::fprintf(parsed.exitCode == ExitOk ? stdout : stderr, "%s\n", text.constData());
        return parsed.exitCode;
    }
    return bench ? runBenchCommand(parsed.options) : runSegmentCommand(parsed.options);
}
