#include "modelmanager/modelplacement.h"

#include "models/catalog/verifiedstamp.h"

#include <QFile>
#include <QFileInfo>

#include <filesystem>
#include <system_error>

namespace dinosam::detail {
namespace {

std::filesystem::path fsPath(const QString &p)
{
    return std::filesystem::path(p.toStdU16String());
}

// Zip and content checks; messages use `displayName` instead of the candidate's own name.
ContentCheck checkContents(const ModelSpec &spec, const QString &path, const QString &displayName,
                           const ContentVerifier &verifier)
{
    ContentCheck c = checkZipCheckpoint(path);
    if (c.ok && verifier)
        c = verifier(path, spec);
    c.message.replace(QFileInfo(path).fileName(), displayName);
    return c;
}

// Size, hash and content checks of `path`.
ModelResult checkFile(const ModelSpec &spec, const QString &path, const ContentVerifier &verifier,
                      const PlacementCheck &check)
{
    ModelResult r;
    r.id = spec.id;
    r.path = path;
    const QString name = check.displayName.isEmpty() ? QFileInfo(path).fileName() : check.displayName;
    if (!QFileInfo(path).isFile()) {
        r.message = QStringLiteral("%1: file not found").arg(name);
        return r;
    }
    if (check.own) {
        const ContentCheck content = checkContents(spec, path, name, verifier);
        if (!content.ok) {
            r.message = content.message;
            return r;
        }
        QString error;
        r.sha256 = sha256OfFile(path, &error);
        if (r.sha256.isEmpty()) {
            r.message = error;
            return r;
        }
        r.ok = true;
        r.message = QStringLiteral("your own checkpoint with the architecture of %1: contents verified, "
                                   "UNVERIFIED against any published hash (SHA-256 %2)")
                        .arg(spec.displayName, r.sha256);
        return r;
    }
    const HashCheck hash =
        checkFileHash(fsPath(path), spec.sha256.toStdString(), spec.sizeBytes, name.toStdString());
    r.sha256 = QString::fromStdString(hash.sha256);
    if (!hash.ok) {
        r.message = QString::fromStdString(hash.message);
        if (r.sha256.isEmpty())
            return r;
        // Say what the file is: not a checkpoint at all, another variant, or (with the
        // right architecture) perhaps the user's own fine-tuned weights.
        const ContentCheck content = checkContents(spec, path, name, verifier);
        if (!content.ok)
            r.message += QStringLiteral(". %1").arg(content.message);
        else if (verifier)
            r.message += QStringLiteral(". Its contents have the architecture of %1: if it is your own checkpoint, "
                                        "install it with `dinosam models install %2 --as %3 --own` (unverified)")
                             .arg(spec.displayName, name, spec.id);
        return r;
    }
    const ContentCheck content = checkContents(spec, path, name, verifier);
    if (!content.ok) {
        r.message = content.message;
        return r;
    }
    r.ok = true;
    r.message = QStringLiteral("size and SHA-256 match the published file; contents verified");
    return r;
}

} // namespace

ModelResult placeVerified(const ModelSpec &spec, const QString &partPath, const QString &finalPath,
                          const ContentVerifier &verifier, const PlacementCheck &check)
{
    ModelResult r = checkFile(spec, partPath, verifier, check);
    r.path = finalPath;
    if (!r.ok) {
        QFile::remove(partPath); // bad bytes are never resumed
        return r;
    }
    std::error_code ec;
    std::filesystem::rename(fsPath(partPath), fsPath(finalPath), ec);
    if (ec) {
        QFile::remove(partPath);
        r.ok = false;
        r.message = QStringLiteral("cannot move %1 into place: %2").arg(finalPath, QString::fromStdString(ec.message()));
        return r;
    }
    QFile::remove(finalPath + QStringLiteral(".sha256")); // the record of earlier versions, now the stamp's job
    std::string error;
    if (!writeStamp(fsPath(finalPath), r.sha256.toStdString(), check.own, spec.id.toStdString(), &error))
        r.message += QStringLiteral(" (warning: %1)").arg(QString::fromStdString(error));
    return r;
}

ModelResult verifyInstalled(const ModelSpec &spec, const QString &path, const ContentVerifier &verifier)
{
    PlacementCheck check;
    check.displayName = QFileInfo(path).fileName();
    // A stamp saying "own" only counts while the file is unchanged since it was installed.
    const auto stamp = readValidStamp(fsPath(path));
    check.own = stamp && stamp->own;
    ModelResult r = checkFile(spec, path, verifier, check);
    if (!r.ok)
        return r;
    if (check.own && r.sha256 != QString::fromStdString(stamp->sha256)) {
        r.ok = false;
        r.message = QStringLiteral("%1 changed since it was installed: SHA-256 %2, installed %3")
                        .arg(check.displayName, r.sha256, QString::fromStdString(stamp->sha256));
        return r;
    }
    std::string error;
    if (!writeStamp(fsPath(path), r.sha256.toStdString(), check.own, spec.id.toStdString(), &error))
        r.message += QStringLiteral(" (warning: %1)").arg(QString::fromStdString(error));
    return r;
}

} // namespace dinosam::detail
