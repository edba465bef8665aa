#include "documentstore.h"

#include "segmentationdocument.h"

namespace dinosam::ui {

DocumentStore::DocumentStore(QObject *parent)
    : QObject(parent)
{
}

SegmentationDocument *DocumentStore::find(const QString &path) const
{
    const auto it = m_documents.find(path);
    return it == m_documents.end() ? nullptr : it->second;
}

std::vector<SegmentationDocument *> DocumentStore::all() const
{
    std::vector<SegmentationDocument *> out;
    for (const auto &[path, doc] : m_documents)
        out.push_back(doc);
    return out;
}

SegmentationDocument *DocumentStore::documentFor(const QString &path)
{
    if (SegmentationDocument *doc = find(path))
        return doc;
    auto *doc = new SegmentationDocument(this);
    m_documents[path] = doc;
    m_undoGroup.addStack(doc->undoStack());
    connect(doc, &SegmentationDocument::objectsChanged, this, [this, doc] {
        if (doc == m_current)
            Q_EMIT currentObjectsChanged();
    });
    return doc;
}

SegmentationDocument *DocumentStore::activate(const QString &path)
{
    m_current = documentFor(path);
    m_undoGroup.setActiveStack(m_current->undoStack());
    m_order.removeAll(path);
    m_order << path;
    dropOld();
    return m_current;
}

void DocumentStore::dropOld()
{
    int unedited = 0;
    for (const auto &[path, doc] : m_documents)
        unedited += doc->isEdited() ? 0 : 1;
    for (int i = 0; i < m_order.size() && unedited > kMaxUnedited;) {
        SegmentationDocument *doc = find(m_order[i]);
        if (!doc || doc == m_current || doc->isEdited()) {
            ++i;
            continue;
        }
        m_documents.erase(m_order[i]);
        m_order.removeAt(i);
        m_undoGroup.removeStack(doc->undoStack());
        doc->deleteLater();
        --unedited;
    }
}

QMap<QString, std::shared_ptr<const SegmentationResult>> DocumentStore::editedResults(const QString &except) const
{
    QMap<QString, std::shared_ptr<const SegmentationResult>> out;
    for (const auto &[path, doc] : m_documents)
        if (!path.isEmpty() && path != except && doc->isEdited() && doc->result())
            out.insert(path, doc->editedResult());
    return out;
}

} // namespace dinosam::ui
