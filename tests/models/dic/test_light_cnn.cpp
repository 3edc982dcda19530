// DICGAN's LightCNN-9 discriminator and feature extractor: parity with the
// official network_9layers / LightCNNFeatureExtractor on fill-v1 fixtures.
#include <gtest/gtest.h>

#include "core/error.h"
#include "models/dic/dic_parity.h"
#include "models/dic/light_cnn.h"
#include "models/registry.h"
#include "weights/fill_v1.h"

using facesr::dic::LightCNNDiscriminator;
using facesr::dic::LightCNNFeatureExtractor;
using facesr::test::Fixture;

TEST(LightCNN, DiscriminatorMatchesOfficial) {
  const auto fixture = Fixture::load("dicgan_discriminator");
  LightCNNDiscriminator model;
  EXPECT_EQ(facesr::parameter_count(*model), 5485921);
  facesr::fill::fill_module(*model, fixture.seed);
  facesr::test::expect_state_matches_weights_json(*model, fixture.name);
  facesr::test::expect_matches_fixture(*model, fixture, [&](const torch::Tensor& x) {
    return facesr::test::NamedOutputs{{"output", model->forward(x)}};
  });
}

TEST(LightCNN, FeatureExtractorMatchesOfficialAndIsFrozen) {
  const auto fixture = Fixture::load("dicgan_feature_extractor");
  LightCNNFeatureExtractor model;
  EXPECT_EQ(facesr::parameter_count(*model), 1290848);
  for (const auto& p : model->parameters()) EXPECT_FALSE(p.requires_grad());
  facesr::fill::fill_module(*model, fixture.seed);
  facesr::test::expect_state_matches_weights_json(*model, fixture.name);
  facesr::test::expect_matches_fixture(*model, fixture, [&](const torch::Tensor& x) {
    return facesr::test::NamedOutputs{{"output", model->forward(x)}};
  });
}

TEST(LightCNN, DiscriminatorRejectsOtherImageSizes) {
  LightCNNDiscriminator model;
  EXPECT_THROW(model->forward(torch::zeros({1, 3, 64, 64})), facesr::Error);
  EXPECT_THROW(model->forward(torch::zeros({1, 1, 128, 128})), facesr::Error);
  LightCNNFeatureExtractor features;
  EXPECT_THROW(features->forward(torch::zeros({3, 128, 128})), facesr::Error);
}
