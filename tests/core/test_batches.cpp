// for_each_batch: consecutive ranges that cover every item once, in order.
#include <gtest/gtest.h>

#include <utility>
#include <vector>

#include "core/batches.h"

namespace facesr {
namespace {

std::vector<std::pair<size_t, size_t>> ranges(size_t count, long long batch_size) {
  std::vector<std::pair<size_t, size_t>> out;
  for_each_batch(count, batch_size, [&](size_t begin, size_t end) { out.emplace_back(begin, end); });
  return out;
}

TEST(Batches, CoverEveryItemOnceInOrderWithAShorterLastRange) {
  EXPECT_EQ(ranges(7, 3), (std::vector<std::pair<size_t, size_t>>{{0, 3}, {3, 6}, {6, 7}}));
  EXPECT_EQ(ranges(6, 3), (std::vector<std::pair<size_t, size_t>>{{0, 3}, {3, 6}}));
  EXPECT_EQ(ranges(2, 16), (std::vector<std::pair<size_t, size_t>>{{0, 2}}));
  EXPECT_TRUE(ranges(0, 4).empty());
}

TEST(Batches, ABatchSizeBelowOneIsAnError) {
  EXPECT_THROW(ranges(5, 0), Error);
  EXPECT_THROW(ranges(5, -2), Error);
}

}  // namespace
}  // namespace facesr
