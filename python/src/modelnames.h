#pragma once
// The original tool's model names (SAM2 yaml configs, hub DINOv2 names) mapped to
// DinoSam's catalogue ids, and the CLI's rule that a checkpoint's file name implies
// its model. Torch-free, no Python.
#include <filesystem>
#include <optional>
#include <string>

namespace dinosam::python {

/// The model the original tool used when none was given.
inline constexpr const char *kDefaultDinoModel = "dinov2_vitb14";
inline constexpr const char *kDefaultSam2Model = "sam2_hiera_large"; // "sam2_hiera_l.yaml"

/// SAM2 catalogue id for a yaml config name as the original tool took it
/// ("sam2_hiera_l.yaml", "sam2.1/sam2.1_hiera_t.yaml", "configs/sam2.1/sam2.1_hiera_b+.yaml")
/// or for an id itself ("sam2.1_hiera_tiny"). Throws BadArgument (ValueError) naming the
/// known names otherwise.
std::string sam2IdFromConfig(const std::string &config);

/// The catalogue id whose Meta file name starts the checkpoint's file name, ending at a
/// separator ("dinov2_vits14_reg4_random.pth" -> "dinov2_vits14_reg4"); empty when none does.
/// The same rule as the CLI's --dino-checkpoint / --sam2-checkpoint.
std::string modelIdFromFileName(const std::filesystem::path &file, bool dino);

/// The DINOv2 id for a model_name argument: the name when given (it must be a catalogue id),
/// else the id the checkpoint's file name implies, else kDefaultDinoModel. Throws BadArgument.
std::string resolveDinoId(const std::optional<std::string> &name, const std::optional<std::filesystem::path> &checkpoint);

/// The SAM2 id for a model_cfg / sam2_config argument, likewise. Throws BadArgument.
std::string resolveSam2Id(const std::optional<std::string> &config,
                          const std::optional<std::filesystem::path> &checkpoint);

/// "a, b, c" of the known ids.
std::string knownDinoIds();
std::string knownSam2Ids();

} // namespace dinosam::python
