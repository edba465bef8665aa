#pragma once
// Plain description of one downloadable checkpoint: where it comes from, how
// to recognise it and what it must contain. No LibTorch here (UI code includes it).
#include <QList>
#include <QString>
#include <QtGlobal>

namespace dinosam {

enum class ModelFamily { Dinov2, Sam2 };

/// One tensor a checkpoint must (or must not) hold, checked by a content verifier.
struct TensorExpectation
{
    QString key;              ///< state-dict key, after unwrapping ModelSpec::stateDictKey
    QList<qint64> shape;      ///< expected shape; empty = any shape
    bool present = true;      ///< false: the key must be absent (e.g. register_tokens without reg4)
};

/// A model the manager knows. `sha256` and `sizeBytes` are filled only with
/// values taken from the real published files (packaging/tools/model-hashes.sh
/// computes them); empty/0 means "unknown": the download is then verified by
/// content (zip CRCs + expected tensors) and its hash recorded on first use.
struct ModelSpec
{
    QString id;               ///< "dinov2_vits14_reg4", "sam2.1_hiera_tiny": the file name's stem
    ModelFamily family = ModelFamily::Dinov2;
    QString displayName;      ///< "DINOv2 ViT-S/14 (4 registers)"
    QString fileName;         ///< "dinov2_vits14_reg4_pretrain.pth"
    QString relativeUrl;      ///< path under the official base URL (a mirror replaces the base)
    QString sha256;           ///< lowercase hex of the published file; empty = unknown
    qint64 sizeBytes = 0;     ///< size of the published file; 0 = unknown
    QString stateDictKey;     ///< entry holding the state dict ("model" for SAM2), empty = top level
    QList<TensorExpectation> expectedTensors;
};

} // namespace dinosam
