#pragma once
#include "export/exportoptions.h"
#include "inferenceengine.h"
#include "types/segmentation.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace dinosam::ui {

/**
 * Typed access to the persisted settings (QSettings, organisation "DinoSam",
 * application "DinoSam Studio"). Each call opens QSettings itself, so an AppSettings
 * is cheap to create. Thread: GUI.
 */
class AppSettings
{
public:
    /// Checkpoint file chosen for a model id ("" = search the model folder).
    QString checkpointPath(const QString &modelId) const;
    void setCheckpointPath(const QString &modelId, const QString &path);
    /// Folder searched for Meta's file names ("" = default folders).
    QString modelDir() const;
    void setModelDir(const QString &dir);

    int threads() const; ///< 0 = LibTorch's default
    void setThreads(int threads);
    int cacheMegabytes() const;
    void setCacheMegabytes(int megabytes);
    bool useCuda() const; ///< run the models on the GPU (false: the CPU)
    void setUseCuda(bool cuda);
    /// The disk feature cache, shared with the CLI and the Python module (`dinosam
    /// precompute` fills it): on by default, except in QStandardPaths' test mode, where a
    /// test opts in (tests must not share encoder outputs through the user's folder).
    bool diskCacheEnabled() const;
    void setDiskCacheEnabled(bool enabled);
    /// "" = the CLI's default folder (core's defaultFeatureCacheDir()).
    QString diskCacheDir() const;
    void setDiskCacheDir(const QString &dir);
    int diskCacheGigabytes() const;
    void setDiskCacheGigabytes(int gigabytes);
    QString language() const; ///< "" = system locale, else "en", "de", "fr", "zh_CN"
    void setLanguage(const QString &language);

    QStringList recentFiles() const;
    void addRecentFile(const QString &path); ///< most recent first, at most kMaxRecent
    void clearRecentFiles();
    QString lastFolder() const;
    void setLastFolder(const QString &folder);

    /// Where the annotations of @p imageFolder go when not in `<imageFolder>/.dinosam` (chosen
    /// by the user for a read-only folder); empty: the default place.
    QString annotationFolder(const QString &imageFolder) const;
    /// Remembers @p storeFolder for @p imageFolder (empty: back to the default place).
    void setAnnotationFolder(const QString &imageFolder, const QString &storeFolder);

    SegmentationParams params() const;
    void setParams(const SegmentationParams &params);

    /// Export settings of the Settings dialog: COCO shape encoding, polygon tolerance
    /// and JPEG quality (applied to every export from the studio).
    void applyExportSettings(ExportOptions &options) const;
    void setExportSettings(const ExportOptions &options);

    QByteArray windowGeometry() const;
    QByteArray windowState() const;
    void setWindowGeometry(const QByteArray &geometry, const QByteArray &state);

    static constexpr int kMaxRecent = 10;
};

/// The engine's settings from the saved ones: model folder, the checkpoint chosen for each
/// of `modelIds`, threads, caches (memory and disk), device.
EngineSettings engineSettings(const AppSettings &settings, const std::vector<std::string> &modelIds);

} // namespace dinosam::ui
