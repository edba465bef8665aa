#pragma once
// `dinosam track VIDEO|FRAME_DIR --save-dir DIR [--keyframe N] [discovery options]`:
// discovers the objects on a keyframe (as `dinosam IMAGE` does), then follows each
// with SAM2's video predictor, backward to frame 0 and forward to the end, optionally
// re-running discovery every N frames for objects that enter later. Outputs: trackrecorder.h
// (masks, tracks, MOT CSV, COCO video JSON) and trackoverlay.h (overlay video).
#include "clioptions.h"

#include <QStringList>

namespace dinosam::cli {

/// Runs the command on `arguments` (arguments[0] the program, "track" already removed).
/// Returns the process exit code (ExitCode values; 130 when interrupted).
int runTrackCommand(const QStringList &arguments);

} // namespace dinosam::cli
