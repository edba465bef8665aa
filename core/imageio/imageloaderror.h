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
    enum class Kind {
        Unreadable, ///< missing, unreadable, corrupt, empty or unsupported
        TooLarge,   ///< over a size limit (refused before decoding)
    };

    ImageLoadError(const std::filesystem::path &path, const std::string &reason, Kind kind = Kind::Unreadable)
        : std::runtime_error(path.string() + ": " + reason)
        , m_path(path)
        , m_reason(reason)
        , m_kind(kind)
    {
    }

    Kind kind() const noexcept { return m_kind; }

    /// The file (or argument) that failed.
    const std::filesystem::path &path() const noexcept { return m_path; }
    /// The reason alone, without the path.
    const std::string &reason() const noexcept { return m_reason; }

private:
    std::filesystem::path m_path;
    std::string m_reason;
    Kind m_kind;
};

} // namespace dinosam
