// Timing, memory and machine helpers of `facesr bench` (no timing assertions).
#include <gtest/gtest.h>

#include <torch/torch.h>

#include "bench/machine.h"
#include "bench/memory.h"
#include "bench/timing.h"

namespace fb = facesr::bench;

TEST(BenchSupport, MedianOfOddAndEvenLists) {
  EXPECT_DOUBLE_EQ(fb::median({3.0, 1.0, 2.0}), 2.0);
  EXPECT_DOUBLE_EQ(fb::median({4.0, 1.0, 3.0, 2.0}), 2.5);
}

TEST(BenchSupport, TimeWorkRunsWarmupUntimedAndReportsEachRepeat) {
  int calls = 0, finishes = 0;
  const auto t = fb::time_work([&] { ++calls; }, 2, 3, [&] { ++finishes; });
  EXPECT_EQ(calls, 5);
  EXPECT_EQ(finishes, 5);
  ASSERT_EQ(t.seconds.size(), 3u);
  EXPECT_DOUBLE_EQ(t.median, fb::median(t.seconds));
}

TEST(BenchSupport, PeakRssSeesALargeAllocation) {
  const torch::Device cpu(torch::kCPU);
  fb::reset_peak_memory(cpu);
  {
    const auto big = torch::ones({64, 1024, 1024});  // 256 MiB touched
    EXPECT_EQ(big.sum().item<float>(), 64.f * 1024 * 1024);
  }
  EXPECT_GE(fb::peak_memory(cpu).bytes, int64_t{256} << 20);
}

TEST(BenchSupport, CpuPeakFollowsTheWidestFmaUnits) {
  const std::string block = "processor\t: 0\nmodel name\t: Test CPU\ncpu MHz\t\t: 2000.000\n"
                            "flags\t\t: fpu sse2 avx fma avx2 avx512f avx512_bf16\n\nprocessor\t: 1\n";
  const auto info = fb::parse_cpuinfo(block, 2);
  EXPECT_EQ(info.model, "Test CPU");
  EXPECT_EQ(info.simd, "avx512");
  EXPECT_TRUE(info.avx512_bf16);
  EXPECT_DOUBLE_EQ(info.peak_flops(2), 2 * 2000e6 * 64);  // 2 FMA pipes × 16 lanes × 2 FLOPs
  const auto avx2 = fb::parse_cpuinfo("model name\t: Old\ncpu MHz\t: 1000\nflags\t: sse2 fma avx2\n", 1);
  EXPECT_EQ(avx2.simd, "avx2");
  EXPECT_DOUBLE_EQ(avx2.peak_flops(1), 1000e6 * 32);
}
