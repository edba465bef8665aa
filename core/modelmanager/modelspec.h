#pragma once
// One downloadable checkpoint as the model manager and the UI see it: the
// catalogue entry (models/catalog/modelcatalog.h) in Qt types. No LibTorch here
// (UI code includes it). The catalogue is the only source of these values.
#include "models/catalog/modelcatalog.h"

#include <QList>
#include <QString>
#include <QtGlobal>

#include <vector>

namespace dinosam {

struct ModelSpec
{
    QString id;               ///< "dinov2_vits14_reg4", "sam2.1_hiera_tiny"
    ModelFamily family = ModelFamily::Dinov2;
    QString displayName;      ///< "DINOv2 ViT-S/14 (4 registers)"
    QString fileName;         ///< "dinov2_vits14_reg4_pretrain.pth"
    QString relativeUrl;      ///< path under the download base URL (a mirror replaces the base)
    QString sha256;           ///< lowercase hex of the published file
    qint64 sizeBytes = 0;     ///< size of the published file; 0 = unconfirmed (the hash alone decides)
    QString stateDictKey;     ///< entry holding the state dict ("model" for SAM2), empty = top level
    std::vector<TensorSignature> signature; ///< the content check's expected tensors

    bool isDino() const { return family == ModelFamily::Dinov2; }

    /// The same model in Qt types.
    static ModelSpec fromEntry(const ModelEntry &entry);
    /// Every catalogue entry, in catalogue order.
    static QList<ModelSpec> builtin();
};

} // namespace dinosam
