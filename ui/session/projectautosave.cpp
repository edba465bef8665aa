#include "projectautosave.h"

#include "maskrenderer.h"
#include "segmentationdocument.h"

#include "annotation/annotationstore.h"
#include "appsettings.h"

#include <QDir>
#include <QFileInfo>
#include <QPointer>

#include <algorithm>
#include <filesystem>

namespace dinosam::ui {

ProjectAutosave::ProjectAutosave(QObject *parent) : QObject(parent)
{
    m_writer.setMaxThreadCount(1);
    m_timer.setInterval(kIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (m_current)
            save(m_current);
        retryFailed();
        flushLabels();
    });
}

ProjectAutosave::~ProjectAutosave()
{
    m_writer.waitForDone(); // quitting writes what the user left (the tasks hold the store)
}

void ProjectAutosave::setFolder(const QString &folder)
{
    m_writer.waitForDone();
    m_folder = folder.isEmpty() ? QString() : QDir(folder).absolutePath();
    m_savedRevision.clear();
    m_failed.clear();
    m_labels = LabelSet();
    m_defaultLabel = "object";
    m_labelsDirty = false;
    openStore(m_folder.isEmpty() ? QString() : AppSettings().annotationFolder(m_folder));
    if (m_store) {
        std::vector<std::string> problems;
        std::string defaultLabel;
        m_labels = m_store->loadLabels(&defaultLabel, &problems);
        if (!defaultLabel.empty())
            m_defaultLabel = defaultLabel;
        if (!problems.empty())
            Q_EMIT problem(QString::fromStdString(problems.front()));
    }
    if (m_store)
        m_timer.start();
    else
        m_timer.stop();
    Q_EMIT labelsChanged();
}

void ProjectAutosave::openStore(const QString &storeFolder)
{
    m_writeFailureReported = false;
    if (m_folder.isEmpty()) {
        m_store.reset();
        return;
    }
    m_store = std::make_shared<AnnotationStore>(m_folder.toStdString(), storeFolder.toStdString());
}

QString ProjectAutosave::folder() const
{
    return m_folder;
}

QString ProjectAutosave::storeFolder() const
{
    return m_store ? QString::fromStdString(m_store->storeFolder().string()) : QString();
}

QString ProjectAutosave::storeFolderFor(const QString &chosen, const QString &imageFolder)
{
    const QDir dir(chosen);
    if (dir.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden) || dir.exists(QStringLiteral("project.json"))
        || dir.exists(QStringLiteral("annotations")))
        return dir.absolutePath();
    return dir.absoluteFilePath(QFileInfo(imageFolder).fileName() + QStringLiteral(".dinosam"));
}

bool ProjectAutosave::setStoreFolder(const QString &storeFolder, QString *error)
{
    if (m_folder.isEmpty())
        return false;
    m_writer.waitForDone();
    const QString target = QDir(storeFolder).absolutePath();
    if (!QDir().mkpath(target) || !QFileInfo(target).isWritable()) {
        if (error)
            *error = tr("%1 cannot be created or written.").arg(QDir::toNativeSeparators(target));
        return false;
    }
    // What the old place holds (a read-only folder may still have readable annotations) comes along.
    namespace fs = std::filesystem;
    const fs::path old = m_store->storeFolder();
    std::error_code ec;
    if (fs::is_directory(old, ec) && !fs::equivalent(old, target.toStdString(), ec))
        fs::copy(old, target.toStdString(), fs::copy_options::recursive | fs::copy_options::skip_existing, ec);
    AppSettings().setAnnotationFolder(m_folder, target);
    openStore(target);
    m_labelsDirty = true; // project.json and classes.txt belong there too
    flushLabels();
    retryFailed();
    if (m_current)
        save(m_current);
    return true;
}

void ProjectAutosave::setCurrent(SegmentationDocument *document)
{
    if (m_current)
        disconnect(m_current, nullptr, this, nullptr);
    m_current = document;
    if (m_current)
        connect(m_current, &QObject::destroyed, this, [this, document] {
            m_savedRevision.erase(document);
            if (m_current == document)
                m_current = nullptr;
        });
}

