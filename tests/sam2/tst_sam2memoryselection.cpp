// The memory bank's selection rules (SAM2Base._prepare_memory_conditioned_features,
// select_closest_cond_frames) on a long synthetic video, where the 7-memory window
// and the 16-pointer cap are reached (the 6-frame parity fixture never fills them).
// Every expectation below was derived by hand from Meta's code (sam2_base.py at
// 2b90b9f5, sam2.1_hiera_t.yaml: num_maskmem 7, max_obj_ptrs_in_encoder 16,
// only_obj_ptrs_in_the_past_for_eval true, use_signed_tpos_enc_to_obj_ptrs true);
// the derivation is written next to each case.
#include "models/sam2/memoryselection.h"

#include <QtTest>

#include <set>

using namespace dinosam::sam2;

namespace {

using Spatial = std::vector<SpatialMemoryRef>;
using Pointers = std::vector<ObjectPointerRef>;

MemorySelectionConfig sam21()
{
    MemorySelectionConfig c;
    c.numMaskmem = 7;
    c.maxObjPtrsInEncoder = 16;
    c.onlyObjPtrsInThePastForEval = true;
    c.useSignedTposEncToObjPtrs = true;
    return c;
}

MemorySelection run(int64_t frame, const std::vector<int64_t> &cond, const std::set<int64_t> &nonCond,
                    int64_t numFrames, bool reverse, const MemorySelectionConfig &config)
{
    return selectMemories(
        frame, cond, [&](int64_t f) { return nonCond.count(f) > 0; }, numFrames, reverse, config);
}

std::set<int64_t> range(int64_t from, int64_t to, std::set<int64_t> except = {})
{
    std::set<int64_t> s;
    for (int64_t f = from; f <= to; ++f)
        if (!except.count(f))
            s.insert(f);
    return s;
}

} // namespace

