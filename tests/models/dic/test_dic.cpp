// DIC generator: parity with the official DIC class on the fill-v1 fixtures
// (all 4 steps' SR and heatmaps, float32 and float64), the first feedback
// block stand-alone, parameter counts, and the zoo entry.
#include <gtest/gtest.h>

#include "core/error.h"
#include "models/dic/dic.h"
#include "models/dic/dic_parity.h"
#include "models/convention.h"
#include "models/dic/heatmap_groups.h"
#include "inference/inference_tuning.h"
#include "models/registry.h"
#include "weights/fill_v1.h"

namespace {

using facesr::dic::DIC;
using facesr::test::Fixture;

facesr::test::NamedOutputs all_steps(DIC& model, const torch::Tensor& input) {
  const auto steps = model->forward_steps(input);
  facesr::test::NamedOutputs outputs;
  for (size_t t = 0; t < steps.sr.size(); ++t) {
    outputs["sr_" + std::to_string(t)] = steps.sr[t];
    outputs["heatmap_" + std::to_string(t)] = steps.heatmaps[t];
  }
  return outputs;
}

void expect_matches(const std::string& fixture_name, int64_t num_groups) {
  const auto fixture = Fixture::load(fixture_name);
  DIC model(num_groups);
  EXPECT_EQ(facesr::parameter_count(*model), fixture.sidecar.at("registered_parameters").get<int64_t>());
  facesr::fill::fill_module(*model, fixture.seed);
  facesr::test::expect_state_matches_weights_json(*model, fixture_name);
  facesr::test::expect_matches_fixture(*model, fixture, [&](const torch::Tensor& x) { return all_steps(model, x); });
}

}  // namespace

TEST(DIC, ParameterCountsMatchTheSpec) {
  EXPECT_EQ(facesr::parameter_count(*DIC(6)), 21803849);
  EXPECT_EQ(facesr::parameter_count(*DIC(3)), 17669297);
  // dic.md §4/§3: the landmark branch and the attentive fusion module alone.
  const DIC model(6);
  EXPECT_EQ(facesr::parameter_count(*model->named_children()["HG"]), 11999172);
  EXPECT_EQ(facesr::parameter_count(*model->named_modules()["block.fusion_block"]), 1466640);
}

TEST(DIC, MatchesOfficialWithSixGroups) { expect_matches("dic", 6); }

TEST(DIC, MatchesOfficialWithThreeGroups) { expect_matches("dic_g3", 3); }

// The default CPU tuning sends every plain and transposed convolution to
// oneDNN (FastConv2d, FastConvTranspose2d); the float32 fixture still holds.
TEST(DIC, MatchesOfficialThroughOneDnn) {
  if (!facesr::onednn_available()) GTEST_SKIP() << facesr::kBuiltWithoutOneDnn;
  const auto fixture = Fixture::load("dic");
  DIC model(6);
  facesr::fill::fill_module(*model, fixture.seed);
  facesr::InferenceTuning tuning;
  tuning.channels_last = tuning.conv.onednn = true;
  facesr::prepare_network(*model, torch::kCPU, tuning);
  facesr::test::expect_matches_fixture(*model, fixture, [&](const torch::Tensor& x) { return all_steps(model, x); },
                                       /*float64_pass=*/false);
}

// The SR outputs are dominated by the bilinear residual (fixtures README §5),
// so the first feedback block is also checked on its own.
TEST(DIC, FirstFeedbackBlockMatchesOfficial) {
  const auto fixture = Fixture::load("dic");
  DIC model(6);
  facesr::fill::fill_module(*model, fixture.seed);
  auto first_block = model->named_children()["first_block"]->as<facesr::dic::FeedbackBlockCustom>();
  ASSERT_NE(first_block, nullptr);
  torch::NoGradGuard no_grad;
  model->eval();
  const auto& input = fixture.blocks.at("first_block.input");
  facesr::test::expect_close_and_report("dic first_block f32", first_block->forward(input),
                                        fixture.blocks.at("first_block.output"),
                                        fixture.block_tolerance("first_block", false));
  model->to(torch::kFloat64);
  facesr::test::expect_close_and_report("dic first_block f64", first_block->forward(input.to(torch::kFloat64)),
                                        fixture.blocks.at("first_block.output_f64"),
                                        fixture.block_tolerance("first_block", true));
}

