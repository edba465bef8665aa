#pragma once
// Read-only access to the stored (uncompressed) records of a zip file, as
// written by torch.save. Every size and offset read from the file is checked
// against the file's real size before use; compressed records are refused, so
// a small file can never expand into a large allocation.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

namespace dinosam {

class ZipArchive
{
public:
    struct Entry
    {
        uint64_t dataOffset = 0; ///< absolute offset of the record's bytes
        uint64_t size = 0;       ///< record size in bytes
        uint32_t crc32 = 0;      ///< CRC-32 from the central directory
    };

    /// Opens and indexes the archive. Throws CheckpointError naming the file and
    /// the problem (not a zip, truncated, compressed or encrypted record, bad offsets).
    explicit ZipArchive(const std::filesystem::path &path);

    const std::filesystem::path &path() const { return m_path; }
    const std::map<std::string, Entry> &entries() const { return m_entries; }
    bool contains(const std::string &name) const { return m_entries.count(name) != 0; }
    /// Throws CheckpointError if the record does not exist.
    const Entry &entry(const std::string &name) const;
    /// Reads `size` bytes of a record into `out`. Throws on I/O failure.
    void read(const std::string &name, void *out, uint64_t size) const;
    /// Reads a whole record; refuses records larger than `maxSize`.
    std::string readAll(const std::string &name, uint64_t maxSize) const;

private:
    void indexCentralDirectory();
    void readAt(uint64_t offset, void *out, uint64_t size) const;
    [[noreturn]] void fail(const std::string &reason) const;

    std::filesystem::path m_path;
    mutable std::ifstream m_file;
    uint64_t m_fileSize = 0;
    std::map<std::string, Entry> m_entries;
};

} // namespace dinosam
