#pragma once
// SHA-256 (FIPS 180-4) of bytes and of files, standard library only.
#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

namespace dinosam {

/// Incremental SHA-256. Not thread-safe per object; independent objects are.
class Sha256
{
public:
    Sha256();
    void add(const void *data, std::size_t size);
    /// 64 lowercase hex digits. Finishes the hash: call once.
    std::string hexDigest();

private:
    void block(const unsigned char *p);

    std::array<uint32_t, 8> m_state;
    std::array<unsigned char, 64> m_buffer{};
    std::size_t m_buffered = 0;
    uint64_t m_length = 0;
};

/// Lowercase hex SHA-256 of a whole file, read in 1 MiB chunks; empty (and
/// `error` set) when it cannot be read. Thread-safe.
std::string sha256OfFile(const std::filesystem::path &path, std::string *error = nullptr);

} // namespace dinosam
