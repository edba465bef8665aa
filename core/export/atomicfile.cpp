#include "export/atomicfile.h"

#include <cerrno>
#include <algorithm>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <vector>

#ifdef _WIN32
// Portable fallback (untested in CI): std::filesystem + stdio; no folder fsync on Windows.
#include <io.h>
#include <random>
#define DINOSAM_ATOMICFILE_PORTABLE 1
#else
#include <unistd.h>
#endif

namespace dinosam {
namespace fs = std::filesystem;

namespace {

std::string errnoText(int err) { return std::strerror(err); }

#ifndef DINOSAM_ATOMICFILE_PORTABLE
void syncFolder(const fs::path &dir)
{
    // Makes the rename durable. Some file systems refuse fsync on folders: not an error.
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}
#else
void syncFolder(const fs::path &) {}
#endif

fs::path folderOf(const fs::path &target)
{
    return target.has_parent_path() ? target.parent_path() : fs::path(".");
}

} // namespace

AtomicFile::AtomicFile(fs::path target)
    : m_target(std::move(target))
{
}

AtomicFile::~AtomicFile() { discard(); }

AtomicFile::AtomicFile(AtomicFile &&other) noexcept
    : m_target(std::move(other.m_target))
    , m_temp(std::move(other.m_temp))
    , m_committed(other.m_committed)
{
    other.m_temp.clear();
}

AtomicFile &AtomicFile::operator=(AtomicFile &&other) noexcept
{
    if (this != &other) {
        discard();
        m_target = std::move(other.m_target);
        m_temp = std::move(other.m_temp);
        m_committed = other.m_committed;
        other.m_temp.clear();
    }
    return *this;
}

#ifndef DINOSAM_ATOMICFILE_PORTABLE
void AtomicFile::writeAll(int fd, std::span<const unsigned char> bytes, const fs::path &nameForErrors)
{
    size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            throw ExportError(nameForErrors, "cannot write: " + errnoText(errno));
        }
        if (n == 0)
            throw ExportError(nameForErrors, "cannot write: no progress (device full?)");
        done += size_t(n);
    }
}

void AtomicFile::prepare(std::span<const unsigned char> bytes)
{
    if (!m_temp.empty() || m_committed)
        throw ExportError(m_target, "AtomicFile::prepare called twice");
    if (m_target.filename().empty())
        throw ExportError(m_target, "not a file name");
    const fs::path dir = folderOf(m_target);
    std::string tempName(".");
    tempName += m_target.filename().string();
    tempName += ".tmp-XXXXXX";
    const std::string pattern = (dir / tempName).string();
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    const int fd = ::mkstemp(buffer.data());
    if (fd < 0) {
        const int err = errno;
        throw ExportError(m_target, "cannot create a file in folder " + dir.string() + ": " + errnoText(err));
    }
    m_temp = fs::path(buffer.data());
    try {
        writeAll(fd, bytes, m_target);
        // Keep an existing file's permissions; new files are world-readable like a plain write.
        struct stat st {};
        const mode_t mode = ::stat(m_target.c_str(), &st) == 0 ? (st.st_mode & 07777) : 0644;
        ::fchmod(fd, mode);
        if (::fsync(fd) != 0)
            throw ExportError(m_target, "cannot flush to disk: " + errnoText(errno));
    } catch (...) {
        ::close(fd);
        discard();
        throw;
    }
    if (::close(fd) != 0) { // NFS and friends report write errors here
        const int err = errno;
        discard();
        throw ExportError(m_target, "cannot write: " + errnoText(err));
    }
}

#else
void AtomicFile::writeAll(int fd, std::span<const unsigned char> bytes, const fs::path &nameForErrors)
{
    size_t done = 0;
    while (done < bytes.size()) {
        const unsigned chunk = unsigned(std::min<size_t>(bytes.size() - done, 1u << 30));
        const int n = ::_write(fd, bytes.data() + done, chunk);
        if (n <= 0)
            throw ExportError(nameForErrors, "cannot write: " + errnoText(errno));
        done += size_t(n);
    }
}

void AtomicFile::prepare(std::span<const unsigned char> bytes)
{
    if (!m_temp.empty() || m_committed)
        throw ExportError(m_target, "AtomicFile::prepare called twice");
    if (m_target.filename().empty())
        throw ExportError(m_target, "not a file name");
    const fs::path dir = folderOf(m_target);
    std::random_device random;
    int fd = -1;
    for (int attempt = 0; attempt < 16 && fd < 0; ++attempt) {
        std::wstring name = L".";
        name += m_target.filename().wstring();
        name += L".tmp-" + std::to_wstring(random());
        m_temp = dir / name;
        fd = ::_wopen(m_temp.c_str(), _O_WRONLY | _O_CREAT | _O_EXCL | _O_BINARY, _S_IREAD | _S_IWRITE);
    }
    if (fd < 0) {
        const int err = errno;
        m_temp.clear();
        throw ExportError(m_target, "cannot create a file in folder " + dir.string() + ": " + errnoText(err));
    }
    try {
        writeAll(fd, bytes, m_target);
        if (::_commit(fd) != 0)
            throw ExportError(m_target, "cannot flush to disk: " + errnoText(errno));
    } catch (...) {
        ::_close(fd);
        discard();
        throw;
    }
    if (::_close(fd) != 0) {
        const int err = errno;
        discard();
        throw ExportError(m_target, "cannot write: " + errnoText(err));
    }
}

#endif

void AtomicFile::prepare(std::string_view text)
{
    prepare(std::span<const unsigned char>(reinterpret_cast<const unsigned char *>(text.data()), text.size()));
}

void AtomicFile::commit()
{
    if (m_temp.empty())
        throw ExportError(m_target, "AtomicFile::commit without a successful prepare");
#ifndef DINOSAM_ATOMICFILE_PORTABLE
    if (::rename(m_temp.c_str(), m_target.c_str()) != 0) {
        const int err = errno;
        discard();
        throw ExportError(m_target, "cannot replace file: " + errnoText(err));
    }
#else
    std::error_code ec;
    fs::rename(m_temp, m_target, ec); // MoveFileEx(REPLACE_EXISTING)
    if (ec) {
        discard();
        throw ExportError(m_target, "cannot replace file: " + ec.message());
    }
#endif
    m_temp.clear();
    m_committed = true;
    syncFolder(folderOf(m_target));
}

void AtomicFile::discard() noexcept
{
    if (!m_temp.empty()) {
        std::error_code ec;
        fs::remove(m_temp, ec);
        m_temp.clear();
    }
}

void AtomicFile::write(const fs::path &target, std::span<const unsigned char> bytes)
{
    AtomicFile file(target);
    file.prepare(bytes);
    file.commit();
}

void AtomicFile::write(const fs::path &target, std::string_view text)
{
    AtomicFile file(target);
    file.prepare(text);
    file.commit();
}

} // namespace dinosam
