#include "modeloptions.h"

#include "clioptions.h"

#include "models/catalog/modelcatalog.h"
#include "pipeline/modellocator.h"

namespace dinosam::cli {

ModelOptions::ModelOptions()
    // The defaults named from the catalogue, so help never names a model the CLI does not use.
    : m_dinoModel(QStringLiteral("dino-model"),
                  QStringLiteral("DINOv2 model id (default %1).").arg(QString::fromStdString(ModelCatalog::defaultDinoModel())),
                  QStringLiteral("ID")),
      m_sam2Model(QStringLiteral("sam2-model"),
                  QStringLiteral("SAM2 model id (default %1).").arg(QString::fromStdString(ModelCatalog::defaultSam2Model())),
                  QStringLiteral("ID")),
      m_dinoCheckpoint(QStringLiteral("dino-checkpoint"),
                       QStringLiteral("DINOv2 checkpoint file (overrides the model folders)."), QStringLiteral("FILE")),
      m_sam2Checkpoint(QStringLiteral("sam2-checkpoint"),
                       QStringLiteral("SAM2 checkpoint file (overrides the model folders)."), QStringLiteral("FILE")),
      m_modelDir(QStringLiteral("model-dir"), QStringLiteral("Folder with Meta's checkpoint files."),
                 QStringLiteral("DIR")),
      m_threads(QStringLiteral("threads"), QStringLiteral("CPU threads for inference (default: all cores)."),
                QStringLiteral("N"))
{
}

void ModelOptions::add(QCommandLineParser &parser) const
{
    parser.addOptions({m_dinoModel, m_sam2Model, m_dinoCheckpoint, m_sam2Checkpoint, m_modelDir, m_threads});
}

QString ModelOptions::apply(const QCommandLineParser &parser, std::string &dinoModel, std::string &sam2Model,
                            PipelineConfig &config) const
{
    const std::filesystem::path dinoFile = parser.value(m_dinoCheckpoint).toStdString();
    const std::filesystem::path samFile = parser.value(m_sam2Checkpoint).toStdString();
    if (parser.isSet(m_dinoModel))
        dinoModel = parser.value(m_dinoModel).toStdString();
    else if (const auto id = modelIdFromFileName(dinoFile, true); !dinoFile.empty() && !id.empty())
        dinoModel = id;
    if (parser.isSet(m_sam2Model))
        sam2Model = parser.value(m_sam2Model).toStdString();
    else if (const auto id = modelIdFromFileName(samFile, false); !samFile.empty() && !id.empty())
        sam2Model = id;
    if (!ModelLocator::isDinoModel(dinoModel))
        return QStringLiteral("unknown --dino-model '%1'").arg(QString::fromStdString(dinoModel));
    if (!ModelLocator::isSam2Model(sam2Model))
        return QStringLiteral("unknown --sam2-model '%1'").arg(QString::fromStdString(sam2Model));
    if (!dinoFile.empty())
        config.checkpoints[dinoModel] = dinoFile;
    if (!samFile.empty())
        config.checkpoints[sam2Model] = samFile;
    if (parser.isSet(m_modelDir))
        config.modelDir = parser.value(m_modelDir).toStdString();
    if (parser.isSet(m_threads)) {
        bool ok = false;
        config.threads = parser.value(m_threads).toInt(&ok);
        if (!ok || config.threads < 1 || config.threads > 1024)
            return QStringLiteral("--threads needs a whole number >= 1, got '%1'").arg(parser.value(m_threads));
    }
    return {};
}

} // namespace dinosam::cli
