#pragma once
// Command-line options of `dinosam` (segmentation and `bench`), parsed with
// QCommandLineParser into plain settings for the pipeline and the exporter.
#include "batch/shardspec.h"
#include "export/exportoptions.h"
#include "pipeline/pipeline.h"
#include "pipeline/tiling.h"
#include "types/segmentation.h"

#include <QString>
#include <QStringList>

#include <filesystem>
#include <string>
#include <vector>

namespace dinosam::cli {

/// Exit codes of `dinosam`.
enum ExitCode : int {
    ExitOk = 0,          ///< every image segmented and exported
    ExitImageFailed = 1, ///< at least one image failed; the others completed
    ExitUsage = 2,       ///< bad command line (message on stderr)
    ExitSetupFailed = 3, ///< nothing could run: model missing/invalid, save folder unusable
};

/// Everything the command line says, validated.
struct CliOptions
{
    std::vector<std::string> images;       ///< files, folders and globs as given (empty: the demo image)
    std::filesystem::path saveDir = "output";
    SegmentationParams params;
    PipelineConfig pipeline;               ///< model folder, explicit checkpoints, threads, device
    ExportOptions exportOptions;
    std::vector<std::string> formats = {"seed"}; ///< export format ids (ExportFormatRegistry), in registry order
    std::filesystem::path labelsFile;      ///< --labels: classes.txt giving the class order
    bool quiet = false;
    bool cacheBudgetGiven = false;         ///< --cache-mb was given (else each command picks its budget)
    bool recursive = false;
    ShardSpec shard;                       ///< --shard K/N (default 0/1: everything)
    bool force = false;                    ///< --force: redo images whose done-marker says they are complete
    bool precompute = false;               ///< `dinosam precompute`: fill the feature cache only
    TilingOptions tiling;                  ///< --tile, --tile-size: big images in tiles
    int benchBatch = 3;                    ///< bench: images in the throughput batch
};

/// Result of parsing: either options, or a message and exit code (help/version printed: ExitOk).
struct ParseOutcome
{
    bool run = false;       ///< true: go on with `options`
    int exitCode = ExitOk;  ///< when !run
    QString message;        ///< when !run: text for stdout (help, version) or stderr (error)
    CliOptions options;
};

/// Which option set parseCommandLine() offers.
enum class CliCommand {
    Segment, ///< `dinosam [IMAGE...]`
    Bench,   ///< `dinosam bench [IMAGE]`
    Export,  ///< `dinosam export PROJECT_DIR`: export an annotated folder without running the models
    Precompute, ///< `dinosam precompute IMAGE...`: the segment options without outputs
};

/// Parses `arguments` (arguments[0] is the program). `bench`: the bench command's option set.
/// `precompute`: the `dinosam precompute` command (the segment options, without outputs).
ParseOutcome parseCommandLine(const QStringList &arguments, bool bench, bool precompute = false);
ParseOutcome parseCommandLine(const QStringList &arguments, CliCommand command);

/// The DINOv2 model id whose Meta file name starts the checkpoint's file name
/// ("dinov2_vits14_reg4_random.pth" → "dinov2_vits14_reg4"); empty when none does.
std::string modelIdFromFileName(const std::filesystem::path &file, bool dino);

/// The bundled sample image: installed share/dinosam/samples/truck.jpg next to the
/// executable's prefix, else the source tree's copy; empty when neither exists.
std::filesystem::path sampleImagePath();

} // namespace dinosam::cli
