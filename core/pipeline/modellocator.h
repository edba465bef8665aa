#pragma once
// Where model checkpoints live: an explicit file, else Meta's file name in the
// folders of the one model-folder policy (models/catalog/modelfolders.h). Reads the
// one model catalogue (models/catalog/modelcatalog.h). Torch-free; used by the CLI,
// the GUI and the pipeline.
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

    /// Meta's release file name for a model id (ModelCatalog). Throws
    /// PipelineError(InvalidArgument) naming the known ids for an unknown id.
    static std::string checkpointFileName(const std::string &modelId);
    /// The download URL for a model id (ModelCatalog::url(); empty for an unknown id).
    static std::string downloadUrl(const std::string &modelId);

    static bool isDinoModel(const std::string &modelId);
    static bool isSam2Model(const std::string &modelId);
    /// Known ids, in catalogue order (smallest model first).
    static std::vector<std::string> dinoModels();
    static std::vector<std::string> sam2Models();

    /// models/catalog/modelfolders.h: userModelDir().
    static std::filesystem::path userModelDir();

    /// Folders searched, in order: modelDir (if set), $DINOSAM_MODEL_DIR (if set), userModelDir().
    std::vector<std::filesystem::path> searchDirs() const;

    /// The first search folder holding checkpointFileName(modelId), not verified;
    /// empty when none does. Throws PipelineError(InvalidArgument) for an unknown id.
    std::filesystem::path locate(const std::string &modelId) const;

    /// Installed models of the same kind as `modelId` (DINOv2, or SAM2/SAM2.1) found
    /// in the search folders, other than `modelId` itself.
    std::vector<std::string> installedAlternatives(const std::string &modelId) const;

    /// The checkpoint for `modelId`:
    /// - `explicitPath` when not empty: the user's own file (e.g. a fine-tuned or test
    ///   checkpoint), used as it is; it must exist (PipelineError(ModelMissing) otherwise).
    /// - else the file locate() finds, accepted only when it is the official file: its size
    ///   and SHA-256 match the catalogue (answered from its "verified" stamp when the file is
    ///   unchanged since it was last hashed; otherwise hashed once and stamped), or it was
    ///   installed as the user's own with `dinosam models install FILE --as ID --own`.
    ///   A file that does not match throws PipelineError(ModelInvalid) naming both hashes.
    /// - nothing found: PipelineError(ModelMissing) whose message names the file needed, every
    ///   place looked at, the URL, `dinosam models download <id>`, `dinosam models install`,
    ///   and the installed models of the same kind that could be used instead.
    /// PipelineError(InvalidArgument) for an unknown id.
    std::filesystem::path resolve(const std::string &modelId,
                                  const std::filesystem::path &explicitPath = {}) const;

private:
    std::filesystem::path m_modelDir;
};

} // namespace dinosam
