#include "objectseditcommand.h"

#include "segmentationdocument.h"

namespace dinosam::ui {

ObjectsEditCommand::ObjectsEditCommand(SegmentationDocument *document, const QString &text,
                                       std::vector<DocumentObject> before,
                                       std::vector<DocumentObject> after)
    : QUndoCommand(text)
    , m_document(document)
    , m_before(std::move(before))
    , m_after(std::move(after))
{
}

void ObjectsEditCommand::undo()
{
    m_document->setObjects(m_before);
}

void ObjectsEditCommand::redo()
{
    m_document->setObjects(m_after);
}

} // namespace dinosam::ui
