#pragma once
#include <filesystem>
#include <stdexcept>
#include <string>

namespace dinosam {

/// Thrown by AtomicFile and the exporters. what() reads "<path>: <reason>".
class ExportError : public std::runtime_error
{
public:
    ExportError(const std::filesystem::path &path, const std::string &reason)
        : std::runtime_error(path.string() + ": " + reason)
        , m_path(path)
    {
    }

    /// The output file or folder that could not be written.
    const std::filesystem::path &path() const noexcept { return m_path; }

private:
    std::filesystem::path m_path;
};

} // namespace dinosam
