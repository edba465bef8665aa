#include "imagebrowser.h"

#include <QDir>
#include <QFileInfo>
#include <QImageReader>
#include <QPointer>
#include <QStyle>

namespace dinosam::ui {

namespace {
constexpr int kThumb = 96;
constexpr int kPathRole = Qt::UserRole + 1;
} // namespace

ImageBrowser::ImageBrowser(QWidget *parent)
    : QListWidget(parent)
{
    setViewMode(QListView::IconMode);
    setIconSize(QSize(kThumb, kThumb));
    setGridSize(QSize(kThumb + 24, kThumb + 36));
    setResizeMode(QListView::Adjust);
    setMovement(QListView::Static);
    setWordWrap(true);
    setUniformItemSizes(true);
    setSelectionMode(QAbstractItemView::SingleSelection);
    m_pool.setMaxThreadCount(1);
    connect(this, &QListWidget::currentItemChanged, this,
            [this](QListWidgetItem *current, QListWidgetItem *) {
                if (current)
                    Q_EMIT imageActivated(current->data(kPathRole).toString());
            });
}

ImageBrowser::~ImageBrowser()
{
    m_pool.clear();
    m_pool.waitForDone();
}

QStringList ImageBrowser::imageNameFilters()
{
    return {QStringLiteral("*.jpg"), QStringLiteral("*.jpeg"), QStringLiteral("*.png"),
            QStringLiteral("*.bmp"), QStringLiteral("*.tif"),  QStringLiteral("*.tiff"),
            QStringLiteral("*.webp")};
}

bool ImageBrowser::isImageFile(const QString &path)
{
    const QString suffix = QStringLiteral("*.") + QFileInfo(path).suffix().toLower();
    return imageNameFilters().contains(suffix) && QFileInfo(path).isFile();
}

int ImageBrowser::openFolder(const QString &folder)
{
    m_pool.clear();
    clear();
    QDir dir(folder);
    const QStringList names = dir.entryList(imageNameFilters(), QDir::Files | QDir::Readable,
                                            QDir::Name | QDir::IgnoreCase);
    QStringList paths;
    for (const QString &n : names)
        paths << dir.absoluteFilePath(n);
    return addFiles(paths);
}

int ImageBrowser::addFiles(const QStringList &paths)
{
    int added = 0;
    for (const QString &p : paths) {
        const QString path = QFileInfo(p).absoluteFilePath();
        if (!isImageFile(path) || itemFor(path))
            continue;
        auto *item = new QListWidgetItem(style()->standardIcon(QStyle::SP_FileIcon),
                                         QFileInfo(path).fileName(), this);
        item->setData(kPathRole, path);
        item->setToolTip(path);
        requestThumbnail(path);
        ++added;
    }
    return added;
}

void ImageBrowser::requestThumbnail(const QString &path)
{
    QPointer<ImageBrowser> self(this);
    m_pool.start([self, path] {
        QImageReader reader(path);
        reader.setAutoTransform(true);
        const QSize size = reader.size();
        if (size.isValid())
            reader.setScaledSize(size.scaled(kThumb, kThumb, Qt::KeepAspectRatio));
        const QImage image = reader.read();
        if (!self)
            return;
        QMetaObject::invokeMethod(self.data(), [self, path, image] {
            if (!self)
                return;
            if (QListWidgetItem *item = self->itemFor(path); item && !image.isNull()
                && item->data(Qt::UserRole + 2).toString().isEmpty())
                item->setIcon(QIcon(QPixmap::fromImage(image)));
        }, Qt::QueuedConnection);
    });
}

QListWidgetItem *ImageBrowser::itemFor(const QString &path) const
{
    for (int i = 0; i < count(); ++i)
        if (item(i)->data(kPathRole).toString() == path)
            return item(i);
    return nullptr;
}

QStringList ImageBrowser::paths() const
{
    QStringList out;
    for (int i = 0; i < count(); ++i)
        out << item(i)->data(kPathRole).toString();
    return out;
}

QString ImageBrowser::currentPath() const
{
    return currentItem() ? currentItem()->data(kPathRole).toString() : QString();
}

QString ImageBrowser::nextPath() const
{
    const int row = currentRow();
    if (row < 0 || row + 1 >= count())
        return {};
    return item(row + 1)->data(kPathRole).toString();
}

bool ImageBrowser::setCurrentPath(const QString &path)
{
    if (QListWidgetItem *it = itemFor(QFileInfo(path).absoluteFilePath())) {
        setCurrentItem(it);
        scrollToItem(it);
        return true;
    }
    return false;
}

void ImageBrowser::setItemError(const QString &path, const QString &message)
{
    if (QListWidgetItem *it = itemFor(path)) {
        it->setData(Qt::UserRole + 2, message);
        it->setIcon(style()->standardIcon(QStyle::SP_MessageBoxCritical));
        it->setToolTip(path + QLatin1Char('\n') + message);
    }
}

void ImageBrowser::clearItemError(const QString &path)
{
    if (QListWidgetItem *it = itemFor(path); it && !it->data(Qt::UserRole + 2).toString().isEmpty()) {
        it->setData(Qt::UserRole + 2, QString());
        it->setToolTip(path);
        requestThumbnail(path);
    }
}

void ImageBrowser::selectNext()
{
    if (currentRow() + 1 < count())
        setCurrentRow(currentRow() + 1);
}

void ImageBrowser::selectPrevious()
{
    if (currentRow() > 0)
        setCurrentRow(currentRow() - 1);
}

} // namespace dinosam::ui
