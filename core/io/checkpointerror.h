#pragma once
#include <stdexcept>
#include <string>

namespace dinosam {

/// Thrown when a checkpoint cannot be read or is refused. The message names the
/// file, the record inside it (where there is one) and the reason, and is fit to
/// show to a user as it is.
class CheckpointError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

} // namespace dinosam
