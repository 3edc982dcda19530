// CTCNet against the official code (fixtures/ctcnet*): the fill-v1 weights
// under official keys, the end-to-end output and, because the 16×16
// bottleneck barely reaches that output (fixtures README §5), three
// sub-modules run stand-alone: an FRM, an encoder LGCM and a decoder LGCM.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <string>

#include "core/error.h"
#include "inference/inference_tuning.h"
#include "models/ctcnet/ctcnet.h"
#include "models/ctcnet/feature_refinement_module.h"
#include "models/registry.h"
#include "parity.h"
#include "weights/fill_v1.h"
#include "weights/state_dict.h"

namespace {

using facesr::ctcnet::CTCNet;
using facesr::test::all_close;
using facesr::test::Fixture;

const Fixture& ctcnet_fixture() {
  static const Fixture fixture = Fixture::load("ctcnet");
  return fixture;
}

CTCNet filled_model() {
  CTCNet model;
  facesr::fill::fill_module(*model, ctcnet_fixture().seed);
  model->eval();
  return model;
}

// The sub-modules of ctcnet.blocks.safetensors, by official path.
std::map<std::string, std::function<torch::Tensor(const torch::Tensor&)>> blocks_of(CTCNet model) {
  const auto net = model.ptr();
  return {
      {"res_layers.0",
       [=](const torch::Tensor& x) {
         return net->res_layers->ptr<facesr::ctcnet::FeatureRefinementModuleImpl>(0)->forward(x);
       }},
      {"res_layers_down1", [=](const torch::Tensor& x) { return net->res_layers_down1->forward(x); }},
      {"res_layers_up1", [=](const torch::Tensor& x) { return net->res_layers_up1->forward(x); }},
  };
}

void expect_matches_fixture(CTCNet model, bool float64) {
  const Fixture& f = ctcnet_fixture();
  const auto dtype = float64 ? torch::kFloat64 : torch::kFloat32;
  torch::NoGradGuard no_grad;
  {
    SCOPED_TRACE("output");
    const auto expected = (float64 ? f.f64 : f.f32).at("output");
    const auto result =
        all_close(model->forward(f.f32.at("input").to(dtype)), expected, f.tolerance("output", float64));
    EXPECT_TRUE(result);
    ::testing::Test::RecordProperty("output", result.message());
  }
  for (const auto& [path, run] : blocks_of(model)) {
    SCOPED_TRACE(path);
    const auto expected = f.blocks.at(path + (float64 ? ".output_f64" : ".output"));
    const auto result =
        all_close(run(f.blocks.at(path + ".input").to(dtype)), expected, f.block_tolerance(path, float64));
    EXPECT_TRUE(result);
    ::testing::Test::RecordProperty(path, result.message());
  }
}

}  // namespace

TEST(CTCNet, FillMatchesOfficialStateDict) {
  const auto model = filled_model();
  EXPECT_EQ(facesr::state_entries(*model).size(), ctcnet_fixture().sidecar.at("state_dict_entries").get<size_t>());
  facesr::test::expect_state_matches_weights_json(*model, "ctcnet");
}

TEST(CTCNet, MatchesOfficialFloat32) { expect_matches_fixture(filled_model(), /*float64=*/false); }

// The default CPU tuning's path: plain and transposed convolutions through
// oneDNN (FastConv2d, FastConvTranspose2d, ConvLayer), NHWC activations.
TEST(CTCNet, MatchesOfficialFloat32ThroughOneDnn) {
  if (!facesr::onednn_available()) GTEST_SKIP() << facesr::kBuiltWithoutOneDnn;
  auto model = filled_model();
  facesr::InferenceTuning tuning;
  tuning.channels_last = tuning.conv.onednn = true;
  facesr::prepare_network(*model, torch::kCPU, tuning);
  expect_matches_fixture(model, /*float64=*/false);
}

TEST(CTCNet, MatchesOfficialFloat64) {
  auto model = filled_model();
  model->to(torch::kFloat64);
  expect_matches_fixture(model, /*float64=*/true);
}

// 24,404,917 registered, of which 22,407,699 are reached by the forward pass
// (spec ctcnet.md §4): the rest are official parameters that are never called.
TEST(CTCNet, RegisteredAndUsedParameterCounts) {
  auto model = filled_model();
  EXPECT_EQ(facesr::parameter_count(*model), 24404917);

  model->forward(ctcnet_fixture().f32.at("input")).sum().backward();
  int64_t used = 0, unused_tensors = 0;
  for (const auto& p : model->parameters()) {
    if (p.grad().defined()) {
      used += p.numel();
    } else {
      ++unused_tensors;
    }
  }
  EXPECT_EQ(used, 22407699);
  EXPECT_EQ(unused_tensors, ctcnet_fixture().sidecar.at("unused_parameter_tensors").get<int64_t>());
}

TEST(CTCNet, RejectsInputsTheNetworkCannotTake) {
  CTCNet model;
  model->eval();
  torch::NoGradGuard no_grad;
  EXPECT_THROW(model->forward(torch::zeros({1, 3, 96, 96})), facesr::Error);    // hourglass bottom below 2×2
  EXPECT_THROW(model->forward(torch::zeros({1, 3, 160, 128})), facesr::Error);  // not a multiple of 64
  EXPECT_THROW(model->forward(torch::zeros({1, 1, 128, 128})), facesr::Error);  // not RGB
  EXPECT_THROW(model->forward(torch::zeros({3, 128, 128})), facesr::Error);     // no batch dimension
}

TEST(CTCNet, ZooEntry) {
  const auto& spec = facesr::find_model("ctcnet");
  EXPECT_EQ(spec.official_class, "CTCNet");
  EXPECT_EQ(spec.convention.lr_size, 16);
  EXPECT_EQ(spec.convention.input_size, 128);
  EXPECT_EQ(spec.convention.output_size, 128);
  EXPECT_EQ(spec.convention.range, facesr::ValueRange::MinusOneOne);
  EXPECT_EQ(spec.convention.quantize, facesr::Quantize::Truncate);
  EXPECT_FALSE(spec.convention.bgr);
  EXPECT_EQ(facesr::parameter_count(*spec.make(facesr::ModelOptions::object())), 24404917);
  EXPECT_THROW(spec.make({{"res_depth", 10}}), facesr::Error);
}
