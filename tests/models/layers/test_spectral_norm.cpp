// Spectral norm: eval mode divides by u.(W v) from the stored vectors (sign
// kept); training mode first does one power iteration and stores u and v.
#include <gtest/gtest.h>

#include "models/layers/spectral_norm.h"

namespace {

// A 1x1 conv 2->2 with W = [[1,2],[3,4]], no bias.
facesr::SpectralNormConv2d conv_1x1(std::vector<float> u, std::vector<float> v) {
  facesr::SpectralNormConv2d conv(torch::nn::Conv2dOptions(2, 2, 1).bias(false));
  torch::NoGradGuard no_grad;
  conv->weight_orig.copy_(torch::tensor({1.f, 2.f, 3.f, 4.f}).reshape({2, 2, 1, 1}));
  conv->weight_u.copy_(torch::tensor(u));
  conv->weight_v.copy_(torch::tensor(v));
  return conv;
}

const torch::Tensor kW = torch::tensor({1.f, 2.f, 3.f, 4.f}).reshape({2, 2, 1, 1});

}  // namespace

TEST(SpectralNorm, EvalUsesStoredVectorsWithoutIteration) {
  auto conv = conv_1x1({1.f, 0.f}, {0.f, 1.f});  // sigma = u.(W v) = [1,0].[2,4] = 2
  conv->eval();
  EXPECT_TRUE(torch::allclose(conv->weight(), kW / 2.0));
  EXPECT_TRUE(torch::equal(conv->weight_u, torch::tensor({1.f, 0.f})));  // untouched
  // The forward uses that weight: input (1, 1) per pixel -> row sums / 2.
  const auto out = conv->forward(torch::ones({1, 2, 1, 1}));
  EXPECT_TRUE(torch::allclose(out.flatten(), torch::tensor({1.5f, 3.5f})));
}

TEST(SpectralNorm, NegativeSigmaKeepsItsSign) {
  auto conv = conv_1x1({-1.f, 0.f}, {0.f, 1.f});  // sigma = -2: PyTorch takes no abs
  conv->eval();
  EXPECT_TRUE(torch::allclose(conv->weight(), kW / -2.0));
}

TEST(SpectralNorm, TrainingDoesOnePowerIteration) {
  auto conv = conv_1x1({1.f, 0.f}, {0.f, 1.f});
  conv->train();
  // v = W^T u / |.| = [1,2]/sqrt5; W v = [5,11]/sqrt5; u = [5,11]/sqrt146; sigma = u.(W v) = sqrt(146/5).
  const auto w = conv->weight();
  EXPECT_TRUE(torch::allclose(conv->weight_v, torch::tensor({1.f, 2.f}) / std::sqrt(5.f)));
  EXPECT_TRUE(torch::allclose(conv->weight_u, torch::tensor({5.f, 11.f}) / std::sqrt(146.f)));
  EXPECT_TRUE(torch::allclose(w, kW / std::sqrt(146.0 / 5.0), 1e-5, 1e-6));
  EXPECT_TRUE(w.requires_grad());
}

TEST(SpectralNorm, KeysMatchTorchSpectralNorm) {
  facesr::SpectralNormConv2d conv(torch::nn::Conv2dOptions(4, 6, 3));
  std::vector<std::string> params, buffers;
  for (const auto& p : conv->named_parameters()) params.push_back(p.key());
  for (const auto& b : conv->named_buffers()) buffers.push_back(b.key());
  EXPECT_EQ(params, (std::vector<std::string>{"bias", "weight_orig"}));
  EXPECT_EQ(buffers, (std::vector<std::string>{"weight_u", "weight_v"}));
  EXPECT_EQ(conv->weight_u.sizes(), (std::vector<int64_t>{6}));
  EXPECT_EQ(conv->weight_v.sizes(), (std::vector<int64_t>{36}));
}
