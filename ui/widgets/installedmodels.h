#pragma once
// Which models the studio can use now: read from the settings and the model folders,
// without opening any checkpoint. Thread: any (reads QSettings and the file system).
#include "types/segmentation.h"

#include <QString>
#include <QStringList>

#include <functional>

namespace dinosam::ui {

/// The checkpoint file chosen for a model id ("" = none: look in the model folders).
using CheckpointPathFn = std::function<QString(const QString &modelId)>;

/// Ids of one kind (DINOv2, or SAM2 and SAM2.1), in catalogue order, whose checkpoint is
/// there: the file `checkpointPath` names for it, or Meta's file name in the model folders
/// (`modelDir`, then $DINOSAM_MODEL_DIR, then the user's folder). Not verified.
QStringList installedModels(bool dino, const QString &modelDir, const CheckpointPathFn &checkpointPath);
/// The same from the saved settings (AppSettings).
QStringList installedModels(bool dino);

/// `params` with a chosen model whose checkpoint is not there replaced by an installed one of
/// its kind (the recommended one when it is there, else the smallest), so that someone who has
/// only dinov2_vits14_reg4 is not asked for dinov2_vits14. A model that is there, or a kind of
/// which nothing is installed, is kept. Reads the saved settings.
SegmentationParams withInstalledModels(SegmentationParams params);

} // namespace dinosam::ui
