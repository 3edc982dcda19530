// What the benchmark ran on, and an estimate of its peak float32 FLOP/s.
#pragma once

#include <string>

namespace facesr::bench {

struct CpuInfo {
  std::string model;        // /proc/cpuinfo "model name"
  int logical_cores = 0;
  double mhz = 0.0;         // /proc/cpuinfo "cpu MHz" of the first core
  std::string simd;         // widest float32 FMA vector: avx512, avx2 or sse
  bool avx512_bf16 = false;
  int flops_per_cycle = 0;  // float32 FLOPs per core per cycle, see peak_assumption
  std::string peak_assumption;

  // Peak float32 FLOP/s of `threads` cores at the reported clock.
  double peak_flops(int threads) const { return static_cast<double>(threads) * mhz * 1e6 * flops_per_cycle; }
};

// Parses /proc/cpuinfo text (its first processor block decides).
CpuInfo parse_cpuinfo(const std::string& cpuinfo_text, int logical_cores);

// This machine's CPU.
CpuInfo cpu_info();

}  // namespace facesr::bench
