#include "modelmanager/checkpointverifier.h"

#include "io/checkpointreader.h"

#include <QFileInfo>
#include <QStringList>

#include <exception>

namespace dinosam {
namespace {

QString shapeString(const QList<qint64> &shape)
{
    QStringList parts;
    for (qint64 d : shape)
        parts << QString::number(d);
    return QLatin1Char('[') + parts.join(QStringLiteral(", ")) + QLatin1Char(']');
}

ContentCheck verifyCheckpoint(const QString &path, const ModelSpec &spec)
{
    const QString fileName = QFileInfo(path).fileName();
    try {
        const TensorMap stateDict = readStateDict(std::filesystem::path(path.toStdU16String()), {},
                                                  spec.stateDictKey.toStdString());
        if (stateDict.empty())
            return ContentCheck::failure(QStringLiteral("%1: no tensors in the checkpoint").arg(fileName));
        QStringList problems;
        for (const TensorExpectation &e : spec.expectedTensors) {
            const auto it = stateDict.find(e.key.toStdString());
            if (!e.present) {
                if (it != stateDict.end())
                    problems << QStringLiteral("unexpected %1").arg(e.key);
                continue;
            }
            if (it == stateDict.end()) {
                problems << QStringLiteral("missing %1").arg(e.key);
                continue;
            }
            if (e.shape.isEmpty())
                continue;
            QList<qint64> got;
            for (int64_t d : it->second.sizes())
                got << qint64(d);
            if (got != e.shape)
                problems << QStringLiteral("%1 has shape %2, expected %3").arg(e.key, shapeString(got), shapeString(e.shape));
        }
        if (!problems.isEmpty()) {
            const qsizetype n = problems.size();
            if (n > 5)
                problems = problems.mid(0, 5) << QStringLiteral("... (%1 problems)").arg(n);
            return ContentCheck::failure(QStringLiteral("%1 is not %2: %3")
                                             .arg(fileName, spec.displayName, problems.join(QStringLiteral("; "))));
        }
        return ContentCheck::success();
    } catch (const std::exception &e) {
        return ContentCheck::failure(QStringLiteral("%1 is not a readable %2 checkpoint: %3")
                                         .arg(fileName, spec.displayName, QString::fromUtf8(e.what())));
    }
}

} // namespace

ContentVerifier checkpointContentVerifier()
{
    return &verifyCheckpoint;
}

} // namespace dinosam
