#pragma once
#include "types/segmentation.h"

#include <QColor>

#include <memory>

namespace dinosam::ui {

/// One object as the document shows it: immutable segmentation data plus view state.
/// Copies are cheap (the object is shared), which keeps undo snapshots small.
struct DocumentObject
{
    std::shared_ptr<const SegmentedObject> object;
    QColor color;
    bool visible = true;
    int uid = 0; ///< stable within one document generation (survives edits)
};

} // namespace dinosam::ui
