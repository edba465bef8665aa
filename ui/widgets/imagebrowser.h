#pragma once
#include <QListWidget>
#include <QThreadPool>

namespace dinosam::ui {

/**
 * Thumbnails of the images of a folder (or of files added one by one). Thumbnails
 * are decoded on a private thread pool, never on the GUI thread. An item whose
 * image failed to segment or decode is marked with an error icon and tool tip; annotated
 * images (saved in the folder's .dinosam) are marked ✓, edited ones ✎, and the context
 * menu filters the list by that.
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
    /// Files of image formats DinoSam cannot read (GIF, HEIC, ...) are listed greyed out
    /// as skipped, with the reason in their tool tip (see skippedFiles()).
    int openFolder(const QString &folder);
    /// File names skipped by the last openFolder(), with the reason.
    QStringList skippedFiles() const { return m_skipped; }
    /// Why @p path is not opened (empty for a supported image).
    static QString unsupportedReason(const QString &path);
    /// Decodes @p path for display (EXIF orientation applied); Qt's readers first,
    /// OpenCV's for formats Qt has no plugin for (TIFF, WebP on a bare system).
    static QImage readPreview(const QString &path, int maxSide = 0);
    /// Images in the list (skipped files not counted).
    int imageCount() const;
    /// Appends files (non-images are ignored); returns how many were added.
    int addFiles(const QStringList &paths);

    QStringList paths() const;
    QString currentPath() const;
    /// The image after the current one (for pre-computation), or empty.
    QString nextPath() const;
    bool setCurrentPath(const QString &path);
    void setItemError(const QString &path, const QString &message);
    void clearItemError(const QString &path);

    /// How far an image's annotation is, shown as a mark before its name.
    enum class AnnotationState { NotStarted, Annotated, Edited };
    void setAnnotationState(const QString &path, AnnotationState state);
    AnnotationState annotationState(const QString &path) const;
    /// Which images the list shows (the context menu offers the same).
    enum class Filter { All, NotStarted, Annotated, Edited };
    void setFilter(Filter filter);
    Filter filter() const { return m_filter; }

public Q_SLOTS:
    void selectNext();
    void selectPrevious();

Q_SIGNALS:
    void imageActivated(const QString &path);

private:
    QListWidgetItem *itemFor(const QString &path) const;
    void requestThumbnail(const QString &path);
    bool isImageRow(int row) const;

    void applyFilter(QListWidgetItem *item);
    void showFilterMenu(const QPoint &pos);

    QThreadPool m_pool;
    QStringList m_skipped;
    Filter m_filter = Filter::All;
};

} // namespace dinosam::ui
