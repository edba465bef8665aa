#pragma once
#include <filesystem>
#include <stdexcept>
#include <string>

namespace dinosam {

/// Thrown by loadImage() and collectImages() when a file cannot be used as an image.
/// what() reads "<path>: <reason>", so it can be shown to the user as it is.
class ImageLoadError : public std::runtime_error
{
public:
    ImageLoadError(const std::filesystem::path &path, const std::string &reason)
        : std::runtime_error(path.string() + ": " + reason)
        , m_path(path)
        , m_reason(reason)
    {
    }

    /// The file (or argument) that failed.
    const std::filesystem::path &path() const noexcept { return m_path; }
    /// The reason alone, without the path.
    const std::string &reason() const noexcept { return m_reason; }

private:
    std::filesystem::path m_path;
    std::string m_reason;
};

} // namespace dinosam
