// ConvLayer: official key names, shapes per scale, reflection padding and
// nearest up-sampling checked against hand-computed values.
#include <gtest/gtest.h>

#include "models/layers/conv_layer.h"
#include "weights/state_dict.h"

namespace {

using facesr::ConvLayer;
using facesr::ConvLayerOptions;
using facesr::NormType;
using facesr::ReluType;
using facesr::Scale;

std::vector<std::string> keys_of(const torch::nn::Module& m) {
  std::vector<std::string> keys;
  for (const auto& [k, v] : facesr::state_entries(m)) keys.push_back(k);
  return keys;
}

// A 1->1 channel layer whose only non-zero kernel tap is (row, col): it copies the padded input.
ConvLayer tap_layer(int row, int col, Scale scale = Scale::None) {
  ConvLayer layer(ConvLayerOptions(1, 1).scale(scale));
  torch::NoGradGuard no_grad;
  for (auto& [key, t] : facesr::state_entries(*layer)) t.zero_();
  facesr::state_entries(*layer)[0].second[0][0][row][col] = 1.0;
  return layer;
}

}  // namespace

TEST(ConvLayer, KeyNamesFollowOfficialModules) {
  EXPECT_EQ(keys_of(*ConvLayer(ConvLayerOptions(3, 8).norm(NormType::Batch).relu(ReluType::PReLU))),
            (std::vector<std::string>{"conv2d.weight", "relu.func.weight", "norm.norm.weight", "norm.norm.bias",
                                      "norm.norm.running_mean", "norm.norm.running_var",
                                      "norm.norm.num_batches_tracked"}));
  EXPECT_EQ(keys_of(*ConvLayer(ConvLayerOptions(3, 8).relu(ReluType::LeakyReLU))),
            (std::vector<std::string>{"conv2d.weight", "conv2d.bias"}));
  EXPECT_EQ(keys_of(*ConvLayer(ConvLayerOptions(3, 8).norm(NormType::Instance).spectral_norm(true))),
            (std::vector<std::string>{"conv2d.weight_orig", "norm.norm.weight", "norm.norm.bias", "conv2d.weight_u",
                                      "conv2d.weight_v"}));
  EXPECT_EQ(keys_of(*ConvLayer(ConvLayerOptions(3, 8).spectral_norm(true))),
            (std::vector<std::string>{"conv2d.bias", "conv2d.weight_orig", "conv2d.weight_u", "conv2d.weight_v"}));
}

TEST(ConvLayer, OutputShapePerScale) {
  const auto x = torch::randn({2, 3, 8, 8});
  EXPECT_EQ(ConvLayer(ConvLayerOptions(3, 5))->forward(x).sizes(), (std::vector<int64_t>{2, 5, 8, 8}));
  EXPECT_EQ(ConvLayer(ConvLayerOptions(3, 5).scale(Scale::Down))->forward(x).sizes(),
            (std::vector<int64_t>{2, 5, 4, 4}));
  EXPECT_EQ(ConvLayer(ConvLayerOptions(3, 5).scale(Scale::Up))->forward(x).sizes(),
            (std::vector<int64_t>{2, 5, 16, 16}));
  EXPECT_EQ(ConvLayer(ConvLayerOptions(3, 1).use_pad(false))->forward(x).sizes(), (std::vector<int64_t>{2, 1, 6, 6}));
}

TEST(ConvLayer, PadsByReflectionNotZeros) {
  // x[i][j] = 4i + j on a 4x4 map. The top-left tap reads padded[i][j] = x[r(i-1)][r(j-1)], r(-1) = 1.
  const auto x = torch::arange(16, torch::kFloat).reshape({1, 1, 4, 4});
  const auto out = tap_layer(0, 0)->forward(x);
  EXPECT_FLOAT_EQ(out[0][0][0][0].item<float>(), 5.f);  // x[1][1]
  EXPECT_FLOAT_EQ(out[0][0][0][1].item<float>(), 4.f);  // x[1][0]
  EXPECT_FLOAT_EQ(out[0][0][1][0].item<float>(), 1.f);  // x[0][1]
  EXPECT_FLOAT_EQ(out[0][0][2][3].item<float>(), 6.f);  // x[1][2]
  // The bottom-right tap reflects at the far border: padded[4][4] = x[2][2].
  EXPECT_FLOAT_EQ(tap_layer(2, 2)->forward(x)[0][0][3][3].item<float>(), 10.f);
}

TEST(ConvLayer, UpsamplesNearestBeforeTheConv) {
  const auto x = torch::arange(4, torch::kFloat).reshape({1, 1, 2, 2});
  const auto out = tap_layer(1, 1, Scale::Up)->forward(x);  // centre tap: the up-sampled map itself
  const auto expected = torch::tensor({0.f, 0.f, 1.f, 1.f, 0.f, 0.f, 1.f, 1.f, 2.f, 2.f, 3.f, 3.f, 2.f, 2.f, 3.f, 3.f})
                            .reshape({1, 1, 4, 4});
  EXPECT_TRUE(torch::equal(out, expected)) << out;
}

TEST(ConvLayer, DownSamplesWithStrideTwoFromTheFirstPixel) {
  const auto x = torch::arange(16, torch::kFloat).reshape({1, 1, 4, 4});
  const auto out = tap_layer(1, 1, Scale::Down)->forward(x);
  EXPECT_TRUE(torch::equal(out, torch::tensor({0.f, 2.f, 8.f, 10.f}).reshape({1, 1, 2, 2}))) << out;
}

TEST(ConvLayer, NormThenActivation) {
  // Batch norm in eval mode with running stats, then LeakyReLU(0.2): y = lrelu((conv - mean)/sqrt(var+eps)*w + b).
  ConvLayer layer(ConvLayerOptions(1, 1).norm(NormType::Batch).relu(ReluType::LeakyReLU));
  layer->eval();
  {
    torch::NoGradGuard no_grad;
    auto state = facesr::state_entries(*layer);
    std::map<std::string, torch::Tensor> by_key(state.begin(), state.end());
    by_key.at("conv2d.weight").zero_()[0][0][1][1] = 1.0;
    by_key.at("norm.norm.weight").fill_(2.0);
    by_key.at("norm.norm.bias").fill_(-1.0);
    by_key.at("norm.norm.running_mean").fill_(0.5);
    by_key.at("norm.norm.running_var").fill_(4.0 - 1e-5);
  }
  const auto x = torch::tensor({0.f, 1.f, 2.f, 3.f}).reshape({1, 1, 2, 2});
  // (x - 0.5) / 2 * 2 - 1 = x - 1.5 -> -1.5, -0.5, 0.5, 1.5 -> LeakyReLU(0.2)
  const auto expected = torch::tensor({-0.3f, -0.1f, 0.5f, 1.5f}).reshape({1, 1, 2, 2});
  EXPECT_TRUE(torch::allclose(layer->forward(x), expected, 1e-6, 1e-6)) << layer->forward(x);
}
