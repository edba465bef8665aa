#pragma once
// `dinosam export PROJECT_DIR --format ...`: writes the annotations saved in PROJECT_DIR/.dinosam
// in the chosen formats without loading any model.
#include "clioptions.h"

namespace dinosam::cli {

/**
 * Exports every annotated image of options.images[0] (the project folder) into options.saveDir
 * (default PROJECT_DIR/export). Images without an annotation are skipped and counted; annotations
 * whose image is gone are exported when no format needs the pixels, else reported; damaged
 * annotation files are reported (and kept as .bak by the store). Labels come from --labels, else the
 * project's label set. Returns ExitOk, ExitImageFailed (some image failed), ExitSetupFailed (no
 * project, nothing annotated, unusable save folder). Never throws.
 */
int runExportCommand(const CliOptions &options);

} // namespace dinosam::cli
