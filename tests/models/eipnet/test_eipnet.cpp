// EIPNet generator. The official code is TensorFlow, so there is no parity
// fixture: the tests pin the layer table of eipnet.md §2 (keys, shapes,
// parameter count), the edge block's TF-SAME average pool, and the wiring,
// against a literal transcription of networks.py::generator.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <map>

#include "core/error.h"
#include "inference/inference_tuning.h"
#include "models/eipnet/edge_block.h"
#include "models/eipnet/eipnet.h"
#include "models/registry.h"
#include "parity.h"
#include "weights/state_dict.h"

namespace facesr::test {
namespace {

using eipnet::EipnetEdgeBlock;
using eipnet::EipnetGenerator;
using eipnet::EipnetGeneratorImpl;
using eipnet::tf_same_average;

using Shape = std::vector<int64_t>;

// The average of x over the in-image taps of TF's SAME window, by loops.
torch::Tensor tf_same_average_by_loops(const torch::Tensor& x, int64_t k) {
  const int64_t before = (k - 1) / 2, h = x.size(2), w = x.size(3);
  auto out = torch::zeros_like(x);
  for (int64_t i = 0; i < h; ++i) {
    for (int64_t j = 0; j < w; ++j) {
      const int64_t i0 = std::max<int64_t>(0, i - before), i1 = std::min(h, i - before + k);
      const int64_t j0 = std::max<int64_t>(0, j - before), j1 = std::min(w, j - before + k);
      const auto window = x.slice(2, i0, i1).slice(3, j0, j1);
      out.select(2, i).select(2, j).copy_(window.sum({2, 3}) / static_cast<double>((i1 - i0) * (j1 - j0)));
    }
  }
  return out;
}

TEST(EipnetEdgeBlock, AverageExcludesPaddingWithTfWindowPlacement) {
  torch::manual_seed(0);
  const auto x = torch::randn({1, 2, 9, 13}, torch::kFloat64);
  for (const int64_t k : {5, 7, 10}) {
    SCOPED_TRACE(k);
    EXPECT_TRUE(torch::allclose(tf_same_average(x, k), tf_same_average_by_loops(x, k), 1e-12, 1e-12));
  }
}

TEST(EipnetEdgeBlock, ConstantImageHasNoEdgesEvenAtTheBorder) {
  for (const int64_t k : {5, 7, 10}) {
    SCOPED_TRACE(k);
    EipnetEdgeBlock block(4, k);
    const auto [edge, high_pass] = block->forward(torch::full({1, 4, 16, 16}, 200.0));
    EXPECT_EQ(high_pass.abs().max().item<float>(), 0.f);
    EXPECT_EQ(edge.abs().max().item<float>(), 0.f);  // zero high-pass, zero-initialised bias
    EXPECT_EQ(edge.sizes().vec(), (Shape{1, 1, 16, 16}));
  }
}

// Columns whose high-pass response is non-zero for a vertical step at column
// 8 of a 16-wide image (bright side 255, dark side 0).
std::vector<int64_t> responding_columns(int64_t k, bool bright_right) {
  auto image = torch::zeros({1, 1, 6, 16});
  if (bright_right) {
    image.slice(3, 8).fill_(255.0);
  } else {
    image.slice(3, 0, 8).fill_(255.0);
  }
  const auto high_pass = torch::relu(image - tf_same_average(image, k));
  const auto per_column = high_pass.amax({0, 1, 2});
  std::vector<int64_t> columns;
  for (int64_t j = 0; j < 16; ++j) {
    if (per_column[j].item<float>() > 0.f) columns.push_back(j);
  }
  return columns;
}

TEST(EipnetEdgeBlock, StepResponseSitsOnTheBrightSideOfTheStep) {
  // The window of pixel j spans [j - (k-1)/2, j + k/2]; the response is where
  // a bright pixel's window reaches the dark side.
  EXPECT_EQ(responding_columns(5, true), (std::vector<int64_t>{8, 9}));
  EXPECT_EQ(responding_columns(5, false), (std::vector<int64_t>{6, 7}));
  EXPECT_EQ(responding_columns(7, true), (std::vector<int64_t>{8, 9, 10}));
  // k = 10 is asymmetric: 4 taps before, 5 after.
  EXPECT_EQ(responding_columns(10, true), (std::vector<int64_t>{8, 9, 10, 11}));
  EXPECT_EQ(responding_columns(10, false), (std::vector<int64_t>{3, 4, 5, 6, 7}));
}

TEST(EipnetGenerator, HasTheLayerTableOfTheSpec) {
  EipnetGenerator net;
  std::map<std::string, Shape> own;
  for (const auto& [key, tensor] : state_entries(*net)) own[key] = tensor.sizes().vec();
  const std::map<std::string, Shape> expected = {
      {"Conv1.weight", {512, 3, 3, 3}},      {"Conv1.bias", {512}},
      {"Step1_1.weight", {512, 512, 3, 3}},  {"Step1_1.bias", {512}},
      {"Step1_2.weight", {512, 512, 3, 3}},  {"Step1_2.bias", {512}},
      {"Step1_de.weight", {512, 256, 4, 4}}, {"Step1_de.bias", {256}},
      {"Step1_edge.weight", {1, 256, 1, 1}}, {"Step1_edge.bias", {1}},
      {"Step2_1.weight", {512, 512, 3, 3}},  {"Step2_1.bias", {512}},
      {"Step2_2.weight", {256, 512, 3, 3}},  {"Step2_2.bias", {256}},
      {"Step2_de.weight", {256, 128, 4, 4}}, {"Step2_de.bias", {128}},
      {"Step2_edge.weight", {1, 128, 1, 1}}, {"Step2_edge.bias", {1}},
      {"Step3_1.weight", {256, 256, 3, 3}},  {"Step3_1.bias", {256}},
      {"Step3_2.weight", {128, 256, 3, 3}},  {"Step3_2.bias", {128}},
      {"Step3_de.weight", {128, 64, 4, 4}},  {"Step3_de.bias", {64}},
      {"Step3_edge.weight", {1, 64, 1, 1}},  {"Step3_edge.bias", {1}},
      {"RGB.weight", {3, 128, 1, 1}},        {"RGB.bias", {3}},
  };
  EXPECT_EQ(own, expected);
  EXPECT_EQ(parameter_count(*net), 11'912'582);  // eipnet.md §2, sum of the layer table
}

// networks.py::generator transcribed literally onto the module's parameters
// (edge_conv's avg_pool2d is tf_same_average, checked against loops above).
torch::Tensor official_graph(torch::nn::Module& net, const torch::Tensor& x, std::vector<torch::Tensor>& edges) {
  auto p = net.named_parameters();
  const auto conv = [&](const std::string& name, const torch::Tensor& in, bool relu) {
    const auto& w = p[name + ".weight"];
    const auto y = torch::conv2d(in, w, p[name + ".bias"], 1, w.size(2) / 2);
    return relu ? torch::relu(y) : y;
  };
  const auto deconv = [&](const std::string& name, const torch::Tensor& in) {
    return torch::relu(torch::conv_transpose2d(in, p[name + ".weight"], p[name + ".bias"], 2, 1));
  };
  const auto edge_conv = [&](const std::string& name, const torch::Tensor& in, int64_t k) {
    const auto sub = torch::relu(in - tf_same_average(in, k));
    edges.push_back(conv(name, sub, true));
    return sub;
  };
  const auto Conv1 = conv("Conv1", x, false);
  const auto Step1_2 = conv("Step1_2", conv("Step1_1", Conv1, true), true);
  const auto Step1_de = deconv("Step1_de", Conv1 + Step1_2);
  const auto Step1_con = torch::cat({Step1_de, edge_conv("Step1_edge", Step1_de, 5)}, 1);
  const auto Step2_2 = conv("Step2_2", conv("Step2_1", Step1_con, true), true);
  const auto Step2_de = deconv("Step2_de", Step1_de + Step2_2);
  const auto Step2_con = torch::cat({Step2_de, edge_conv("Step2_edge", Step2_de, 7)}, 1);
  const auto Step3_2 = conv("Step3_2", conv("Step3_1", Step2_con, true), true);
  const auto Step3_de = deconv("Step3_de", Step2_de + Step3_2);
  const auto Step3_con = torch::cat({Step3_de, edge_conv("Step3_edge", Step3_de, 10)}, 1);
  return conv("RGB", Step3_con, false);
}

TEST(EipnetGenerator, MatchesTheOfficialGraphWithEdgeMapsAtEachScale) {
  torch::manual_seed(1);
  EipnetGenerator net;
  torch::NoGradGuard no_grad;
  for (auto& param : net->parameters()) param.uniform_(-0.02, 0.02);  // non-zero biases too
  net->to(torch::kFloat64);
  // 8x8 keeps this float64 check fast; the zoo test runs the real 16x16.
  const auto input = torch::rand({1, 3, 8, 8}, torch::kFloat64) * 255.0;

  const auto out = net->forward_with_edges(input);
  std::vector<torch::Tensor> expected_edges;
  const auto expected = official_graph(*net, input, expected_edges);

  EXPECT_EQ(out.sr.sizes().vec(), (Shape{1, 3, 64, 64}));
  EXPECT_TRUE(torch::allclose(out.sr, expected, 1e-10, 1e-9));
  ASSERT_EQ(out.edges.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    const int64_t side = 16 << i;
    EXPECT_EQ(out.edges[i].sizes().vec(), (Shape{1, 1, side, side}));
    EXPECT_TRUE(torch::allclose(out.edges[i], expected_edges[i], 1e-10, 1e-9));
  }
  EXPECT_TRUE(torch::equal(net->forward(input), out.sr));
}

// The default CPU tuning runs every convolution through oneDNN (FastConv2d,
// FastConvTranspose2d); float32 output and edge maps keep LibTorch's values.
TEST(EipnetGenerator, GivesItsLibTorchResultThroughOneDnn) {
  if (!onednn_available()) GTEST_SKIP() << kBuiltWithoutOneDnn;
  torch::manual_seed(2);
  EipnetGenerator net;
  torch::NoGradGuard no_grad;
  for (auto& param : net->parameters()) param.uniform_(-0.02, 0.02);
  net->eval();
  const auto input = torch::rand({2, 3, 16, 16}) * 255.0;
  const auto want = net->forward_with_edges(input);
  InferenceTuning tuning;
  tuning.channels_last = tuning.conv.onednn = true;
  prepare_network(*net, torch::kCPU, tuning);
  const auto got = net->forward_with_edges(input.contiguous(torch::MemoryFormat::ChannelsLast));
  EXPECT_LT(relative_error(got.sr, want.sr), 1e-4);
  ASSERT_EQ(got.edges.size(), want.edges.size());
  for (size_t i = 0; i < want.edges.size(); ++i) EXPECT_LT(relative_error(got.edges[i], want.edges[i]), 1e-4);
}

TEST(EipnetGenerator, StartsFromXavierWeightsAndZeroBiases) {
  torch::manual_seed(0);
  EipnetGenerator net;
  for (const auto& item : net->named_parameters()) {
    SCOPED_TRACE(item.key());
    const auto& tensor = item.value();
    if (tensor.dim() == 1) {
      EXPECT_EQ(tensor.abs().max().item<float>(), 0.f);
    } else {
      // Glorot uniform bound sqrt(6 / (fan_in + fan_out)).
      const double receptive = tensor.numel() / (tensor.size(0) * tensor.size(1));
      const double bound = std::sqrt(6.0 / (receptive * (tensor.size(0) + tensor.size(1))));
      // float32 draws can round onto the double bound itself.
      EXPECT_LE(tensor.abs().max().item<double>(), bound * (1 + 1e-6));
      EXPECT_GT(tensor.abs().max().item<double>(), 0.5 * bound);
    }
  }
}

TEST(EipnetZoo, RegistersTheGeneratorWithItsConventions) {
  const ModelSpec& spec = find_model("eipnet");
  EXPECT_EQ(spec.convention.lr_size, 16);
  EXPECT_EQ(spec.convention.input_size, 16);
  EXPECT_EQ(spec.convention.output_size, 128);
  EXPECT_EQ(spec.convention.range, ValueRange::ZeroTo255);
  EXPECT_FALSE(spec.convention.bgr);
  const auto net = spec.make(ModelOptions::object());
  torch::NoGradGuard no_grad;
  const auto out = std::dynamic_pointer_cast<EipnetGeneratorImpl>(net)->forward_with_edges(torch::full({1, 3, 16, 16}, 128.0));
  EXPECT_EQ(out.sr.sizes().vec(), (Shape{1, 3, 128, 128}));
  EXPECT_EQ(out.edges[0].sizes().vec(), (Shape{1, 1, 32, 32}));
  EXPECT_EQ(out.edges[2].sizes().vec(), (Shape{1, 1, 128, 128}));
  EXPECT_THROW(net->forward(torch::zeros({1, 1, 16, 16})), Error);
  EXPECT_THROW(spec.make(ModelOptions{{"scale", 4}}), Error);
}

}  // namespace
}  // namespace facesr::test
