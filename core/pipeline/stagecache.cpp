#include "pipeline/stagecache.h"

namespace dinosam {

StageCache::StageCache(std::size_t budgetBytes) : m_budget(budgetBytes) {}

std::shared_ptr<const void> StageCache::find(const std::string &key)
{
    const auto it = m_index.find(key);
    if (it == m_index.end()) {
        ++m_misses;
        return nullptr;
    }
    ++m_hits;
    m_lru.splice(m_lru.begin(), m_lru, it->second);
    return it->second->value;
}

void StageCache::put(const std::string &key, std::shared_ptr<const void> value, std::size_t bytes,
                     const std::string &imageKey)
{
    if (const auto it = m_index.find(key); it != m_index.end()) {
        m_bytes -= it->second->bytes;
        m_lru.erase(it->second);
        m_index.erase(it);
    }
    m_lru.push_front(Entry{key, imageKey, std::move(value), bytes});
    m_index.emplace(key, m_lru.begin());
    m_bytes += bytes;
    m_currentImage = imageKey;
    evict();
}

void StageCache::evict()
{
    // Walk from the least recently used end; skip the protected image's entries.
    auto it = m_lru.end();
    while (m_bytes > m_budget && it != m_lru.begin()) {
        --it;
        if (it->imageKey == m_currentImage)
            continue;
        m_bytes -= it->bytes;
        m_index.erase(it->key);
        it = m_lru.erase(it);
    }
}

void StageCache::clear()
{
    m_lru.clear();
    m_index.clear();
    m_bytes = 0;
}

void StageCache::setBudget(std::size_t bytes)
{
    m_budget = bytes;
    evict();
}

} // namespace dinosam
