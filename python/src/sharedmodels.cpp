#include "sharedmodels.h"

#include "errors.h"

#include "pipeline/pipelinebackend.h"
#include "pipeline/torchbackend.h"

#include <c10/core/InferenceMode.h>
#include <c10/util/Exception.h>
#include <pybind11/pybind11.h>
#include <torch/cuda.h>

#include <new>

namespace dinosam::python {
namespace {

ComputeDevice parseDevice(const std::optional<std::string> &device)
{
    if (!device)
        return torch::cuda::is_available() ? ComputeDevice::Cuda : ComputeDevice::Cpu;
    std::string d = *device;
    for (auto &c : d)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    if (d == "cpu")
        return ComputeDevice::Cpu;
    if (d == "cuda" || d == "cuda:0")
        return ComputeDevice::Cuda;
    throw BadArgument("device must be None, 'cpu' or 'cuda', got '" + *device + "'");
}

} // namespace

SharedModels::SharedModels(const ModelSetup &setup) : m_setup(setup)
{
    if (setup.threads < 0 || setup.threads > 1024)
        throw BadArgument("threads needs a whole number >= 1 (or 0 for all cores), got " +
                          std::to_string(setup.threads));
    m_config.device = parseDevice(setup.device);
    m_config.threads = setup.threads;
    if (setup.modelDir)
        m_config.modelDir = *setup.modelDir;
    if (setup.dinoCheckpoint && !setup.dinoModel.empty())
        m_config.checkpoints[setup.dinoModel] = *setup.dinoCheckpoint;
    if (setup.sam2Checkpoint && !setup.sam2Model.empty())
        m_config.checkpoints[setup.sam2Model] = *setup.sam2Checkpoint;
    m_backend = makeTorchBackend(m_config);
    m_pipeline = std::make_unique<Pipeline>(m_config, m_backend);
}

SharedModels::~SharedModels() = default;

void SharedModels::preload()
{
    if (!m_setup.dinoModel.empty())
        m_backend->dino(m_setup.dinoModel);
    if (!m_setup.sam2Model.empty())
        m_backend->sam2(m_setup.sam2Model);
}

const char *SharedModels::deviceName() const { return m_config.device == ComputeDevice::Cuda ? "cuda" : "cpu"; }

SegmentationParams SharedModels::params() const
{
    SegmentationParams p;
    if (!m_setup.dinoModel.empty())
        p.dinoModel = m_setup.dinoModel;
    if (!m_setup.sam2Model.empty())
        p.sam2Model = m_setup.sam2Model;
    return p;
}

void SharedModels::call(const std::function<void()> &fn)
{
    pybind11::gil_scoped_release release;
    std::lock_guard<std::mutex> lock(m_mutex);
    c10::InferenceMode inferenceMode;
    try {
        fn();
    } catch (const PipelineError &) {
        throw;
    } catch (const Cancelled &) {
        throw;
    } catch (const std::bad_alloc &) {
        throw PipelineError(PipelineError::Kind::Internal, "out of memory");
    } catch (const c10::Error &e) {
        throw PipelineError(PipelineError::Kind::Internal, std::string("LibTorch: ") + e.what_without_backtrace());
    } catch (const cv::Exception &e) {
        throw PipelineError(PipelineError::Kind::Internal, std::string("OpenCV: ") + e.what());
    }
    // Everything else (ImageLoadError, ExportError, BadArgument, pybind11::error_already_set
    // from a callback) keeps its type for the translator.
}

} // namespace dinosam::python
