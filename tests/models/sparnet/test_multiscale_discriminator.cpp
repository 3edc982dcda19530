// SPARNetHD's MultiScaleDiscriminator against its fill-v1 parity fixture.
#include <gtest/gtest.h>

#include "models/registry.h"
#include "models/sparnet/multiscale_discriminator.h"
#include "parity.h"
#include "weights/fill_v1.h"

using facesr::test::all_close;
using facesr::test::Fixture;

TEST(SPARNetHDDiscriminator, MatchesOfficialScores) {
  const auto fixture = Fixture::load("sparnethd_discriminator");
  facesr::sparnet::MultiScaleDiscriminator net;
  facesr::fill::fill_module(*net, fixture.seed);
  facesr::test::expect_state_matches_weights_json(*net, fixture.name);
  EXPECT_EQ(facesr::parameter_count(*net), 11750403);
  net->eval();
  torch::NoGradGuard no_grad;
  const auto input = fixture.f32.at("input");
  for (bool float64 : {false, true}) {
    if (float64) net->to(torch::kFloat64);
    const auto outputs = net->forward(float64 ? input.to(torch::kFloat64) : input);
    ASSERT_EQ(outputs.size(), 3u);
    for (size_t k = 0; k < outputs.size(); ++k) {
      const std::string name = "score_" + std::to_string(k);
      const auto& expected = float64 ? fixture.f64.at(name) : fixture.f32.at(name);
      const auto result = all_close(outputs[k].score, expected, fixture.tolerance(name, float64));
      EXPECT_TRUE(result) << name;
      RecordProperty(name + (float64 ? "_float64" : "_float32"), result.message());
    }
  }
}

TEST(SPARNetHDDiscriminator, ReturnsFiveFeatureMapsPerScale) {
  facesr::sparnet::MultiScaleDiscriminator net;
  net->eval();
  torch::NoGradGuard no_grad;
  const auto outputs = net->forward(torch::randn({2, 3, 256, 256}));
  const std::vector<int64_t> channels = {64, 128, 256, 512, 512};
  for (size_t k = 0; k < outputs.size(); ++k) {
    ASSERT_EQ(outputs[k].features.size(), 5u);
    for (size_t l = 0; l < 5; ++l) {
      const int64_t side = (256 >> k) >> l;
      EXPECT_EQ(outputs[k].features[l].sizes(), (std::vector<int64_t>{2, channels[l], side, side}));
    }
    // The unpadded 3x3 score conv shrinks the last map by 2.
    const int64_t score_side = ((256 >> k) >> 4) - 2;
    EXPECT_EQ(outputs[k].score.sizes(), (std::vector<int64_t>{2, 1, score_side, score_side}));
  }
}
