#include "bench/timing.h"

#include <algorithm>
#include <chrono>
#include <ctime>

#include "core/error.h"

namespace facesr::bench {

double median(std::vector<double> values) {
  if (values.empty()) throw Error("median of no values");
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

Timing time_work(const std::function<void()>& work, int warmup, int repeats, const std::function<void()>& finish) {
  if (warmup < 0 || repeats < 1) throw Error("benchmark: need --warmup >= 0 and --repeats >= 1");
  for (int i = 0; i < warmup; ++i) {
    work();
    if (finish) finish();
  }
  Timing t;
  for (int i = 0; i < repeats; ++i) {
    const std::clock_t cpu_start = std::clock();
    const auto start = std::chrono::steady_clock::now();
    work();
    if (finish) finish();
    t.seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    t.cpu_seconds.push_back(static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC);
  }
  t.median = median(t.seconds);
  t.cpu_median = median(t.cpu_seconds);
  return t;
}

}  // namespace facesr::bench
