#pragma once
// "Verified" stamps: a model file is hashed once, and "<file>.verified" records the
// SHA-256 with the file's size and modification time, so a 4.5 GB ViT-g is not
// rehashed at every start. Any change of size or mtime invalidates the stamp.
// Standard library only; thread-safe; never throws.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace dinosam {

/// What a stamp records about one file.
struct VerifiedStamp
{
    std::string sha256;       ///< of the file when it was stamped
    int64_t size = 0;         ///< bytes then
    int64_t mtime = 0;        ///< last_write_time then (file clock ticks)
    /// true: the user's own checkpoint (installed with an explicit id, checked by
    /// content only, not against a published hash): unverified.
    bool own = false;
    std::string id;           ///< catalogue id it was installed as
};

/// "<modelFile>.verified"
std::filesystem::path stampPath(const std::filesystem::path &modelFile);

/// The stamp of `modelFile` when there is one and it still describes the file
/// (same size and mtime); std::nullopt when absent, unreadable or stale.
std::optional<VerifiedStamp> readValidStamp(const std::filesystem::path &modelFile);

/// Stamps `modelFile` (its current size and mtime) with `sha256`. Written atomically
/// (temporary file + rename). Returns false and sets `error` on failure.
bool writeStamp(const std::filesystem::path &modelFile, const std::string &sha256, bool own, const std::string &id,
                std::string *error = nullptr);

/// Outcome of checking a file against a published size and hash.
struct HashCheck
{
    bool ok = false;
    bool fromStamp = false;   ///< decided by a valid stamp, without reading the file
    bool own = false;         ///< accepted as the user's own (unverified) checkpoint
    std::string sha256;       ///< the file's hash (from the stamp or computed)
    std::string message;      ///< why not (names both hashes), or how it was verified
};

/// Checks `file` against `expectedSha256` (and `expectedSize` when > 0): size
/// mismatch or hash mismatch fail with a message naming `displayName` (the name the
/// user knows the file by), the file's SHA-256 and the expected one. Reads the whole file.
HashCheck checkFileHash(const std::filesystem::path &file, const std::string &expectedSha256, int64_t expectedSize,
                        const std::string &displayName);

/// checkFileHash() for an installed model file, answered from its stamp when the stamp
/// is valid (an own checkpoint's stamp is accepted as such); otherwise hashes the file
/// and, when it matches, stamps it so the next call is instant.
HashCheck verifyInstalledFile(const std::filesystem::path &file, const std::string &expectedSha256,
                              int64_t expectedSize, const std::string &id);

} // namespace dinosam
