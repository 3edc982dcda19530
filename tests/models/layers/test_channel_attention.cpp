// The shared RCAN channel attention: official key names, the exact gate
// formula, and clear errors for impossible configurations.
#include <gtest/gtest.h>

#include "core/error.h"
#include "models/layers/channel_attention.h"
#include "weights/fill_v1.h"
#include "weights/state_dict.h"

using facesr::ChannelAttention;

TEST(ChannelAttention, KeysAndShapesFollowTheOfficialLayer) {
  ChannelAttention ca(64);
  std::map<std::string, std::vector<int64_t>> shapes;
  for (const auto& [key, t] : facesr::state_entries(*ca)) shapes[key] = t.sizes().vec();
  const std::map<std::string, std::vector<int64_t>> expected = {{"conv_du.0.weight", {4, 64, 1, 1}},
                                                                {"conv_du.0.bias", {4}},
                                                                {"conv_du.2.weight", {64, 4, 1, 1}},
                                                                {"conv_du.2.bias", {64}}};
  EXPECT_EQ(shapes, expected);
}

TEST(ChannelAttention, GatesEachChannelBySqueezedGlobalMean) {
  ChannelAttention ca(32, 8);
  facesr::fill::fill_module(*ca, 7);
  ca->to(torch::kFloat64);
  const auto x = facesr::fill::input("input", {2, 32, 5, 7}, 7).to(torch::kFloat64);

  // Reference: gate = sigmoid(W2 · relu(W1 · mean + b1) + b2), per sample.
  const auto w1 = ca->conv_du->ptr<torch::nn::Conv2dImpl>(0)->weight.reshape({4, 32});
  const auto b1 = ca->conv_du->ptr<torch::nn::Conv2dImpl>(0)->bias;
  const auto w2 = ca->conv_du->ptr<torch::nn::Conv2dImpl>(2)->weight.reshape({32, 4});
  const auto b2 = ca->conv_du->ptr<torch::nn::Conv2dImpl>(2)->bias;
  const auto mean = x.mean({2, 3});                                      // (2, 32)
  const auto hidden = torch::relu(torch::matmul(mean, w1.t()) + b1);     // (2, 4)
  const auto gate = torch::sigmoid(torch::matmul(hidden, w2.t()) + b2);  // (2, 32)
  const auto expected = x * gate.reshape({2, 32, 1, 1});

  torch::NoGradGuard no_grad;
  EXPECT_TRUE(torch::allclose(ca->forward(x), expected, 1e-14, 1e-14));
}

TEST(ChannelAttention, RejectsImpossibleConfigurationsAndInputs) {
  EXPECT_THROW(ChannelAttention(8, 16), facesr::Error);
  EXPECT_THROW(ChannelAttention(8, 0), facesr::Error);
  ChannelAttention ca(32);
  EXPECT_THROW(ca->forward(torch::zeros({1, 16, 4, 4})), facesr::Error);
  EXPECT_THROW(ca->forward(torch::zeros({32, 4, 4})), facesr::Error);
}
