#pragma once
// The persistent half of the stage cache: encoder outputs on disk, so that an image opened
// again (by the CLI, the studio, `dinosam precompute`, another process) needs no encoder run.
// Internal header (LibTorch types through pipelinebackend.h): UI code must not include it.
#include "pipeline/pipeline.h"
#include "pipeline/pipelinebackend.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

namespace dinosam {

/**
 * DINOv2 and SAM2 encoder outputs stored as files, one per (image content key, model tag, input
 * size, format version): `<dir>/<32 hex digits>.dsf`, the hex digits a hash of that full key.
 *
 * - Storage: float16 (halves the bytes; a tensor with values beyond float16's range is stored
 *   as float32 instead). The file holds its full key, the shapes and a 128-bit checksum of
 *   everything before it; a file that is truncated, foreign, of another format version, or
 *   whose key or checksum disagree is removed and reported as a miss (the caller recomputes).
 *   Sizes in a file are never trusted: they must add up to the file's size, within limits.
 * - Writes: AtomicFile (temporary file in the folder, fsync, rename), so readers never see a
 *   partial file and two processes storing the same entry at once both succeed (last wins;
 *   both versions are complete). A failed write (disk full, read-only) is counted and ignored.
 * - Budget: after a store, when the folder's .dsf files exceed budgetBytes, the least recently
 *   used ones (file modification time; a hit touches it) are removed down to 90 % of the budget.
 *   Only file names of this cache's pattern are ever removed, so a badly chosen folder loses
 *   nothing else; other processes' files are LRU candidates like ours (an entry removed under a
 *   reader is simply a miss or a still-open file).
 *
 * Thread: one object per thread (the pipeline's); several objects and processes may share a folder.
 * Errors: never throws from load/store (I/O problems are misses or counted failures); the
 * constructor throws PipelineError(InvalidArgument) when `dir` cannot be created.
 */
class DiskFeatureCache
{
public:
    static constexpr uint32_t kFormatVersion = 1;

    struct Stats
    {
        uint64_t hits = 0;
        uint64_t misses = 0;
        uint64_t rejected = 0;    ///< files found but corrupt / foreign (removed)
        uint64_t writes = 0;
        uint64_t writeFailures = 0;
        uint64_t evictions = 0;
    };

    DiskFeatureCache(std::filesystem::path dir, uint64_t budgetBytes, ComputeDevice device = ComputeDevice::Cpu);

    /// `<XDG_CACHE_HOME or ~/.cache>/dinosam/features` (LOCALAPPDATA on Windows).
    static std::filesystem::path defaultDir();

    /// modelTag: model id plus the checkpoint's identity (see checkpointTag()).
    std::shared_ptr<const DinoFeatures> loadDino(const std::string &modelTag, const std::string &contentKey,
                                                 int inputSize);
    void storeDino(const std::string &modelTag, const std::string &contentKey, int inputSize,
                   const DinoFeatures &features);
    std::shared_ptr<const Sam2Features> loadSam2(const std::string &modelTag, const std::string &contentKey);
    void storeSam2(const std::string &modelTag, const std::string &contentKey, const Sam2Features &features);

    /// Sum of the sizes of this cache's files in the folder now (a folder scan).
    uint64_t diskBytes() const;
    /// Removes least recently used files until the folder holds at most `targetBytes`
    /// (never `keep`). @returns how many were removed.
    int evictTo(uint64_t targetBytes, const std::filesystem::path &keep = {});

    /// The file an entry is stored in (for tests and diagnostics).
    std::filesystem::path fileFor(const std::string &kind, const std::string &modelTag, const std::string &contentKey,
                                  int inputSize) const;

    /// "<modelId>|<size>|<hash of the first and last 64 KiB>": identifies a checkpoint by content
    /// (a zip's tail is its central directory, with every entry's CRC), whatever its path, so two
    /// files with the same model id (official and random-weight test files) never share entries.
    /// Empty when the file cannot be read.
    static std::string checkpointTag(const std::string &modelId, const std::filesystem::path &checkpoint);

    const std::filesystem::path &dir() const { return m_dir; }
    uint64_t budget() const { return m_budget; }
    Stats stats() const { return m_stats; }

private:
    std::shared_ptr<std::vector<unsigned char>> readValid(const std::filesystem::path &file, const std::string &key,
                                                          uint32_t kind);
    void storeBytes(const std::filesystem::path &file, std::vector<unsigned char> bytes);

    std::filesystem::path m_dir;
    uint64_t m_budget;
    ComputeDevice m_device;
    Stats m_stats;
    uint64_t m_estimatedBytes = 0;
    bool m_scanned = false;
};

} // namespace dinosam
