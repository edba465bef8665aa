#include "modelmanager/modelscommand.h"

#include "modelmanager/checkpointverifier.h"
#include "modelmanager/modelmanager.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QNetworkProxy>
#include <QTextStream>

#include <memory>

namespace dinosam {
namespace {

QString mib(qint64 bytes)
{
    return QString::number(double(bytes) / (1024.0 * 1024.0), 'f', 1) + QStringLiteral(" MiB");
}

void printUsage(QTextStream &s)
{
    s << "usage: dinosam models list\n"
         "       dinosam models download ID [ID...]\n"
         "       dinosam models install FILE [--as ID]\n"
         "       dinosam models verify [ID...]\n"
         "       dinosam models path [ID]\n"
         "options: --dir DIR     model folder (default $DINOSAM_MODEL_DIR or ~/.cache/dinosam/models)\n"
         "         --mirror URL  download from URL instead of https://dl.fbaipublicfiles.com/\n"
         "         --quiet       no progress lines\n"
         "exit codes: 0 ok, 1 a download/install/verification failed, 2 usage error\n";
}

struct Options
{
    QString command;
    QStringList positional;
    QString dir;
    QString mirror;
    QString asId;
    bool quiet = false;
    bool help = false;
};

bool parse(const QStringList &args, Options &o, QString &error)
{
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        auto value = [&](QString &into) {
            if (i + 1 >= args.size() || args.at(i + 1).startsWith(QLatin1String("--"))) {
                error = QStringLiteral("%1 needs a value").arg(a);
                return false;
            }
            into = args.at(++i);
            return true;
        };
        if (a == QLatin1String("--dir")) {
            if (!value(o.dir))
                return false;
        } else if (a == QLatin1String("--mirror")) {
            if (!value(o.mirror))
                return false;
        } else if (a == QLatin1String("--as")) {
            if (!value(o.asId))
                return false;
        } else if (a == QLatin1String("--quiet") || a == QLatin1String("-q")) {
            o.quiet = true;
        } else if (a == QLatin1String("--help") || a == QLatin1String("-h")) {
            o.help = true;
        } else if (a.startsWith(QLatin1String("--"))) {
            error = QStringLiteral("unknown option %1").arg(a);
            return false;
        } else if (o.command.isEmpty()) {
            o.command = a;
        } else {
            o.positional << a;
        }
    }
    return true;
}

int list(ModelManager &m, QTextStream &out)
{
    out << "Model folder: " << m.modelDir() << '\n';
    out << QStringLiteral("%1 %2 %3 %4 %5\n")
               .arg(QStringLiteral("ID"), -22)
               .arg(QStringLiteral("STATUS"), -20)
               .arg(QStringLiteral("SIZE"), -12)
               .arg(QStringLiteral("SHA-256"), -10)
               .arg(QStringLiteral("MODEL"));
    for (const ModelSpec &s : m.catalog()) {
        QString status = QStringLiteral("-");
        QString size = s.sizeBytes > 0 ? mib(s.sizeBytes) : QStringLiteral("unknown");
        QString hash = s.sha256.isEmpty() ? QStringLiteral("unknown") : QStringLiteral("published");
        if (m.isInstalled(s.id)) {
            status = QStringLiteral("installed");
            size = mib(QFileInfo(m.filePath(s.id)).size());
            if (s.sha256.isEmpty() && !readSidecarSha256(m.filePath(s.id)).isEmpty())
                hash = QStringLiteral("recorded");
        } else if (m.partialBytes(s.id) > 0) {
            status = QStringLiteral("partial ") + mib(m.partialBytes(s.id));
        }
        out << QStringLiteral("%1 %2 %3 %4 %5\n")
                   .arg(s.id, -22)
                   .arg(status, -20)
                   .arg(size, -12)
                   .arg(hash, -10)
                   .arg(s.displayName);
    }
    out << "SHA-256 'unknown': no published hash in this build; downloads are verified by content and their\n"
           "hash is recorded on first use ('recorded'), so `dinosam models verify` detects later changes.\n";
    return ModelsExitOk;
}

int download(ModelManager &m, const Options &o, QTextStream &out, QTextStream &err)
{
    if (o.positional.isEmpty()) {
        err << "dinosam models download: name at least one model ID (see `dinosam models list`)\n";
        return ModelsExitUsage;
    }
    for (const QString &id : o.positional)
        if (!m.find(id)) {
            err << "dinosam models download: unknown model '" << id << "' (see `dinosam models list`)\n";
            return ModelsExitUsage;
        }
    int exit = ModelsExitOk;
    for (const QString &id : o.positional) {
        const ModelSpec *spec = m.find(id);
        out << "Downloading " << id << " from " << m.sourceUrl(*spec).toString() << '\n';
        if (m.partialBytes(id) > 0)
            out << "  resuming after " << mib(m.partialBytes(id)) << '\n';
        out.flush();
        QElapsedTimer clock;
        clock.start();
        qint64 lastPrinted = -1;
        int lastPercent = -1;
        auto progress = QObject::connect(&m, &ModelManager::downloadProgress, &m,
                                         [&](const QString &, qint64 received, qint64 total) {
            if (o.quiet)
                return;
            const int percent = total > 0 ? int(100 * received / total) : -1;
            const bool done = total > 0 && received == total;
            if (!done && lastPrinted >= 0 && clock.elapsed() - lastPrinted < 1000 && percent / 10 == lastPercent / 10)
                return;
            if (done && lastPercent == 100)
                return;
            lastPrinted = clock.elapsed();
            lastPercent = percent;
            out << "  " << mib(received);
            if (total > 0)
                out << " / " << mib(total) << " (" << percent << "%)";
            out << '\n';
            out.flush();
        });
        auto retry = QObject::connect(&m, &ModelManager::downloadRetrying, &m,
                                      [&](const QString &, int attempt, qint64 resumeAt, const QString &reason) {
            out << "  " << reason << "; attempt " << attempt << " resumes at " << mib(resumeAt) << '\n';
            out.flush();
        });
        const ModelResult r = m.download(id);
        QObject::disconnect(progress);
        QObject::disconnect(retry);
        if (r.ok) {
            out << "OK " << id << ": " << r.path << "\n   " << r.message << '\n';
        } else {
            err << "FAILED " << id << ": " << r.message << '\n';
            exit = ModelsExitFailed;
        }
    }
    return exit;
}

int install(ModelManager &m, const Options &o, QTextStream &out, QTextStream &err)
{
    if (o.positional.size() != 1) {
        err << "dinosam models install: give exactly one FILE (and optionally --as ID)\n";
        return ModelsExitUsage;
    }
    if (!o.asId.isEmpty() && !m.find(o.asId)) {
        err << "dinosam models install: unknown model '" << o.asId << "' (see `dinosam models list`)\n";
        return ModelsExitUsage;
    }
    const ModelResult r = m.install(o.positional.first(), o.asId);
    if (!r.ok) {
        err << "FAILED " << (r.id.isEmpty() ? o.positional.first() : r.id) << ": " << r.message << '\n';
        return ModelsExitFailed;
    }
    out << "OK " << r.id << ": " << r.path << "\n   " << r.message << '\n';
    return ModelsExitOk;
}

int verify(ModelManager &m, const Options &o, QTextStream &out, QTextStream &err)
{
    QStringList ids = o.positional;
    for (const QString &id : std::as_const(ids))
        if (!m.find(id)) {
            err << "dinosam models verify: unknown model '" << id << "' (see `dinosam models list`)\n";
            return ModelsExitUsage;
        }
    if (ids.isEmpty()) {
        for (const ModelSpec &s : m.catalog())
            if (m.isInstalled(s.id))
                ids << s.id;
        if (ids.isEmpty()) {
            out << "No models installed in " << m.modelDir() << '\n';
            return ModelsExitOk;
        }
    }
    int exit = ModelsExitOk;
    for (const QString &id : std::as_const(ids)) {
        if (!m.isInstalled(id)) {
            err << "FAILED " << id << ": not installed (" << m.filePath(id) << ")\n";
            exit = ModelsExitFailed;
            continue;
        }
        const ModelResult r = m.verify(id);
        if (r.ok) {
            out << "OK " << id << ": " << r.message << '\n';
        } else {
            err << "FAILED " << id << ": " << r.message << '\n';
            exit = ModelsExitFailed;
        }
    }
    return exit;
}

int path(ModelManager &m, const Options &o, QTextStream &out, QTextStream &err)
{
    if (o.positional.isEmpty()) {
        out << m.modelDir() << '\n';
        return ModelsExitOk;
    }
    if (o.positional.size() != 1 || !m.find(o.positional.first())) {
        err << "dinosam models path: give one known model ID\n";
        return ModelsExitUsage;
    }
    out << m.filePath(o.positional.first()) << '\n';
    return m.isInstalled(o.positional.first()) ? ModelsExitOk : ModelsExitFailed;
}

} // namespace

