#include "projectautosave.h"

#include "maskrenderer.h"
#include "segmentationdocument.h"

#include "annotation/annotationstore.h"

#include <QDir>
#include <QFileInfo>
#include <QPointer>

#include <optional>

namespace dinosam::ui {

ProjectAutosave::ProjectAutosave(QObject *parent) : QObject(parent)
{
    m_writer.setMaxThreadCount(1);
    m_timer.setInterval(kIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (m_current)
            save(m_current);
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
    m_store = m_folder.isEmpty() ? nullptr : std::make_shared<AnnotationStore>(m_folder.toStdString());
    m_savedRevision.clear();
    m_writeFailureReported = false;
    m_labels = LabelSet();
    m_labelsDirty = false;
    if (m_store) {
        std::vector<std::string> problems;
        m_labels = m_store->loadLabels(nullptr, &problems);
        if (!problems.empty())
            Q_EMIT problem(QString::fromStdString(problems.front()));
    }
    if (m_store)
        m_timer.start();
    else
        m_timer.stop();
}

QString ProjectAutosave::folder() const
{
    return m_folder;
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
        a.hidden = !o.visible;
        a.prompt = o.prompt;
        annotation.objects.push_back(std::move(a));
    }
    learnLabels(document);
    std::optional<LabelSet> labels;
    if (m_labelsDirty) {
        labels = m_labels;
        m_labelsDirty = false;
    }
    const quint64 revision = document->revision();
    m_savedRevision[document] = revision;
    const QString path = document->imagePath();
    const bool edited = document->isEdited();
    QPointer<SegmentationDocument> doc(document);
    m_writer.start([this, store = m_store, labels = std::move(labels), annotation = std::move(annotation), path, edited,
                    doc, revision]() mutable {
        QString error;
        try {
            if (labels)
                store->saveLabels(*labels);
            store->save(path.toStdString(), std::move(annotation));
        } catch (const std::exception &e) {
            error = QString::fromUtf8(e.what());
        }
        // Back on the GUI thread (this outlives the task: the destructor waits for it).
        QMetaObject::invokeMethod(this, [this, error, path, edited, doc, revision, relabel = labels.has_value()] {
            if (error.isEmpty()) {
                ++m_writes;
                Q_EMIT saved(path, edited);
                return;
            }
            if (relabel)
                m_labelsDirty = true;
            if (doc && m_savedRevision[doc.data()] == revision)
                m_savedRevision.erase(doc.data()); // written again at the next interval
            // Reported once per folder: a read-only folder would otherwise repeat it every interval.
            if (!m_writeFailureReported)
                Q_EMIT problem(tr("Annotations cannot be saved: %1. Your work stays open; export it to "
                                  "another folder.")
                                   .arg(error));
            m_writeFailureReported = true;
        }, Qt::QueuedConnection);
    });
    return true;
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
    for (const DocumentObject &o : document->objects())
        if (!o.object->label.empty() && !m_labels.contains(o.object->label)) {
            try {
                m_labels.add(o.object->label);
                m_labelsDirty = true;
            } catch (const std::invalid_argument &) {
            }
        }
}

} // namespace dinosam::ui