bool ProjectAutosave::inFolder(const QString &path) const
{
    if (!m_store || path.isEmpty())
        return false;
    const QString abs = QFileInfo(path).absoluteFilePath();
    return abs.startsWith(m_folder + QLatin1Char('/'));
}

bool ProjectAutosave::hasAnnotation(const QString &path) const
{
    return inFolder(path) && m_store->has(path.toStdString());
}

bool ProjectAutosave::restore(SegmentationDocument *document, const QString &path)
{
    if (!document || !inFolder(path))
        return false;
    const AnnotationStore::Loaded loaded = m_store->load(path.toStdString());
    if (loaded.status == AnnotationStore::Status::Damaged) {
        Q_EMIT problem(tr("The saved annotation of %1 cannot be read (kept as %2); the image is segmented again.")
                           .arg(QFileInfo(path).fileName(),
                                QDir::toNativeSeparators(QString::fromStdString(loaded.backupFile.string()))));
        return false;
    }
    if (loaded.status != AnnotationStore::Status::Ok)
        return false;
    if (!loaded.problems.empty())
        Q_EMIT problem(QString::fromStdString(loaded.problems.front()));
    auto result = std::make_shared<SegmentationResult>(loaded.annotation.toResult(/*includeHidden=*/true));
    result->imageName = QFileInfo(path).fileName().toStdString();
    std::vector<DocumentObject> objects;
    for (size_t i = 0; i < loaded.annotation.objects.size(); ++i) {
        const AnnotatedObject &a = loaded.annotation.objects[i];
        DocumentObject o;
        o.object = std::shared_ptr<const SegmentedObject>(result, &result->objects[i]);
        o.uid = int(i) + 1;
        o.color = objectColor(int(i));
        o.visible = !a.hidden;
        o.kept = a.edited;
        o.locked = a.locked;
        o.prompt = a.prompt;
        objects.push_back(std::move(o));
    }
    document->restore(path, result, std::move(objects));
    m_savedRevision[document] = document->revision();
    return true;
}

bool ProjectAutosave::save(SegmentationDocument *document)
{
    if (!document || !document->result() || !inFolder(document->imagePath()))
        return false;
    const auto last = m_savedRevision.find(document);
    if (last != m_savedRevision.end() && last->second == document->revision())
        return false;
    ImageAnnotation annotation;
    const SegmentationResult &result = *document->result();
    annotation.imageSize = result.imageSize;
    annotation.params = result.params;
    for (const DocumentObject &o : document->objects()) {
        if (o.suggested)
            continue; // not the user's until accepted
        AnnotatedObject a;
        a.object = *o.object;
        a.edited = o.kept;
        a.locked = o.locked;
        a.hidden = !o.visible;
        a.prompt = o.prompt;
        annotation.objects.push_back(std::move(a));
    }
    learnLabels(document);
    flushLabels();
    const quint64 revision = document->revision();
    m_savedRevision[document] = revision;
    const QString path = document->imagePath();
    const bool edited = document->isEdited();
    QPointer<SegmentationDocument> doc(document);
    m_writer.start([this, store = m_store, annotation = std::move(annotation), path, edited, doc, revision]() mutable {
        QString error;
        try {
            store->save(path.toStdString(), std::move(annotation));
        } catch (const std::exception &e) {
            error = QString::fromUtf8(e.what());
        }
        // Back on the GUI thread (this outlives the task: the destructor waits for it).
        QMetaObject::invokeMethod(this, [this, store, error, path, edited, doc, revision] {
            const auto failed = std::find(m_failed.begin(), m_failed.end(), doc);
            if (error.isEmpty()) {
                if (failed != m_failed.end())
                    m_failed.erase(failed);
                ++m_writes;
                Q_EMIT saved(path, edited);
                return;
            }
            if (!doc)
                return;
            if (m_savedRevision[doc.data()] == revision)
                m_savedRevision.erase(doc.data()); // written again at the next interval
            if (failed == m_failed.end())
                m_failed.push_back(doc);
            if (store == m_store) // not a late answer of a store given up meanwhile
                reportFailure(error);
        }, Qt::QueuedConnection);
    });
    return true;
}

