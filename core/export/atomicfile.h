#pragma once
// All-or-nothing file writes: an existing file is replaced only by a complete,
// flushed new version, never left half-written.
#include "export/exporterror.h"

#include <filesystem>
#include <span>
#include <string_view>

namespace dinosam {

/**
 * Writes one file atomically: the bytes go to a temporary file in the target's folder
 * (".<name>.tmp-XXXXXX"), which is flushed to disk (fsync) and then renamed over the target
 * (rename(2) is atomic within a file system); the folder is fsynced after the rename.
 *
 * Two phases so that several files can be written as one unit (see exportResult()):
 * prepare() writes the temporary file, commit() renames it. Destroying an AtomicFile that was
 * prepared but not committed removes the temporary file.
 *
 * New files get mode 0644; a replaced file keeps its mode.
 * Errors: every failure (folder missing or unwritable, disk full (ENOSPC), file too large,
 * I/O error) throws ExportError naming the target and the system's reason; the temporary file
 * is removed and the target is untouched.
 * Thread: an object is used by one thread at a time; distinct targets may be written concurrently.
 */
class AtomicFile
{
public:
    explicit AtomicFile(std::filesystem::path target);
    ~AtomicFile();
    AtomicFile(AtomicFile &&other) noexcept;
    AtomicFile &operator=(AtomicFile &&other) noexcept;
    AtomicFile(const AtomicFile &) = delete;
    AtomicFile &operator=(const AtomicFile &) = delete;

    /// Writes all bytes to a new temporary file and fsyncs it. Call once.
    void prepare(std::span<const unsigned char> bytes);
    void prepare(std::string_view text);
    /// Renames the temporary file over the target. Requires a successful prepare().
    void commit();
    /// Removes the temporary file (if any); the target is untouched. Never throws.
    void discard() noexcept;

    const std::filesystem::path &target() const noexcept { return m_target; }
    /// The temporary file while prepared and not committed, else empty.
    const std::filesystem::path &temporaryPath() const noexcept { return m_temp; }
    bool isCommitted() const noexcept { return m_committed; }

    /// prepare() + commit() in one call.
    static void write(const std::filesystem::path &target, std::span<const unsigned char> bytes);
    static void write(const std::filesystem::path &target, std::string_view text);

    /**
     * Writes all bytes to an open descriptor, retrying short writes and EINTR.
     * @throws ExportError(nameForErrors, "cannot write: <strerror>") on failure (e.g. ENOSPC).
     * Exposed so that tests can prove the disk-full path against /dev/full.
     */
    static void writeAll(int fd, std::span<const unsigned char> bytes, const std::filesystem::path &nameForErrors);

private:
    std::filesystem::path m_target;
    std::filesystem::path m_temp;
    bool m_committed = false;
};

} // namespace dinosam
