#pragma once
#include "types/prompt.h"
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
    /// The user's points and box that produced this object (empty for discovered objects).
    /// Part of the undo snapshots: undoing a refinement brings back the markers before it.
    Prompt prompt;
    /// The user touched it (refined, added, merged, hid, labelled): a new automatic result for
    /// the image (a slider move) keeps it and drops the automatic objects that duplicate it.
    bool kept = false;
    /// Found by "find similar" and not yet accepted: shown, kept on re-segmentation, not saved
    /// or exported until accepted.
    bool suggested = false;
    /// Locked by the user: kept like `kept`, and never deleted, merged or re-segmented until
    /// unlocked (the document refuses those edits).
    bool locked = false;
};

} // namespace dinosam::ui
