#include "errors.h"

#include "export/exporterror.h"
#include "imageio/imageloaderror.h"
#include "io/checkpointerror.h"
#include "pipeline/pipelineerror.h"
#include "video/framereader.h"

namespace dinosam::python {
namespace {

// Created once per interpreter and owned by the module (never freed: the module
// lives until the interpreter ends).
PyObject *g_modelError = nullptr;
PyObject *g_cancelled = nullptr;

} // namespace

py::handle cancelledType() { return g_cancelled; }

void registerErrors(py::module_ &m)
{
    g_modelError = PyErr_NewExceptionWithDoc(
        "dinosam.ModelError",
        "A model checkpoint is missing, unreadable or does not match the model (the message names the file, "
        "where it was looked for, and how to get it).",
        PyExc_RuntimeError, nullptr);
    g_cancelled = PyErr_NewExceptionWithDoc(
        "dinosam.Cancelled",
        "A call stopped because its cancel token was set (or Ctrl+C). process_batch() attaches the results "
        "finished before the cancellation as the attribute `results`.",
        PyExc_Exception, nullptr);
    if (!g_modelError || !g_cancelled)
        throw py::error_already_set();
    m.add_object("ModelError", py::handle(g_modelError));
    m.add_object("Cancelled", py::handle(g_cancelled));

    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p)
                std::rethrow_exception(p);
        } catch (const FileNotFound &e) {
            PyErr_SetString(PyExc_FileNotFoundError, e.what());
        } catch (const BadArgument &e) {
            PyErr_SetString(PyExc_ValueError, e.what());
        } catch (const PipelineError &e) {
            switch (e.kind()) {
            case PipelineError::Kind::ModelMissing:
            case PipelineError::Kind::ModelInvalid:
                PyErr_SetString(g_modelError, e.what());
                break;
            case PipelineError::Kind::ImageUnreadable:
            case PipelineError::Kind::ImageTooLarge:
            case PipelineError::Kind::ImageTooSmall:
            case PipelineError::Kind::InvalidArgument:
                PyErr_SetString(PyExc_ValueError, e.what());
                break;
            case PipelineError::Kind::NotCached:
            case PipelineError::Kind::Internal:
                PyErr_SetString(PyExc_RuntimeError, e.what());
                break;
            }
        } catch (const Cancelled &) {
            PyErr_SetString(g_cancelled, "cancelled");
        } catch (const ImageLoadError &e) {
            PyErr_SetString(PyExc_ValueError, e.what());
        } catch (const ExportError &e) {
            PyErr_SetString(PyExc_OSError, e.what());
        } catch (const CheckpointError &e) {
            PyErr_SetString(g_modelError, e.what());
        } catch (const FrameReadError &e) {
            PyErr_SetString(PyExc_ValueError, e.what());
        }
    });
}

} // namespace dinosam::python
