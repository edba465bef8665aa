#pragma once
// The studio's autosave: each image's objects go to the folder's annotation store
// (core/annotation, `<folder>/.dinosam/`) and come back when the folder is opened again.
#include "annotation/labelset.h"

#include <QColor>
#include <QObject>
#include <QString>
#include <QThreadPool>
#include <QTimer>

#include <map>
#include <memory>

namespace dinosam {
class AnnotationStore;
}

namespace dinosam::ui {

class SegmentationDocument;

/**
 * Saves a document's annotation (objects, labels, masks as RLE, which were edited, prompts,
 * parameters) when the user leaves the image, every kIntervalMs while it changes, and on
 * quit; restores it when an image of the folder is shown again, without a model run.
 * A document is written only when its revision moved since its last save. The annotation is
 * taken on the GUI thread (cheap: masks are shared, immutable) and encoded and written on a
 * background thread (50 full-size masks take a few hundred ms), in order; the destructor and
 * setFolder() wait for them. Writes are atomic (the store's): a crash loses at most the last interval. A failing write (read-only folder,
 * disk full) is reported once per folder through problem() and leaves the previous file
 * intact; a damaged annotation file is reported with its name and kept as `.bak` by the store.
 * Thread: GUI.
 */
class ProjectAutosave : public QObject
{
    Q_OBJECT
public:
    static constexpr int kIntervalMs = 5000;

    explicit ProjectAutosave(QObject *parent = nullptr);
    ~ProjectAutosave() override;

    /// The folder whose images are saved (empty: none; nothing is saved then).
    void setFolder(const QString &folder);
    QString folder() const;
    /// The document the timer saves (the one shown).
    void setCurrent(SegmentationDocument *document);
    /// How often the timer saves (default kIntervalMs).
    void setInterval(int ms) { m_timer.setInterval(ms); }

    /// Restores @p path's saved annotation into @p document; false when there is none (or it
    /// was damaged: reported).
    bool restore(SegmentationDocument *document, const QString &path);
    /// Queues a write of @p document when it changed since its last save. false: nothing queued
    /// (no change, no folder, not in the folder). A failed write is reported and retried later.
    bool save(SegmentationDocument *document);
    /// Whether @p path has a saved annotation.
    bool hasAnnotation(const QString &path) const;
    /// Waits until every queued write is done.
    void waitForWrites() { m_writer.waitForDone(); }
    /// Number of annotation files written (for tests and the status bar).
    int writes() const { return m_writes; }

    /// The folder's label set (project.json / classes.txt): names in class order.
    QStringList labelNames() const;
    /// The colour of @p label in the folder's label set; a new label is added (and saved).
    QColor labelColor(const std::string &label);
    /// The label whose keyboard shortcut is @p digit (1-9), empty when none.
    QString labelForShortcut(int digit) const;
    /// Adds the labels of @p document's objects to the label set (saved with the next save()).
    void learnLabels(const SegmentationDocument *document);

Q_SIGNALS:
    /// Something the user must know (a failed write, a damaged file), in one sentence.
    void problem(const QString &message);
    /// @p path's annotation was written; @p edited: it has objects the user touched.
    void saved(const QString &path, bool edited);

private:
    bool inFolder(const QString &path) const;

    std::shared_ptr<AnnotationStore> m_store; // shared with the writes in flight
    QThreadPool m_writer;                       // one thread: writes stay in order
    QString m_folder;
    SegmentationDocument *m_current = nullptr;
    QTimer m_timer;
    std::map<const SegmentationDocument *, quint64> m_savedRevision;
    bool m_writeFailureReported = false;
    LabelSet m_labels;
    bool m_labelsDirty = false;
    int m_writes = 0;
};

} // namespace dinosam::ui
