#pragma once
// Architecture hyper-parameters of Meta's DINOv2 hub models.
// Provenance: facebookresearch/dinov2, dinov2/hub/backbones.py and
// dinov2/models/vision_transformer.py (vit_small/base/large/giant2).
#include <cstdint>
#include <string>
#include <vector>

namespace dinosam {

/// Feed-forward layer of every block: "mlp" (fc1/GELU/fc2) or "swiglufused" (w12/SiLU-gate/w3).
enum class DinoV2FfnLayer { Mlp, SwiGluFused };

/// One DINOv2 backbone as Meta's hub builds it. Plain value type, any thread.
struct DinoV2Config
{
    std::string name;            ///< hub id, e.g. "dinov2_vits14_reg4"
    int64_t embedDim = 384;      ///< C
    int64_t depth = 12;          ///< number of blocks
    int64_t numHeads = 6;
    double mlpRatio = 4.0;
    int64_t patchSize = 14;
    int64_t imgSize = 518;       ///< training size: pos_embed holds (518/14)^2 = 37x37 patches + CLS
    int64_t numRegisterTokens = 0;
    DinoV2FfnLayer ffnLayer = DinoV2FfnLayer::Mlp;
    double layerScaleInit = 1.0;   ///< init_values (LayerScale is always present in hub models)
    double layerNormEps = 1e-6;    ///< partial(nn.LayerNorm, eps=1e-6); PyTorch's default is 1e-5
    /// Bicubic position-embedding interpolation, as the hub sets it per model:
    /// without registers antialias=False, offset 0.1; with registers antialias=True, offset 0.0.
    bool interpolateAntialias = false;
    double interpolateOffset = 0.1;
    std::string checkpointFile;  ///< Meta's release file name, e.g. "dinov2_vits14_reg4_pretrain.pth"

    int64_t headDim() const { return embedDim / numHeads; }
    int64_t posEmbedGrid() const { return imgSize / patchSize; }   ///< M = 37
    /// Hidden width of the feed-forward layer. Mlp: int(C * mlp_ratio). SwiGLUFFNFused
    /// shrinks it as Meta does: (int(hidden * 2 / 3) + 7) // 8 * 8 (4096 for ViT-G).
    int64_t ffnHiddenDim() const;
    /// Analytic multiply-add count x2 (FLOPs) of one forward pass on a gridH x gridW patch grid
    /// (patch embedding, qkv/proj, attention matmuls, feed-forward; norms and softmax ignored).
    double forwardFlops(int64_t gridH, int64_t gridW) const;
};

/// The eight hub models, one per DINOv2 entry of ModelCatalog and in its order
/// (S, S-reg4, B, B-reg4, L, L-reg4, G, G-reg4).
const std::vector<DinoV2Config> &dinoV2Catalog();

/// The catalog entry named `name`. Throws std::invalid_argument naming the known ids otherwise.
DinoV2Config dinoV2Config(const std::string &name);

} // namespace dinosam
