// EIPNet's objective: samples on the [0,255] scale with Canny targets at 32,
// 64 and 128, the discriminator and the generator both stepping, and the
// generator's pixel and edge terms falling on a repeated batch.
#include <gtest/gtest.h>

#include "io/image.h"
#include "io/image_files.h"
#include "test_paths.h"
#include "utkface_faces.h"
#include "training/objective.h"
#include "training/recipe.h"
#include "training/trained_network.h"

using namespace facesr;
using namespace facesr::training;
using facesr::test::utkface_face;

TEST(EipnetObjective, SamplesCarryCannyTargetsAtThreeScales) {
  const auto objective = make_objective(load_recipe("eipnet"), torch::kCPU);
  std::mt19937_64 rng(1);
  const auto s = objective->make_sample(utkface_face(0), rng, false);
  ASSERT_EQ(s.size(), 5u);
  EXPECT_EQ(s[0].sizes(), torch::IntArrayRef({3, 16, 16}));
  EXPECT_EQ(s[1].sizes(), torch::IntArrayRef({3, 128, 128}));
  EXPECT_GT(s[1].max().item<double>(), 100);  // [0,255], not normalised
  const int64_t sides[] = {32, 64, 128};
  for (int k = 0; k < 3; ++k) {
    const torch::Tensor& e = s[2 + k];
    EXPECT_EQ(e.sizes(), torch::IntArrayRef({1, sides[k], sides[k]}));
    // Binary {0, 255} with some edges on a face.
    EXPECT_EQ((e == 0).logical_or(e == 255).all().item<bool>(), true);
    EXPECT_GT((e == 255).sum().item<int64_t>(), sides[k]);
  }
}

TEST(EipnetObjective, StepsTrainBothNetworksAndLowerThePixelAndEdgeTerms) {
  torch::manual_seed(0);
  const auto objective = make_objective(load_recipe("eipnet"), torch::kCPU);
  std::mt19937_64 rng(1);
  const auto a = objective->make_sample(utkface_face(1), rng, false);
  const auto b = objective->make_sample(utkface_face(2), rng, false);
  std::vector<torch::Tensor> batch;
  for (size_t t = 0; t < a.size(); ++t) batch.push_back(torch::stack({a[t], b[t]}));
  torch::nn::Module& d = objective->networks()[1]->network();
  const torch::Tensor d_weight = d.named_parameters()["dense_1.weight"].detach().clone();
  const auto first = objective->train_step(batch, 0);
  for (const char* key : {"lce", "edge", "adv", "d", "loss"}) EXPECT_TRUE(first.count(key)) << key;
  EXPECT_FALSE(torch::equal(d.named_parameters()["dense_1.weight"], d_weight));
  std::map<std::string, double> last;
  for (int step = 1; step < 4; ++step) last = objective->train_step(batch, step);
  EXPECT_LT(last.at("lce"), first.at("lce"));
  EXPECT_LT(last.at("edge"), first.at("edge"));
}
