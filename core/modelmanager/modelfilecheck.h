#pragma once
// File-level checks of a model checkpoint that need no LibTorch: SHA-256, the
// torch.save zip structure with every record's CRC-32. (The "verified" stamps
// live in models/catalog/verifiedstamp.h.) All functions are thread-safe
// and never throw; failures come back as values with a user-readable message.
#include "modelmanager/modelspec.h"

#include <QString>

#include <functional>

namespace dinosam {

/// Outcome of a check: ok, or a message that says what is wrong.
struct ContentCheck
{
    bool ok = false;
    QString message;
    /// The catalogue id the file's contents match (the variant it actually is),
    /// when the verifier could tell; empty otherwise.
    QString identifiedId;

    static ContentCheck success(const QString &id = {}) { return {true, {}, id}; }
    static ContentCheck failure(const QString &why, const QString &id = {}) { return {false, why, id}; }
};

/// A deeper content check supplied by the caller (the pipeline/CLI pass one
/// built on the project's checkpoint reader: checkpointContentVerifier()).
/// Called with the complete candidate file (a ".part" name) before it is
/// placed; may run for seconds on large checkpoints; must not throw.
using ContentVerifier = std::function<ContentCheck(const QString &filePath, const ModelSpec &spec)>;

/// Lowercase hex SHA-256 of a file (models/catalog/sha256.h), or an empty string
/// (and `error` set) when it cannot be read.
QString sha256OfFile(const QString &path, QString *error = nullptr);

/// Checks that `path` is a torch.save zip checkpoint: a readable zip (zip64
/// aware) whose records are all stored (uncompressed), whose CRC-32s all match
/// their data, and which holds one "<archive>/data.pkl" starting with a pickle
/// PROTO opcode. Catches truncated, corrupted and non-checkpoint files even
/// when no published hash is known. Reads the whole file once.
ContentCheck checkZipCheckpoint(const QString &path);

} // namespace dinosam
