#pragma once
// Decodes the picture to show while the worker computes masks, off the GUI thread,
// with core/imageio (the pipeline's own decoder: EXIF orientation, CMYK, 16-bit and
// alpha come out exactly as the models see them).
#include <QFutureWatcher>
#include <QImage>
#include <QObject>
#include <QString>

#include <memory>

namespace dinosam::ui {

/**
 * Latest request wins: only the preview of the most recent request() is delivered.
 * The futures' watchers are owned by this object, so nothing is delivered after it
 * is destroyed (KeePassXC's AsyncTask pattern).
 * Thread: create and use on the GUI thread.
 */
class ImagePreviewLoader : public QObject
{
    Q_OBJECT
public:
    explicit ImagePreviewLoader(QObject *parent = nullptr);
    ~ImagePreviewLoader() override;

    /// Starts decoding @p path on the global thread pool.
    void request(const QString &path);

Q_SIGNALS:
    /// The picture of the latest request (RGB888). Not emitted when decoding failed:
    /// the worker's segmentation reports the reason in words.
    void ready(const QString &path, const QImage &image);

private:
    struct Decoded
    {
        QString path;
        QImage image;
    };
    std::unique_ptr<QFutureWatcher<Decoded>> m_watcher;
    QString m_latest;
};

} // namespace dinosam::ui
