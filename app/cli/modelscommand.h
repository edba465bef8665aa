#pragma once
// `dinosam models ...`: the command-line face of the model manager (CLI code:
// app/cli, not core). The CLI's main() forwards everything after the word "models" here.
#include <QStringList>

class QTextStream;

namespace dinosam {

/// Exit codes of runModelsCommand().
enum ModelsCommandExit : int {
    ModelsExitOk = 0,       ///< everything asked for succeeded
    ModelsExitFailed = 1,   ///< a download, install or verification failed
    ModelsExitUsage = 2,    ///< bad arguments (message on `err`)
};

/// Runs `dinosam models <args>`, where `args` are the words after "models":
///
///     list                                  catalogue: size, SHA-256 (first 12 hex), what is installed
///     download ID [ID...]                   download (resuming a .part), check size + SHA-256, place atomically
///     install FILE [--as ID] | install ID FILE   copy an official file the user already has, check, place
///     install FILE --as ID --own            the user's own checkpoint with ID's architecture (unverified)
///     verify [ID...]                        re-check installed files (SHA-256 and contents)
///     path [ID...]                          print the model folder, or model file paths
///   ID "default" stands for the recommended pair (ModelCatalog::defaultDinoModel(),
///   defaultSam2Model()); `download default` skips what is installed and first says how
///   much it will download.
///   options (anywhere): --dir DIR (model folder; default $DINOSAM_MODEL_DIR or
///   ~/.cache/dinosam/models), --mirror URL (replaces $DINOSAM_MODEL_URL_BASE or
///   https://dl.fbaipublicfiles.com/), --quiet (no progress lines).
///
/// Progress and results go to `out`, errors to `err`. Returns a ModelsCommandExit.
/// Call from the main thread. Needs a QCoreApplication (one is created for the
/// call when none exists). Never throws.
int runModelsCommand(const QStringList &args, QTextStream &out, QTextStream &err);

} // namespace dinosam
