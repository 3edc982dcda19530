#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "core/whole_number.h"

namespace facesr {
namespace {

using nlohmann::json;

TEST(WholeNumber, ReadsIntegersAndWholeFloatsInRange) {
  EXPECT_EQ(whole_number<int>(json(42)), 42);
  EXPECT_EQ(whole_number<int>(json(-7)), -7);
  EXPECT_EQ(whole_number<int>(json(1e4)), 10000);
  EXPECT_EQ(whole_number<int64_t>(json(-9.0)), -9);
  EXPECT_EQ(whole_number<uint64_t>(json(std::numeric_limits<uint64_t>::max())), std::numeric_limits<uint64_t>::max());
  EXPECT_EQ(whole_number<int>(json(2147483647)), 2147483647);
  EXPECT_EQ(whole_number<int>(json(-2147483648.0)), std::numeric_limits<int>::min());
}

TEST(WholeNumber, RefusesFractionsOutOfRangeValuesAndOtherTypes) {
  EXPECT_FALSE(whole_number<int>(json(2.5)));
  EXPECT_FALSE(whole_number<int>(json(1e300)));
  EXPECT_FALSE(whole_number<int>(json(2147483648.0)));  // 2^31: one past int's max
  EXPECT_FALSE(whole_number<int>(json(int64_t{1} << 40)));
  EXPECT_FALSE(whole_number<int64_t>(json(9223372036854775808.0)));  // 2^63
  EXPECT_FALSE(whole_number<int64_t>(json(std::numeric_limits<uint64_t>::max())));
  EXPECT_FALSE(whole_number<uint64_t>(json(-1)));
  EXPECT_FALSE(whole_number<uint64_t>(json(-1.0)));
  EXPECT_FALSE(whole_number<int>(json(std::numeric_limits<double>::infinity())));
  EXPECT_FALSE(whole_number<int>(json(std::numeric_limits<double>::quiet_NaN())));
  EXPECT_FALSE(whole_number<int>(json(true)));
  EXPECT_FALSE(whole_number<int>(json("3")));
  EXPECT_FALSE(whole_number<int>(json(nullptr)));
}

}  // namespace
}  // namespace facesr
