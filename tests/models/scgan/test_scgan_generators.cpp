// Parity of the SCGAN generators with the official PyTorch code (fixtures
// scgan_g_rls, scgan_g_dhl, scgan_g_dsl), plus counts, zoo entry and errors.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <algorithm>
#include <iostream>

#include "core/error.h"
#include "onednn/conv_backend.h"
#include "models/registry.h"
#include "models/scgan/generator_block.h"
#include "models/scgan/degradation_generator.h"
#include "models/scgan/restoration_generator.h"
#include "parity.h"
#include "weights/fill_v1.h"

namespace facesr::test {
namespace {

using scgan::ScganDegradationGenerator;
using scgan::ScganGeneratorBlockImpl;
using scgan::ScganRestorationGenerator;

// all_close, with the max abs diff printed so a run documents its margin.
void expect_output_close(const Fixture& fx, const torch::Tensor& actual, bool float64) {
  const auto& expected = (float64 ? fx.f64 : fx.f32).at("output");
  const auto result = all_close(actual, expected, fx.tolerance("output", float64));
  EXPECT_TRUE(result) << fx.name << (float64 ? " float64" : " float32");
  std::cout << "[ " << fx.name << (float64 ? " f64 ] " : " f32 ] ") << result.message() << "\n";
}

int64_t parameters_with_gradient(const torch::nn::Module& module) {
  int64_t n = 0;
  for (const auto& p : module.parameters()) {
    if (p.grad().defined()) n += p.numel();
  }
  return n;
}

TEST(ScganRestorationGenerator, MatchesOfficialFixtureInFloat32AndFloat64) {
  const auto fx = Fixture::load("scgan_g_rls");
  ScganRestorationGenerator net;
  fill::fill_module(*net, fx.seed);
  expect_state_matches_weights_json(*net, fx.name);
  net->eval();
  torch::NoGradGuard no_grad;

  const auto input = fx.f32.at("input");
  expect_output_close(fx, net->forward(input), /*float64=*/false);
  net->to(torch::kFloat64);
  expect_output_close(fx, net->forward(input.to(torch::kFloat64)), /*float64=*/true);
}

TEST(ScganRestorationGenerator, MatchesOfficialFixtureThroughOneDnn) {
  if (!onednn_available()) GTEST_SKIP() << "built without oneDNN";
  const auto fx = Fixture::load("scgan_g_rls");
  ScganRestorationGenerator net;
  fill::fill_module(*net, fx.seed);
  net->eval();
  int blocks = 0, others = 0;
  std::vector<std::string> block_names;
  for (const auto& item : net->named_modules("", /*include_self=*/false)) {
    const std::string& name = item.key();
    const auto& module = item.value();
    auto* layer = dynamic_cast<UsesOneDnn*>(module.get());
    if (!layer || !layer->use_onednn(ConvAlgorithm::Winograd)) continue;
    const bool in_block = std::any_of(block_names.begin(), block_names.end(),
                                      [&](const std::string& block) { return name.rfind(block + ".", 0) == 0; });
    if (module->as<ScganGeneratorBlockImpl>()) {
      ++blocks;
      block_names.push_back(name);
    } else if (!in_block) {  // a block runs its convolutions itself, fused
      ++others;
    }
  }
  EXPECT_EQ(blocks, 15);  // 12 + 3 residual blocks
  // layers_in, a1, a2, the 3 convs of main, the 2 up-sampling 1×1 ConvTranspose2d.
  EXPECT_EQ(others, 8);
  torch::InferenceMode guard;
  expect_output_close(fx, net->forward(fx.f32.at("input")), /*float64=*/false);
}

TEST(ScganRestorationGenerator, CountsRegisteredAndUsedParameters) {
  ScganRestorationGenerator net;
  EXPECT_EQ(parameter_count(*net), 15'476'323);
  // Only the unused a2 (96*128 + 96 = 12,384) gets no gradient (scgan.md §3.3).
  net->forward(torch::rand({1, 3, 16, 16}) * 2 - 1).sum().backward();
  EXPECT_EQ(parameters_with_gradient(*net), 15'463'939);
}

TEST(ScganRestorationGenerator, RejectsNonImageInput) {
  ScganRestorationGenerator net;
  EXPECT_THROW(net->forward(torch::zeros({3, 16, 16})), Error);
  EXPECT_THROW(net->forward(torch::zeros({1, 1, 16, 16})), Error);
}

class ScganDegradationParity : public ::testing::TestWithParam<std::string> {};

// G_DHL and G_DSL are one architecture with identical keys (scgan.md §3.2).
TEST_P(ScganDegradationParity, MatchesOfficialFixtureInFloat32AndFloat64) {
  const auto fx = Fixture::load(GetParam());
  ScganDegradationGenerator net;
  fill::fill_module(*net, fx.seed);
  expect_state_matches_weights_json(*net, fx.name);
  EXPECT_EQ(parameter_count(*net), 12'291'896);
  net->eval();
  torch::NoGradGuard no_grad;

  const auto image = fx.f32.at("input");
  const auto z = fx.f32.at("z");
  EXPECT_EQ(z.sizes().vec(), (std::vector<int64_t>{1, 1, 64}));
  expect_output_close(fx, net->forward(image, z), /*float64=*/false);
  net->to(torch::kFloat64);
  expect_output_close(fx, net->forward(image.to(torch::kFloat64), z.to(torch::kFloat64)), /*float64=*/true);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, ScganDegradationParity, ::testing::Values("scgan_g_dhl", "scgan_g_dsl"));

TEST(ScganDegradationGenerator, NoiseChangesTheOutputPerSample) {
  ScganDegradationGenerator net;
  net->eval();
  torch::NoGradGuard no_grad;
  const auto image = torch::rand({1, 3, 64, 64}).repeat({2, 1, 1, 1});
  const auto z = torch::randn({2, 1, 64});
  const auto out = net->forward(image, z);
  EXPECT_EQ(out.sizes().vec(), (std::vector<int64_t>{2, 3, 16, 16}));
  EXPECT_GT((out[0] - out[1]).abs().max().item<double>(), 0.0);
  EXPECT_LE(out.abs().max().item<double>(), 1.0);  // tanh
}

TEST(ScganDegradationGenerator, RejectsWrongImageOrNoise) {
  ScganDegradationGenerator net;
  const auto z = torch::zeros({1, 1, 64});
  EXPECT_THROW(net->forward(torch::zeros({1, 3, 32, 32}), z), Error);  // the noise plane is fixed at 64x64
  EXPECT_THROW(net->forward(torch::zeros({1, 3, 64, 64}), torch::zeros({1, 1, 32})), Error);
  EXPECT_THROW(net->forward(torch::zeros({2, 3, 64, 64}), z), Error);  // one z per image
}

TEST(ScganZoo, RegistersTheRestorationGeneratorWithItsConventions) {
  const ModelSpec& spec = find_model("scgan");
  EXPECT_EQ(spec.convention.lr_size, 16);
  EXPECT_EQ(spec.convention.input_size, 16);
  EXPECT_EQ(spec.convention.output_size, 64);
  EXPECT_EQ(spec.convention.range, ValueRange::MinusOneOne);
  EXPECT_TRUE(spec.convention.bgr);
  EXPECT_EQ(spec.convention.quantize, Quantize::Truncate);

  const auto net = spec.make(ModelOptions::object());
  EXPECT_EQ(parameter_count(*net), 15'476'323);
  net->eval();
  torch::NoGradGuard no_grad;
  EXPECT_EQ(net->forward(torch::zeros({1, 3, 16, 16})).sizes().vec(), (std::vector<int64_t>{1, 3, 64, 64}));
  EXPECT_THROW(spec.make(ModelOptions{{"num_blocks", 3}}), Error);
}

}  // namespace
}  // namespace facesr::test
