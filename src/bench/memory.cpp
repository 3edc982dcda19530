#include "bench/memory.h"

#include <sys/resource.h>

#include <fstream>
#include <sstream>

#include "core/error.h"
#include "runtime/caching_cpu_allocator.h"

#ifdef FACESR_CUDA_ALLOCATOR_STATS
#include <c10/cuda/CUDACachingAllocator.h>
#endif

namespace facesr::bench {

namespace {

bool rss_window_reset = false;

// VmHWM from /proc/self/status in bytes, or -1 where there is no /proc.
int64_t proc_hwm_bytes() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmHWM:", 0) == 0) {
      std::istringstream fields(line.substr(6));
      int64_t kib = 0;
      fields >> kib;
      return kib * 1024;
    }
  }
  return -1;
}

}  // namespace

void reset_peak_memory(const torch::Device& device) {
  if (device.is_cuda()) {
#ifdef FACESR_CUDA_ALLOCATOR_STATS
    c10::cuda::CUDACachingAllocator::resetPeakStats(device.index() < 0 ? 0 : device.index());
#endif
    return;
  }
  // Memory kept from earlier work would count in this window's peak.
  caching_cpu_allocator().release_idle();
  // "5" resets the peak RSS to the current RSS (Linux >= 4.0).
  std::ofstream clear("/proc/self/clear_refs");
  clear << "5";
  clear.flush();
  rss_window_reset = clear.good();
}

PeakMemory peak_memory(const torch::Device& device) {
  if (device.is_cuda()) {
#ifdef FACESR_CUDA_ALLOCATOR_STATS
    // Index 0 of each statistic array is the aggregate over pool types in
    // every LibTorch version.
    const auto stats =
        c10::cuda::CUDACachingAllocator::getDeviceStats(device.index() < 0 ? 0 : device.index());
    return {stats.allocated_bytes[0].peak, "CUDA caching allocator peak allocated bytes"};
#else
    return {0, "not measured: LibTorch built without the CUDA allocator headers"};
#endif
  }
  const int64_t hwm = proc_hwm_bytes();
  if (hwm >= 0 && rss_window_reset) return {hwm, "process RSS high-water mark (VmHWM, reset per run)"};
  struct rusage usage {};
  ::getrusage(RUSAGE_SELF, &usage);
  return {static_cast<int64_t>(usage.ru_maxrss) * 1024, "process RSS high-water mark since start (getrusage)"};
}

}  // namespace facesr::bench
