#pragma once
// Internal to dinosam_modelmanager: the last step shared by download and
// install. Not installed, not for other targets.
#include "modelmanager/modelfilecheck.h"
#include "modelmanager/modelresult.h"

namespace dinosam::detail {

/// Verifies a complete candidate file `partPath` against `spec` (size and
/// SHA-256 when the catalog knows them, zip structure and CRCs, then
/// `verifier` when set) and renames it atomically to `finalPath`, writing the
/// ".sha256" sidecar. On any failure the candidate is deleted and `finalPath`
/// is left as it was.
ModelResult placeVerified(const ModelSpec &spec, const QString &partPath, const QString &finalPath,
                          const ContentVerifier &verifier);

/// Runs the checks of placeVerified() on an installed file, without moving it:
/// against the catalog hash when known, else against the recorded sidecar.
ModelResult verifyInstalled(const ModelSpec &spec, const QString &path, const ContentVerifier &verifier);

} // namespace dinosam::detail
