#pragma once
// The checkpoints DinoSam can download: Meta's official DINOv2 and SAM2/SAM2.1
// release files. Thread-safe (immutable data).
#include "modelmanager/modelspec.h"

#include <QUrl>

namespace dinosam {

class ModelCatalog
{
public:
    /// Base of every official URL: "https://dl.fbaipublicfiles.com/".
    static QUrl officialBaseUrl();

    /// The built-in catalog, in display order: DINOv2 ViT-S/B/L/g 14 without and
    /// with 4 registers, then SAM2 (072824) and SAM2.1 (092824) Hiera
    /// tiny/small/base+/large.
    ///
    /// How to fill in SHA-256 and sizes: download the files on a machine with
    /// network access and run packaging/tools/model-hashes.sh; it prints the
    /// `sha256`/`sizeBytes` lines to paste into modelcatalog.cpp. Until then
    /// they are empty, and downloads are checked by content and recorded on
    /// first use (see ModelManager).
    static const QList<ModelSpec> &builtin();

    /// The built-in entry with this id, or nullptr.
    static const ModelSpec *find(const QString &id);
    /// The built-in entry whose fileName equals `fileName`, or nullptr.
    static const ModelSpec *findByFileName(const QString &fileName);
};

} // namespace dinosam
