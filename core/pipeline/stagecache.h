#pragma once
// LRU cache of immutable stage results with a byte budget. Entries belong to
// an image (its content key); the most recently used image's entries are never
// evicted, so one huge image still works with a small budget.
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <string>
#include <unordered_map>

namespace dinosam {

/// Not thread-safe: owned and used by one Pipeline on its thread.
class StageCache
{
public:
    explicit StageCache(std::size_t budgetBytes);

    /// The entry for `key` (marked most recently used), or null. Counts a hit or a miss.
    std::shared_ptr<const void> find(const std::string &key);
    template <class T>
    std::shared_ptr<const T> get(const std::string &key)
    {
        return std::static_pointer_cast<const T>(find(key));
    }

    /// Stores (or replaces) `key`, then evicts least recently used entries of other
    /// images until the budget holds. `imageKey` becomes the protected image.
    void put(const std::string &key, std::shared_ptr<const void> value, std::size_t bytes,
             const std::string &imageKey);

    /// Marks `imageKey` as the protected (current) image.
    void touchImage(const std::string &imageKey) { m_currentImage = imageKey; }

    void clear();
    void setBudget(std::size_t bytes);

    std::size_t bytes() const { return m_bytes; }
    std::size_t budget() const { return m_budget; }
    std::size_t size() const { return m_index.size(); }
    uint64_t hits() const { return m_hits; }
    uint64_t misses() const { return m_misses; }

private:
    struct Entry
    {
        std::string key;
        std::string imageKey;
        std::shared_ptr<const void> value;
        std::size_t bytes = 0;
    };
    void evict();

    std::list<Entry> m_lru; // front = most recently used
    std::unordered_map<std::string, std::list<Entry>::iterator> m_index;
    std::size_t m_budget;
    std::size_t m_bytes = 0;
    std::string m_currentImage;
    uint64_t m_hits = 0;
    uint64_t m_misses = 0;
};

} // namespace dinosam
