// SPARNet / SPARNet-Light-Attn3D / SPARNetHD generators against the fill-v1
// parity fixtures (../shared/fixtures, README §3), plus their zoo entries.
#include <gtest/gtest.h>

#include "core/error.h"
#include "io/safetensors.h"
#include "models/registry.h"
#include "models/sparnet/sparnet.h"
#include "parity.h"
#include "test_paths.h"
#include "weights/fill_v1.h"

namespace {

using facesr::sparnet::AttentionType;
using facesr::sparnet::SPARNet;
using facesr::sparnet::SPARNetOptions;
using facesr::test::all_close;
using facesr::test::Fixture;

// Builds the network, fills it with fill-v1 and checks the fill and the parameter count.
SPARNet filled(const SPARNetOptions& options, const Fixture& fixture, int64_t spec_parameters) {
  SPARNet net(options);
  facesr::fill::fill_module(*net, fixture.seed);
  facesr::test::expect_state_matches_weights_json(*net, fixture.name);
  EXPECT_EQ(facesr::parameter_count(*net), spec_parameters);
  EXPECT_EQ(facesr::parameter_count(*net), fixture.sidecar.at("registered_parameters").get<int64_t>());
  net->eval();
  return net;
}

// float32 against <m>.safetensors, then float64 against <m>.f64.safetensors.
void expect_parity(const std::string& name, const SPARNetOptions& options, int64_t spec_parameters) {
  const auto fixture = Fixture::load(name);
  auto net = filled(options, fixture, spec_parameters);
  const auto input = fixture.f32.at("input");
  ASSERT_TRUE(torch::equal(input, facesr::fill::input("input", input.sizes(), fixture.seed)));
  torch::NoGradGuard no_grad;
  const auto f32 = all_close(net->forward(input), fixture.f32.at("output"), fixture.tolerance("output", false));
  EXPECT_TRUE(f32);
  ::testing::Test::RecordProperty("float32", f32.message());
  net->to(torch::kFloat64);
  const auto f64 = all_close(net->forward(input.to(torch::kFloat64)), fixture.f64.at("output"),
                             fixture.tolerance("output", true));
  EXPECT_TRUE(f64);
  ::testing::Test::RecordProperty("float64", f64.message());
}

}  // namespace

TEST(SPARNet, MatchesOfficialAttn2D) { expect_parity("sparnet_attn2d", SPARNetOptions::sparnet(), 10518867); }

TEST(SPARNet, MatchesOfficialLightAttn3DOnABatchOfTwo) {
  expect_parity("sparnet_light_attn3d", SPARNetOptions::sparnet_light(), 5242211);
}

TEST(SPARNetHD, MatchesOfficialAt64) { expect_parity("sparnethd_attn2d_64", SPARNetOptions::sparnet_hd(), 85793412); }

// The full 512x512 size, float32 only (about 20 s; the 64 fixture covers float64).
// Max abs differences are recorded as test properties (--gtest_output=xml).
TEST(SPARNetHD, MatchesOfficialAt512) {
  const auto fixture = Fixture::load("sparnethd_attn2d_512");
  auto net = filled(SPARNetOptions::sparnet_hd(), fixture, 85793412);
  const auto input =
      facesr::safetensors::File::open(facesr::test::fixture("sparnethd_attn2d_512_input.safetensors").string())
          .tensors()
          .at("input");
  torch::NoGradGuard no_grad;
  const auto f32 = all_close(net->forward(input), fixture.f32.at("output"), fixture.tolerance("output", false));
  EXPECT_TRUE(f32);
  RecordProperty("float32", f32.message());
}

TEST(SPARNetHD, Attn3DHasTheComputedParameterCount) {
  EXPECT_EQ(facesr::parameter_count(*SPARNet(SPARNetOptions::sparnet_hd().attention(AttentionType::Spatial3D))),
            90093793);
}

TEST(SPARNet, RejectsBadInputs) {
  SPARNet net(SPARNetOptions::sparnet_light());
  net->eval();
  torch::NoGradGuard no_grad;
  EXPECT_THROW(net->forward(torch::zeros({1, 1, 128, 128})), facesr::Error);
  EXPECT_THROW(net->forward(torch::zeros({3, 128, 128})), facesr::Error);
  EXPECT_THROW(net->forward(torch::zeros({1, 3, 32, 32})), facesr::Error);
  EXPECT_EQ(net->forward(torch::zeros({1, 3, 64, 64})).sizes(), (std::vector<int64_t>{1, 3, 64, 64}));
  EXPECT_THROW(SPARNet(SPARNetOptions().in_size(100)), facesr::Error);
}

