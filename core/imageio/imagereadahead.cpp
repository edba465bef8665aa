#include "imagereadahead.h"

namespace dinosam {

ImageReadAhead::ImageReadAhead(std::vector<std::filesystem::path> files, size_t depth, Loader loader)
    : m_files(std::move(files))
    , m_depth(depth == 0 ? 1 : depth)
    , m_loader(loader ? std::move(loader) : Loader([](const std::filesystem::path &f) { return loadImage(f); }))
    , m_thread([this] { run(); })
{
}

ImageReadAhead::~ImageReadAhead()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_changed.notify_all();
    m_thread.join();
}

void ImageReadAhead::run()
{
    for (size_t i = 0; i < m_files.size(); ++i) {
        {
            std::unique_lock lock(m_mutex);
            // Room for one more: at most m_depth decoded images wait beyond the one taken next.
            m_changed.wait(lock, [&] { return m_stop || i < m_next + m_depth; });
            if (m_stop)
                return;
            if (i < m_next)
                continue; // skipped by the caller
        }
        Slot slot;
        try {
            slot.image = m_loader(m_files[i]);
        } catch (...) {
            slot.error = std::current_exception();
        }
        {
            std::lock_guard lock(m_mutex);
            if (i >= m_next)
                m_ready.emplace(i, std::move(slot));
        }
        m_changed.notify_all();
    }
}

LoadedImage ImageReadAhead::take(size_t index)
{
    std::unique_lock lock(m_mutex);
    if (index >= m_files.size() || index < m_next)
        throw std::out_of_range("ImageReadAhead: image " + std::to_string(index) + " is not ahead");
    m_ready.erase(m_ready.begin(), m_ready.lower_bound(index)); // skipped over
    m_next = index;
    m_changed.notify_all(); // the thread may skip ahead
    m_changed.wait(lock, [&] { return m_ready.count(index) > 0; });
    Slot slot = std::move(m_ready.at(index));
    m_ready.erase(index);
    m_next = index + 1;
    lock.unlock();
    m_changed.notify_all();
    if (slot.error)
        std::rethrow_exception(slot.error);
    return std::move(slot.image);
}

} // namespace dinosam
