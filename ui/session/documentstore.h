#pragma once
#include "enginejob.h"

#include <QMap>
#include <QObject>
#include <QStringList>
#include <QUndoGroup>

#include <map>
#include <memory>
#include <vector>

namespace dinosam::ui {

class SegmentationDocument;

/**
 * One SegmentationDocument per image the user has looked at, so going to another
 * image and back keeps the masks, the edits and their undo history. Edited documents
 * are the user's work and are always kept; of the unedited ones (cheap to compute
 * again) the kMaxUnedited most recently shown stay. The undo group follows the
 * current document, so one Undo action serves every image. Thread: GUI.
 */
class DocumentStore : public QObject
{
    Q_OBJECT
public:
    explicit DocumentStore(QObject *parent = nullptr);

    /// The document of @p path, created (empty) when there is none.
    SegmentationDocument *documentFor(const QString &path);
    /// The document of @p path, or null.
    SegmentationDocument *find(const QString &path) const;
    /// Every document kept, in no particular order.
    std::vector<SegmentationDocument *> all() const;
    /// Makes @p path's document the current one (created when needed) and returns it.
    SegmentationDocument *activate(const QString &path);
    SegmentationDocument *current() const { return m_current; }
    QUndoGroup *undoGroup() { return &m_undoGroup; }

    /// Edited results of every image except @p except, by path (for a folder export).
    QMap<QString, std::shared_ptr<const SegmentationResult>> editedResults(const QString &except = {}) const;

    static constexpr int kMaxUnedited = 24;

Q_SIGNALS:
    /// The current document's objects or selection changed.
    void currentObjectsChanged();

private:
    void dropOld();

    std::map<QString, SegmentationDocument *> m_documents; // children of this
    QStringList m_order;                                   // least recently shown first
    SegmentationDocument *m_current = nullptr;
    QUndoGroup m_undoGroup;
};

} // namespace dinosam::ui
