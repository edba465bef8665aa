#pragma once
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
    QString language() const; ///< "" = system locale, else "en", "de", "fr", "zh_CN"
    void setLanguage(const QString &language);

    QStringList recentFiles() const;
    void addRecentFile(const QString &path); ///< most recent first, at most kMaxRecent
    void clearRecentFiles();
    QString lastFolder() const;
    void setLastFolder(const QString &folder);

    SegmentationParams params() const;
    void setParams(const SegmentationParams &params);

    QByteArray windowGeometry() const;
    QByteArray windowState() const;
    void setWindowGeometry(const QByteArray &geometry, const QByteArray &state);

    static constexpr int kMaxRecent = 10;
};

} // namespace dinosam::ui
