#pragma once
// The `dinosam eval` plot: every metric against the threshold, one line style per
// method, rendered offscreen with QCustomPlot and written atomically as PNG.
#include "evaluation/evalreport.h"

#include <filesystem>
#include <string>
#include <vector>

namespace dinosam::cli {

/// Whether this build can draw (it links QCustomPlot only when the GUI is built).
bool evalPlotAvailable();

/// Writes the plot; needs a QApplication (offscreen is fine). Returns an error message, or
/// an empty string on success.
std::string writeEvalPlot(const std::vector<evaluation::EvalRow> &rows, const std::filesystem::path &png);

} // namespace dinosam::cli
