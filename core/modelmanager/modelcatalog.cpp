#include "modelmanager/modelcatalog.h"

#include <vector>

namespace dinosam {
namespace {

// Upstream: facebookresearch/dinov2 hubconf.py / dinov2/hub/backbones.py
// (img_size 518, patch 14: 37 x 37 + 1 = 1370 position embeddings; block_chunks 0).
struct VitArch
{
    const char *arch;       // "vits14"
    const char *name;       // "ViT-S/14"
    qint64 dim;
    int depth;
    qint64 fc1Out;          // first MLP layer's output width (SwiGLU for ViT-g: w12)
    bool swiglu;
};

ModelSpec dinov2Spec(const VitArch &a, bool reg4)
{
    const QString base = QStringLiteral("dinov2_") + QLatin1String(a.arch);
    ModelSpec s;
    s.id = reg4 ? base + QStringLiteral("_reg4") : base;
    s.family = ModelFamily::Dinov2;
    s.displayName = QStringLiteral("DINOv2 ") + QLatin1String(a.name) +
                    (reg4 ? QStringLiteral(" (4 registers)") : QString());
    s.fileName = s.id + QStringLiteral("_pretrain.pth");
    s.relativeUrl = QStringLiteral("dinov2/") + base + QLatin1Char('/') + s.fileName;
    const QString last = QStringLiteral("blocks.%1.").arg(a.depth - 1);
    s.expectedTensors = {
        {QStringLiteral("cls_token"), {1, 1, a.dim}},
        {QStringLiteral("pos_embed"), {1, 1370, a.dim}},
        {QStringLiteral("mask_token"), {1, a.dim}},
        {QStringLiteral("patch_embed.proj.weight"), {a.dim, 3, 14, 14}},
        {QStringLiteral("norm.weight"), {a.dim}},
        {last + QStringLiteral("norm1.weight"), {a.dim}},
        {QStringLiteral("blocks.%1.norm1.weight").arg(a.depth), {}, false},
        {a.swiglu ? QStringLiteral("blocks.0.mlp.w12.weight") : QStringLiteral("blocks.0.mlp.fc1.weight"),
         {a.fc1Out, a.dim}},
        {QStringLiteral("register_tokens"), reg4 ? QList<qint64>{1, 4, a.dim} : QList<qint64>{}, reg4},
    };
    return s;
}

// Upstream: facebookresearch/sam2 sam2/configs/sam2{,.1}/sam2{,.1}_hiera_{t,s,b+,l}.yaml.
struct HieraArch
{
    const char *size;       // "tiny"
    const char *name;       // "Hiera tiny"
    qint64 embedDim;        // trunk embed_dim
    int blocks;             // sum of stages
};

ModelSpec sam2Spec(const HieraArch &a, bool v21)
{
    ModelSpec s;
    s.id = (v21 ? QStringLiteral("sam2.1_hiera_") : QStringLiteral("sam2_hiera_")) + QLatin1String(a.size);
    s.family = ModelFamily::Sam2;
    s.displayName = (v21 ? QStringLiteral("SAM 2.1 ") : QStringLiteral("SAM 2 ")) + QLatin1String(a.name);
    s.fileName = s.id + QStringLiteral(".pt");
    s.relativeUrl = (v21 ? QStringLiteral("segment_anything_2/092824/") : QStringLiteral("segment_anything_2/072824/")) +
                    s.fileName;
    s.stateDictKey = QStringLiteral("model");
    const qint64 c = a.embedDim;
    s.expectedTensors = {
        {QStringLiteral("image_encoder.trunk.patch_embed.proj.weight"), {c, 3, 7, 7}},
        {QStringLiteral("image_encoder.trunk.blocks.%1.norm1.weight").arg(a.blocks - 1), {8 * c}},
        {QStringLiteral("image_encoder.trunk.blocks.%1.norm1.weight").arg(a.blocks), {}, false},
        // FPN neck: backbone_channel_list = [8c, 4c, 2c, c] -> d_model 256.
        {QStringLiteral("image_encoder.neck.convs.0.conv.weight"), {256, 8 * c, 1, 1}},
        {QStringLiteral("image_encoder.neck.convs.3.conv.weight"), {256, c, 1, 1}},
        {QStringLiteral("no_mem_embed"), {1, 1, 256}},
        {QStringLiteral("sam_prompt_encoder.point_embeddings.0.weight"), {1, 256}},
        {QStringLiteral("sam_mask_decoder.iou_prediction_head.layers.0.weight"), {256, 256}},
    };
    if (v21) // SAM2.1 configs set no_obj_embed_spatial: true
        s.expectedTensors.append({QStringLiteral("no_obj_embed_spatial"), {1, 64}});
    return s;
}

QList<ModelSpec> makeCatalog()
{
    // SwiGLU hidden width for ViT-g: (int(1536 * 4 * 2 / 3) + 7) / 8 * 8 = 4096, w12 = 2 x 4096.
    const VitArch vits[] = {
        {"vits14", "ViT-S/14", 384, 12, 1536, false},
        {"vitb14", "ViT-B/14", 768, 12, 3072, false},
        {"vitl14", "ViT-L/14", 1024, 24, 4096, false},
        {"vitg14", "ViT-g/14", 1536, 40, 8192, true},
    };
    const HieraArch hieras[] = {
        {"tiny", "Hiera tiny", 96, 12},            // stages (1, 2, 7, 2)
        {"small", "Hiera small", 96, 16},          // stages (1, 2, 11, 2)
        {"base_plus", "Hiera base+", 112, 24},     // stages (2, 3, 16, 3)
        {"large", "Hiera large", 144, 48},         // stages (2, 6, 36, 4)
    };
    QList<ModelSpec> all;
    for (const VitArch &a : vits) {
        all.append(dinov2Spec(a, false));
        all.append(dinov2Spec(a, true));
    }
    for (bool v21 : {false, true})
        for (const HieraArch &a : hieras)
            all.append(sam2Spec(a, v21));

    // Published SHA-256 and sizes. Deliberately empty: this catalog was written
    // without network access, and no value is entered that was not computed from
    // the real file. packaging/tools/model-hashes.sh prints the rows to paste here.
    struct KnownFile
    {
        const char *fileName;
        const char *sha256;
        qint64 sizeBytes;
    };
    const std::vector<KnownFile> known = {
        // {"dinov2_vits14_pretrain.pth", "<64 lowercase hex>", <bytes>},
    };
    for (const KnownFile &k : known)
        for (ModelSpec &s : all)
            if (s.fileName == QLatin1String(k.fileName)) {
                s.sha256 = QLatin1String(k.sha256);
                s.sizeBytes = k.sizeBytes;
            }
    return all;
}

} // namespace

QUrl ModelCatalog::officialBaseUrl()
{
    return QUrl(QStringLiteral("https://dl.fbaipublicfiles.com/"));
}

const QList<ModelSpec> &ModelCatalog::builtin()
{
    static const QList<ModelSpec> catalog = makeCatalog();
    return catalog;
}

const ModelSpec *ModelCatalog::find(const QString &id)
{
    for (const ModelSpec &s : builtin())
        if (s.id == id)
            return &s;
    return nullptr;
}

const ModelSpec *ModelCatalog::findByFileName(const QString &fileName)
{
    for (const ModelSpec &s : builtin())
        if (s.fileName == fileName)
            return &s;
    return nullptr;
}

} // namespace dinosam
