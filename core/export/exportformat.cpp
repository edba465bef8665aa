#include "export/exportformat.h"

namespace dinosam {

ExportContext::ExportContext(std::filesystem::path outputDir, ExportOptions options)
    : m_outputDir(std::move(outputDir))
    , m_options(std::move(options))
{
    if (m_options.defaultLabel.empty())
        m_options.defaultLabel = "object";
    for (const std::string &name : m_options.labels)
        if (!name.empty())
            classId(name);
}

std::string ExportContext::labelOf(const SegmentedObject &object) const
{
    std::string label = object.label.empty() ? m_options.defaultLabel : object.label;
    for (char &c : label) // one name per line in classes.txt / labels.txt
        if (c == '\n' || c == '\r')
            c = ' ';
    return label;
}

int ExportContext::classId(const std::string &label)
{
    const auto it = m_ids.find(label);
    if (it != m_ids.end())
        return it->second;
    const int id = int(m_classes.size());
    m_classes.push_back(label);
    m_ids.emplace(label, id);
    return id;
}

void ExportFormat::writeImage(const ExportImage &, ExportContext &, ExportTransaction &) {}

void ExportFormat::writeBatch(ExportContext &, ExportTransaction &) {}

void ExportFormat::rollbackImage() {}

} // namespace dinosam
