#include "export/exportformatregistry.h"

#include "export/builtinformats.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace dinosam {

const ExportFormatRegistry &ExportFormatRegistry::instance()
{
    static const ExportFormatRegistry registry;
    return registry;
}

ExportFormatRegistry::ExportFormatRegistry()
{
    const std::pair<std::unique_ptr<ExportFormat> (*)(), bool> builtin[] = {
        {makeSeedFormat, true},     {makeCocoFormat, false},    {makeYoloFormat, false}, {makeLabelmeFormat, false},
        {makeVocFormat, false},     {makeCutoutsFormat, false}, {makeOverlayFormat, false},
    };
    for (const auto &[factory, on] : builtin) {
        const auto f = factory();
        add({f->id(), f->displayName(), f->filesDescription(), f->capabilities(), on}, factory);
    }
}

void ExportFormatRegistry::add(ExportFormatInfo info, Factory factory)
{
    m_infos.push_back(std::move(info));
    m_factories.push_back(std::move(factory));
}

std::vector<std::string> ExportFormatRegistry::ids() const
{
    std::vector<std::string> out;
    for (const auto &i : m_infos)
        out.push_back(i.id);
    return out;
}

bool ExportFormatRegistry::contains(const std::string &id) const
{
    return std::any_of(m_infos.begin(), m_infos.end(), [&](const ExportFormatInfo &i) { return i.id == id; });
}

std::unique_ptr<ExportFormat> ExportFormatRegistry::create(const std::string &id) const
{
    for (size_t i = 0; i < m_infos.size(); ++i)
        if (m_infos[i].id == id)
            return m_factories[i]();
    return nullptr;
}

std::vector<std::string> ExportFormatRegistry::defaultIds() const
{
    std::vector<std::string> out;
    for (const auto &i : m_infos)
        if (i.defaultOn)
            out.push_back(i.id);
    return out;
}

std::vector<std::string> ExportFormatRegistry::parseList(const std::string &list) const
{
    std::vector<bool> chosen(m_infos.size(), false);
    bool any = false;
    size_t start = 0;
    while (start <= list.size()) {
        const size_t comma = std::min(list.find(',', start), list.size());
        std::string part;
        for (char c : list.substr(start, comma - start))
            if (!std::isspace((unsigned char)c))
                part += char(std::tolower((unsigned char)c));
        start = comma + 1;
        if (part.empty())
            continue;
        if (part == "original")
            part = "seed";
        if (part == "all") {
            std::fill(chosen.begin(), chosen.end(), true);
            any = true;
            continue;
        }
        bool found = false;
        for (size_t i = 0; i < m_infos.size(); ++i)
            if (m_infos[i].id == part) {
                chosen[i] = found = any = true;
            }
        if (!found) {
            std::string known;
            for (const auto &i : m_infos)
                known += i.id + ", ";
            throw std::invalid_argument("unknown format '" + part + "' (known: " + known + "all)");
        }
    }
    if (!any)
        throw std::invalid_argument("no format given");
    std::vector<std::string> out;
    for (size_t i = 0; i < m_infos.size(); ++i)
        if (chosen[i])
            out.push_back(m_infos[i].id);
    return out;
}

} // namespace dinosam
