// Peak memory of a benchmark: the process's resident-set high-water mark on
// CPU, the caching allocator's peak on CUDA.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <string>

namespace facesr::bench {

struct PeakMemory {
  int64_t bytes = 0;
  std::string kind;  // how it was measured, for the report
};

// Starts a new peak window: resets the kernel's RSS high-water mark
// (/proc/self/clear_refs) or CUDA's peak statistics. Where the RSS mark
// cannot be reset, later peaks cover the whole process life (kind says so).
void reset_peak_memory(const torch::Device& device);

// The peak since the last reset_peak_memory on `device`.
PeakMemory peak_memory(const torch::Device& device);

}  // namespace facesr::bench
