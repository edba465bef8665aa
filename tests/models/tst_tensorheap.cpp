// The tensor heap (models/common/tensorheap.h): LibTorch's large CPU tensors in a heap of their
// own, whose freed ranges merge and are reused, whatever the C heap holds meanwhile.
#include "models/common/tensorheap.h"

#include <c10/core/CPUAllocator.h>
#include <torch/torch.h>

#include <QtTest>

#include <atomic>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

using namespace dinosam;

namespace {

constexpr size_t MiB = size_t(1) << 20;

at::Tensor bytesTensor(size_t bytes)
{
    return torch::empty({int64_t(bytes)}, torch::kUInt8);
}

/// Resident pages of this process (/proc/self/statm), in bytes.
size_t residentBytes()
{
    std::ifstream statm("/proc/self/statm");
    size_t pages = 0, resident = 0;
    statm >> pages >> resident;
    return resident * 4096;
}

} // namespace

class TestTensorHeap : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        useTensorHeap();
        QVERIFY2(tensorHeapInUse(), "the tensor heap did not install (DINOSAM_TENSOR_HEAP=0 set?)");
    }

    void largeTensorsLiveInTheHeapAndComeBack()
    {
        const auto before = tensorHeapStats();
        {
            auto t = torch::arange(int64_t(MiB), torch::kFloat); // 4 MiB
            QCOMPARE(uintptr_t(t.data_ptr()) % 64, uintptr_t(0));
            const auto during = tensorHeapStats();
            QVERIFY(during.usedBytes >= before.usedBytes + 4 * MiB);
            QCOMPARE(during.allocations, before.allocations + 1);
            QCOMPARE(t[int64_t(MiB) - 1].item<float>(), float(MiB - 1));
        }
        QCOMPARE(tensorHeapStats().usedBytes, before.usedBytes);
    }

    void smallTensorsStayOutOfIt()
    {
        const auto before = tensorHeapStats();
        auto t = torch::ones({16, 16}); // 1 KiB
        QCOMPARE(uintptr_t(t.data_ptr()) % 64, uintptr_t(0));
        QCOMPARE(t.sum().item<float>(), 256.0f);
        QCOMPARE(tensorHeapStats().allocations, before.allocations);
        auto empty = torch::empty({0});
        QCOMPARE(empty.numel(), int64_t(0));
    }

    void freedNeighboursMergeAndServeABiggerTensor()
    {
        auto a = bytesTensor(3 * MiB);
        auto b = bytesTensor(3 * MiB);
        auto c = bytesTensor(3 * MiB);
        const auto *aData = static_cast<const char *>(a.data_ptr());
        const auto mapped = tensorHeapStats().mappedBytes;
        a = at::Tensor();
        b = at::Tensor();
        // a and b were served side by side from one range: freed, they are one 6 MiB range.
        auto d = bytesTensor(5 * MiB);
        QCOMPARE(static_cast<const char *>(d.data_ptr()), aData);
        QCOMPARE(tensorHeapStats().mappedBytes, mapped);
    }

    // What the heap is for: small blocks that stay (a tracker's records) cannot land in a big
    // tensor's hole, so the next big tensor gets that hole back instead of fresh memory.
    void blocksKeptMeanwhileDoNotSplitTensorHoles()
    {
        auto big = bytesTensor(16 * MiB);
        const void *where = big.data_ptr();
        const auto mapped = tensorHeapStats().mappedBytes;
        big = at::Tensor();
        std::vector<std::unique_ptr<std::string>> kept;
        for (int i = 0; i < 20000; ++i)
            kept.push_back(std::make_unique<std::string>(200, char('a' + i % 26)));
        auto again = bytesTensor(16 * MiB);
        QCOMPARE(again.data_ptr(), where);
        QCOMPARE(tensorHeapStats().mappedBytes, mapped);
    }

    void releaseGivesFreedPagesBack()
    {
        {
            auto t = bytesTensor(64 * MiB);
            t.fill_(1); // every page resident
            QCOMPARE(t.sum().item<int64_t>(), int64_t(64 * MiB));
        }
        const size_t freedButResident = residentBytes();
        releaseTensorHeapMemory();
        const size_t afterRelease = residentBytes();
        QVERIFY2(afterRelease + 48 * MiB < freedButResident,
                 qPrintable(QStringLiteral("resident %1 MiB before the release, %2 MiB after")
                                .arg(freedButResident / MiB)
                                .arg(afterRelease / MiB)));
        // The range is reused after the release (its pages fault in again, zeroed).
        auto again = bytesTensor(64 * MiB);
        again.fill_(2);
        QCOMPARE(again[int64_t(64 * MiB) - 1].item<uint8_t>(), uint8_t(2));
    }

    void rawAllocationsRoundTrip()
    {
        c10::Allocator *allocator = c10::GetCPUAllocator();
        const auto before = tensorHeapStats();
        void *big = allocator->raw_allocate(2 * MiB);
        void *small = allocator->raw_allocate(100);
        QVERIFY(big != nullptr && small != nullptr);
        QCOMPARE(tensorHeapStats().usedBytes, before.usedBytes + 2 * MiB + 4096);
        std::memset(big, 7, 2 * MiB);
        std::memset(small, 7, 100);
        allocator->raw_deallocate(big);
        allocator->raw_deallocate(small);
        QCOMPARE(tensorHeapStats().usedBytes, before.usedBytes);
    }

    void threadsAllocateAndFreeAtOnce()
    {
        const auto before = tensorHeapStats();
        std::atomic<int> wrong{0};
        std::vector<std::thread> threads;
        for (int k = 0; k < 4; ++k)
            threads.emplace_back([k, &wrong] {
                std::mt19937 rng(k);
                std::vector<at::Tensor> live;
                for (int i = 0; i < 400; ++i) {
                    const size_t bytes = 64 * 1024 + rng() % (3 * MiB);
                    auto t = bytesTensor(bytes);
                    t.fill_(uint8_t(k + 1));
                    live.push_back(t);
                    if (live.size() > 8) {
                        const auto &old = live[rng() % live.size()];
                        if (old.min().item<uint8_t>() != k + 1 || old.max().item<uint8_t>() != k + 1)
                            ++wrong;
                        live.erase(live.begin() + long(rng() % live.size()));
                    }
                }
            });
        for (auto &t : threads)
            t.join();
        QCOMPARE(wrong.load(), 0);
        QCOMPARE(tensorHeapStats().usedBytes, before.usedBytes);
    }
};

QTEST_GUILESS_MAIN(TestTensorHeap)
#include "tst_tensorheap.moc"
