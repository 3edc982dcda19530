// A CPU allocator for LibTorch that keeps freed large blocks for reuse.
//
// LibTorch's default CPU allocator hands every block to malloc and back.
// glibc serves blocks above its mmap threshold (at most 32 MB) with a fresh
// mmap and trims freed heap tops, so every training step page-faults its
// activations in again and the kernel zeroes each page: 7.7 s of system time
// in a 29 s DIC training bench. Kept blocks skip both.
#pragma once

#include <c10/core/Allocator.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <utility>

namespace facesr {

class CachingCpuAllocator final : public c10::Allocator {
 public:
  // Blocks below this go straight to malloc, whose bins already reuse them.
  static constexpr size_t kMinCachedBytes = size_t{256} << 10;
  // A kept block serves a request at most 1/8 smaller than itself.
  static constexpr size_t kMaxSlackDivisor = 8;

  struct Stats {
    int64_t idle_bytes = 0;  // freed blocks kept for reuse
    int64_t reused = 0;      // requests served from kept blocks
  };

  // LibTorch 1.13 declares allocate() const, 2.3+ non-const; defining both
  // (without `override`) overrides whichever the base has.
  c10::DataPtr allocate(size_t bytes) const;
  c10::DataPtr allocate(size_t bytes) { return std::as_const(*this).allocate(bytes); }
  c10::DeleterFnPtr raw_deleter() const override { return &release; }
  // Pure virtual in LibTorch 2.2+, absent before.
  void copy_data(void* dest, const void* src, size_t count) const;

  // How many idle bytes may be kept; going over returns the largest kept
  // blocks to the system (fewest frees per byte). 0 keeps none.
  void set_idle_limit(size_t bytes);
  // Returns every kept block to the system (before a memory measurement).
  void release_idle();
  Stats stats() const;

 private:
  friend CachingCpuAllocator& caching_cpu_allocator();
  CachingCpuAllocator() = default;

  // The state allocate() const changes; held apart so that constness of the
  // interface does not leak into it.
  struct Pool {
    std::mutex mutex;
    size_t idle_limit = 0;
    size_t idle_bytes = 0;
    int64_t reused = 0;
    std::multimap<size_t, void*> idle;         // block size -> kept block
    std::unordered_map<void*, size_t> in_use;  // cached-size block -> its size
    void trim_to(size_t limit);                // caller holds mutex
  };

  static void release(void* data);

  std::unique_ptr<Pool> pool_ = std::make_unique<Pool>();
};

// The process's allocator, created on first use and never destroyed (tensors
// freed during static destruction still reach it).
CachingCpuAllocator& caching_cpu_allocator();

// Makes LibTorch allocate CPU tensors through caching_cpu_allocator(), keeping
// at most `idle_limit_bytes` of freed memory, and keeps glibc from returning
// the free top of its heap below 64 MiB. Call before the first tensor.
void install_caching_cpu_allocator(size_t idle_limit_bytes);

// A quarter of physical memory: a training step's working set fits, and a
// machine cannot be pushed into swap by memory nobody uses.
size_t default_cpu_cache_limit();

}  // namespace facesr
