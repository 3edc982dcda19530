#include "runtime/caching_cpu_allocator.h"

#include <c10/core/CPUAllocator.h>
#include <c10/core/impl/alloc_cpu.h>
#include <malloc.h>
#include <unistd.h>

#include <cstring>
#include <iterator>

namespace facesr {

c10::DataPtr CachingCpuAllocator::allocate(size_t bytes) const {
  const c10::Device cpu(c10::DeviceType::CPU);
  if (bytes < kMinCachedBytes) {
    void* data = c10::alloc_cpu(bytes);
    return {data, data, &c10::free_cpu, cpu};
  }
  Pool& pool = *pool_;
  {
    std::lock_guard<std::mutex> lock(pool.mutex);
    const auto kept = pool.idle.lower_bound(bytes);
    if (kept != pool.idle.end() && kept->first <= bytes + bytes / kMaxSlackDivisor) {
      void* data = kept->second;
      pool.in_use.emplace(data, kept->first);
      pool.idle_bytes -= kept->first;
      pool.idle.erase(kept);
      ++pool.reused;
      return {data, data, &release, cpu};
    }
  }
  void* data = c10::alloc_cpu(bytes);  // outside the lock: page faults are slow
  std::lock_guard<std::mutex> lock(pool.mutex);
  pool.in_use.emplace(data, bytes);
  return {data, data, &release, cpu};
}

void CachingCpuAllocator::copy_data(void* dest, const void* src, size_t count) const {
  std::memcpy(dest, src, count);
}

void CachingCpuAllocator::release(void* data) {
  if (data == nullptr) return;
  Pool& pool = *caching_cpu_allocator().pool_;
  std::lock_guard<std::mutex> lock(pool.mutex);
  const auto block = pool.in_use.find(data);
  if (block == pool.in_use.end()) {  // a small block from raw_allocate()
    c10::free_cpu(data);
    return;
  }
  pool.idle.emplace(block->second, data);
  pool.idle_bytes += block->second;
  pool.in_use.erase(block);
  pool.trim_to(pool.idle_limit);
}

void CachingCpuAllocator::Pool::trim_to(size_t limit) {
  while (idle_bytes > limit) {
    const auto largest = std::prev(idle.end());
    c10::free_cpu(largest->second);
    idle_bytes -= largest->first;
    idle.erase(largest);
  }
}

void CachingCpuAllocator::set_idle_limit(size_t bytes) {
  std::lock_guard<std::mutex> lock(pool_->mutex);
  pool_->idle_limit = bytes;
  pool_->trim_to(bytes);
}

void CachingCpuAllocator::release_idle() {
  std::lock_guard<std::mutex> lock(pool_->mutex);
  pool_->trim_to(0);
}

CachingCpuAllocator::Stats CachingCpuAllocator::stats() const {
  std::lock_guard<std::mutex> lock(pool_->mutex);
  return {static_cast<int64_t>(pool_->idle_bytes), pool_->reused};
}

CachingCpuAllocator& caching_cpu_allocator() {
  static auto* allocator = new CachingCpuAllocator();
  return *allocator;
}

void install_caching_cpu_allocator(size_t idle_limit_bytes) {
  // Blocks too small for this cache, and every cv::Mat, come from glibc, which
  // hands the top of its heap back to the system once more than 128 KiB of it
  // is free (twice its mmap threshold once that adapts), so a loop that frees
  // its images and allocates the next ones faults every page in again: a third
  // of `facesr eval`'s time on 1,000 faces went to those faults. Keep up to
  // 64 MiB free at the top instead. Setting it fixes the mmap threshold too,
  // so set that where glibc's adaptation would take it (32 MiB).
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  CachingCpuAllocator& allocator = caching_cpu_allocator();
  allocator.set_idle_limit(idle_limit_bytes);
  c10::SetCPUAllocator(&allocator);
}

size_t default_cpu_cache_limit() {
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page_size = sysconf(_SC_PAGESIZE);
  if (pages <= 0 || page_size <= 0) return size_t{1} << 30;
  return static_cast<size_t>(pages) * static_cast<size_t>(page_size) / 4;
}

}  // namespace facesr