TEST(SPARNetZoo, EntriesFollowTheOfficialConventions) {
  const auto& sparnet = facesr::find_model("sparnet");
  EXPECT_EQ(sparnet.official_class, "SPARNet");
  EXPECT_EQ(sparnet.convention.lr_size, 16);
  EXPECT_EQ(sparnet.convention.input_size, 128);
  EXPECT_EQ(sparnet.convention.output_size, 128);
  EXPECT_EQ(sparnet.convention.range, facesr::ValueRange::MinusOneOne);
  EXPECT_EQ(sparnet.convention.quantize, facesr::Quantize::Truncate);
  EXPECT_FALSE(sparnet.convention.bgr);
  EXPECT_EQ(facesr::parameter_count(*sparnet.make(facesr::ModelOptions::object())), 10518867);
  EXPECT_EQ(facesr::parameter_count(*facesr::find_model("sparnet-light").make({})), 5242211);

  const auto& hd = facesr::find_model("sparnethd");
  EXPECT_EQ(hd.convention.input_size, 512);
  EXPECT_EQ(hd.convention.output_size, 512);
  EXPECT_EQ(facesr::parameter_count(*hd.make({{"att_name", "spar3d"}})), 90093793);
  EXPECT_THROW(hd.make({{"att_name", "spar4d"}}), facesr::Error);
  // The official constructor's width/depth keywords build smaller variants; nothing else is accepted.
  EXPECT_LT(facesr::parameter_count(*sparnet.make({{"res_depth", 3}})), 10518867);
  EXPECT_THROW(sparnet.make({{"res_depth", 0}}), facesr::Error);
  // Whole numbers only, in range: a float out of int's range was cast to int (undefined behaviour).
  EXPECT_THROW(sparnet.make({{"res_depth", 1e300}}), facesr::Error);
  EXPECT_THROW(sparnet.make({{"min_ch", 2.5}}), facesr::Error);
  EXPECT_THROW(sparnet.make({{"max_ch", "64"}}), facesr::Error);
  EXPECT_EQ(facesr::parameter_count(*sparnet.make({{"res_depth", 3.0}})),
            facesr::parameter_count(*sparnet.make({{"res_depth", 3}})));
  EXPECT_THROW(sparnet.make({{"att_name", "spar3d"}}), facesr::Error);
}

TEST(SPARNetZoo, HgChNarrowsEveryAttentionHourglass) {
  const auto net = facesr::find_model("sparnet").make({{"min_ch", 8}, {"max_ch", 32}, {"res_depth", 2}, {"hg_ch", 16}});
  const auto params = net->named_parameters();
  EXPECT_EQ(params["encoder.1.att_func.b1_4.conv2d.weight"].sizes(), torch::IntArrayRef({16, 16, 3, 3}));
  EXPECT_EQ(params["decoder.2.att_func.out_block.0.conv2d.weight"].sizes(), torch::IntArrayRef({1, 16, 3, 3}));
  torch::NoGradGuard no_grad;
  net->eval();
  EXPECT_EQ(net->forward(torch::zeros({1, 3, 128, 128})).sizes(), torch::IntArrayRef({1, 3, 128, 128}));
  EXPECT_THROW(facesr::find_model("sparnet").make({{"hg_ch", 0}}), facesr::Error);
}

TEST(SPARNetZoo, RestorationModelAddsItsOutputToItsInputAtAnyFrame) {
  const auto& spec = facesr::find_model("sparnet-restore");
  EXPECT_EQ(spec.convention.lr_size, 128);
  EXPECT_EQ(spec.convention.input_size, 128);
  EXPECT_EQ(spec.convention.output_size, 128);
  const facesr::ModelOptions tiny{{"min_ch", 16}, {"max_ch", 64}, {"res_depth", 2}, {"hg_ch", 16}};
  const auto net = spec.make(tiny);
  // The same parameters as the x8 SPARNet of that size: the residual adds none.
  EXPECT_EQ(facesr::parameter_count(*net), facesr::parameter_count(*facesr::find_model("sparnet").make(tiny)));
  torch::NoGradGuard no_grad;
  net->eval();
  for (auto& p : net->named_parameters())
    if (p.key().rfind("out_conv.", 0) == 0) p.value().zero_();
  // With a silent last layer the network is the identity, at its frame and at larger ones.
  for (const int64_t side : {128, 160, 224}) {
    const torch::Tensor x = torch::rand({2, 3, side, side}) * 2 - 1;
    EXPECT_TRUE(torch::equal(net->forward(x), x)) << side;
  }
}
