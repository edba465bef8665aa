#pragma once
// The content verifier built on the project's checkpoint reader (dinosam_io):
// this header is torch-free, the implementation is not.
#include "modelmanager/modelfilecheck.h"

namespace dinosam {

/// A ContentVerifier that reads the file's state dict with readStateDict()
/// (under ModelSpec::stateDictKey; nothing in the file is executed) and checks
/// ModelSpec::expectedTensors: presence, absence and shapes. Refuses files the
/// reader refuses (not a checkpoint, unknown pickle globals, truncated storages).
/// Loads every tensor, so it needs about the file's size in memory. Thread-safe.
ContentVerifier checkpointContentVerifier();

} // namespace dinosam
