#include "models/common/tensorheap.h"

#include <c10/core/Allocator.h>
#include <c10/util/Exception.h>
#include <torch/version.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <limits>
#include <map>
#include <mutex>
#include <set>
#include <utility>

#if defined(__unix__) || defined(__APPLE__)
#include <sys/mman.h>
#define DINOSAM_HAS_MMAP 1
#endif

// Under AddressSanitizer the free ranges are poisoned, so that a use after free of a large
// tensor is reported as it is for blocks from malloc.
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define DINOSAM_POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define DINOSAM_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define DINOSAM_POISON(p, n) ((void)(p), (void)(n))
#define DINOSAM_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

// LibTorch 2.3 made Allocator::allocate non-const and copy_data a pure virtual.
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 3)
#define DINOSAM_ALLOCATOR_2_3 1
#endif

namespace dinosam {

#if defined(DINOSAM_HAS_MMAP)
namespace {

constexpr size_t kPage = 4096;
constexpr size_t kChunk = size_t(64) << 20;
constexpr uint32_t kMagic = 0x7e5a4ea9;

/// Sits in the 64 bytes before every tensor's data (which keeps LibTorch's 64-byte alignment),
/// so that the deleter needs the data pointer alone (LibTorch's raw_deallocate passes just that).
struct alignas(64) BlockHeader
{
    size_t bytes;    ///< the whole block, header included (page-rounded in the heap)
    uint32_t magic;
    uint32_t inHeap; ///< 0: a small block from the C heap
};
static_assert(sizeof(BlockHeader) == 64);

size_t roundUp(size_t n, size_t to)
{
    return (n + to - 1) / to * to;
}

class Heap
{
public:
    /// A page-rounded block of at least `bytes`, or null when the kernel gives no more memory.
    void *allocate(size_t bytes)
    {
        const size_t need = roundUp(bytes, kPage);
        std::lock_guard<std::mutex> lock(m_mutex);
        auto fit = m_bySize.lower_bound({need, 0}); // best fit, lowest address among equals
        if (fit == m_bySize.end()) {
            if (!grow(need))
                return nullptr;
            fit = m_bySize.lower_bound({need, 0});
        }
        const auto [size, addr] = *fit;
        m_bySize.erase(fit);
        const auto range = m_byAddr.find(addr);
        const bool dirty = range->second.dirty;
        m_byAddr.erase(range);
        if (size > need)
            insertFree(addr + need, size - need, dirty);
        m_used += need;
        ++m_allocations;
        DINOSAM_UNPOISON(reinterpret_cast<void *>(addr), need);
        auto *header = reinterpret_cast<BlockHeader *>(addr);
        header->bytes = need;
        return header;
    }

    void free(void *block, size_t bytes)
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_used -= bytes;
        DINOSAM_POISON(block, bytes);
        addFree(uintptr_t(block), bytes, /*dirty=*/true);
    }

    void release()
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        for (auto &[addr, range] : m_byAddr) {
            if (!range.dirty)
                continue;
            // Free ranges start and end on page boundaries: whole pages go back.
            madvise(reinterpret_cast<void *>(addr), range.size, MADV_DONTNEED);
            range.dirty = false;
        }
    }

    TensorHeapStats stats()
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        TensorHeapStats s;
        s.mappedBytes = m_mapped;
        s.usedBytes = m_used;
        s.allocations = m_allocations;
        return s;
    }

