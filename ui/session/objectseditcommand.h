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
    /// `automatic`: a new automatic result replacing the untouched objects (a slider move);
    /// consecutive ones merge into one step, so undo goes back past a whole drag at once.
    ObjectsEditCommand(SegmentationDocument *document, const QString &text,
                       std::vector<DocumentObject> before, std::vector<DocumentObject> after,
                       bool automatic = false);

    void undo() override;
    void redo() override;
    int id() const override { return m_automatic ? 1 : -1; }
    bool mergeWith(const QUndoCommand *other) override;

private:
    SegmentationDocument *m_document;
    std::vector<DocumentObject> m_before;
    std::vector<DocumentObject> m_after;
    bool m_automatic = false;
};

} // namespace dinosam::ui
