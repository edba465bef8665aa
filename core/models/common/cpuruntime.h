#pragma once
// Process-wide CPU settings for tensor work. Call once at start-up, before the
// first model runs (the pipeline does it in its constructor, benchmarks in main).

namespace dinosam {

/// Sets LibTorch's intra-op threads (0 = one per logical core: Debian's LibTorch
/// 1.13 otherwise starts with a single thread), keeps freed memory in the heap for
/// reuse (keepTensorMemoryInHeap) and puts large tensors in a heap of their own
/// (useTensorHeap, models/common/tensorheap.h). Returns the thread count in use.
int configureCpuRuntime(int threads = 0);

/// With glibc's defaults every tensor over a few MB is a fresh mmap whose pages
/// fault in again, and a forward pass allocates and frees hundreds of them: on
/// SAM2's encoder that was 10.5 M page faults and a third of the CPU time spent in
/// the kernel. This makes malloc serve large blocks from the heap and return freed
/// memory to the system only above 512 MiB of free space at the top. Idempotent;
/// a no-op where the C library is not glibc.
void keepTensorMemoryInHeap();

/// Gives the pages of freed memory back to the system: glibc's malloc_trim for the C heap
/// (also the pages in holes between blocks still in use) and releaseTensorHeapMemory() for
/// the tensor heap. For long runs with a steady working set (video tracking), once per frame:
/// without it resident memory crept up by ~2 MiB per frame over 300 frames. The pages of the
/// next frame's tensors fault in again (a small share of a frame's seconds). A no-op where
/// neither applies.
void releaseFreedHeapMemory();

/// GNU OpenMP's threads (LibTorch's and OpenBLAS's) spin while they wait for work.
/// As soon as anything else runs on the machine, the spinning threads take the
/// cores from the ones with work: SAM2's encoder took 17.4 s instead of 3.1 s at a
/// load of ~2 on 2 cores. Waiting passively costs a few per cent on an idle machine.
/// The OpenMP runtime reads OMP_WAIT_POLICY only when it loads, so when the variable
/// is unset this sets it to PASSIVE and re-executes the program with the same
/// arguments (Linux only; elsewhere, or if exec fails, it returns and nothing
/// changes). Set OMP_WAIT_POLICY=ACTIVE to keep spinning on a dedicated machine.
/// Call first thing in main(), before any thread starts.
void restartWithPassiveOpenMpWaitIfUnset(char **argv);

/// The OMP_WAIT_POLICY this process runs with, for reports ("runtime default" when unset).
const char *openMpWaitPolicy();

} // namespace dinosam
