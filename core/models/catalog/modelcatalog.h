#pragma once
// The one catalogue of the checkpoints DinoSam knows: Meta's official DINOv2
// and SAM2 / SAM2.1 release files. Standard library only; every other place
// (architecture configs, model locator, model manager, CLI, UI) reads it.
// All data is immutable after first use: thread-safe.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace dinosam {

/// Which network and release a checkpoint belongs to.
enum class ModelFamily { Dinov2, Sam2, Sam21 };

/// "DINOv2", "SAM2", "SAM2.1".
const char *modelFamilyName(ModelFamily family);

/// One tensor a checkpoint of a model must (or must not) hold: the content check.
struct TensorSignature
{
    std::string key;              ///< state-dict key, under ModelEntry::stateDictKey
    std::vector<int64_t> shape;   ///< expected shape; empty = any shape
    bool present = true;          ///< false: the key must be absent (register_tokens without reg4)
};

/// Tensor shapes of a checkpoint's state dict, key -> shape (what the content check reads).
using TensorShapes = std::map<std::string, std::vector<int64_t>>;

/// One official model.
struct ModelEntry
{
    std::string id;               ///< "dinov2_vits14_reg4", "sam2.1_hiera_tiny"
    ModelFamily family = ModelFamily::Dinov2;
    std::string displayName;      ///< "DINOv2 ViT-S/14 (4 registers)"
    std::string fileName;         ///< Meta's file name, "dinov2_vits14_reg4_pretrain.pth"
    std::string relativeUrl;      ///< path under the download base URL
    int64_t sizeBytes = 0;        ///< published size; 0 = unconfirmed (the hash alone decides)
    std::string sha256;           ///< published SHA-256, 64 lowercase hex digits
    std::string stateDictKey;     ///< entry holding the state dict ("model" for SAM2), empty = top level
    /// Architecture config reference: the upstream builder of the network,
    /// "vit_small" / "vit_base" / "vit_large" / "vit_giant2" (dinov2/hub/backbones.py) or
    /// "hiera_t" / "hiera_s" / "hiera_b+" / "hiera_l" (sam2/configs/sam2{,.1}/sam2{,.1}_<arch>.yaml).
    std::string architecture;
    int registers = 0;            ///< DINOv2 register tokens (0 or 4)
    std::vector<TensorSignature> signature; ///< the content check (see identifyCheckpoint())

    bool isDino() const { return family == ModelFamily::Dinov2; }
    bool isSam2() const { return family != ModelFamily::Dinov2; } ///< SAM2 or SAM2.1
};

class ModelCatalog
{
public:
    /// Every official model, in display order: DINOv2 ViT-S/B/L/g 14 each without and
    /// with registers, then SAM2.1 and SAM2 Hiera tiny/small/base+/large.
    static const std::vector<ModelEntry> &all();
    /// The entry with this id, or nullptr.
    static const ModelEntry *find(std::string_view id);
    /// The entry whose fileName equals `fileName`, or nullptr.
    static const ModelEntry *findByFileName(std::string_view fileName);
    /// Ids of one kind (DINOv2, or SAM2 + SAM2.1), smallest model first.
    static std::vector<std::string> dinoIds();
    static std::vector<std::string> sam2Ids();
    /// "a, b, c" of every id (for error messages).
    static std::string knownIds();

    /// The recommended models, used wherever nothing else is chosen (CLI, studio, demo):
    /// DINOv2 ViT-S/14 with registers (object discovery: LOST CorLoc on VOC07 55.4
    /// with registers vs 35.3 without) and SAM2.1 Hiera tiny.
    static const std::string &defaultDinoModel();
    static const std::string &defaultSam2Model();

    /// "https://dl.fbaipublicfiles.com/"
    static std::string officialBaseUrl();
    /// Base of the download URLs: $DINOSAM_MODEL_URL_BASE when set (a mirror, a file:
    /// folder, or in tests a local server), else officialBaseUrl(). Ends with '/'.
    static std::string urlBase();
    /// urlBase() + entry.relativeUrl.
    static std::string url(const ModelEntry &entry);
};

/// Problems of `shapes` against `entry`'s signature ("missing cls_token",
/// "unexpected register_tokens", "cls_token has shape [1, 1, 384], expected [1, 1, 768]");
/// empty when the file matches.
std::vector<std::string> signatureProblems(const ModelEntry &entry, const TensorShapes &shapes);

/// The catalogue entry whose signature `shapes` matches (the variant a file actually
/// is: DINOv2 size and registers, SAM2 or SAM2.1 and size), or nullptr.
const ModelEntry *identifyCheckpoint(const TensorShapes &shapes);

/// A rough guess of the family when no entry matches: "a DINOv2 checkpoint", "a SAM2
/// checkpoint" or "" (neither), read from characteristic keys.
std::string describeCheckpointKind(const TensorShapes &shapes);

/// Human-readable size: "84.2 MiB", "4.23 GiB".
std::string formatBytes(int64_t bytes);

} // namespace dinosam
