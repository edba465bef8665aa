#pragma once
#include "documentobject.h"

#include <QUndoCommand>

#include <vector>

namespace dinosam::ui {

class SegmentationDocument;

/// Any edit of the object list, stored as before/after snapshots (objects are
/// shared, so snapshots cost a few pointers). The document outlives its stack.
class ObjectsEditCommand : public QUndoCommand
{
public:
    ObjectsEditCommand(SegmentationDocument *document, const QString &text,
                       std::vector<DocumentObject> before, std::vector<DocumentObject> after);

    void undo() override;
    void redo() override;

private:
    SegmentationDocument *m_document;
    std::vector<DocumentObject> m_before;
    std::vector<DocumentObject> m_after;
};

} // namespace dinosam::ui
