#pragma once
#include <QListWidget>
#include <QThreadPool>

namespace dinosam::ui {

/**
 * Thumbnails of the images of a folder (or of files added one by one). Thumbnails
 * are decoded on a private thread pool, never on the GUI thread. An item whose
 * image failed to segment or decode is marked with an error icon and tool tip.
 * Thread: GUI.
 */
class ImageBrowser : public QListWidget
{
    Q_OBJECT
public:
    explicit ImageBrowser(QWidget *parent = nullptr);
    ~ImageBrowser() override;

    /// File name filters of the image formats we open ("*.jpg", ...).
    static QStringList imageNameFilters();
    static bool isImageFile(const QString &path);

    /// Replaces the list with the images of @p folder (sorted by name). Returns their count.
    int openFolder(const QString &folder);
    /// Appends files (non-images are ignored); returns how many were added.
    int addFiles(const QStringList &paths);

    QStringList paths() const;
    QString currentPath() const;
    /// The image after the current one (for pre-computation), or empty.
    QString nextPath() const;
    bool setCurrentPath(const QString &path);
    void setItemError(const QString &path, const QString &message);
    void clearItemError(const QString &path);

public Q_SLOTS:
    void selectNext();
    void selectPrevious();

Q_SIGNALS:
    void imageActivated(const QString &path);

private:
    QListWidgetItem *itemFor(const QString &path) const;
    void requestThumbnail(const QString &path);

    QThreadPool m_pool;
};

} // namespace dinosam::ui
