#include <gtest/gtest.h>
#include <torch/torch.h>

#include <sys/mman.h>
#include <sys/resource.h>

#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

#include "runtime/caching_cpu_allocator.h"

namespace {

using facesr::CachingCpuAllocator;
using facesr::caching_cpu_allocator;

constexpr int64_t kMiB = int64_t{1} << 20;

// A float tensor of `bytes` bytes, allocated through LibTorch's CPU allocator.
torch::Tensor tensor_of(int64_t bytes) { return torch::empty({bytes / 4}, torch::kFloat32); }

// Each test starts with the allocator installed, nothing kept and no limit.
class CachingCpuAllocatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    facesr::install_caching_cpu_allocator(size_t{1} << 40);
    caching_cpu_allocator().release_idle();
  }
  void TearDown() override { caching_cpu_allocator().set_idle_limit(facesr::default_cpu_cache_limit()); }
};

TEST_F(CachingCpuAllocatorTest, AFreedLargeBlockServesTheNextRequestOfItsSize) {
  void* first = nullptr;
  {
    auto t = tensor_of(4 * kMiB);
    first = t.data_ptr();
  }
  EXPECT_EQ(caching_cpu_allocator().stats().idle_bytes, 4 * kMiB);
  const int64_t reused_before = caching_cpu_allocator().stats().reused;
  auto again = tensor_of(4 * kMiB);
  EXPECT_EQ(again.data_ptr(), first);
  EXPECT_EQ(caching_cpu_allocator().stats().reused, reused_before + 1);
  EXPECT_EQ(caching_cpu_allocator().stats().idle_bytes, 0);
}

TEST_F(CachingCpuAllocatorTest, SmallBlocksAreNotKept) {
  { auto t = tensor_of(CachingCpuAllocator::kMinCachedBytes - 64); }
  EXPECT_EQ(caching_cpu_allocator().stats().idle_bytes, 0);
  { auto t = tensor_of(CachingCpuAllocator::kMinCachedBytes); }
  EXPECT_EQ(caching_cpu_allocator().stats().idle_bytes, static_cast<int64_t>(CachingCpuAllocator::kMinCachedBytes));
}

TEST_F(CachingCpuAllocatorTest, AKeptBlockServesOnlyRequestsAtMostAnEighthSmaller) {
  void* kept = nullptr;
  {
    auto t = tensor_of(8 * kMiB);
    kept = t.data_ptr();
  }
  auto too_small = tensor_of(6 * kMiB);  // 8 MiB would waste a quarter
  EXPECT_NE(too_small.data_ptr(), kept);
  auto fits = tensor_of(7 * kMiB + kMiB / 2);
  EXPECT_EQ(fits.data_ptr(), kept);
  auto too_large = tensor_of(9 * kMiB);
  EXPECT_NE(too_large.data_ptr(), kept);
}

TEST_F(CachingCpuAllocatorTest, TheIdleLimitReturnsTheLargestKeptBlocks) {
  caching_cpu_allocator().set_idle_limit(3 * kMiB);
  void* smaller = nullptr;
  {
    auto a = tensor_of(2 * kMiB);
    auto b = tensor_of(kMiB + kMiB / 2);
    smaller = b.data_ptr();
  }
  // 3.5 MiB were freed; the 2 MiB block went back to the system.
  EXPECT_EQ(caching_cpu_allocator().stats().idle_bytes, kMiB + kMiB / 2);
  auto again = tensor_of(kMiB + kMiB / 2);
  EXPECT_EQ(again.data_ptr(), smaller);

  caching_cpu_allocator().set_idle_limit(0);
  { auto c = tensor_of(kMiB); }
  EXPECT_EQ(caching_cpu_allocator().stats().idle_bytes, 0);
}

TEST_F(CachingCpuAllocatorTest, ReleaseIdleEmptiesTheCache) {
  { auto a = tensor_of(2 * kMiB), b = tensor_of(3 * kMiB); }
  EXPECT_EQ(caching_cpu_allocator().stats().idle_bytes, 5 * kMiB);
  caching_cpu_allocator().release_idle();
  EXPECT_EQ(caching_cpu_allocator().stats().idle_bytes, 0);
}

TEST_F(CachingCpuAllocatorTest, ReusedMemoryStillHoldsWhatFactoriesWrite) {
  { auto dirty = torch::full({kMiB}, 7.0f); }
  auto zeros = torch::zeros({kMiB});
  EXPECT_EQ(caching_cpu_allocator().stats().idle_bytes, 0);  // it took the dirty block
  EXPECT_EQ(zeros.abs().max().item<float>(), 0.0f);
}

TEST_F(CachingCpuAllocatorTest, RawAllocationsRoundTrip) {
  auto& allocator = caching_cpu_allocator();
  ASSERT_NE(allocator.raw_deleter(), nullptr);
  void* small = allocator.raw_allocate(1024);
  void* large = allocator.raw_allocate(2 * kMiB);
  allocator.raw_deallocate(small);
  allocator.raw_deallocate(large);
  EXPECT_EQ(allocator.stats().idle_bytes, 2 * kMiB);
}

TEST_F(CachingCpuAllocatorTest, ThreadsNeverShareABlock) {
  // Each thread fills its blocks with its own value and checks them after the
  // others had the chance to reuse freed ones; a block handed out twice would
  // hold another thread's value.
  constexpr int kThreads = 4;
  std::vector<int> bad(kThreads, 0);
  std::vector<std::thread> threads;
  for (int id = 0; id < kThreads; ++id) {
    threads.emplace_back([id, &bad] {
      for (int round = 0; round < 50; ++round) {
        std::vector<torch::Tensor> held;
        for (int64_t size : {kMiB, 2 * kMiB, kMiB + kMiB / 16}) held.push_back(torch::full({size / 4}, float(id)));
        std::this_thread::yield();
        for (const auto& t : held) bad[id] += (t != float(id)).any().item<bool>();
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int id = 0; id < kThreads; ++id) EXPECT_EQ(bad[id], 0) << "thread " << id;
}

TEST_F(CachingCpuAllocatorTest, SmallBlocksFreedTogetherAreNotFaultedInAgain) {
  // 16 MiB in blocks too small for the cache (glibc's heap), written, freed
  // together and allocated again: kept, their pages fault in at most once;
  // handed back to the system at each free (glibc's default), every round.
  const auto minor_faults = [] {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_minflt;
  };
  constexpr size_t kBlock = 100 << 10;
  constexpr int kBlocks = 160;
  constexpr long kPagesPerRound = kBlocks * kBlock / 4096;
  long faults = 0;
  for (int round = 0; round < 6; ++round) {
    const long before = minor_faults();
    std::vector<void*> blocks;
    for (int i = 0; i < kBlocks; ++i) {
      blocks.push_back(std::malloc(kBlock));
      std::memset(blocks.back(), round, kBlock);
    }
    for (void* block : blocks) std::free(block);
    if (round > 0) faults += minor_faults() - before;
  }
  EXPECT_LT(faults, kPagesPerRound / 2);

  // The measure sees faults: as many fresh pages, written once.
  const long before = minor_faults();
  void* mapped = mmap(nullptr, kBlocks * kBlock, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(mapped, MAP_FAILED);
  std::memset(mapped, 1, kBlocks * kBlock);
  munmap(mapped, kBlocks * kBlock);
  EXPECT_GT(minor_faults() - before, kPagesPerRound / 2);
}

}  // namespace
