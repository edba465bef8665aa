#pragma once
// Errors the pipeline reports. Plain std types only: UI code includes this header.
#include <stdexcept>
#include <string>

namespace dinosam {

/// A failure of one pipeline call. The message is fit to show to a user as it is:
/// it names the file or model concerned and, where there is one, the remedy.
/// The pipeline stays usable after any PipelineError (nothing half-built is cached).
class PipelineError : public std::runtime_error
{
public:
    enum class Kind {
        ImageUnreadable, ///< missing, unreadable, corrupt, empty or unsupported image
        ImageTooLarge,   ///< over PipelineConfig::maxImagePixels (decoding was refused)
        ImageTooSmall,   ///< a side shorter than Pipeline::kMinImageSide pixels
        ModelMissing,    ///< a checkpoint file was not found (message says which and where)
        ModelInvalid,    ///< a checkpoint was found but could not be loaded (wrong model, corrupt)
        NotCached,       ///< ImageInput carried only a key and that image is no longer cached
        InvalidArgument, ///< bad parameter or prompt (message says which)
        Internal,        ///< anything else (a LibTorch or OpenCV error, wrapped)
    };

    PipelineError(Kind kind, const std::string &message) : std::runtime_error(message), m_kind(kind) {}

    Kind kind() const noexcept { return m_kind; }

private:
    Kind m_kind;
};

/// Thrown by a pipeline call whose RunControl asked it to stop. Deliberately not a
/// PipelineError: a cancelled run is not a failure. Whatever finished before the
/// cancellation (encoder outputs) stays cached, so re-running is cheaper.
class Cancelled : public std::runtime_error
{
public:
    Cancelled() : std::runtime_error("cancelled") {}
};

} // namespace dinosam
