#pragma once
// The model and runtime options shared by `dinosam eval` and `dinosam similar`
// (--dino-model, --sam2-model, --dino-checkpoint, --sam2-checkpoint, --model-dir,
// --threads), parsed into the ids and the PipelineConfig.
#include "pipeline/pipeline.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QString>

#include <string>

namespace dinosam::cli {

/// The options, added to a parser by add() and read back by apply().
class ModelOptions
{
public:
    ModelOptions();
    void add(QCommandLineParser &parser) const;
    /// Sets the model ids and `config` (checkpoints, model folder, threads). Returns an
    /// error message for the command line, or an empty string.
    QString apply(const QCommandLineParser &parser, std::string &dinoModel, std::string &sam2Model,
                  PipelineConfig &config) const;

private:
    QCommandLineOption m_dinoModel, m_sam2Model, m_dinoCheckpoint, m_sam2Checkpoint, m_modelDir, m_threads;
};

} // namespace dinosam::cli
