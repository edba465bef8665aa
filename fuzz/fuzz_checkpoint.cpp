// Fuzzes the whole checkpoint reader (zip index, CRC checks, pickle, tensor
// rebuild) through a file, as users feed it. Any outcome but a value or a
// CheckpointError is a bug.
#include "io/checkpointreader.h"

#include <unistd.h>

#include <cstdint>
#include <fstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const std::string path = "/tmp/dinosam-fuzz-" + std::to_string(getpid()) + ".pt";
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char *>(data), std::streamsize(size));
    }
    try {
        dinosam::readCheckpoint(path);
    } catch (const dinosam::CheckpointError &) {
    }
    return 0;
}
