#include "objectseditcommand.h"

#include "segmentationdocument.h"

namespace dinosam::ui {

ObjectsEditCommand::ObjectsEditCommand(SegmentationDocument *document, const QString &text,
                                       std::vector<DocumentObject> before,
                                       std::vector<DocumentObject> after, bool automatic)
    : QUndoCommand(text)
    , m_document(document)
    , m_before(std::move(before))
    , m_after(std::move(after))
    , m_automatic(automatic)
{
}

bool ObjectsEditCommand::mergeWith(const QUndoCommand *other)
{
    const auto *next = static_cast<const ObjectsEditCommand *>(other); // same id(): also automatic
    if (next->m_document != m_document)
        return false;
    m_after = next->m_after;
    return true;
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
