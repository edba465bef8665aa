#pragma once
// The one model-folder policy: where model files are installed and searched.
// Standard library only; the locator, the model manager, the CLI and the UI read it.
#include <filesystem>
#include <vector>

namespace dinosam {

/// The per-user folder: %LOCALAPPDATA%\dinosam\models (Windows), else
/// $XDG_CACHE_HOME/dinosam/models, else ~/.cache/dinosam/models. May not exist.
std::filesystem::path userModelDir();

/// Where downloads and installs go by default: $DINOSAM_MODEL_DIR when set, else userModelDir().
std::filesystem::path defaultModelDir();

/// Folders searched for a model file, in order: `explicitDir` (when not empty: the CLI's
/// --model-dir, the studio's setting), $DINOSAM_MODEL_DIR (when set), userModelDir().
std::vector<std::filesystem::path> modelSearchDirs(const std::filesystem::path &explicitDir = {});

} // namespace dinosam
