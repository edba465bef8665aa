#pragma once
// The content verifier built on the project's checkpoint reader (dinosam_io):
// this header is torch-free, the implementation is not.
#include "modelmanager/modelfilecheck.h"

namespace dinosam {

/// A ContentVerifier that reads the file's state dict with readStateDict()
/// (unwrapping "model" as SAM2 files need; nothing in the file is executed), checks it
/// against ModelSpec::signature, and names the variant the file actually is
/// (identifyCheckpoint(): DINOv2 size and registers, SAM2 or SAM2.1 and size) in
/// ContentCheck::identifiedId. A file of another variant gets one message naming
/// both ("x.pth is DINOv2 ViT-S/14 (4 registers) (dinov2_vits14_reg4), not SAM 2.1
/// Hiera tiny"), not a list of keys. Refuses files the reader refuses (not a
/// checkpoint, unknown pickle globals, truncated storages). Loads every tensor, so
/// it needs about the file's size in memory. Thread-safe.
ContentVerifier checkpointContentVerifier();

/// The same check and messages from the tensor shapes alone (readStateDictShapes(): the
/// zip directory and the pickle, no tensor data), so it answers in milliseconds even for a
/// file of several GB: what the settings dialog shows for a chosen file. It cannot see
/// damaged tensor data (checkZipCheckpoint() and checkpointContentVerifier() do). Thread-safe.
ContentCheck identifyCheckpointFile(const QString &path, const ModelSpec &spec);

} // namespace dinosam
