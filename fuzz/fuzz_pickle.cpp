// Fuzzes the whitelisted pickle machine in memory (fast), with storages of any
// requested size up to a cap standing in for the zip records.
#include "io/checkpointerror.h"
#include "io/pickle.h"

#include <ATen/ATen.h>

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const dinosam::pickle::StorageLoader loader = [](const std::string &, at::ScalarType dtype, int64_t numel) {
        if (numel > 4096)
            throw dinosam::CheckpointError("storage too large for the fuzzer");
        return at::zeros({numel}, at::TensorOptions().dtype(dtype));
    };
    try {
        dinosam::pickle::unpickle(std::string_view(reinterpret_cast<const char *>(data), size), loader, "fuzz");
    } catch (const dinosam::CheckpointError &) {
    }
    return 0;
}
