#include "imagepreviewloader.h"

#include "imageconvert.h"

#include "imageio/imageloader.h"

#include <QtConcurrent/QtConcurrentRun>

namespace dinosam::ui {

ImagePreviewLoader::ImagePreviewLoader(QObject *parent) : QObject(parent) {}

ImagePreviewLoader::~ImagePreviewLoader()
{
    if (m_watcher)
        m_watcher->waitForFinished(); // the task holds no pointer to us, but keep shutdown orderly
}

void ImagePreviewLoader::request(const QString &path)
{
    m_latest = path;
    auto watcher = std::make_unique<QFutureWatcher<Decoded>>();
    QFutureWatcher<Decoded> *w = watcher.get();
    connect(w, &QFutureWatcher<Decoded>::finished, this, [this, w] {
        if (w != m_watcher.get())
            return; // superseded by a newer request
        const Decoded d = w->result();
        if (d.path == m_latest && !d.image.isNull())
            Q_EMIT ready(d.path, d.image);
    });
    w->setFuture(QtConcurrent::run([path]() -> Decoded {
        try {
            return {path, toQImage(dinosam::loadImage(path.toStdString()).rgb)};
        } catch (const std::exception &) {
            return {path, {}}; // the segmentation job reports the error
        }
    }));
    if (m_watcher)
        m_watcher->disconnect(this);
    // An older watcher may still run; keep it alive until its task ends.
    if (m_watcher && !m_watcher->isFinished()) {
        QFutureWatcher<Decoded> *old = m_watcher.release();
        connect(old, &QFutureWatcher<Decoded>::finished, old, &QObject::deleteLater);
    }
    m_watcher = std::move(watcher);
}

} // namespace dinosam::ui
