#pragma once
// Where model checkpoints live: an explicit file, else Meta's file name in the
// model folder, $DINOSAM_MODEL_DIR or the user cache (~/.cache/dinosam/models).
// Torch-free; used by the CLI, the GUI and the pipeline.
#include <filesystem>
#include <string>
#include <vector>

namespace dinosam {

/// Resolves model ids ("dinov2_vits14_reg4", "sam2.1_hiera_tiny") to checkpoint files.
/// Immutable after construction; all methods are thread-safe.
class ModelLocator
{
public:
    /// `modelDir`: searched first when not empty (the CLI's --model-dir, the GUI's setting).
    explicit ModelLocator(std::filesystem::path modelDir = {});

    /// Meta's release file name for a model id: "dinov2_vits14_pretrain.pth",
    /// "dinov2_vits14_reg4_pretrain.pth", "sam2.1_hiera_tiny.pt", "sam2_hiera_base_plus.pt".
    /// Throws PipelineError(InvalidArgument) for an unknown id.
    static std::string checkpointFileName(const std::string &modelId);
    /// Meta's download URL for a model id (empty for an unknown id).
    static std::string downloadUrl(const std::string &modelId);

    static bool isDinoModel(const std::string &modelId);
    static bool isSam2Model(const std::string &modelId);
    /// Known ids, smallest model first.
    static std::vector<std::string> dinoModels();
    static std::vector<std::string> sam2Models();

    /// The user cache folder: $XDG_CACHE_HOME/dinosam/models or ~/.cache/dinosam/models
    /// (%LOCALAPPDATA%\dinosam\models on Windows). May not exist.
    static std::filesystem::path userModelDir();

    /// Folders searched, in order: modelDir (if set), $DINOSAM_MODEL_DIR (if set), userModelDir().
    std::vector<std::filesystem::path> searchDirs() const;

    /// The checkpoint for `modelId`: `explicitPath` when not empty (it must exist), else the
    /// first search folder holding checkpointFileName(modelId). Throws PipelineError(ModelMissing)
    /// whose message names the file needed, every place looked at, the download URL and
    /// `dinosam models download <id>`; PipelineError(InvalidArgument) for an unknown id.
    std::filesystem::path resolve(const std::string &modelId,
                                  const std::filesystem::path &explicitPath = {}) const;

private:
    std::filesystem::path m_modelDir;
};

} // namespace dinosam
