#include "batchinputs.h"

#include "batch/batchnames.h"
#include "imageio/imagecollector.h"

#include <set>

namespace dinosam::cli {

bool collectBatchInputs(const CliOptions &options, BatchInputs &inputs, std::string &error)
{
    inputs = {};
    if (options.images.empty()) {
        const auto sample = sampleImagePath();
        if (sample.empty()) {
            error = "no IMAGE given and the bundled sample image (truck.jpg) was not found";
            return false;
        }
        inputs.files.push_back(sample);
        inputs.demo = true;
    } else {
        std::set<std::filesystem::path> seen;
        ImageCollectOptions collect;
        collect.recursive = options.recursive;
        collect.skipped = &inputs.skipped;
        for (const auto &arg : options.images) {
            try {
                for (auto &f : collectImages({arg}, collect))
                    if (seen.insert(std::filesystem::absolute(f).lexically_normal()).second)
                        inputs.files.push_back(std::move(f));
            } catch (const std::exception &e) {
                inputs.failures.push_back({arg, e.what()});
            }
        }
    }
    // Order, names and shares are computed over the full list, so every shard and every
    // re-run agrees on them.
    sortForBatch(inputs.files);
    inputs.baseNames = uniqueBaseNames(inputs.files);
    inputs.share = options.shard.range(inputs.files.size());
    return true;
}

} // namespace dinosam::cli