TEST(DIC, ForwardReturnsTheLastStepAndAcceptsAnyMultipleOfEight) {
  DIC model(3);
  facesr::fill::fill_module(*model, 1);
  model->eval();
  torch::NoGradGuard no_grad;
  const auto lr = facesr::fill::input("input", {2, 3, 8, 16}, 1);
  const auto steps = model->forward_steps(lr);
  ASSERT_EQ(steps.sr.size(), 4u);
  ASSERT_EQ(steps.heatmaps.size(), 4u);
  EXPECT_EQ(steps.sr[3].sizes(), (std::vector<int64_t>{2, 3, 64, 128}));
  EXPECT_EQ(steps.heatmaps[3].sizes(), (std::vector<int64_t>{2, 68, 16, 32}));
  EXPECT_TRUE(torch::equal(model->forward(lr), steps.sr[3]));
}

TEST(DIC, RejectsInputsItCannotProcess) {
  DIC model(3);
  EXPECT_THROW(model->forward(torch::zeros({1, 3, 12, 16})), facesr::Error);
  EXPECT_THROW(model->forward(torch::zeros({1, 1, 16, 16})), facesr::Error);
  EXPECT_THROW(model->forward(torch::zeros({3, 16, 16})), facesr::Error);
}

TEST(DIC, HeatmapMergeNormalisesEachLandmarkAndSumsComponents) {
  auto heatmaps = torch::zeros({1, 68, 2, 2}, torch::kFloat64);
  heatmaps[0][36][0][0] = 4.0;   // left eye, peak 4 -> 1
  heatmaps[0][37][1][1] = 0.01;  // left eye, weak peak -> divided by 0.05
  heatmaps[0][47][0][1] = 2.0;   // right eye
  heatmaps[0][27][1][0] = 1.0;   // nose
  heatmaps[0][67][0][0] = 0.5;   // mouth
  heatmaps[0][0][1][1] = 3.0;    // contour
  heatmaps[0][26][1][1] = -1.0;  // brow: negative everywhere -> / 0.05
  heatmaps[0][26] -= 1.0;
  const auto merged = facesr::dic::merge_heatmaps_to_components(heatmaps);
  ASSERT_EQ(merged.sizes(), (std::vector<int64_t>{1, 5, 2, 2}));
  auto expected = torch::zeros({1, 5, 2, 2}, torch::kFloat64);
  expected[0][0][0][0] = 1.0;
  expected[0][0][1][1] = 0.2;
  expected[0][1][0][1] = 1.0;
  expected[0][2][1][0] = 1.0;
  expected[0][3][0][0] = 1.0;
  expected[0][4] = -20.0;
  expected[0][4][1][1] = 1.0 - 40.0;
  EXPECT_TRUE(torch::allclose(merged, expected, 0, 1e-12)) << merged;
  EXPECT_THROW(facesr::dic::merge_heatmaps_to_components(torch::zeros({1, 5, 2, 2})), facesr::Error);
}

TEST(DIC, ZooEntryBuildsBothGroupCounts) {
  const auto& spec = facesr::find_model("dic");
  EXPECT_EQ(spec.convention.lr_size, 16);
  EXPECT_EQ(spec.convention.input_size, 16);
  EXPECT_EQ(spec.convention.output_size, 128);
  EXPECT_EQ(spec.convention.range, facesr::ValueRange::ZeroOne);
  EXPECT_EQ(spec.convention.quantize, facesr::Quantize::Round);
  EXPECT_FLOAT_EQ(spec.convention.mean[0], 0.509f);
  EXPECT_FLOAT_EQ(spec.convention.mean[1], 0.424f);
  EXPECT_FLOAT_EQ(spec.convention.mean[2], 0.378f);
  // A true 16x16 face goes in as [0,1] minus the mean, with no pre-upsampling.
  const cv::Mat face(16, 16, CV_8UC3, cv::Scalar(51, 102, 204));
  const auto input = facesr::faces_to_input({face}, spec.convention);
  ASSERT_EQ(input.sizes(), (std::vector<int64_t>{1, 3, 16, 16}));
  EXPECT_NEAR(input[0][0][5][5].item<float>(), 0.2f - 0.509f, 1e-6);
  EXPECT_NEAR(input[0][2][5][5].item<float>(), 0.8f - 0.378f, 1e-6);
  EXPECT_EQ(facesr::parameter_count(*spec.make(facesr::ModelOptions::object())), 21803849);
  EXPECT_EQ(facesr::parameter_count(*spec.make({{"num_groups", 3}})), 17669297);
  EXPECT_THROW(spec.make({{"num_groups", 4}}), facesr::Error);
  EXPECT_THROW(spec.make({{"num_groups", "6"}}), facesr::Error);
  EXPECT_THROW(spec.make({{"groups", 6}}), facesr::Error);
}
