#include "installedmodels.h"

#include "appsettings.h"

#include "models/catalog/modelcatalog.h"
#include "models/catalog/modelfolders.h"

#include <QFileInfo>

#include <system_error>

namespace dinosam::ui {
namespace {

bool isFile(const std::filesystem::path &p)
{
    std::error_code ec;
    return std::filesystem::is_regular_file(p, ec);
}

bool isThere(const ModelEntry &e, const std::vector<std::filesystem::path> &dirs, const CheckpointPathFn &checkpointPath)
{
    const QString chosen = checkpointPath ? checkpointPath(QString::fromStdString(e.id)) : QString();
    if (!chosen.isEmpty())
        return QFileInfo(chosen).isFile(); // an explicit file replaces the folders (as in the pipeline)
    for (const auto &dir : dirs)
        if (isFile(dir / e.fileName))
            return true;
    return false;
}

/// `id` when it is there, else the recommended model of its kind when that is, else the first installed.
std::string usable(const std::string &id, bool dino, const QStringList &installed)
{
    if (installed.isEmpty() || installed.contains(QString::fromStdString(id)))
        return id;
    const std::string &recommended = dino ? ModelCatalog::defaultDinoModel() : ModelCatalog::defaultSam2Model();
    if (installed.contains(QString::fromStdString(recommended)))
        return recommended;
    return installed.front().toStdString();
}

} // namespace

QStringList installedModels(bool dino, const QString &modelDir, const CheckpointPathFn &checkpointPath)
{
    const auto dirs = modelSearchDirs(std::filesystem::path(modelDir.trimmed().toStdU16String()));
    QStringList ids;
    for (const ModelEntry &e : ModelCatalog::all())
        if (e.isDino() == dino && isThere(e, dirs, checkpointPath))
            ids << QString::fromStdString(e.id);
    return ids;
}

QStringList installedModels(bool dino)
{
    const AppSettings settings;
    return installedModels(dino, settings.modelDir(),
                           [&settings](const QString &id) { return settings.checkpointPath(id); });
}

SegmentationParams withInstalledModels(SegmentationParams params)
{
    params.dinoModel = usable(params.dinoModel, true, installedModels(true));
    params.sam2Model = usable(params.sam2Model, false, installedModels(false));
    return params;
}

} // namespace dinosam::ui
