#pragma once
// How C++ failures reach Python: exception types of the binding itself and the one
// translator that maps the core's errors to Python exceptions with the same messages
// the CLI prints. Torch-free.
#include <pybind11/pybind11.h>

#include <stdexcept>
#include <string>

namespace dinosam::python {

namespace py = pybind11;

/// A missing input file -> FileNotFoundError.
class FileNotFound : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

/// A bad argument found by the binding -> ValueError.
class BadArgument : public std::invalid_argument
{
public:
    using std::invalid_argument::invalid_argument;
};

/// Adds dinosam.ModelError (a RuntimeError) and dinosam.Cancelled (an Exception) to `m`
/// and registers the translator:
///   PipelineError ModelMissing / ModelInvalid,
///   CheckpointError                                      -> ModelError
///   PipelineError ImageUnreadable / TooLarge / TooSmall / InvalidArgument, ImageLoadError,
///   BadArgument, FrameReadError (an undecodable video)    -> ValueError
///   FileNotFound                                         -> FileNotFoundError
///   ExportError                                          -> OSError
///   Cancelled                                            -> dinosam.Cancelled
///   other PipelineError, std::exception                  -> RuntimeError
void registerErrors(py::module_ &m);

/// The dinosam.Cancelled type (valid after registerErrors()).
py::handle cancelledType();

} // namespace dinosam::python
