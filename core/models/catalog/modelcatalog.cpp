#include "models/catalog/modelcatalog.h"

#include <cstdio>
#include <cstdlib>

namespace dinosam {
namespace {

// The sixteen official files. Sizes and SHA-256: Meta publishes none; these were
// computed by third parties, each confirmed by at least two independent projects
// (issue 11). sam2_hiera_base_plus's size is unconfirmed: 0, the hash alone decides.
// URLs: facebookresearch/dinov2 hubconf (dinov2/hub/backbones.py) and
// facebookresearch/sam2 checkpoints/download_ckpts.sh.
struct Row
{
    const char *id;
    ModelFamily family;
    const char *displayName;
    const char *fileName;
    const char *relativeUrl;
    int64_t sizeBytes;
    const char *sha256;
    const char *architecture;
    int registers;
};

constexpr ModelFamily D = ModelFamily::Dinov2;
constexpr ModelFamily S20 = ModelFamily::Sam2;
constexpr ModelFamily S21 = ModelFamily::Sam21;

const Row kRows[] = {
    {"dinov2_vits14", D, "DINOv2 ViT-S/14", "dinov2_vits14_pretrain.pth",
     "dinov2/dinov2_vits14/dinov2_vits14_pretrain.pth", 88283115,
     "b938bf1bc15cd2ec0feacfe3a1bb553fe8ea9ca46a7e1d8d00217f29aef60cd9", "vit_small", 0},
    {"dinov2_vits14_reg4", D, "DINOv2 ViT-S/14 (4 registers)", "dinov2_vits14_reg4_pretrain.pth",
     "dinov2/dinov2_vits14/dinov2_vits14_reg4_pretrain.pth", 88291785,
     "f433177089a681826f849f194ece3bb48f4d63fb38d32fc837e3dc7a4e5641fb", "vit_small", 4},
    {"dinov2_vitb14", D, "DINOv2 ViT-B/14", "dinov2_vitb14_pretrain.pth",
     "dinov2/dinov2_vitb14/dinov2_vitb14_pretrain.pth", 346378731,
     "0b8b82f85de91b424aded121c7e1dcc2b7bc6d0adeea651bf73a13307fad8c73", "vit_base", 0},
    {"dinov2_vitb14_reg4", D, "DINOv2 ViT-B/14 (4 registers)", "dinov2_vitb14_reg4_pretrain.pth",
     "dinov2/dinov2_vitb14/dinov2_vitb14_reg4_pretrain.pth", 346393545,
     "73182a088cf94833c94b1666d1c99e02fe87e2007bff57b564fb6206e25dba71", "vit_base", 4},
    {"dinov2_vitl14", D, "DINOv2 ViT-L/14", "dinov2_vitl14_pretrain.pth",
     "dinov2/dinov2_vitl14/dinov2_vitl14_pretrain.pth", 1217586395,
     "d5383ea8f4877b2472eb973e0fd72d557c7da5d3611bd527ceeb1d7162cbf428", "vit_large", 0},
    {"dinov2_vitl14_reg4", D, "DINOv2 ViT-L/14 (4 registers)", "dinov2_vitl14_reg4_pretrain.pth",
     "dinov2/dinov2_vitl14/dinov2_vitl14_reg4_pretrain.pth", 1217607321,
     "36e4deffbaef061a2576705b0c36f93621e2ae20bf6274694821b0b492551b51", "vit_large", 4},
    {"dinov2_vitg14", D, "DINOv2 ViT-g/14", "dinov2_vitg14_pretrain.pth",
     "dinov2/dinov2_vitg14/dinov2_vitg14_pretrain.pth", 4546108579,
     "baf8467e50af277596bbbafa06887c177ee899ab46033649c383577d7e9309d3", "vit_giant2", 0},
    {"dinov2_vitg14_reg4", D, "DINOv2 ViT-g/14 (4 registers)", "dinov2_vitg14_reg4_pretrain.pth",
     "dinov2/dinov2_vitg14/dinov2_vitg14_reg4_pretrain.pth", 4546140349,
     "746ecb8c6301c645c5c855be91687d274587d6e48fdaec4a729753160b34a283", "vit_giant2", 4},

    {"sam2.1_hiera_tiny", S21, "SAM 2.1 Hiera tiny", "sam2.1_hiera_tiny.pt",
     "segment_anything_2/092824/sam2.1_hiera_tiny.pt", 156008466,
     "7402e0d864fa82708a20fbd15bc84245c2f26dff0eb43a4b5b93452deb34be69", "hiera_t", 0},
    {"sam2.1_hiera_small", S21, "SAM 2.1 Hiera small", "sam2.1_hiera_small.pt",
     "segment_anything_2/092824/sam2.1_hiera_small.pt", 184416285,
     "6d1aa6f30de5c92224f8172114de081d104bbd23dd9dc5c58996f0cad5dc4d38", "hiera_s", 0},
    {"sam2.1_hiera_base_plus", S21, "SAM 2.1 Hiera base+", "sam2.1_hiera_base_plus.pt",
     "segment_anything_2/092824/sam2.1_hiera_base_plus.pt", 323606802,
     "a2345aede8715ab1d5d31b4a509fb160c5a4af1970f199d9054ccfb746c004c5", "hiera_b+", 0},
    {"sam2.1_hiera_large", S21, "SAM 2.1 Hiera large", "sam2.1_hiera_large.pt",
     "segment_anything_2/092824/sam2.1_hiera_large.pt", 898083611,
     "2647878d5dfa5098f2f8649825738a9345572bae2d4350a2468587ece47dd318", "hiera_l", 0},
    {"sam2_hiera_tiny", S20, "SAM 2 Hiera tiny", "sam2_hiera_tiny.pt",
     "segment_anything_2/072824/sam2_hiera_tiny.pt", 155906050,
     "65b50056e05bcb13694174f51bb6da89c894b57b75ccdf0ba6352c597c5d1125", "hiera_t", 0},
    {"sam2_hiera_small", S20, "SAM 2 Hiera small", "sam2_hiera_small.pt",
     "segment_anything_2/072824/sam2_hiera_small.pt", 184309650,
     "95949964d4e548409021d47b22712d5f1abf2564cc0c3c765ba599a24ac7dce3", "hiera_s", 0},
    {"sam2_hiera_base_plus", S20, "SAM 2 Hiera base+", "sam2_hiera_base_plus.pt",
     "segment_anything_2/072824/sam2_hiera_base_plus.pt", 0 /* unconfirmed */,
     "d0bb7f236400a49669ffdd1be617959a8b1d1065081789d7bbff88eded3a8071", "hiera_b+", 0},
    {"sam2_hiera_large", S20, "SAM 2 Hiera large", "sam2_hiera_large.pt",
     "segment_anything_2/072824/sam2_hiera_large.pt", 897952466,
     "7442e4e9b732a508f80e141e7c2913437a3610ee0c77381a66658c3a445df87b", "hiera_l", 0},
};

constexpr int kDefaultDino = 1; // dinov2_vits14_reg4
constexpr int kDefaultSam2 = 8; // sam2.1_hiera_tiny

// The dimensions the content check needs, per upstream builder. The full
// architectures are in models/dinov2/dinov2config.cpp and models/sam2/sam2config.cpp
// (tests check that both agree).
struct VitDims
{
    const char *architecture;
    int64_t dim;
    int depth;
    int64_t fc1Out;   // first feed-forward layer's output width (ViT-g: SwiGLU w12 = 2 x 4096)
    bool swiglu;
};
const VitDims kVits[] = {
    {"vit_small", 384, 12, 1536, false},
    {"vit_base", 768, 12, 3072, false},
    {"vit_large", 1024, 24, 4096, false},
    {"vit_giant2", 1536, 40, 8192, true},
};

struct HieraDims
{
    const char *architecture;
    int64_t embedDim; // trunk embed_dim
    int blocks;       // sum of the stages
};
const HieraDims kHieras[] = {
    {"hiera_t", 96, 12},   // stages (1, 2, 7, 2)
    {"hiera_s", 96, 16},   // stages (1, 2, 11, 2)
    {"hiera_b+", 112, 24}, // stages (2, 3, 16, 3)
    {"hiera_l", 144, 48},  // stages (2, 6, 36, 4)
};

std::vector<TensorSignature> dinoSignature(const VitDims &a, int registers)
{
    const int64_t c = a.dim;
    const std::string last = "blocks." + std::to_string(a.depth - 1) + ".";
    std::vector<TensorSignature> s = {
        {"cls_token", {1, 1, c}},
        {"pos_embed", {1, 1370, c}}, // img_size 518, patch 14: 37 x 37 + 1
        {"mask_token", {1, c}},
        {"patch_embed.proj.weight", {c, 3, 14, 14}},
        {"norm.weight", {c}},
        {last + "norm1.weight", {c}},
        {"blocks." + std::to_string(a.depth) + ".norm1.weight", {}, false},
        {a.swiglu ? "blocks.0.mlp.w12.weight" : "blocks.0.mlp.fc1.weight", {a.fc1Out, c}},
    };
    if (registers > 0)
        s.push_back({"register_tokens", {1, registers, c}});
    else
        s.push_back({"register_tokens", {}, false});
    return s;
}

std::vector<TensorSignature> sam2Signature(const HieraDims &a, bool sam21)
{
    const int64_t c = a.embedDim;
    std::vector<TensorSignature> s = {
        {"image_encoder.trunk.patch_embed.proj.weight", {c, 3, 7, 7}},
        {"image_encoder.trunk.blocks." + std::to_string(a.blocks - 1) + ".norm1.weight", {8 * c}},
        {"image_encoder.trunk.blocks." + std::to_string(a.blocks) + ".norm1.weight", {}, false},
        // FPN neck: backbone_channel_list = [8c, 4c, 2c, c] -> d_model 256.
        {"image_encoder.neck.convs.0.conv.weight", {256, 8 * c, 1, 1}},
        {"image_encoder.neck.convs.3.conv.weight", {256, c, 1, 1}},
        {"no_mem_embed", {1, 1, 256}},
        {"sam_prompt_encoder.point_embeddings.0.weight", {1, 256}},
        {"sam_mask_decoder.iou_prediction_head.layers.0.weight", {256, 256}},
    };
    // SAM2.1's configs set no_obj_embed_spatial: true; SAM2's files lack the tensor.
    if (sam21)
        s.push_back({"no_obj_embed_spatial", {1, 64}});
    else
        s.push_back({"no_obj_embed_spatial", {}, false});
    return s;
}

std::vector<ModelEntry> build()
{
    std::vector<ModelEntry> all;
    for (const Row &r : kRows) {
        ModelEntry e;
        e.id = r.id;
        e.family = r.family;
        e.displayName = r.displayName;
        e.fileName = r.fileName;
        e.relativeUrl = r.relativeUrl;
        e.sizeBytes = r.sizeBytes;
        e.sha256 = r.sha256;
        e.architecture = r.architecture;
        e.registers = r.registers;
        if (e.isDino()) {
            for (const VitDims &v : kVits)
                if (e.architecture == v.architecture)
                    e.signature = dinoSignature(v, e.registers);
        } else {
            e.stateDictKey = "model";
            for (const HieraDims &h : kHieras)
                if (e.architecture == h.architecture)
                    e.signature = sam2Signature(h, e.family == ModelFamily::Sam21);
        }
        all.push_back(std::move(e));
    }
    return all;
}

std::string shapeText(const std::vector<int64_t> &shape)
{
    std::string s = "[";
    for (size_t i = 0; i < shape.size(); ++i)
        s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

} // namespace

const char *modelFamilyName(ModelFamily family)
{
    switch (family) {
    case ModelFamily::Dinov2:
        return "DINOv2";
    case ModelFamily::Sam2:
        return "SAM2";
    case ModelFamily::Sam21:
        return "SAM2.1";
    }
    return "?";
}

const std::vector<ModelEntry> &ModelCatalog::all()
{
    static const std::vector<ModelEntry> catalog = build();
    return catalog;
}

const ModelEntry *ModelCatalog::find(std::string_view id)
{
    for (const ModelEntry &e : all())
        if (e.id == id)
            return &e;
    return nullptr;
}

const ModelEntry *ModelCatalog::findByFileName(std::string_view fileName)
{
    for (const ModelEntry &e : all())
        if (e.fileName == fileName)
            return &e;
    return nullptr;
}

std::vector<std::string> ModelCatalog::dinoIds()
{
    std::vector<std::string> ids;
    for (const ModelEntry &e : all())
        if (e.isDino())
            ids.push_back(e.id);
    return ids;
}

std::vector<std::string> ModelCatalog::sam2Ids()
{
    std::vector<std::string> ids;
    for (const ModelEntry &e : all())
        if (e.isSam2())
            ids.push_back(e.id);
    return ids;
}

std::string ModelCatalog::knownIds()
{
    std::string s;
    for (const ModelEntry &e : all())
        s += (s.empty() ? "" : ", ") + e.id;
    return s;
}

const std::string &ModelCatalog::defaultDinoModel()
{
    return all().at(kDefaultDino).id;
}

const std::string &ModelCatalog::defaultSam2Model()
{
    return all().at(kDefaultSam2).id;
}

std::string ModelCatalog::officialBaseUrl()
{
    return "https://dl.fbaipublicfiles.com/";
}

std::string ModelCatalog::urlBase()
{
    const char *env = std::getenv("DINOSAM_MODEL_URL_BASE");
    std::string base = (env && *env) ? std::string(env) : officialBaseUrl();
    if (base.back() != '/')
        base += '/';
    return base;
}

std::string ModelCatalog::url(const ModelEntry &entry)
{
    return urlBase() + entry.relativeUrl;
}

std::vector<std::string> signatureProblems(const ModelEntry &entry, const TensorShapes &shapes)
{
    std::vector<std::string> problems;
    for (const TensorSignature &t : entry.signature) {
        const auto it = shapes.find(t.key);
        if (!t.present) {
            if (it != shapes.end())
                problems.push_back("unexpected " + t.key);
            continue;
        }
        if (it == shapes.end()) {
            problems.push_back("missing " + t.key);
            continue;
        }
        if (!t.shape.empty() && it->second != t.shape)
            problems.push_back(t.key + " has shape " + shapeText(it->second) + ", expected " + shapeText(t.shape));
    }
    return problems;
}

const ModelEntry *identifyCheckpoint(const TensorShapes &shapes)
{
    for (const ModelEntry &e : ModelCatalog::all())
        if (signatureProblems(e, shapes).empty())
            return &e;
    return nullptr;
}

std::string describeCheckpointKind(const TensorShapes &shapes)
{
    if (shapes.count("cls_token") && shapes.count("patch_embed.proj.weight"))
        return "a DINOv2 checkpoint";
    if (shapes.count("image_encoder.trunk.patch_embed.proj.weight"))
        return "a SAM2 checkpoint";
    return {};
}

std::string formatBytes(int64_t bytes)
{
    char buffer[32];
    if (bytes >= (int64_t(1) << 30))
        std::snprintf(buffer, sizeof buffer, "%.2f GiB", double(bytes) / double(int64_t(1) << 30));
    else
        std::snprintf(buffer, sizeof buffer, "%.1f MiB", double(bytes) / double(1 << 20));
    return buffer;
}

} // namespace dinosam