void ProjectAutosave::flushLabels()
{
    if (!m_labelsDirty || !m_store)
        return;
    m_labelsDirty = false;
    m_writer.start([this, store = m_store, labels = m_labels, defaultLabel = m_defaultLabel] {
        QString error;
        try {
            store->saveLabels(labels, defaultLabel);
        } catch (const std::exception &e) {
            error = QString::fromUtf8(e.what());
        }
        if (!error.isEmpty())
            QMetaObject::invokeMethod(this, [this, store, error] {
                if (store != m_store)
                    return;
                m_labelsDirty = true;
                reportFailure(error);
            }, Qt::QueuedConnection);
    });
}

void ProjectAutosave::reportFailure(const QString &error)
{
    // Once per store folder: a read-only folder would otherwise say it every interval.
    if (m_writeFailureReported)
        return;
    m_writeFailureReported = true;
    Q_EMIT writeFailed(tr("Annotations cannot be saved in %1: %2. Your work stays open and is saved as soon as "
                          "it can be.")
                           .arg(QDir::toNativeSeparators(storeFolder()), error));
}

void ProjectAutosave::retryFailed()
{
    const std::vector<QPointer<SegmentationDocument>> failed = m_failed;
    for (const QPointer<SegmentationDocument> &doc : failed)
        if (doc)
            save(doc.data());
    m_failed.erase(std::remove_if(m_failed.begin(), m_failed.end(), [](const auto &d) { return d.isNull(); }),
                   m_failed.end());
}

int ProjectAutosave::failedWrites() const
{
    return int(std::count_if(m_failed.begin(), m_failed.end(), [](const auto &d) { return !d.isNull(); }));
}

void ProjectAutosave::setLabels(const LabelSet &labels)
{
    m_labels = labels;
    m_labelsDirty = true;
    flushLabels();
    Q_EMIT labelsChanged();
}

bool ProjectAutosave::setDefaultLabel(const QString &label)
{
    const std::string name = LabelSet::normalizedName(label.toStdString());
    if (name.empty())
        return false;
    if (name == m_defaultLabel && m_labels.contains(name))
        return true;
    m_labels.add(name);
    m_defaultLabel = name;
    m_labelsDirty = true;
    flushLabels();
    Q_EMIT labelsChanged();
    return true;
}

void ProjectAutosave::relabelSaved(const std::map<std::string, std::string> &renames)
{
    if (!m_store || renames.empty())
        return;
    m_writer.start([this, store = m_store, renames] {
        std::vector<std::string> problems;
        store->relabel(renames, &problems);
        if (!problems.empty())
            QMetaObject::invokeMethod(this, [this, line = QString::fromStdString(problems.front())] {
                Q_EMIT problem(line);
            }, Qt::QueuedConnection);
    });
}

QStringList ProjectAutosave::labelNames() const
{
    QStringList names;
    for (const Label &l : m_labels.labels())
        names << QString::fromStdString(l.name);
    return names;
}

QColor ProjectAutosave::labelColor(const std::string &label)
{
    int i = m_labels.indexOf(label);
    if (i < 0) {
        try {
            i = int(m_labels.add(label));
            m_labelsDirty = true;
        } catch (const std::invalid_argument &) {
            return QColor(Qt::gray);
        }
    }
    const cv::Vec3b c = m_labels.at(size_t(i)).color;
    return QColor(c[0], c[1], c[2]);
}

QString ProjectAutosave::labelForShortcut(int digit) const
{
    const int i = m_labels.indexOfShortcut(digit);
    return i < 0 ? QString() : QString::fromStdString(m_labels.at(size_t(i)).name);
}

void ProjectAutosave::learnLabels(const SegmentationDocument *document)
{
    bool added = false;
    for (const DocumentObject &o : document->objects())
        if (!o.object->label.empty() && !m_labels.contains(o.object->label)) {
            try {
                m_labels.add(o.object->label);
                m_labelsDirty = added = true;
            } catch (const std::invalid_argument &) {
            }
        }
    if (added)
        Q_EMIT labelsChanged();
}

} // namespace dinosam::ui
