#include "modelmanager/checkpointverifier.h"

#include "io/checkpointreader.h"

#include <QFileInfo>
#include <QStringList>

#include <exception>

namespace dinosam {
namespace {

TensorShapes shapesOf(const TensorMap &stateDict)
{
    TensorShapes shapes;
    for (const auto &[key, tensor] : stateDict)
        shapes[key] = std::vector<int64_t>(tensor.sizes().begin(), tensor.sizes().end());
    return shapes;
}

QString describe(const ModelEntry &e)
{
    return QStringLiteral("%1 (%2)").arg(QString::fromStdString(e.displayName), QString::fromStdString(e.id));
}

ContentCheck checkShapes(const QString &fileName, const TensorShapes &shapes, const ModelSpec &spec)
{
    if (shapes.empty())
        return ContentCheck::failure(QStringLiteral("%1: no tensors in the checkpoint").arg(fileName));
    const ModelEntry *actual = identifyCheckpoint(shapes);
    const QString actualId = actual ? QString::fromStdString(actual->id) : QString();
    ModelEntry wanted;
    wanted.signature = spec.signature;
    std::vector<std::string> problems = signatureProblems(wanted, shapes);
    if (problems.empty())
        return ContentCheck::success(actualId.isEmpty() ? spec.id : actualId);
    if (actual)
        return ContentCheck::failure(
            QStringLiteral("%1 is %2, not %3").arg(fileName, describe(*actual), spec.displayName), actualId);
    const std::string kind = describeCheckpointKind(shapes);
    const bool wantDino = spec.isDino();
    if ((kind == "a DINOv2 checkpoint" && !wantDino) || (kind == "a SAM2 checkpoint" && wantDino))
        return ContentCheck::failure(QStringLiteral("%1 is %2 (of no official size), not %3")
                                         .arg(fileName, QString::fromStdString(kind), spec.displayName));
    QStringList list;
    for (const std::string &p : problems)
        list << QString::fromStdString(p);
    const qsizetype n = list.size();
    if (n > 5)
        list = list.mid(0, 5) << QStringLiteral("... (%1 problems)").arg(n);
    if (kind.empty())
        return ContentCheck::failure(QStringLiteral("%1 is neither a DINOv2 nor a SAM2 checkpoint, not %2: %3")
                                         .arg(fileName, spec.displayName, list.join(QStringLiteral("; "))));
    return ContentCheck::failure(
        QStringLiteral("%1 is not %2: %3").arg(fileName, spec.displayName, list.join(QStringLiteral("; "))));
}

/// Reads the file (every tensor, or with `shapesOnly` only its directory and pickle) and checks it.
ContentCheck verifyFile(const QString &path, const ModelSpec &spec, bool shapesOnly)
{
    const QString fileName = QFileInfo(path).fileName();
    try {
        // SAM2 files wrap the state dict as {"model": ...}; DINOv2 files are the state dict.
        // An empty key unwraps "model" when that is how the file is built, so the contents
        // (not the requested id) decide how it is read and a DINOv2 file offered as SAM2 is named.
        const std::filesystem::path file(path.toStdU16String());
        return checkShapes(fileName, shapesOnly ? readStateDictShapes(file) : shapesOf(readStateDict(file)), spec);
    } catch (const std::exception &e) {
        return ContentCheck::failure(QStringLiteral("%1 is not a readable %2 checkpoint: %3")
                                         .arg(fileName, spec.displayName, QString::fromUtf8(e.what())));
    }
}

} // namespace

ContentVerifier checkpointContentVerifier()
{
    return [](const QString &path, const ModelSpec &spec) { return verifyFile(path, spec, false); };
}

ContentCheck identifyCheckpointFile(const QString &path, const ModelSpec &spec)
{
    return verifyFile(path, spec, true);
}

} // namespace dinosam
