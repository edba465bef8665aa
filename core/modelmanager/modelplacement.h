#pragma once
// Internal to dinosam_modelmanager: the last step shared by download and
// install. Not installed, not for other targets.
#include "modelmanager/modelfilecheck.h"
#include "modelmanager/modelresult.h"

namespace dinosam::detail {

/// How a candidate file is checked.
struct PlacementCheck
{
    /// true: the user's own checkpoint (`install --as ID --own`): the published hash is
    /// not compared; the zip and content checks still run; stamped as "own" (unverified).
    bool own = false;
    /// The name the user knows the candidate by (their file name for an install,
    /// the official file name for a download); used in every message instead of
    /// the temporary ".part" name.
    QString displayName;
};

/// Verifies a complete candidate file `partPath` against `spec` (size and SHA-256
/// against the published values unless `check.own`, zip structure and CRCs, then
/// `verifier` when set) and renames it atomically to `finalPath`, writing its
/// "verified" stamp. On any failure the candidate is deleted and `finalPath` is
/// left as it was; a hash mismatch names both hashes and, when the verifier can tell,
/// what the file actually is.
ModelResult placeVerified(const ModelSpec &spec, const QString &partPath, const QString &finalPath,
                          const ContentVerifier &verifier, const PlacementCheck &check);

/// Runs the checks of placeVerified() on an installed file, without moving it, and
/// re-stamps it when it passes. Always reads the whole file (`dinosam models verify`).
/// A file stamped as the user's own is checked by content only and reported unverified.
ModelResult verifyInstalled(const ModelSpec &spec, const QString &path, const ContentVerifier &verifier);

} // namespace dinosam::detail
