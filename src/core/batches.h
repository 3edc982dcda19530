// The one batching loop: work on `count` items in consecutive ranges of at
// most `batch_size`, as every forward pass over many faces needs.
#pragma once

#include <algorithm>
#include <cstddef>

#include "core/error.h"

namespace facesr {

// Calls run(begin, end) for [0, count) in order, each range at most
// `batch_size` long. Throws facesr::Error for a batch size below 1.
template <typename Run>
void for_each_batch(size_t count, long long batch_size, Run&& run) {
  if (batch_size < 1) throw Error("the batch size must be at least 1, got " + std::to_string(batch_size));
  const size_t step = static_cast<size_t>(batch_size);
  for (size_t begin = 0; begin < count; begin += step) run(begin, std::min(count, begin + step));
}

}  // namespace facesr
