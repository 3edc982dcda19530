// The operator profile: top-level operators counted once per call, nested
// ones folded into their caller, sorted by time.
#include <gtest/gtest.h>

#include <torch/torch.h>

#include "bench/op_profile.h"
#include "core/error.h"

TEST(OpProfile, CountsTopLevelOperatorsOnly) {
  torch::NoGradGuard no_grad;
  const torch::Tensor x = torch::randn({1, 4, 32, 32}), w = torch::randn({4, 4, 3, 3});
  const auto operators = facesr::bench::profile_operators([&] {
    torch::Tensor y = torch::conv2d(x, w, {}, 1, 1);
    y = torch::conv2d(torch::relu(y), w, {}, 1, 1);
  });
  std::map<std::string, int64_t> calls;
  for (const auto& op : operators) {
    calls[op.name] = op.calls;
    EXPECT_GE(op.seconds, 0.0);
  }
  EXPECT_EQ(calls["aten::conv2d"], 2);
  EXPECT_EQ(calls["aten::relu"], 1);
  EXPECT_EQ(calls.count("aten::convolution"), 0u);  // inside conv2d
  for (size_t i = 1; i < operators.size(); ++i) EXPECT_GE(operators[i - 1].seconds, operators[i].seconds);
}

TEST(OpProfile, RefusesToNestAndRecoversFromAThrowingWork) {
  EXPECT_THROW(facesr::bench::profile_operators([] { facesr::bench::profile_operators([] {}); }), facesr::Error);
  EXPECT_THROW(facesr::bench::profile_operators([] { throw facesr::Error("boom"); }), facesr::Error);
  EXPECT_NO_THROW(facesr::bench::profile_operators([] {}));  // the observer was removed
}
