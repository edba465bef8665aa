#include "pipeline/contenthash.h"

#include <cstdint>
#include <cstdio>
#include <cstring>

namespace dinosam {
namespace {

// Two independent 64-bit lanes of multiply-xorshift (wyhash/splitmix-style
// mixing); fast (~GB/s) and well distributed, which is all a cache key needs.
struct Hasher
{
    uint64_t a = 0x9E3779B97F4A7C15ull;
    uint64_t b = 0xC2B2AE3D27D4EB4Full;
    uint64_t length = 0;

    static uint64_t mix(uint64_t x)
    {
        x ^= x >> 30;
        x *= 0xBF58476D1CE4E5B9ull;
        x ^= x >> 27;
        x *= 0x94D049BB133111EBull;
        x ^= x >> 31;
        return x;
    }

    unsigned char pending[8] = {};
    std::size_t pendingSize = 0;

    void word(uint64_t w)
    {
        a = (a ^ w) * 0x100000001B3ull + (a >> 29);
        b = (b + w) * 0xFF51AFD7ED558CCDull ^ (b >> 31);
    }

    // Chunk-invariant: update(x); update(y) equals update(x + y).
    void update(const unsigned char *p, std::size_t n)
    {
        length += n;
        while (pendingSize > 0 && n > 0) {
            pending[pendingSize++] = *p++;
            --n;
            if (pendingSize == 8) {
                uint64_t w;
                std::memcpy(&w, pending, 8);
                word(w);
                pendingSize = 0;
            }
        }
        while (n >= 8) {
            uint64_t w;
            std::memcpy(&w, p, 8);
            word(w);
            p += 8;
            n -= 8;
        }
        std::memcpy(pending, p, n);
        pendingSize = n;
    }

    void finish()
    {
        if (pendingSize) {
            uint64_t w = 0;
            std::memcpy(&w, pending, pendingSize);
            word(w ^ (uint64_t(pendingSize) << 56));
            pendingSize = 0;
        }
    }

    std::string hex()
    {
        finish();
        char buf[33];
        std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(mix(a ^ length)),
                      static_cast<unsigned long long>(mix(b + mix(a) + length)));
        return buf;
    }
};

} // namespace

std::string contentHash(const void *data, std::size_t size)
{
    Hasher h;
    h.update(static_cast<const unsigned char *>(data), size);
    return h.hex();
}

std::string contentHash(const cv::Mat &image)
{
    Hasher h;
    const int header[4] = {image.rows, image.cols, image.type(), image.dims};
    h.update(reinterpret_cast<const unsigned char *>(header), sizeof header);
    if (image.dims <= 2) {
        const std::size_t rowBytes = std::size_t(image.cols) * image.elemSize();
        if (image.isContinuous())
            h.update(image.data, rowBytes * std::size_t(image.rows));
        else
            for (int r = 0; r < image.rows; ++r)
                h.update(image.ptr(r), rowBytes);
    } else {
        const cv::Mat c = image.isContinuous() ? image : image.clone();
        h.update(c.data, c.total() * c.elemSize());
    }
    return h.hex();
}

} // namespace dinosam
