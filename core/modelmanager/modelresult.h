#pragma once
// Outcome of a model download, install or verification.
#include <QString>

namespace dinosam {

struct ModelResult
{
    bool ok = false;
    QString id;       ///< catalog id
    QString path;     ///< the model file (placed, or where it would be)
    QString sha256;   ///< lowercase hex of the file checked, when it was hashed
    QString message;  ///< on failure: why, fit to show a user; on success: how it was verified
};

} // namespace dinosam
