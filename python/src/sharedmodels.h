#pragma once
// The models one or more Python objects share: a PipelineBackend (DINOv2 and SAM2,
// loaded once), the Pipeline on it (stage cache), and the lock that serialises every
// call into them. DinoSamPipeline owns one; its .dino and .sam2 share it; a DINOv2Detector
// or SAM2Segmenter built on its own has its own. Torch-free header.
#include "pipeline/pipeline.h"

#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace dinosam {
class PipelineBackend;
}

namespace dinosam::python {

/// What to load, from the Python constructors' arguments.
struct ModelSetup
{
    std::string dinoModel;  ///< catalogue id; empty: no DINOv2 needed
    std::string sam2Model;  ///< catalogue id; empty: no SAM2 needed
    std::optional<std::filesystem::path> dinoCheckpoint, sam2Checkpoint, modelDir;
    std::optional<std::string> device; ///< None: CUDA when LibTorch sees a GPU, else CPU; "cpu"; "cuda"
    int threads = 0;                   ///< LibTorch intra-op threads (0: all cores)
};

class SharedModels
{
public:
    /// Builds the backend and the pipeline; nothing is loaded yet. Throws BadArgument for a
    /// bad device string, PipelineError(InvalidArgument) when CUDA is asked for but absent.
    explicit SharedModels(const ModelSetup &setup);
    ~SharedModels();

    /// Loads the models named in the setup now (so that a missing or corrupt checkpoint is
    /// reported by the constructor, as the original tool did). Call through call().
    void preload();

    /// Runs `fn` with the GIL released, holding this object's lock, under c10::InferenceMode,
    /// with LibTorch and OpenCV exceptions turned into PipelineError(Internal). Must be called
    /// with the GIL held; `fn` must not touch Python objects (callbacks acquire the GIL).
    void call(const std::function<void()> &fn);

    Pipeline &pipeline() { return *m_pipeline; }
    PipelineBackend &backend() { return *m_backend; }
    const ModelSetup &setup() const { return m_setup; }
    /// The pipeline's configuration (model folder, explicit checkpoints, device).
    const PipelineConfig &config() const { return m_config; }
    /// "cpu" or "cuda".
    const char *deviceName() const;
    /// Parameters with the setup's model ids.
    SegmentationParams params() const;

private:
    ModelSetup m_setup;
    PipelineConfig m_config;
    std::shared_ptr<PipelineBackend> m_backend;
    std::unique_ptr<Pipeline> m_pipeline;
    std::mutex m_mutex;
};

} // namespace dinosam::python
