#pragma once
// The real PipelineBackend: DINOv2 and SAM2 as native LibTorch modules, loaded
// lazily per model id from checkpoints found by ModelLocator, and the discovery
// methods of core/discovery.
#include "pipeline/pipeline.h"
#include "pipeline/pipelinebackend.h"

#include <memory>

namespace dinosam {

/// Creates the real backend for `config` (nothing is loaded yet). Thread: as Pipeline.
std::shared_ptr<PipelineBackend> makeTorchBackend(const PipelineConfig &config);

} // namespace dinosam
