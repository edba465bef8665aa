#pragma once
// `--shard K/N`: which part of a batch's sorted input list one process takes.
#include <cstddef>
#include <optional>
#include <string>

namespace dinosam {

/**
 * Shard K of N (0 <= K < N). N copies of a batch, one per shard and all given the same
 * input list, together process every item exactly once: shard K takes the contiguous
 * slice [floor(K*M/N), floor((K+1)*M/N)) of the M sorted items, so the shares differ
 * by at most one item. Indices are 0-based, as Slurm's SLURM_ARRAY_TASK_ID (with
 * --array=0-(N-1)) and Kubernetes' JOB_COMPLETION_INDEX are.
 */
struct ShardSpec
{
    int index = 0; ///< K
    int count = 1; ///< N (1: the whole list)

    /// The half-open range [first, last) of item indices this shard takes out of `total`.
    struct Range
    {
        size_t first = 0;
        size_t last = 0;
        size_t size() const { return last - first; }
    };
    Range range(size_t total) const;

    bool isWhole() const { return count == 1; }
    /// "K/N"
    std::string toString() const;

    /**
     * Parses "K/N" (decimal, 1 <= N <= 1000000, 0 <= K < N; no signs, no spaces).
     * @returns the spec, or nullopt with `error` set to a sentence naming what is wrong.
     */
    static std::optional<ShardSpec> parse(const std::string &text, std::string &error);
};

} // namespace dinosam