int runModelsCommand(const QStringList &args, QTextStream &out, QTextStream &err)
{
    // Downloads need an event loop; the CLI normally has its application already.
    static int argc = 1;
    static char arg0[] = "dinosam";
    static char *argv[] = {arg0, nullptr};
    std::unique_ptr<QCoreApplication> ownApp;
    if (!QCoreApplication::instance())
        ownApp = std::make_unique<QCoreApplication>(argc, argv);
    // Honour the system's proxy settings (http_proxy/https_proxy, no_proxy) unless
    // the application chose a proxy itself.
    if (QNetworkProxy::applicationProxy().type() == QNetworkProxy::DefaultProxy)
        QNetworkProxyFactory::setUseSystemConfiguration(true);

    Options o;
    QString error;
    int exit = ModelsExitUsage;
    if (!parse(args, o, error)) {
        err << "dinosam models: " << error << '\n';
        printUsage(err);
    } else if (o.help) {
        printUsage(out);
        exit = ModelsExitOk;
    } else if (o.command.isEmpty()) {
        printUsage(err);
    } else {
        ModelManager manager;
        if (!o.dir.isEmpty())
            manager.setModelDir(o.dir);
        if (!o.mirror.isEmpty())
            manager.setMirror(QUrl::fromUserInput(o.mirror, QString(), QUrl::AssumeLocalFile));
        manager.setContentVerifier(checkpointContentVerifier());
        if (o.command == QLatin1String("list") && !o.positional.isEmpty())
            err << "dinosam models list: takes no arguments\n";
        else if (o.command == QLatin1String("list"))
            exit = list(manager, out);
        else if (o.command == QLatin1String("download"))
            exit = download(manager, o, out, err);
        else if (o.command == QLatin1String("install"))
            exit = install(manager, o, out, err);
        else if (o.command == QLatin1String("verify"))
            exit = verify(manager, o, out, err);
        else if (o.command == QLatin1String("path"))
            exit = path(manager, o, out, err);
        else {
            err << "dinosam models: unknown command '" << o.command << "'\n";
            printUsage(err);
        }
    }
    out.flush();
    err.flush();
    return exit;
}

} // namespace dinosam
