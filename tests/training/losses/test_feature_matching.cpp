// SPARNetHD feature matching against a hand-computed two-scale example.
#include <gtest/gtest.h>

#include "core/error.h"
#include "training/losses/feature_matching.h"

TEST(FeatureMatching, AveragesSummedL1OverScalesAndDetachesReal) {
  auto f00 = torch::tensor({1.0, 2.0}).requires_grad_();
  auto f01 = torch::tensor({3.0}).requires_grad_();
  auto f10 = torch::zeros({4}).requires_grad_();
  auto f11 = torch::tensor({2.0}).requires_grad_();
  auto r00 = torch::zeros({2}).requires_grad_();
  const auto score = torch::zeros({1});
  const std::vector<facesr::sparnet::DiscriminatorOutput> fake = {{score, {f00, f01}}, {score, {f10, f11}}};
  const std::vector<facesr::sparnet::DiscriminatorOutput> real = {{score, {r00, torch::tensor({1.0})}},
                                                          {score, {torch::ones({4}), torch::tensor({2.0})}}};
  // Scale 0: 1.5 + 2; scale 1: 1 + 0; mean over the two scales.
  const auto loss = facesr::losses::feature_matching(fake, real);
  EXPECT_NEAR(loss.item<double>(), 2.25, 1e-6);

  loss.backward();
  // d/dx mean|x - y| = sign(x - y) / numel, then / num_D.
  EXPECT_TRUE(torch::allclose(f00.grad(), torch::full({2}, 0.25)));
  EXPECT_TRUE(torch::allclose(f01.grad(), torch::full({1}, 0.5)));
  EXPECT_TRUE(torch::allclose(f10.grad(), torch::full({4}, -0.125)));
  EXPECT_FALSE(r00.grad().defined());
}

TEST(FeatureMatching, RefusesMismatchedOutputs) {
  const auto t = torch::zeros({1});
  const std::vector<facesr::sparnet::DiscriminatorOutput> two_feats = {{t, {t, t}}};
  const std::vector<facesr::sparnet::DiscriminatorOutput> one_feat = {{t, {t}}};
  EXPECT_THROW(facesr::losses::feature_matching(two_feats, one_feat), facesr::Error);
  EXPECT_THROW(facesr::losses::feature_matching(two_feats, {}), facesr::Error);
}
