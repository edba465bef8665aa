#include "modelscommand.h"

#include "modelmanager/checkpointverifier.h"
#include "modelmanager/modelmanager.h"
#include "models/catalog/modelcatalog.h"

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

const char *kInstallForms = "dinosam models install FILE [--as ID]\n"
                            "       dinosam models install ID FILE\n"
                            "       dinosam models install FILE --as ID --own   (your own checkpoint, unverified)\n";

void printUsage(QTextStream &s)
{
    s << "usage: dinosam models list\n"
         "       dinosam models download ID [ID...]     (ID 'default': the recommended pair)\n"
         "       "
      << kInstallForms
      << "       dinosam models verify [ID...]\n"
         "       dinosam models path [ID...]\n"
         "options: --dir DIR     model folder (default $DINOSAM_MODEL_DIR or ~/.cache/dinosam/models)\n"
         "         --mirror URL  download from URL instead of $DINOSAM_MODEL_URL_BASE or https://dl.fbaipublicfiles.com/\n"
         "         --own         install: the file is your own checkpoint with ID's architecture (not checked\n"
         "                       against the published hash; shown as unverified)\n"
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
    bool own = false;
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
        } else if (a == QLatin1String("--as") || a == QLatin1String("--id")) {
            if (!value(o.asId))
                return false;
        } else if (a == QLatin1String("--own")) {
            o.own = true;
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

/// "default" -> the recommended pair; everything else unchanged.
QStringList expandIds(const QStringList &ids)
{
    QStringList out;
    for (const QString &id : ids) {
        if (id == QLatin1String("default"))
            out << QString::fromStdString(ModelCatalog::defaultDinoModel())
                << QString::fromStdString(ModelCatalog::defaultSam2Model());
        else
            out << id;
    }
    out.removeDuplicates();
    return out;
}

int list(ModelManager &m, QTextStream &out)
{
    out << "Model folder: " << m.modelDir() << '\n';
    out << QStringLiteral("%1 %2 %3 %4 %5\n")
               .arg(QStringLiteral("ID"), -22)
               .arg(QStringLiteral("STATUS"), -24)
               .arg(QStringLiteral("SIZE"), -12)
               .arg(QStringLiteral("SHA-256"), -12)
               .arg(QStringLiteral("MODEL"));
    const QString defaultDino = QString::fromStdString(ModelCatalog::defaultDinoModel());
    const QString defaultSam = QString::fromStdString(ModelCatalog::defaultSam2Model());
    for (const ModelSpec &s : m.catalog()) {
        QString status = QStringLiteral("-");
        if (m.isInstalled(s.id))
            status = m.isOwn(s.id) ? QStringLiteral("installed (own, unverified)") : QStringLiteral("installed");
        else if (m.partialBytes(s.id) > 0)
            status = QStringLiteral("partial ") + mib(m.partialBytes(s.id));
        const QString size = s.sizeBytes > 0 ? mib(s.sizeBytes) : QStringLiteral("unconfirmed");
        const QString name = s.displayName + (s.id == defaultDino || s.id == defaultSam ? QStringLiteral(" [default]")
                                                                                         : QString());
        out << QStringLiteral("%1 %2 %3 %4 %5\n")
                   .arg(s.id, -22)
                   .arg(status, -24)
                   .arg(size, -12)
                   .arg(s.sha256.left(12), -12)
                   .arg(name);
    }
    out << "SIZE and SHA-256 are the published file's (first 12 of 64 hex digits); downloads and installs\n"
           "are accepted only when both match. Size 'unconfirmed': the hash alone decides.\n";
    return ModelsExitOk;
}

void printOfflineHelp(ModelManager &m, const QStringList &ids, QTextStream &err)
{
    err << "Without a network connection, download the files on another machine:\n";
    for (const QString &id : ids)
        if (const ModelSpec *spec = m.find(id))
            err << "  " << m.sourceUrl(*spec).toString() << '\n';
    err << "then install each with `dinosam models install FILE` (it checks size and SHA-256).\n";
}

int download(ModelManager &m, const Options &o, QTextStream &out, QTextStream &err)
{
    if (o.positional.isEmpty()) {
        err << "dinosam models download: name at least one model ID, or 'default' (see `dinosam models list`)\n";
        return ModelsExitUsage;
    }
    const QStringList requested = expandIds(o.positional);
    for (const QString &id : requested)
        if (!m.find(id)) {
            err << "dinosam models download: unknown model '" << id << "' (see `dinosam models list`)\n";
            return ModelsExitUsage;
        }
    // "default" only fetches what is missing; named ids are always (re)downloaded.
    QStringList ids;
    for (const QString &id : requested) {
        const bool fromDefault = !o.positional.contains(id);
        if (fromDefault && m.isVerified(id))
            out << id << ": already installed (" << m.filePath(id) << ")\n";
        else
            ids << id;
    }
    if (ids.isEmpty())
        return ModelsExitOk;
    qint64 total = 0;
    for (const QString &id : std::as_const(ids))
        total += qMax<qint64>(0, m.find(id)->sizeBytes - m.partialBytes(id));
    out << "About to download " << ids.size() << (ids.size() == 1 ? " file" : " files") << ", " << mib(total)
        << " in total, into " << m.modelDir() << ":\n";
    for (const QString &id : std::as_const(ids))
        out << "  " << id << "  " << m.find(id)->displayName << "  " << mib(m.find(id)->sizeBytes) << '\n';
    out.flush();
    int exit = ModelsExitOk;
    QStringList failed;
    for (const QString &id : std::as_const(ids)) {
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
                                         [&](const QString &, qint64 received, qint64 size) {
            if (o.quiet)
                return;
            const int percent = size > 0 ? int(100 * received / size) : -1;
            const bool done = size > 0 && received == size;
            if (!done && lastPrinted >= 0 && clock.elapsed() - lastPrinted < 1000 && percent / 10 == lastPercent / 10)
                return;
            if (done && lastPercent == 100)
                return;
            lastPrinted = clock.elapsed();
            lastPercent = percent;
            out << "  " << mib(received);
            if (size > 0)
                out << " / " << mib(size) << " (" << percent << "%)";
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
            failed << id;
            if (r.message.startsWith(QLatin1String("cannot reach"))) {
                // Offline: the other files would fail the same way.
                for (const QString &rest : std::as_const(ids))
                    if (!failed.contains(rest) && !m.isInstalled(rest))
                        failed << rest;
                break;
            }
        }
    }
    if (!failed.isEmpty())
        printOfflineHelp(m, failed, err);
    return exit;
}

int install(ModelManager &m, const Options &o, QTextStream &out, QTextStream &err)
{
    auto usage = [&](const QString &why) {
        err << "dinosam models install: " << why << "\nusage: " << kInstallForms;
        return ModelsExitUsage;
    };
    QString file, id = o.asId;
    if (o.positional.size() == 1) {
        file = o.positional.first();
    } else if (o.positional.size() == 2 && id.isEmpty()) {
        // install ID FILE (or FILE ID): the one that names a catalogue model is the id.
        const bool firstIsId = m.find(o.positional.at(0)) != nullptr;
        const bool secondIsId = m.find(o.positional.at(1)) != nullptr;
        if (firstIsId == secondIsId)
            return usage(QStringLiteral("give one FILE and one known model ID (see `dinosam models list`)"));
        id = o.positional.at(firstIsId ? 0 : 1);
        file = o.positional.at(firstIsId ? 1 : 0);
    } else {
        return usage(QStringLiteral("give exactly one FILE and at most one model ID"));
    }
    if (!id.isEmpty() && !m.find(id))
        return usage(QStringLiteral("unknown model '%1' (see `dinosam models list`)").arg(id));
    if (o.own && id.isEmpty())
        return usage(QStringLiteral("--own needs the model ID whose architecture the checkpoint has (--as ID)"));
    const ModelResult r = m.install(file, id, o.own);
    if (!r.ok) {
        err << "FAILED " << (r.id.isEmpty() ? QFileInfo(file).fileName() : r.id) << ": " << r.message << '\n';
        return ModelsExitFailed;
    }
    out << "OK " << r.id << ": " << r.path << "\n   " << r.message << '\n';
    return ModelsExitOk;
}

int verify(ModelManager &m, const Options &o, QTextStream &out, QTextStream &err)
{
    QStringList ids = expandIds(o.positional);
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
    const QStringList ids = expandIds(o.positional);
    for (const QString &id : ids)
        if (!m.find(id)) {
            err << "dinosam models path: unknown model '" << id << "' (see `dinosam models list`)\n";
            return ModelsExitUsage;
        }
    int exit = ModelsExitOk;
    for (const QString &id : ids) {
        out << m.filePath(id) << '\n';
        if (!m.isInstalled(id))
            exit = ModelsExitFailed;
    }
    return exit;
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
