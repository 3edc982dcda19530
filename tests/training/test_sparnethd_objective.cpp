// SPARNetHD's objective: blind-degraded samples at the model's size, the
// perceptual term refused, G and D both stepping, and the exported network
// being the EMA copy updated after each forward (before G's step), as the
// official accumulate() does. A narrow generator keeps the 512² steps cheap.
#include <gtest/gtest.h>

#include "core/error.h"
#include "io/image.h"
#include "io/image_files.h"
#include "test_paths.h"
#include "utkface_faces.h"
#include "training/objective.h"
#include "training/recipe.h"
#include "training/trained_network.h"
#include "weights/state_dict.h"

using namespace facesr;
using namespace facesr::training;
using facesr::test::utkface_face;

namespace {

const std::vector<std::string> kNarrow{"model_options={\"min_ch\":4,\"max_ch\":8,\"res_depth\":1}", "batch_size=1"};

std::map<std::string, torch::Tensor> snapshot(const torch::nn::Module& m) {
  std::map<std::string, torch::Tensor> out;
  for (const auto& [k, t] : state_entries(m)) out[k] = t.detach().clone();
  return out;
}

bool spectral_vector(const std::string& key) {
  return key.find("weight_u") != std::string::npos || key.find("weight_v") != std::string::npos;
}

}  // namespace

TEST(SparnethdObjective, SamplesAreDegradedFacesAtTheModelSize) {
  const auto objective = make_objective(load_recipe("sparnethd", kNarrow), torch::kCPU);
  std::mt19937_64 rng(3);
  const auto s = objective->make_sample(utkface_face(0), rng, true);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].sizes(), torch::IntArrayRef({3, 512, 512}));
  EXPECT_EQ(s[1].sizes(), torch::IntArrayRef({3, 512, 512}));
  EXPECT_GE(s[1].min().item<double>(), -1);
  EXPECT_LE(s[1].max().item<double>(), 1);
  // The input lost detail: it is smoother than the target.
  const auto roughness = [](const torch::Tensor& t) {
    return (t.slice(2, 1) - t.slice(2, 0, -1)).abs().mean().item<double>();
  };
  EXPECT_LT(roughness(s[0]), roughness(s[1]));
}

TEST(SparnethdObjective, ThePerceptualLossIsRefusedBecauseVggWeightsAreMissing) {
  std::vector<std::string> overrides = kNarrow;
  overrides.push_back("losses.pcp=1");
  EXPECT_THROW(make_objective(load_recipe("sparnethd", overrides), torch::kCPU), Error);
}

TEST(SparnethdObjective, StepsTrainBothNetworksAndExportTheEmaCopy) {
  torch::manual_seed(0);
  const auto objective = make_objective(load_recipe("sparnethd", kNarrow), torch::kCPU);
  std::mt19937_64 rng(5);
  const auto sample = objective->make_sample(utkface_face(1), rng, true);
  const std::vector<torch::Tensor> batch{sample[0].unsqueeze(0), sample[1].unsqueeze(0)};
  ASSERT_EQ(objective->networks().size(), 2u);
  torch::nn::Module& g = objective->networks()[0]->network();
  torch::nn::Module& d = objective->networks()[1]->network();
  ASSERT_NE(static_cast<void*>(&objective->generator()), static_cast<void*>(&g));

  const auto g0 = snapshot(g), d0 = snapshot(d);
  const auto first = objective->train_step(batch, 0);
  for (const char* key : {"pix", "fm", "g", "d", "loss"}) EXPECT_TRUE(first.count(key)) << key;
  const auto g1 = snapshot(g);
  EXPECT_FALSE(torch::equal(g1.at("out_conv.conv2d.weight_orig"), g0.at("out_conv.conv2d.weight_orig")));
  EXPECT_FALSE(torch::equal(snapshot(d).begin()->second, d0.begin()->second));
  // The first update averaged the weights G had at its forward, i.e. the start.
  for (const auto& [k, t] : state_entries(objective->generator()))
    if (t.is_floating_point() && !spectral_vector(k)) {
      EXPECT_TRUE(torch::allclose(t, g0.at(k), 1e-6, 1e-7)) << k;
    }

  // The second: 0.999·θ0 + 0.001·θ1 (u/v, which every forward's power
  // iteration moves, follow their own sequence).
  const auto second = objective->train_step(batch, 1);
  for (const auto& [k, t] : state_entries(objective->generator()))
    if (t.is_floating_point() && !spectral_vector(k)) {
      EXPECT_TRUE(torch::allclose(t, 0.999 * g0.at(k) + 0.001 * g1.at(k), 1e-5, 1e-7)) << k;
    }
  // G's first step (weight 100 on L1) brought its output closer to the target.
  EXPECT_LT(second.at("pix"), first.at("pix"));
}
