// Port of select_closest_cond_frames (sam2/modeling/sam2_utils.py; Meta, Apache-2.0).
#include "models/sam2/memoryselection.h"

#include <stdexcept>

namespace dinosam::sam2 {

void selectClosestCondFrames(int64_t frameIdx, const std::vector<int64_t> &condFrames, int64_t maxCondFrameNum,
                             std::vector<int64_t> &selected, std::vector<int64_t> &unselected)
{
    selected.clear();
    unselected.clear();
    if (maxCondFrameNum == -1 || int64_t(condFrames.size()) <= maxCondFrameNum) {
        selected = condFrames;
        return;
    }
    if (maxCondFrameNum < 2)
        throw std::invalid_argument("max_cond_frames_in_attn must allow 2+ conditioning frames");
    // Python inserts into a dict: idx_before, idx_after, then the closest others.
    std::vector<int64_t> chosen;
    bool haveBefore = false, haveAfter = false;
    int64_t before = 0, after = 0;
    for (int64_t t : condFrames) {
        if (t < frameIdx && (!haveBefore || t > before))
            before = t, haveBefore = true;
        if (t >= frameIdx && (!haveAfter || t < after))
            after = t, haveAfter = true;
    }
    if (haveBefore)
        chosen.push_back(before);
    if (haveAfter && !detail::contains(chosen, after))
        chosen.push_back(after);
    std::vector<int64_t> remain;
    for (int64_t t : condFrames)
        if (!detail::contains(chosen, t))
            remain.push_back(t);
    // sorted(key=abs(x - frame_idx)) is stable.
    std::stable_sort(remain.begin(), remain.end(),
                     [&](int64_t a, int64_t b) { return std::abs(a - frameIdx) < std::abs(b - frameIdx); });
    const int64_t numRemain = maxCondFrameNum - int64_t(chosen.size());
    for (int64_t i = 0; i < numRemain && i < int64_t(remain.size()); ++i)
        chosen.push_back(remain[size_t(i)]);
    // selected_outputs is a dict built in `chosen` order; unselected keeps the input order.
    selected = chosen;
    for (int64_t t : condFrames)
        if (!detail::contains(chosen, t))
            unselected.push_back(t);
}

} // namespace dinosam::sam2
