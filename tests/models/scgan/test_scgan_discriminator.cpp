// SCGAN discriminators D16/D64 and their power-iteration spectral norm. No
// fixture exists: keys, shapes and counts are checked against the spec and
// keys/scgan_D{16,64}_state_dict.txt, the spectral norm against snlayer.py's
// algorithm written out by hand.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <fstream>
#include <map>
#include <sstream>

#include "core/error.h"
#include "models/registry.h"
#include "models/scgan/discriminator.h"
#include "models/scgan/power_iteration_spectral_norm.h"
#include "test_paths.h"
#include "weights/state_dict.h"

namespace facesr::test {
namespace {

using scgan::PowerIterationSNConv2d;
using scgan::PowerIterationSNLinear;
using scgan::PowerIterationWeights;
using scgan::ScganDiscriminator;

// keys/<file>: "key<TAB>(d0, d1, ...)" per line, '#' comments.
std::map<std::string, std::vector<int64_t>> official_keys(const std::string& file) {
  std::ifstream in(shared_dir() / "specs" / "keys" / file);
  EXPECT_TRUE(in) << "cannot open keys file " << file;
  std::map<std::string, std::vector<int64_t>> keys;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto tab = line.find('\t');
    std::vector<int64_t> shape;
    std::string dims = line.substr(tab + 1);
    for (char& c : dims) {
      if (c == '(' || c == ')' || c == ',') c = ' ';
    }
    std::istringstream ds(dims);
    for (int64_t d; ds >> d;) shape.push_back(d);
    keys[line.substr(0, tab)] = shape;
  }
  return keys;
}

int64_t trainable_count(const torch::nn::Module& module) {
  int64_t n = 0;
  for (const auto& p : module.parameters()) {
    if (p.requires_grad()) n += p.numel();
  }
  return n;
}

struct DiscriminatorCase {
  int64_t input_size;
  std::string keys_file;
  int64_t registered;
  int64_t trainable;
};

class ScganDiscriminatorSpec : public ::testing::TestWithParam<DiscriminatorCase> {};

TEST_P(ScganDiscriminatorSpec, HasTheOfficialKeysShapesAndCounts) {
  const auto& c = GetParam();
  ScganDiscriminator net(c.input_size);
  std::map<std::string, std::vector<int64_t>> own;
  for (const auto& [key, tensor] : state_entries(*net)) own[key] = tensor.sizes().vec();
  EXPECT_EQ(own, official_keys(c.keys_file));
  EXPECT_EQ(parameter_count(*net), c.registered);  // u and v are Parameters in snlayer.py
  EXPECT_EQ(trainable_count(*net), c.trainable);
}

TEST_P(ScganDiscriminatorSpec, ScoresEachImageAndUpdatesUVEvenInEvalMode) {
  const auto& c = GetParam();
  ScganDiscriminator net(c.input_size);
  net->eval();
  torch::NoGradGuard no_grad;
  const auto named = net->named_parameters();
  const auto u_before = named["out_layer.0.module.weight_u"].clone();
  const auto logits = net->forward(torch::rand({2, 3, c.input_size, c.input_size}) * 2 - 1);
  EXPECT_EQ(logits.sizes().vec(), (std::vector<int64_t>{2, 1}));
  EXPECT_TRUE(torch::isfinite(logits).all().item<bool>());
  EXPECT_FALSE(torch::equal(u_before, named["out_layer.0.module.weight_u"]));
}

TEST_P(ScganDiscriminatorSpec, RejectsOtherImageSizes) {
  ScganDiscriminator net(GetParam().input_size);
  const int64_t other = GetParam().input_size == 16 ? 64 : 16;
  EXPECT_THROW(net->forward(torch::zeros({1, 3, other, other})), Error);
}

INSTANTIATE_TEST_SUITE_P(Sizes, ScganDiscriminatorSpec,
                         ::testing::Values(DiscriminatorCase{16, "scgan_D16_state_dict.txt", 15'433'632, 15'390'849},
                                           DiscriminatorCase{64, "scgan_D64_state_dict.txt", 15'499'936, 15'456'641}),
                         [](const auto& info) { return "D" + std::to_string(info.param.input_size); });

// A hinge D loss calls D twice before one backward; the second call's u/v
// update must not invalidate the first call's graph.
TEST(ScganDiscriminator, BackpropagatesThroughTwoCallsLikeTheHingeLoss) {
  ScganDiscriminator net(16);
  const auto real = net->forward(torch::rand({2, 3, 16, 16}));
  const auto fake = net->forward(torch::rand({2, 3, 16, 16}));
  (torch::relu(1 - real).mean() + torch::relu(1 + fake).mean()).backward();
  const auto& weight_bar = net->named_parameters()["residual_blocks.0.conv1.module.weight_bar"];
  ASSERT_TRUE(weight_bar.grad().defined());
  EXPECT_GT(weight_bar.grad().abs().sum().item<double>(), 0.0);
}

TEST(ScganDiscriminator, OnlyAccepts16Or64) { EXPECT_THROW(ScganDiscriminator(32), Error); }

TEST(PowerIterationSpectralNorm, OneStepUpdatesVThenUAndDividesBySigma) {
  torch::manual_seed(3);
  PowerIterationSNConv2d layer(4, 6, 3, /*bias=*/true);
  auto& weights = *layer->named_children()["module"]->as<PowerIterationWeights>();
  const auto w = weights.weight_bar.detach().clone();
  const auto u0 = weights.weight_u.detach().clone();

  const auto matrix = w.view({6, -1});
  auto v = torch::mv(matrix.t(), u0);
  v = v / (v.norm() + 1e-12);
  auto u = torch::mv(matrix, v);
  u = u / (u.norm() + 1e-12);
  const auto sigma = torch::dot(u, torch::mv(matrix, v));
  const auto x = torch::randn({2, 4, 5, 5});
  const auto expected = torch::conv2d(x, w / sigma, weights.bias, 1, 1);

  const auto actual = layer->forward(x);
  EXPECT_TRUE(torch::allclose(actual, expected, 1e-5, 1e-6));
  EXPECT_TRUE(torch::allclose(weights.weight_u, u));
  EXPECT_TRUE(torch::allclose(weights.weight_v, v));
}

TEST(PowerIterationSpectralNorm, RepeatedCallsConvergeToUnitSpectralNorm) {
  torch::manual_seed(5);
  PowerIterationSNLinear layer(12, 7);
  auto& weights = *layer->named_children()["module"]->as<PowerIterationWeights>();
  torch::NoGradGuard no_grad;
  for (int i = 0; i < 200; ++i) layer->forward(torch::zeros({1, 12}));
  const auto singular_values = torch::linalg_svdvals(weights.normalized_weight());
  EXPECT_NEAR(singular_values.max().item<double>(), 1.0, 1e-4);
  EXPECT_FALSE(weights.weight_u.requires_grad());
  EXPECT_TRUE(weights.weight_bar.requires_grad());
}

}  // namespace
}  // namespace facesr::test
