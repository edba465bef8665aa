#include "imagebrowser.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImageReader>
#include <QPointer>
#include <QStyle>

#include <QMenu>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace dinosam::ui {

namespace {
constexpr int kThumb = 96;
constexpr int kPathRole = Qt::UserRole + 1;
constexpr int kSkippedRole = Qt::UserRole + 3;
constexpr int kStateRole = Qt::UserRole + 4;

/// Extensions of image formats people keep next to their photos that DinoSam cannot read.
const QStringList &unsupportedImageSuffixes()
{
    static const QStringList suffixes{QStringLiteral("gif"),  QStringLiteral("heic"), QStringLiteral("heif"),
                                      QStringLiteral("avif"), QStringLiteral("svg"),  QStringLiteral("ico"),
                                      QStringLiteral("jp2"),  QStringLiteral("psd"),  QStringLiteral("cr2"),
                                      QStringLiteral("nef"),  QStringLiteral("dng"),  QStringLiteral("raw")};
    return suffixes;
}

QImage fromBgr(const cv::Mat &bgr)
{
    if (bgr.empty() || bgr.type() != CV_8UC3)
        return {};
    cv::Mat rgb;
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    return QImage(rgb.data, rgb.cols, rgb.rows, static_cast<qsizetype>(rgb.step), QImage::Format_RGB888).copy();
}
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
    setContextMenuPolicy(Qt::CustomContextMenu);
    connect(this, &QWidget::customContextMenuRequested, this, &ImageBrowser::showFilterMenu);
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

QString ImageBrowser::unsupportedReason(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("gif"))
        return tr("GIF is not supported (convert it to PNG; for an animation, export its frames)");
    if (unsupportedImageSuffixes().contains(suffix))
        return tr("%1 images are not supported (convert them to PNG or JPEG)").arg(suffix.toUpper());
    return {};
}

QImage ImageBrowser::readPreview(const QString &path, int maxSide)
{
    QImageReader reader(path);
    reader.setAutoTransform(true);
    const QSize size = reader.size();
    if (maxSide > 0 && size.isValid())
        reader.setScaledSize(size.scaled(maxSide, maxSide, Qt::KeepAspectRatio));
    QImage image = reader.read();
    if (!image.isNull())
        return image;
    // Qt without the TIFF/WebP plugins: OpenCV reads them (and applies EXIF orientation).
    try {
        const int flags = maxSide > 0 ? cv::IMREAD_REDUCED_COLOR_4 : cv::IMREAD_COLOR;
        image = fromBgr(cv::imread(QFile::encodeName(path).toStdString(), flags));
    } catch (const cv::Exception &) {
        return {};
    }
    if (maxSide > 0 && !image.isNull())
        image = image.scaled(maxSide, maxSide, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    return image;
}

int ImageBrowser::openFolder(const QString &folder)
{
    m_pool.clear();
    clear();
    m_skipped.clear();
    QDir dir(folder);
    const QStringList names = dir.entryList(QDir::Files | QDir::Readable, QDir::Name | QDir::IgnoreCase);
    int n = 0;
    for (const QString &name : names) {
        const QString path = dir.absoluteFilePath(name);
        if (isImageFile(path)) {
            n += addFiles({path});
        } else if (const QString reason = unsupportedReason(path); !reason.isEmpty()) {
            m_skipped << name;
            auto *item = new QListWidgetItem(style()->standardIcon(QStyle::SP_MessageBoxWarning),
                                             tr("%1 (skipped)").arg(name), this);
            item->setData(kSkippedRole, reason);
            item->setFlags(Qt::NoItemFlags); // listed, never selected or opened
            item->setToolTip(path + QLatin1Char('\n') + tr("Skipped: %1").arg(reason));
        }
    }
    return n;
}

bool ImageBrowser::isImageRow(int row) const
{
    const QListWidgetItem *it = item(row);
    return it && !it->data(kPathRole).toString().isEmpty();
}

int ImageBrowser::imageCount() const
{
    int n = 0;
    for (int i = 0; i < count(); ++i)
        n += isImageRow(i) ? 1 : 0;
    return n;
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
        const QImage image = readPreview(path, kThumb);
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
        if (isImageRow(i))
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
    if (row < 0)
        return {};
    for (int r = row + 1; r < count(); ++r)
        if (isImageRow(r))
            return item(r)->data(kPathRole).toString();
    return {};
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

void ImageBrowser::setAnnotationState(const QString &path, AnnotationState state)
{
    QListWidgetItem *it = itemFor(path);
    if (!it)
        return;
    it->setData(kStateRole, int(state));
    const QString name = QFileInfo(path).fileName();
    switch (state) {
    case AnnotationState::NotStarted: it->setText(name); break;
    case AnnotationState::Annotated: it->setText(QStringLiteral("✓ ") + name); break;
    case AnnotationState::Edited: it->setText(QStringLiteral("✎ ") + name); break;
    }
    applyFilter(it);
}

ImageBrowser::AnnotationState ImageBrowser::annotationState(const QString &path) const
{
    const QListWidgetItem *it = itemFor(path);
    return it ? AnnotationState(it->data(kStateRole).toInt()) : AnnotationState::NotStarted;
}

void ImageBrowser::setFilter(Filter filter)
{
    m_filter = filter;
    for (int r = 0; r < count(); ++r)
        applyFilter(item(r));
}

void ImageBrowser::applyFilter(QListWidgetItem *it)
{
    if (it->data(kPathRole).toString().isEmpty())
        return; // skipped files stay listed
    const auto state = AnnotationState(it->data(kStateRole).toInt());
    bool shown = true;
    switch (m_filter) {
    case Filter::All: break;
    case Filter::NotStarted: shown = state == AnnotationState::NotStarted; break;
    case Filter::Annotated: shown = state != AnnotationState::NotStarted; break;
    case Filter::Edited: shown = state == AnnotationState::Edited; break;
    }
    it->setHidden(!shown && it != currentItem()); // the image shown never disappears under the user
}

void ImageBrowser::showFilterMenu(const QPoint &pos)
{
    QMenu menu(this);
    const std::pair<Filter, QString> entries[] = {{Filter::All, tr("Show all images")},
                                                  {Filter::NotStarted, tr("Show images not started")},
                                                  {Filter::Annotated, tr("Show annotated images")},
                                                  {Filter::Edited, tr("Show edited images")}};
    for (const auto &[filter, text] : entries) {
        QAction *a = menu.addAction(text);
        a->setCheckable(true);
        a->setChecked(m_filter == filter);
        connect(a, &QAction::triggered, this, [this, f = filter] { setFilter(f); });
    }
    menu.exec(viewport()->mapToGlobal(pos));
}

void ImageBrowser::selectNext()
{
    for (int r = currentRow() + 1; r < count(); ++r)
        if (isImageRow(r) && !item(r)->isHidden()) {
            setCurrentRow(r);
            return;
        }
}

void ImageBrowser::selectPrevious()
{
    for (int r = currentRow() - 1; r >= 0; --r)
        if (isImageRow(r) && !item(r)->isHidden()) {
            setCurrentRow(r);
            return;
        }
}

} // namespace dinosam::ui
