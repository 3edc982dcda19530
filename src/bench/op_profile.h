// Where a forward pass spends its time, per LibTorch operator: the wall time
// of every top-level operator it dispatches on this thread (an operator
// called inside another is part of its caller's time), summed by name.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace facesr::bench {

struct OperatorTime {
  std::string name;  // e.g. "aten::convolution"
  int64_t calls = 0;
  double seconds = 0.0;
};

// Runs `work` once on this thread; operators sorted by total time, largest
// first. Not reentrant, and not together with count_macs.
std::vector<OperatorTime> profile_operators(const std::function<void()>& work);

}  // namespace facesr::bench
