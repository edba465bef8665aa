#include "modelmanager/modelplacement.h"

#include <QFile>
#include <QFileInfo>

#include <filesystem>
#include <system_error>

namespace dinosam::detail {
namespace {

QString formatBytes(qint64 n)
{
    return QStringLiteral("%1 bytes").arg(n);
}

// Size, hash and content checks of `path`. `expectedSha` empty = no hash to compare.
ModelResult checkFile(const ModelSpec &spec, const QString &path, const QString &expectedSha,
                      const QString &shaSource, const ContentVerifier &verifier)
{
    ModelResult r;
    r.id = spec.id;
    r.path = path;
    const QFileInfo info(path);
    if (!info.isFile()) {
        r.message = QStringLiteral("%1: file not found").arg(path);
        return r;
    }
    if (spec.sizeBytes > 0 && info.size() != spec.sizeBytes) {
        r.message = QStringLiteral("%1: size %2, expected %3").arg(info.fileName(), formatBytes(info.size()),
                                                                   formatBytes(spec.sizeBytes));
        return r;
    }
    QString error;
    r.sha256 = sha256OfFile(path, &error);
    if (r.sha256.isEmpty()) {
        r.message = error;
        return r;
    }
    if (!expectedSha.isEmpty() && r.sha256 != expectedSha.toLower()) {
        r.message = QStringLiteral("%1: SHA-256 mismatch: got %2, expected %3 (%4)")
                        .arg(info.fileName(), r.sha256, expectedSha.toLower(), shaSource);
        return r;
    }
    const ContentCheck zip = checkZipCheckpoint(path);
    if (!zip.ok) {
        r.message = zip.message;
        return r;
    }
    if (verifier) {
        const ContentCheck content = verifier(path, spec);
        if (!content.ok) {
            r.message = content.message;
            return r;
        }
    }
    r.ok = true;
    r.message = expectedSha.isEmpty()
                    ? QStringLiteral("contents verified; SHA-256 %1 recorded (no published hash known)").arg(r.sha256)
                    : QStringLiteral("SHA-256 matches %1; contents verified").arg(shaSource);
    return r;
}

} // namespace

ModelResult placeVerified(const ModelSpec &spec, const QString &partPath, const QString &finalPath,
                          const ContentVerifier &verifier)
{
    ModelResult r = checkFile(spec, partPath, spec.sha256, QStringLiteral("the published hash"), verifier);
    r.path = finalPath;
    if (!r.ok) {
        QFile::remove(partPath); // bad bytes are never resumed
        return r;
    }
    std::error_code ec;
    std::filesystem::rename(std::filesystem::path(partPath.toStdU16String()),
                            std::filesystem::path(finalPath.toStdU16String()), ec);
    if (ec) {
        QFile::remove(partPath);
        r.ok = false;
        r.message = QStringLiteral("cannot move %1 into place: %2").arg(finalPath, QString::fromStdString(ec.message()));
        return r;
    }
    QString error;
    if (!writeSidecarSha256(finalPath, r.sha256, &error))
        r.message += QStringLiteral(" (warning: %1)").arg(error);
    return r;
}

ModelResult verifyInstalled(const ModelSpec &spec, const QString &path, const ContentVerifier &verifier)
{
    if (!spec.sha256.isEmpty())
        return checkFile(spec, path, spec.sha256, QStringLiteral("the published hash"), verifier);
    const QString recorded = readSidecarSha256(path);
    ModelResult r = checkFile(spec, path, recorded, QStringLiteral("the hash recorded when it was installed"), verifier);
    if (r.ok && recorded.isEmpty())
        r.message = QStringLiteral("contents verified; no published or recorded hash to compare (SHA-256 %1)")
                        .arg(r.sha256);
    return r;
}

} // namespace dinosam::detail