class TestSam2MemorySelection : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fullWindowAtFrame30()
    {
        // Conditioning frame 0, frames 1..29 tracked, 100 frames.
        // Spatial: cond 0 (t_pos 0); t_pos 1..6 <-> t_rel 6..1: t_rel >= 2 gives
        // ((30-2)//1)*1 - (t_rel-2) = 24, 25, 26, 27, 28; t_rel 1 gives 29. So 7 memories,
        // maskmem_tpos_enc indices 6 (cond), 5..0.
        // Pointers: cond 0 at |30-0| = 30; then t_diff 1..15 (P = min(100, 16) = 16): frames 29..15.
        const auto sel = run(30, {0}, range(1, 29), 100, false, sam21());
        const Spatial spatial{{0, 0, true},   {24, 1, false}, {25, 2, false}, {26, 3, false},
                              {27, 4, false}, {28, 5, false}, {29, 6, false}};
        QCOMPARE(sel.spatial, spatial);
        QCOMPARE(sel.spatial.size(), size_t(7));
        std::vector<int64_t> tposIdx;
        for (const auto &s : sel.spatial)
            tposIdx.push_back(s.tposEncIndex(7));
        QCOMPARE(tposIdx, (std::vector<int64_t>{6, 5, 4, 3, 2, 1, 0}));
        Pointers ptrs{{0, 30, true}};
        for (int64_t d = 1; d <= 15; ++d)
            ptrs.push_back({30 - d, d, false});
        QCOMPARE(sel.pointers, ptrs);
        QCOMPARE(sel.pointers.size(), size_t(16)); // the cap: 1 conditioning + 15 recent
        QCOMPARE(sel.tDiffMax, int64_t(15));
    }

    void gapsAndFutureConditioningFrames()
    {
        // Conditioning frames inserted as [0, 40]; frame 27 was never tracked.
        // Spatial: cond 0, cond 40 (both t_pos 0, insertion order); 24, 25, 26, (27 absent), 28, 29.
        // Pointers: cond 0 (pos 30); cond 40 is in the future of frame 30 -> excluded;
        // t_diff 1..15 -> 29, 28, (27 absent), 26, ..., 15.
        const auto sel = run(30, {0, 40}, range(1, 39, {27}), 100, false, sam21());
        const Spatial spatial{{0, 0, true},   {40, 0, true},  {24, 1, false}, {25, 2, false},
                              {26, 3, false}, {28, 5, false}, {29, 6, false}};
        QCOMPARE(sel.spatial, spatial);
        Pointers ptrs{{0, 30, true}};
        for (int64_t d = 1; d <= 15; ++d)
            if (30 - d != 27)
                ptrs.push_back({30 - d, d, false});
        QCOMPARE(sel.pointers, ptrs);
        QCOMPARE(sel.pointers.size(), size_t(15));
    }

    void maxCondFramesInAttn()
    {
        // max_cond_frames_in_attn 2, conditioning frames inserted as [40, 0, 28]:
        // selected = {idx_before: 28, idx_after: 40} (that order), unselected = {0}.
        // Frames 1..39 tracked except the conditioning ones (the preflight pops them).
        // Spatial: 28, 40 (t_pos 0); 24, 25, 26, 27, (28: not non-cond, not unselected), 29.
        // Pointers: 28 (pos 2), 40 excluded (future); t_diff: 29 (1), (28 skipped), 27 (3) .. 15 (15).
        auto config = sam21();
        config.maxCondFramesInAttn = 2;
        const auto sel = run(30, {40, 0, 28}, range(1, 39, {28}), 100, false, config);
        const Spatial spatial{{28, 0, true},  {40, 0, true},  {24, 1, false}, {25, 2, false},
                              {26, 3, false}, {27, 4, false}, {29, 6, false}};
        QCOMPARE(sel.spatial, spatial);
        Pointers ptrs{{28, 2, true}};
        for (int64_t d = 1; d <= 15; ++d)
            if (30 - d != 28)
                ptrs.push_back({30 - d, d, false});
        QCOMPARE(sel.pointers, ptrs);

        // An unselected conditioning frame inside the window is attended as a non-conditioning
        // memory: frame 5 of a 6-frame video, conditioning [0, 3, 10], max 2 -> selected {3, 10},
        // unselected {0}; frames 1, 2, 4 tracked. Spatial: 3, 10 (t_pos 0); then
        // prev = (5-2) - (t_rel-2) = 5 - t_rel for t_rel 6..2 -> -1, 0, 1, 2, 3 (t_pos 1..5) and 4
        // (t_rel 1, t_pos 6): present are 0 (t_pos 2, the unselected cond), 1 (3), 2 (4), 4 (6).
        // Pointers: P = min(6, 16) = 6, t_diff_max 5: cond 3 (pos 2), 10 is future; t_diff 1..5:
        // 4 (1), 3 (neither non-cond nor unselected), 2 (3), 1 (4), 0 (5, unselected cond).
        const auto small = run(5, {0, 3, 10}, {1, 2, 4}, 6, false, config);
        const Spatial spatialSmall{{3, 0, true},  {10, 0, true}, {0, 2, true},
                                   {1, 3, false}, {2, 4, false}, {4, 6, false}};
        QCOMPARE(small.spatial, spatialSmall);
        const Pointers ptrsSmall{{3, 2, true}, {4, 1, false}, {2, 3, false}, {1, 4, false}, {0, 5, true}};
        QCOMPARE(small.pointers, ptrsSmall);
        QCOMPARE(small.tDiffMax, int64_t(5));
    }

    void temporalStride()
    {
        // memory_temporal_stride_for_eval 3: t_rel 1 -> 29; t_rel >= 2 -> (28//3)*3 = 27 minus
        // (t_rel-2)*3: 27, 24, 21, 18, 15 for t_rel 2..6. Pointers ignore the stride.
        auto config = sam21();
        config.memoryTemporalStrideForEval = 3;
        const auto sel = run(30, {0}, range(1, 29), 100, false, config);
        const Spatial spatial{{0, 0, true},   {15, 1, false}, {18, 2, false}, {21, 3, false},
                              {24, 4, false}, {27, 5, false}, {29, 6, false}};
        QCOMPARE(sel.spatial, spatial);
        QCOMPARE(sel.pointers.size(), size_t(16));
    }

    void reverseTracking()
    {
        // Reverse from conditioning frame 60, frames 31..59 tracked, at frame 30.
        // t_rel 1 -> 31; t_rel >= 2 -> -(-(30+2)//1)*1 + (t_rel-2) = 32..36 (t_rel 2..6).
        // Pointers: cond 60 (>= 30, in the "past" of reverse tracking), signed pos (30-60)*-1 = 30;
        // t_diff 1..15 -> frames 31..45.
        const auto sel = run(30, {60}, range(31, 59), 100, true, sam21());
        const Spatial spatial{{60, 0, true},  {36, 1, false}, {35, 2, false}, {34, 3, false},
                              {33, 4, false}, {32, 5, false}, {31, 6, false}};
        QCOMPARE(sel.spatial, spatial);
        Pointers ptrs{{60, 30, true}};
        for (int64_t d = 1; d <= 15; ++d)
            ptrs.push_back({30 + d, d, false});
        QCOMPARE(sel.pointers, ptrs);
    }

    void shortVideoCapsPointers()
    {
        // 10 frames: P = min(10, 16) = 10, t_diff_max 9; at frame 9 the pointers are cond 0 (pos 9)
        // and frames 8..1 (t_diff 1..8); t_diff 9 reaches frame 0, which is not a non-cond output.
        const auto sel = run(9, {0}, range(1, 8), 10, false, sam21());
        QCOMPARE(sel.tDiffMax, int64_t(9));
        Pointers ptrs{{0, 9, true}};
        for (int64_t d = 1; d <= 8; ++d)
            ptrs.push_back({9 - d, d, false});
        QCOMPARE(sel.pointers, ptrs);
    }
};

QTEST_GUILESS_MAIN(TestSam2MemorySelection)
#include "tst_sam2memoryselection.moc"
