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

/// An ExportError from writing (creating a folder, writing, flushing or renaming a file: disk
/// full, no permission, read-only file system), as opposed to bad input. A batch stops at the
/// first one: the next image would go to the same place.
class ExportWriteError : public ExportError
{
public:
    using ExportError::ExportError;
    explicit ExportWriteError(const ExportError &e)
        : ExportError(e)
    {
    }
};

} // namespace dinosam
