// Wall-clock timing of a repeated piece of work: warm-up runs are discarded,
// the median of the timed runs is the result.
#pragma once

#include <functional>
#include <vector>

namespace facesr::bench {

struct Timing {
  std::vector<double> seconds;      // wall clock, one per timed repeat, in run order
  std::vector<double> cpu_seconds;  // process CPU time (all threads) of the same repeats
  double median = 0.0;              // of seconds
  double cpu_median = 0.0;          // of cpu_seconds: less sensitive to a shared, loaded machine
};

// Runs `work` warmup times untimed, then repeats times timed. `finish` is
// called inside each timed interval after `work` (a device synchronisation
// on CUDA, where kernels run asynchronously); it may be empty.
Timing time_work(const std::function<void()>& work, int warmup, int repeats,
                 const std::function<void()>& finish = {});

// Median of a non-empty list (mean of the middle two for even sizes).
double median(std::vector<double> values);

}  // namespace facesr::bench
