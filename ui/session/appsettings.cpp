#include "appsettings.h"

#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

#include <algorithm>

namespace dinosam::ui {

namespace {
QString modelKey(const QString &id)
{
    return QStringLiteral("models/checkpoint/") + QString(id).replace(QLatin1Char('.'), QLatin1Char('_'));
}
} // namespace

QString AppSettings::checkpointPath(const QString &modelId) const
{
    return QSettings().value(modelKey(modelId)).toString();
}

void AppSettings::setCheckpointPath(const QString &modelId, const QString &path)
{
    QSettings().setValue(modelKey(modelId), path);
}

QString AppSettings::annotationFolder(const QString &imageFolder) const
{
    // One map value: folder paths contain '/', which QSettings keys would take as groups.
    return QSettings().value(QStringLiteral("annotations/storeFolders")).toMap().value(imageFolder).toString();
}

void AppSettings::setAnnotationFolder(const QString &imageFolder, const QString &storeFolder)
{
    QSettings settings;
    QVariantMap map = settings.value(QStringLiteral("annotations/storeFolders")).toMap();
    if (storeFolder.isEmpty())
        map.remove(imageFolder);
    else
        map.insert(imageFolder, storeFolder);
    settings.setValue(QStringLiteral("annotations/storeFolders"), map);
}

QString AppSettings::modelDir() const
{
    return QSettings().value(QStringLiteral("models/dir")).toString();
}

void AppSettings::setModelDir(const QString &dir)
{
    QSettings().setValue(QStringLiteral("models/dir"), dir);
}

int AppSettings::threads() const
{
    return QSettings().value(QStringLiteral("engine/threads"), 0).toInt();
}

void AppSettings::setThreads(int threads)
{
    QSettings().setValue(QStringLiteral("engine/threads"), threads);
}

int AppSettings::cacheMegabytes() const
{
    return QSettings().value(QStringLiteral("engine/cacheMB"), 1024).toInt();
}

void AppSettings::setCacheMegabytes(int megabytes)
{
    QSettings().setValue(QStringLiteral("engine/cacheMB"), megabytes);
}

bool AppSettings::useCuda() const
{
    return QSettings().value(QStringLiteral("engine/cuda"), false).toBool();
}

void AppSettings::setUseCuda(bool cuda)
{
    QSettings().setValue(QStringLiteral("engine/cuda"), cuda);
}

bool AppSettings::diskCacheEnabled() const
{
    return QSettings().value(QStringLiteral("engine/diskCache"), !QStandardPaths::isTestModeEnabled()).toBool();
}

void AppSettings::setDiskCacheEnabled(bool enabled)
{
    QSettings().setValue(QStringLiteral("engine/diskCache"), enabled);
}

QString AppSettings::diskCacheDir() const
{
    return QSettings().value(QStringLiteral("engine/diskCacheDir")).toString();
}

void AppSettings::setDiskCacheDir(const QString &dir)
{
    QSettings().setValue(QStringLiteral("engine/diskCacheDir"), dir);
}

int AppSettings::diskCacheGigabytes() const
{
    return std::max(1, QSettings().value(QStringLiteral("engine/diskCacheGB"), 10).toInt());
}

void AppSettings::setDiskCacheGigabytes(int gigabytes)
{
    QSettings().setValue(QStringLiteral("engine/diskCacheGB"), gigabytes);
}

EngineSettings engineSettings(const AppSettings &settings, const std::vector<std::string> &modelIds)
{
    EngineSettings es;
    es.modelDir = settings.modelDir().toStdString();
    for (const std::string &id : modelIds)
        if (const QString f = settings.checkpointPath(QString::fromStdString(id)); !f.isEmpty())
            es.checkpoints.emplace_back(id, f.toStdString());
    es.threads = settings.threads();
    es.cacheBytes = static_cast<std::size_t>(settings.cacheMegabytes()) * 1024 * 1024;
    es.useCuda = settings.useCuda();
    es.diskCache = settings.diskCacheEnabled();
    if (es.diskCache) {
        es.diskCacheDir = settings.diskCacheDir().toStdString();
        es.diskCacheBytes = uint64_t(settings.diskCacheGigabytes()) << 30;
    }
    return es;
}

void AppSettings::applyExportSettings(ExportOptions &o) const
{
    QSettings s;
    s.beginGroup(QStringLiteral("export"));
    o.cocoSegmentation = static_cast<CocoSegmentation>(
        std::clamp(s.value(QStringLiteral("cocoSegmentation"), int(o.cocoSegmentation)).toInt(), 0, 2));
    o.polygonEpsilon = std::clamp(s.value(QStringLiteral("polygonEpsilon"), o.polygonEpsilon).toDouble(), 0.0, 100.0);
    o.jpegQuality = std::clamp(s.value(QStringLiteral("jpegQuality"), o.jpegQuality).toInt(), 1, 100);
}

void AppSettings::setExportSettings(const ExportOptions &o)
{
    QSettings s;
    s.beginGroup(QStringLiteral("export"));
    s.setValue(QStringLiteral("cocoSegmentation"), int(o.cocoSegmentation));
    s.setValue(QStringLiteral("polygonEpsilon"), o.polygonEpsilon);
    s.setValue(QStringLiteral("jpegQuality"), o.jpegQuality);
}

QString AppSettings::language() const
{
    return QSettings().value(QStringLiteral("ui/language")).toString();
}

void AppSettings::setLanguage(const QString &language)
{
    QSettings().setValue(QStringLiteral("ui/language"), language);
}

QStringList AppSettings::recentFiles() const
{
    return QSettings().value(QStringLiteral("ui/recentFiles")).toStringList();
}

void AppSettings::addRecentFile(const QString &path)
{
    QStringList files = recentFiles();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    files.removeAll(absolute);
    files.prepend(absolute);
    while (files.size() > kMaxRecent)
        files.removeLast();
    QSettings().setValue(QStringLiteral("ui/recentFiles"), files);
}

void AppSettings::clearRecentFiles()
{
    QSettings().remove(QStringLiteral("ui/recentFiles"));
}

QString AppSettings::lastFolder() const
{
    return QSettings().value(QStringLiteral("ui/lastFolder")).toString();
}

void AppSettings::setLastFolder(const QString &folder)
{
    QSettings().setValue(QStringLiteral("ui/lastFolder"), folder);
}

SegmentationParams AppSettings::params() const
{
    QSettings s;
    SegmentationParams p;
    s.beginGroup(QStringLiteral("params"));
    p.attentionThreshold = s.value(QStringLiteral("threshold"), p.attentionThreshold).toFloat();
    p.numObjects = s.value(QStringLiteral("objects"), p.numObjects).toInt();
    p.minArea = s.value(QStringLiteral("minArea"), static_cast<qlonglong>(p.minArea)).toLongLong();
    p.promptType = static_cast<PromptType>(
        std::clamp(s.value(QStringLiteral("prompt"), int(p.promptType)).toInt(), 0, 2));
    p.method = static_cast<DiscoveryMethod>(
        std::clamp(s.value(QStringLiteral("method"), int(p.method)).toInt(), 0, 1));
    p.dinoModel = s.value(QStringLiteral("dino"), QString::fromStdString(p.dinoModel)).toString().toStdString();
    p.sam2Model = s.value(QStringLiteral("sam2"), QString::fromStdString(p.sam2Model)).toString().toStdString();
    p.removeSmallHolesAndSpecks = s.value(QStringLiteral("cleanup"), false).toBool();
    // The DINOv2 input's shorter side: a multiple of 14 in [224, 1036].
    const int size = s.value(QStringLiteral("dinoInputSize"), p.dinoInputSize).toInt();
    p.dinoInputSize = std::clamp(size / 14 * 14, 224, 1036);
    p.duplicateIou = std::clamp(s.value(QStringLiteral("duplicateIou"), p.duplicateIou).toFloat(), 0.05f, 1.0f);
    return p;
}

void AppSettings::setParams(const SegmentationParams &p)
{
    QSettings s;
    s.beginGroup(QStringLiteral("params"));
    s.setValue(QStringLiteral("threshold"), p.attentionThreshold);
    s.setValue(QStringLiteral("objects"), p.numObjects);
    s.setValue(QStringLiteral("minArea"), static_cast<qlonglong>(p.minArea));
    s.setValue(QStringLiteral("prompt"), int(p.promptType));
    s.setValue(QStringLiteral("method"), int(p.method));
    s.setValue(QStringLiteral("dino"), QString::fromStdString(p.dinoModel));
    s.setValue(QStringLiteral("sam2"), QString::fromStdString(p.sam2Model));
    s.setValue(QStringLiteral("cleanup"), p.removeSmallHolesAndSpecks);
    s.setValue(QStringLiteral("dinoInputSize"), p.dinoInputSize);
    s.setValue(QStringLiteral("duplicateIou"), p.duplicateIou);
}

QByteArray AppSettings::windowGeometry() const
{
    return QSettings().value(QStringLiteral("window/geometry")).toByteArray();
}

QByteArray AppSettings::windowState() const
{
    return QSettings().value(QStringLiteral("window/state")).toByteArray();
}

void AppSettings::setWindowGeometry(const QByteArray &geometry, const QByteArray &state)
{
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), geometry);
    s.setValue(QStringLiteral("window/state"), state);
}

} // namespace dinosam::ui
