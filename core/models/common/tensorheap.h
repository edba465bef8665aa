#pragma once
// A heap of its own for LibTorch's large CPU tensors, so that nothing else lives
// between them.
//
// Why: with glibc's malloc, the small blocks a long run keeps (a video tracker's
// records, map nodes, strings) are carved out of the holes the big tensors leave
// when they are freed. Each such block splits a hole for good; the next frame's big
// tensors no longer fit there and take fresh pages, so the peak resident size of a
// frame creeps up with the length of the video (+83 MiB over 300 frames, and more,
// the more records a frame leaves). In a heap that holds tensors only, every block
// freed is a tensor's, the holes merge again, and the layout settles into a steady
// state whatever the rest of the program keeps.
//
// What: requests of kTensorHeapMinBytes or more are served from anonymous mappings
// (64 MiB chunks, bigger for bigger tensors) by best fit over free ranges that merge
// with their neighbours when freed; smaller ones to the C heap (posix_memalign), with
// the same 64-byte header before the data so that one deleter serves both.
// releaseTensorHeapMemory() gives the pages of free ranges back to the kernel (as
// malloc_trim does for the C heap); the address space stays reserved for reuse.
// Thread-safe (one mutex: a forward pass allocates hundreds of tensors, not millions).
#include <cstddef>

namespace dinosam {

/// Tensors at least this large go to the tensor heap.
constexpr size_t kTensorHeapMinBytes = 64 * 1024;

/// Makes the tensor heap LibTorch's CPU allocator. Idempotent; tensors allocated before
/// stay with the allocator that made them. A no-op where there is no mmap (not POSIX) or
/// when DINOSAM_TENSOR_HEAP=0 is set (to compare against LibTorch's own allocator).
void useTensorHeap();

/// Whether useTensorHeap() installed the heap.
bool tensorHeapInUse();

/// Returns the pages of the free ranges to the kernel (MADV_DONTNEED). Ranges freed since
/// the last call only: cheap to call once per frame.
void releaseTensorHeapMemory();

struct TensorHeapStats
{
    size_t mappedBytes = 0; ///< address space reserved from the kernel
    size_t usedBytes = 0;   ///< in live tensors (page-rounded)
    size_t allocations = 0; ///< served so far
};
TensorHeapStats tensorHeapStats();

} // namespace dinosam
