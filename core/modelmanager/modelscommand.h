#pragma once
// `dinosam models ...`: the command-line face of the model manager. The CLI's
// main() forwards everything after the word "models" here.
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
///     list                                  catalog, with what is installed and where
///     download ID [ID...]                   download (resuming a .part), verify, place atomically
///     install FILE [--as ID]                copy a checkpoint the user already has, verify, place
///     verify [ID...]                        re-check installed files (SHA-256 and contents)
///     path [ID]                             print the model folder, or one model's file path
///   options (anywhere): --dir DIR (model folder; default $DINOSAM_MODEL_DIR or
///   ~/.cache/dinosam/models), --mirror URL (replaces https://dl.fbaipublicfiles.com/),
///   --quiet (no progress lines).
///
/// Progress and results go to `out`, errors to `err`. Returns a ModelsCommandExit.
/// Call from the main thread. Needs a QCoreApplication (one is created for the
/// call when none exists). Never throws.
int runModelsCommand(const QStringList &args, QTextStream &out, QTextStream &err);

} // namespace dinosam
