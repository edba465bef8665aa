#include "modelmanager/modelspec.h"

namespace dinosam {

ModelSpec ModelSpec::fromEntry(const ModelEntry &entry)
{
    ModelSpec s;
    s.id = QString::fromStdString(entry.id);
    s.family = entry.family;
    s.displayName = QString::fromStdString(entry.displayName);
    s.fileName = QString::fromStdString(entry.fileName);
    s.relativeUrl = QString::fromStdString(entry.relativeUrl);
    s.sha256 = QString::fromStdString(entry.sha256);
    s.sizeBytes = entry.sizeBytes;
    s.stateDictKey = QString::fromStdString(entry.stateDictKey);
    s.signature = entry.signature;
    return s;
}

QList<ModelSpec> ModelSpec::builtin()
{
    QList<ModelSpec> all;
    for (const ModelEntry &e : ModelCatalog::all())
        all.append(fromEntry(e));
    return all;
}

} // namespace dinosam
