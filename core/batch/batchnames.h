#pragma once
// Output names of a batch that do not depend on which shard, or which run, produces them.
#include <filesystem>
#include <string>
#include <vector>

namespace dinosam {

/// The batch's order: natural order (img2 < img10) of the paths' generic strings. Every shard
/// of a batch sorts the same list the same way, whatever the order of the arguments.
void sortForBatch(std::vector<std::filesystem::path> &files);

/**
 * One export base name per file, unique over the whole list (compared case-insensitively, so
 * that case-insensitive file systems do not merge two images): the file name without its
 * extension ("image" when empty); a repeated name gets "_2", "_3", ... in list order, skipping
 * names that another file has naturally (a/img.jpg, b/img.jpg, img_2.png -> img, img_3, img_2).
 * Computed over the full sorted list before sharding, so all shards agree.
 */
std::vector<std::string> uniqueBaseNames(const std::vector<std::filesystem::path> &files);

} // namespace dinosam
