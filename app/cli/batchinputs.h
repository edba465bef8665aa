#pragma once
// The image list of a batch (segment or precompute): arguments expanded, sorted, named, sharded.
#include "clioptions.h"
#include "imageio/imagecollector.h"

#include <filesystem>
#include <string>
#include <vector>

namespace dinosam::cli {

/// An argument or image that failed, with a message that already names it.
struct BatchFailure
{
    std::string what;
    std::string message;
};

struct BatchInputs
{
    std::vector<std::filesystem::path> files; ///< the whole batch, in batch order (sortForBatch)
    std::vector<std::string> baseNames;       ///< uniqueBaseNames(files)
    ShardSpec::Range share;                   ///< this run's slice of files (options.shard)
    std::vector<BatchFailure> failures;       ///< arguments that gave no image
    std::vector<SkippedImage> skipped;        ///< files of the folders given that are images DinoSam cannot read (GIF)
    bool demo = false;                        ///< no IMAGE given: the bundled sample
};

/**
 * Expands options.images (each argument on its own, so one bad argument does not stop the
 * others; duplicates removed), sorts, names and shards the list. No IMAGE: the bundled sample.
 * @returns false with `error` set when there is nothing to run at all (no IMAGE and no sample).
 */
bool collectBatchInputs(const CliOptions &options, BatchInputs &inputs, std::string &error);

} // namespace dinosam::cli
