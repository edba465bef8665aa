#include "models/sam2/sam2videostate.h"

#include <algorithm>

namespace dinosam::sam2 {

Sam2FrameOutput *Sam2FrameDict::find(int64_t frame)
{
    for (auto &[f, out] : m_items)
        if (f == frame)
            return &out;
    return nullptr;
}

const Sam2FrameOutput *Sam2FrameDict::find(int64_t frame) const
{
    for (const auto &[f, out] : m_items)
        if (f == frame)
            return &out;
    return nullptr;
}

void Sam2FrameDict::set(int64_t frame, Sam2FrameOutput out)
{
    if (auto *existing = find(frame))
        *existing = std::move(out);
    else
        m_items.emplace_back(frame, std::move(out));
}

bool Sam2FrameDict::erase(int64_t frame)
{
    const auto it = std::find_if(m_items.begin(), m_items.end(), [&](const auto &p) { return p.first == frame; });
    if (it == m_items.end())
        return false;
    m_items.erase(it);
    return true;
}

std::vector<int64_t> Sam2FrameDict::keys() const
{
    std::vector<int64_t> k;
    for (const auto &p : m_items)
        k.push_back(p.first);
    return k;
}

Sam2ObjectState *Sam2VideoState::object(int64_t objId)
{
    for (auto &o : objects)
        if (o.objId == objId)
            return &o;
    return nullptr;
}

const Sam2ObjectState *Sam2VideoState::object(int64_t objId) const
{
    for (const auto &o : objects)
        if (o.objId == objId)
            return &o;
    return nullptr;
}

std::vector<int64_t> Sam2VideoState::objectIds() const
{
    std::vector<int64_t> ids;
    for (const auto &o : objects)
        ids.push_back(o.objId);
    return ids;
}

} // namespace dinosam::sam2
