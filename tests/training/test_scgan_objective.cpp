// SCGAN's objective: it needs the unpaired real-LR folder, samples carry an HR
// face, a real LR (BGR, [-1,1], as the model sees it) and a noise vector, and
// one step updates all seven networks, after which the degradation network's
// content loss keeps falling on a repeated batch.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/error.h"
#include "io/image.h"
#include "io/image_files.h"
#include "models/convention.h"
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

// A real-LR folder holding the fixtures' first `n` 16×16 faces.
std::string real_lr_folder(const test::ScratchDir& dir, int n) {
  const std::filesystem::path folder = dir.path() / "low";
  std::filesystem::create_directories(folder);
  for (int i = 0; i < n; ++i) {
    const std::string name = "lr16_0" + std::to_string(i) + ".png";
    std::filesystem::copy_file(test::fixture("images/" + name), folder / name);
  }
  return folder.string();
}

}  // namespace

TEST(ScganObjective, NeedsTheRealLrFolder) {
  EXPECT_THROW(make_objective(load_recipe("scgan"), torch::kCPU), Error);
  EXPECT_THROW(make_objective(load_recipe("scgan", {"lr_data=/no/such/folder"}), torch::kCPU), Error);
}

TEST(ScganObjective, SamplesPairAnHrFaceWithARealLrAndNoise) {
  test::ScratchDir dir;
  const std::string low = real_lr_folder(dir, 1);
  const auto objective = make_objective(load_recipe("scgan", {"lr_data=" + low}), torch::kCPU);
  std::mt19937_64 rng(4);
  const auto s = objective->make_sample(utkface_face(0), rng, true);
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s[0].sizes(), torch::IntArrayRef({3, 16, 16}));
  EXPECT_EQ(s[1].sizes(), torch::IntArrayRef({3, 64, 64}));
  EXPECT_EQ(s[3].sizes(), torch::IntArrayRef({1, 64}));
  // The only real LR, in the model's BGR [-1,1] input space.
  const torch::Tensor expected =
      faces_to_input({read_rgb8(low + "/lr16_00.png")}, find_model("scgan").convention)[0];
  EXPECT_TRUE(torch::allclose(s[2], expected));
  EXPECT_NEAR(s[3].std().item<double>(), 1.0, 0.35);
  // Validation samples are the paired part only.
  EXPECT_EQ(objective->make_sample(utkface_face(0), rng, false).size(), 2u);
}

TEST(ScganObjective, OneStepUpdatesAllSevenNetworks) {
  test::ScratchDir dir;
  torch::manual_seed(0);
  const auto objective =
      make_objective(load_recipe("scgan", {"lr_data=" + real_lr_folder(dir, 3)}), torch::kCPU);
  std::mt19937_64 rng(2);
  std::vector<std::vector<torch::Tensor>> samples;
  for (size_t i = 0; i < 4; ++i) samples.push_back(objective->make_sample(utkface_face(i), rng, true));
  std::vector<torch::Tensor> batch;
  for (size_t t = 0; t < 4; ++t) {
    std::vector<torch::Tensor> parts;
    for (const auto& s : samples) parts.push_back(s[t]);
    batch.push_back(torch::stack(parts));
  }
  const auto networks = objective->networks();
  ASSERT_EQ(networks.size(), 7u);
  std::vector<std::map<std::string, torch::Tensor>> before;
  for (TrainedNetwork* n : networks) {
    std::map<std::string, torch::Tensor> params;
    for (const auto& p : n->network().named_parameters()) params[p.key()] = p.value().detach().clone();
    before.push_back(params);
  }
  const auto first = objective->train_step(batch, 0);
  for (const char* key : {"d_l1", "d_h1", "d_l2", "d_h2", "g_rls", "g_dhl", "g_dsl"}) EXPECT_TRUE(first.count(key));
  for (size_t i = 0; i < networks.size(); ++i) {
    int moved = 0;
    for (const auto& p : networks[i]->network().named_parameters())
      moved += !torch::equal(p.value(), before[i].at(p.key()));
    EXPECT_GT(moved, 0) << networks[i]->prefix();
  }
  std::map<std::string, double> last;
  for (int step = 1; step < 4; ++step) last = objective->train_step(batch, step);
  EXPECT_LT(last.at("g_dhl"), first.at("g_dhl"));
}