private:
    struct FreeRange
    {
        size_t size;
        bool dirty; ///< some of its pages may be resident
    };

    bool grow(size_t need)
    {
        const size_t size = std::max(kChunk, roundUp(need, kChunk));
        void *p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (p == MAP_FAILED)
            return false;
        m_mapped += size;
        DINOSAM_POISON(p, size);
        addFree(uintptr_t(p), size, /*dirty=*/false); // fresh pages: none resident
        return true;
    }

    /// A free range, merged with the free ranges on either side (also across chunks that the
    /// kernel placed side by side: the addresses between are mapped either way).
    void addFree(uintptr_t addr, size_t size, bool dirty)
    {
        auto next = m_byAddr.lower_bound(addr);
        if (next != m_byAddr.begin()) {
            const auto prev = std::prev(next);
            if (prev->first + prev->second.size == addr) {
                addr = prev->first;
                size += prev->second.size;
                dirty = dirty || prev->second.dirty;
                eraseFree(prev);
            }
        }
        if (next != m_byAddr.end() && next->first == addr + size) {
            size += next->second.size;
            dirty = dirty || next->second.dirty;
            eraseFree(next);
        }
        insertFree(addr, size, dirty);
    }

    void insertFree(uintptr_t addr, size_t size, bool dirty)
    {
        m_byAddr.emplace(addr, FreeRange{size, dirty});
        m_bySize.emplace(size, addr);
    }

    void eraseFree(std::map<uintptr_t, FreeRange>::iterator it)
    {
        m_bySize.erase({it->second.size, it->first});
        m_byAddr.erase(it);
    }

    std::mutex m_mutex;
    std::map<uintptr_t, FreeRange> m_byAddr;
    std::set<std::pair<size_t, uintptr_t>> m_bySize;
    size_t m_mapped = 0;
    size_t m_used = 0;
    size_t m_allocations = 0;
};

Heap &heap()
{
    static Heap *h = new Heap; // never destroyed: tensors may be freed during static destruction
    return *h;
}

void deleteBlock(void *data)
{
    if (data == nullptr)
        return;
    auto *header = static_cast<BlockHeader *>(data) - 1;
    TORCH_INTERNAL_ASSERT(header->magic == kMagic, "tensor heap: freeing a block it did not allocate");
    header->magic = 0;
    if (header->inHeap)
        heap().free(header, header->bytes);
    else
        std::free(header);
}

class TensorHeapAllocator final : public c10::Allocator
{
public:
#if defined(DINOSAM_ALLOCATOR_2_3)
    c10::DataPtr allocate(size_t n) override
#else
    c10::DataPtr allocate(size_t n) const override
#endif
    {
        const c10::Device cpu(c10::DeviceType::CPU);
        if (n == 0)
            return {nullptr, nullptr, &deleteBlock, cpu};
        TORCH_CHECK(n <= std::numeric_limits<size_t>::max() / 2, "not enough memory: you tried to allocate ", n,
                    " bytes.");
        const size_t bytes = n + sizeof(BlockHeader);
        BlockHeader *header = nullptr;
        if (n >= kTensorHeapMinBytes)
            header = static_cast<BlockHeader *>(heap().allocate(bytes));
        const bool inHeap = header != nullptr;
        if (!inHeap) {
            void *p = nullptr;
            if (posix_memalign(&p, alignof(BlockHeader), bytes) != 0 || p == nullptr)
                TORCH_CHECK(false, "not enough memory: you tried to allocate ", n, " bytes.");
            header = static_cast<BlockHeader *>(p);
            header->bytes = bytes;
        }
        header->magic = kMagic;
        header->inHeap = inHeap ? 1 : 0;
        void *data = header + 1;
        return {data, data, &deleteBlock, cpu};
    }

    c10::DeleterFnPtr raw_deleter() const override { return &deleteBlock; }

#if defined(DINOSAM_ALLOCATOR_2_3)
    void copy_data(void *dest, const void *src, std::size_t count) const override
    {
        default_copy_data(dest, src, count);
    }
#endif
};

std::atomic<bool> g_installed{false}; // read by every thread that trims
std::once_flag g_install;

} // namespace

void useTensorHeap()
{
    std::call_once(g_install, [] {
        const char *env = std::getenv("DINOSAM_TENSOR_HEAP");
        if (env != nullptr && std::strcmp(env, "0") == 0)
            return;
        static TensorHeapAllocator allocator;
        // Priority above LibTorch's default CPU allocator (registered at 0).
        c10::SetAllocator(c10::DeviceType::CPU, &allocator, 1);
        g_installed = true;
    });
}

bool tensorHeapInUse()
{
    return g_installed;
}

void releaseTensorHeapMemory()
{
    if (g_installed)
        heap().release();
}

TensorHeapStats tensorHeapStats()
{
    return g_installed ? heap().stats() : TensorHeapStats{};
}

#else // no mmap: LibTorch's allocator as it is

void useTensorHeap() {}
bool tensorHeapInUse() { return false; }
void releaseTensorHeapMemory() {}
TensorHeapStats tensorHeapStats() { return {}; }

#endif

} // namespace dinosam
