#include "pyruncontrol.h"

#include "errors.h"

namespace dinosam::python {

PyRunControl::PyRunControl(const py::object &cancel)
{
    if (cancel.is_none())
        return;
    if (py::isinstance<PyCancelToken>(cancel)) {
        m_token = cancel.cast<std::shared_ptr<PyCancelToken>>();
        return;
    }
    if (py::hasattr(cancel, "is_set"))
        m_isEvent = true;
    else if (!PyCallable_Check(cancel.ptr()))
        throw BadArgument("cancel must be a dinosam.CancelToken, a threading.Event or a callable returning bool");
    m_cancel = cancel;
}

PyRunControl::~PyRunControl() = default;

RunControl PyRunControl::runControl(std::function<void(const PipelineProgress &)> progress)
{
    RunControl c;
    c.progress = std::move(progress);
    if (m_token)
        c.cancelFlag = m_token->flag();
    c.isCancelled = [this] { return cancelled(); };
    return c;
}

bool PyRunControl::cancelled()
{
    if (m_token && m_token->isSet())
        return true;
    if (m_error)
        return true;
    py::gil_scoped_acquire gil;
    try {
        if (PyErr_CheckSignals() != 0) // Ctrl+C: KeyboardInterrupt is now the pending error
            throw py::error_already_set();
        if (m_cancel) {
            const py::object r = m_isEvent ? m_cancel.attr("is_set")() : m_cancel();
            return r.cast<bool>();
        }
    } catch (py::error_already_set &e) {
        m_error = std::move(e);
        return true;
    }
    return false;
}

void PyRunControl::callPython(const std::function<void()> &fn)
{
    if (m_error)
        return;
    py::gil_scoped_acquire gil;
    try {
        fn();
    } catch (py::error_already_set &e) {
        m_error = std::move(e);
    }
}

void PyRunControl::rethrowPythonError()
{
    if (m_error) {
        py::error_already_set e = std::move(*m_error);
        m_error.reset();
        throw e;
    }
}

void registerCancelToken(py::module_ &m)
{
    py::class_<PyCancelToken, std::shared_ptr<PyCancelToken>>(m, "CancelToken", R"doc(
Stops a running process_image() / process_batch() when set, from any thread (or from a
progress callback). The call raises dinosam.Cancelled at its next check (between stages
and prompts). Like threading.Event: cancel() = set(), is_set(), reset().
)doc")
        .def(py::init<>())
        .def("cancel", &PyCancelToken::cancel, "Asks the call to stop.")
        .def("set", &PyCancelToken::cancel, "Same as cancel().")
        .def("reset", &PyCancelToken::reset, "Clears the token for reuse.")
        .def("is_set", &PyCancelToken::isSet)
        .def("__bool__", &PyCancelToken::isSet)
        .def("__repr__", [](const PyCancelToken &t) {
            return std::string("CancelToken(") + (t.isSet() ? "set" : "not set") + ")";
        });
}

} // namespace dinosam::python
