#pragma once
// Batches decode the next image on one thread of their own while the models run on the
// current one: a JPEG of 12 MP costs ~100 ms to decode, an encoder pass ~1 s, so the
// decode disappears from the batch's time. At most `depth` decoded images wait, so memory
// stays flat however long the list is.
#include "imageio/imageloader.h"

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace dinosam {

class ImageReadAhead
{
public:
    using Loader = std::function<LoadedImage(const std::filesystem::path &)>;

    /// Starts decoding files[0] at once. `loader` runs on the read-ahead thread (default:
    /// loadImage with its default options).
    explicit ImageReadAhead(std::vector<std::filesystem::path> files, size_t depth = 1, Loader loader = {});
    /// Stops the thread after the image it decodes (waiting images are dropped).
    ~ImageReadAhead();
    ImageReadAhead(const ImageReadAhead &) = delete;
    ImageReadAhead &operator=(const ImageReadAhead &) = delete;

    /// Image `index` (blocks until it is decoded); rethrows what its loader threw. Indices are
    /// taken in increasing order; images skipped over are dropped unseen.
    LoadedImage take(size_t index);

private:
    struct Slot
    {
        LoadedImage image;
        std::exception_ptr error;
    };
    void run();

    std::vector<std::filesystem::path> m_files;
    size_t m_depth;
    Loader m_loader;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::map<size_t, Slot> m_ready; ///< decoded, not taken yet
    size_t m_next = 0;              ///< the lowest index not taken yet
    bool m_stop = false;
    std::thread m_thread;           ///< last: starts after every member above exists
};

} // namespace dinosam
