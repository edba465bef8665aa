#pragma once
// Progress and cancellation of one Python call: a dinosam.CancelToken (checked without the
// GIL), a threading.Event or any callable returning true (checked with the GIL), and Ctrl+C;
// progress reported to a Python callable. A Python exception raised by a callback (or
// KeyboardInterrupt) stops the call and is re-raised afterwards, never lost in C++.
#include "pipeline/pipeline.h"

#include <pybind11/pybind11.h>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

namespace dinosam::python {

namespace py = pybind11;

/// dinosam.CancelToken: set from any thread (or a progress callback) to stop a running call.
class PyCancelToken
{
public:
    void cancel() { m_flag.store(true); }
    void reset() { m_flag.store(false); }
    bool isSet() const { return m_flag.load(); }
    const std::atomic<bool> *flag() const { return &m_flag; }

private:
    std::atomic<bool> m_flag{false};
};

class PyRunControl
{
public:
    /// `cancel`: None, a CancelToken, an object with is_set() (threading.Event) or a callable.
    /// Construct and destroy with the GIL held.
    explicit PyRunControl(const py::object &cancel);
    ~PyRunControl();

    /// A RunControl whose checks call cancelled(); `progress` is installed as given.
    RunControl runControl(std::function<void(const PipelineProgress &)> progress = {});

    /// True when the token is set, the Python check says so, Ctrl+C was pressed, or a callback
    /// failed. Callable without the GIL (takes it only for the Python-side checks).
    bool cancelled();
    /// Runs `fn` with the GIL; a Python exception it raises is kept and cancels the call.
    /// Callable without the GIL.
    void callPython(const std::function<void()> &fn);
    /// With the GIL: re-raises the kept Python exception, if any.
    void rethrowPythonError();
    bool hasPythonError() const { return m_error.has_value(); }

private:
    py::object m_cancel;
    std::shared_ptr<PyCancelToken> m_token;
    bool m_isEvent = false;
    std::optional<py::error_already_set> m_error;
};

/// Registers CancelToken on `m`.
void registerCancelToken(py::module_ &m);

} // namespace dinosam::python
