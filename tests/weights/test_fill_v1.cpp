// fill-v1 must reproduce the self-check table of ../shared/fixtures/README.md §1.1
// bit for bit: every parity fixture depends on it.
#include <gtest/gtest.h>

#include "weights/fill_v1.h"

using namespace facesr::fill;

TEST(FillV1, Fnv1aMatchesReferenceValues) {
  EXPECT_EQ(fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(fnv1a64("input"), 0x1ebbae8f5810b65bULL);
  EXPECT_EQ(fnv1a64("encoder.0.conv2d.weight"), 0xf916e957e3ce5fd1ULL);
  EXPECT_EQ(fnv1a64("encoder.1.preact_func.0.norm.num_batches_tracked"), 0xf175ce5c5b299dd0ULL);
}

TEST(FillV1, SplitMixFromZero) {
  SplitMix64 rng(0);
  EXPECT_EQ(rng.next(), 0xe220a8397b1dcdafULL);
  EXPECT_EQ(rng.next(), 0x6e789e6aa1b965f4ULL);
  EXPECT_EQ(rng.next(), 0x06c45d188009454fULL);
}

TEST(FillV1, InputStreamForSeedZero) {
  SplitMix64 rng(fnv1a64("input") ^ 0ULL);
  const uint64_t expected[] = {0x190a9f76a9bd8bf6ULL, 0xa70117d09cb2bc5bULL, 0x3420b86a56b4f31fULL,
                               0x4642016398ff478fULL, 0xca855e6d854f5e05ULL};
  for (uint64_t e : expected) EXPECT_EQ(rng.next(), e);

  SplitMix64 again(fnv1a64("input"));
  EXPECT_DOUBLE_EQ(again.uniform(), 0.097818342657538193);
  EXPECT_DOUBLE_EQ(2.0 * again.uniform() - 1.0, 0.30472085653436465);
}

TEST(FillV1, InputValuesForFixtureSeed) {
  const uint64_t G = 20261122;
  EXPECT_EQ(fnv1a64("input") ^ G, 0x1ebbae8f59259f59ULL);
  const auto x = input("input", {1, 5}, G);
  const float expected[] = {0.68439579f, -0.712327957f, 0.752942204f, 0.965479016f, -0.0688923225f};
  for (int i = 0; i < 5; ++i) EXPECT_FLOAT_EQ(x[0][i].item<float>(), expected[i]);
}

TEST(FillV1, InputBatchIsOneStream) {
  const auto batch = input("input", {2, 3}, 7);
  const auto flat = input("input", {6}, 7);
  EXPECT_TRUE(torch::equal(batch.flatten(), flat));
}

TEST(FillV1, RolesAndFirstValuesOfSparnetKeys) {
  const uint64_t G = 20261122;
  struct Case {
    const char* key;
    std::vector<int64_t> shape;
    Role role;
    float first[3];
  } cases[] = {
      {"encoder.0.conv2d.weight", {32, 3, 3, 3}, Role::Fan, {-0.186986282f, -0.149517119f, -0.00472453795f}},
      {"encoder.0.conv2d.bias", {32}, Role::Bias, {0.098818548f, 0.0767203718f, 0.00834399089f}},
      {"encoder.1.preact_func.0.norm.weight", {32}, Role::Scale, {0.814915717f, 0.925679505f, 0.80654031f}},
      {"encoder.1.preact_func.0.norm.running_mean", {32}, Role::RunningMean, {0.0387581177f, -0.0778460205f, 0.0698095709f}},
      {"encoder.1.preact_func.0.norm.running_var", {32}, Role::RunningVar, {1.3294009f, 1.29051518f, 1.20519948f}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.key);
    EXPECT_EQ(role_of(c.key, c.shape), c.role);
    const auto t = parameter(c.key, c.shape, G).flatten();
    ASSERT_EQ(t.scalar_type(), torch::kFloat32);
    for (int i = 0; i < 3; ++i) EXPECT_FLOAT_EQ(t[i].item<float>(), c.first[i]);
  }
  const auto counter = parameter("encoder.1.preact_func.0.norm.num_batches_tracked", {}, G);
  EXPECT_EQ(counter.scalar_type(), torch::kInt64);
  EXPECT_EQ(counter.item<int64_t>(), 0);
}

TEST(FillV1, FanRuleNeedsFanAboveOne) {
  // A (h,1,1) tensor such as CTCNet's per-head temperature has fan 1: rule 6.
  EXPECT_EQ(role_of("attn.temperature", {4, 1, 1}), Role::Scale);
  EXPECT_EQ(role_of("x.bias", {4, 1}), Role::Bias);
  EXPECT_EQ(role_of("fc.weight", {4, 2}), Role::Fan);
  EXPECT_EQ(role_of("prelu.weight", {1}), Role::Scale);
}
