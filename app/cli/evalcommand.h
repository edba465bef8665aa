#pragma once
// `dinosam eval`: discovery (and find similar) measured against COCO ground truth.
#include <QStringList>

namespace dinosam::cli {

/// `arguments`: the program name followed by eval's own arguments ("eval" removed).
/// Exit codes as for segmentation: 0 all images evaluated, 1 some images or records
/// failed (the others were evaluated), 2 usage, 3 nothing could run (ground truth
/// unreadable, models missing).
int runEvalCommand(const QStringList &arguments);

/// main() for `dinosam eval` (argv[1] == "eval"): makes the application object itself, a
/// QApplication on the offscreen platform where the plot is built in (QCustomPlot is a widget).
int evalMain(int argc, char *argv[]);

} // namespace dinosam::cli
