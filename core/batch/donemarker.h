#pragma once
// Per-image done-markers: what makes a batch resumable. A marker is written last, after the
// image's outputs were atomically renamed into place, so its presence proves they are complete.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace dinosam {

/// What checkDoneMarker() found.
struct DoneCheck
{
    enum class State {
        Missing,  ///< no marker: the image was never finished
        Complete, ///< marker valid, same source and settings, every output there with its size
        Stale,    ///< marker present but not valid for this run (`reason` says why): redo the image
    };
    State state = State::Missing;
    std::string reason;
    bool isComplete() const { return state == State::Complete; }
};

/**
 * Done-markers live in `<saveDir>/.dinosam-done/<baseName>.done` (a text file:
 * format version, source path, size and modification time, a hash of the run's settings, and
 * every output file relative to saveDir with its size). Base names come from uniqueBaseNames(),
 * so each image of a batch has its own marker, and shards writing to one shared folder never
 * touch each other's markers.
 *
 * Markers are untrusted on reading: size-limited (1 MiB), strictly parsed, output paths must be
 * relative and stay inside saveDir; anything else is Stale, never an error.
 * Thread: functions are thread-safe for distinct base names.
 */
namespace donemarker {

std::filesystem::path path(const std::filesystem::path &saveDir, const std::string &baseName);

/// FNV-1a 64-bit of `settings` as 16 hex digits (the fingerprint stored in markers).
std::string fingerprint(const std::string &settings);

/**
 * Writes the marker atomically (AtomicFile). `outputs`: the files the export wrote (absolute or
 * relative to the working folder; each must lie inside saveDir). Sizes and the source's size and
 * modification time are read now.
 * @throws ExportError when a file cannot be stat'ed or the marker cannot be written.
 */
void write(const std::filesystem::path &saveDir, const std::string &baseName, const std::filesystem::path &source,
           const std::string &settings, const std::vector<std::filesystem::path> &outputs);

/// Whether the image `source` with `settings` is done in saveDir (see DoneCheck). Never throws.
DoneCheck check(const std::filesystem::path &saveDir, const std::string &baseName,
                const std::filesystem::path &source, const std::string &settings);

/// Removes the marker if there is one. Never throws.
void remove(const std::filesystem::path &saveDir, const std::string &baseName) noexcept;

/**
 * Removes temporary files that an interrupted export of `baseName` left (AtomicFile's
 * ".<file>.tmp-XXXXXX" next to <base>_summary.txt, _coco.json, _visualization.jpg and inside
 * <base>_masks/ and <base>_cutouts/). Only names that belong to this base name are touched, so
 * another shard's export in flight in the same folder is safe. @returns how many were removed.
 * Never throws.
 */
int removeInterruptedTemporaries(const std::filesystem::path &saveDir, const std::string &baseName) noexcept;

} // namespace donemarker
} // namespace dinosam
