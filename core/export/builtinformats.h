#pragma once
// Factories of the built-in export formats (each lives in its own .cpp).
#include "export/exportformat.h"

#include <memory>

namespace dinosam {

std::unique_ptr<ExportFormat> makeSeedFormat();
std::unique_ptr<ExportFormat> makeCocoFormat();
std::unique_ptr<ExportFormat> makeYoloFormat();
std::unique_ptr<ExportFormat> makeLabelmeFormat();
std::unique_ptr<ExportFormat> makeVocFormat();
std::unique_ptr<ExportFormat> makeCutoutsFormat();
std::unique_ptr<ExportFormat> makeOverlayFormat();

} // namespace dinosam
