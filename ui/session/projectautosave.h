#pragma once
// The studio's autosave: each image's objects go to the folder's annotation store
// (core/annotation, `<folder>/.dinosam/` or a place the user chose) and come back when the folder
// is opened again.
#include "annotation/labelset.h"

#include <QColor>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QThreadPool>
#include <QTimer>

#include <map>
#include <memory>
#include <vector>

namespace dinosam {
class AnnotationStore;
}

namespace dinosam::ui {

class SegmentationDocument;

/**
 * Saves a document's annotation (objects, labels, masks as RLE, which were edited or locked,
 * prompts, parameters) when the user leaves the image, every kIntervalMs while it changes, and on
 * quit; restores it when an image of the folder is shown again, without a model run.
 * A document is written only when its revision moved since its last save. The annotation is
 * taken on the GUI thread (cheap: masks are shared, immutable) and encoded and written on a
 * background thread (50 full-size masks take a few hundred ms), in order; the destructor and
 * setFolder() wait for them. Writes are atomic (the store's): a crash loses at most the last interval.
 *
 * A failing write (read-only folder, disk full) leaves the previous file intact, is reported once
 * per store folder through writeFailed(), and is retried on every interval (documents the user
 * left included) until it succeeds, e.g. after setStoreFolder() moved the store to a writable
 * place (remembered per image folder in AppSettings). A damaged annotation file is reported with
 * its name through problem() and kept as `.bak` by the store.
 *
 * The folder's label set and the label for new objects (project.json) live here too.
 * Thread: GUI.
 */
class ProjectAutosave : public QObject
{
    Q_OBJECT
public:
    static constexpr int kIntervalMs = 5000;

    explicit ProjectAutosave(QObject *parent = nullptr);
    ~ProjectAutosave() override;

    /// The folder whose images are saved (empty: none; nothing is saved then). Its store is the
    /// one remembered for it (AppSettings::annotationFolder), else `<folder>/.dinosam`.
    void setFolder(const QString &folder);
    QString folder() const;
    /// Where the annotations are written now (empty without a folder).
    QString storeFolder() const;
    /// Moves the store to @p storeFolder (remembered for this image folder): what the old place
    /// holds is copied there first (files already there are kept), and every write that failed is
    /// done again there. false (and @p error) when the folder cannot be created.
    bool setStoreFolder(const QString &storeFolder, QString *error = nullptr);
    /// The store folder to use when the user picks @p chosen for @p imageFolder: @p chosen itself
    /// when it is empty or already a DinoSam store, else `<chosen>/<image folder name>.dinosam`.
    static QString storeFolderFor(const QString &chosen, const QString &imageFolder);
    /// The store (shared with the writes in flight), null without a folder. Call waitForWrites()
    /// before using it on the GUI thread.
    std::shared_ptr<const AnnotationStore> store() const { return m_store; }

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
    /// Documents whose last write failed (retried on the timer).
    int failedWrites() const;

    /// The folder's label set (project.json / classes.txt): names in class order.
    QStringList labelNames() const;
    const LabelSet &labels() const { return m_labels; }
    /// Replaces the label set and writes it now (queued).
    void setLabels(const LabelSet &labels);
    /// The colour of @p label in the folder's label set; a new label is added (and saved).
    QColor labelColor(const std::string &label);
    /// The label whose keyboard shortcut is @p digit (1-9), empty when none.
    QString labelForShortcut(int digit) const;
    /// Adds the labels of @p document's objects to the label set (saved with the next save()).
    void learnLabels(const SegmentationDocument *document);
    /// The label new objects get (project.json's default_label; "object" at first).
    QString defaultLabel() const { return QString::fromStdString(m_defaultLabel); }
    /// Sets it (normalised; a new name joins the label set) and writes the project file (queued).
    /// false for an empty name.
    bool setDefaultLabel(const QString &label);
    /// Renames labels in every saved annotation (old -> new), after the writes queued so far.
    void relabelSaved(const std::map<std::string, std::string> &renames);

Q_SIGNALS:
    /// Something the user must know (a damaged file), in one sentence.
    void problem(const QString &message);
    /// Annotations cannot be written to storeFolder() (once per store folder): @p message says
    /// why; the work stays open and is written again once the store can be written.
    void writeFailed(const QString &message);
    /// @p path's annotation was written; @p edited: it has objects the user touched.
    void saved(const QString &path, bool edited);
    /// The label set or the default label changed.
    void labelsChanged();

private:
    bool inFolder(const QString &path) const;
    void openStore(const QString &storeFolder);
    /// Queues a write of the label set when it changed.
    void flushLabels();
    void reportFailure(const QString &error);
    void retryFailed();

    std::shared_ptr<AnnotationStore> m_store; // shared with the writes in flight
    QThreadPool m_writer;                       // one thread: writes stay in order
    QString m_folder;
    SegmentationDocument *m_current = nullptr;
    QTimer m_timer;
    std::map<const SegmentationDocument *, quint64> m_savedRevision;
    std::vector<QPointer<SegmentationDocument>> m_failed; // written again on the timer
    bool m_writeFailureReported = false;
    LabelSet m_labels;
    std::string m_defaultLabel = "object";
    bool m_labelsDirty = false;
    int m_writes = 0;
};

} // namespace dinosam::ui
