// The identity term (losses.identity) in the objectives that train an SR
// generator, and the ctcgan recipe: CTCNet at 128 on bicubic pairs with the
// SPARNetHD GAN step (two discriminator scales at 128) and the identity term
// in place of VGG's. Each step is one face, so a step stays a few seconds;
// the recognition network is frozen and never among the trained networks.
#include <gtest/gtest.h>

#include "core/error.h"
#include "identity/recognition_weights.h"
#include "training/objective.h"
#include "training/recipe.h"
#include "training/trained_network.h"
#include "utkface_faces.h"
#include "weights/state_dict.h"

using namespace facesr;
using namespace facesr::training;
using facesr::test::utkface_face;

namespace {

std::map<std::string, torch::Tensor> snapshot(const torch::nn::Module& m) {
  std::map<std::string, torch::Tensor> out;
  for (const auto& [k, t] : state_entries(m)) out[k] = t.detach().clone();
  return out;
}

bool changed(const std::map<std::string, torch::Tensor>& before, const torch::nn::Module& m) {
  for (const auto& [k, t] : state_entries(m))
    if (t.is_floating_point() && !torch::equal(t, before.at(k))) return true;
  return false;
}

// One training step of `objective` on face `index` as a batch of one.
std::map<std::string, double> one_step(Objective& objective, size_t index) {
  std::mt19937_64 rng(7);
  const auto s = objective.make_sample(utkface_face(index), rng, true);
  std::vector<torch::Tensor> batch;
  for (const torch::Tensor& t : s) batch.push_back(t.unsqueeze(0));
  return objective.train_step(batch, 0);
}

}  // namespace

TEST(CtcganRecipe, IsCtcnetWithTheSparnethdGanStepAndIdentityInPlaceOfVgg) {
  const Recipe r = load_recipe("ctcgan");
  EXPECT_EQ(r.model, "ctcnet");
  EXPECT_EQ(r.objective, "ctcgan");
  EXPECT_EQ(r.hr_size, 128);
  EXPECT_EQ(r.loss_weight("pix"), 100.0);
  EXPECT_EQ(r.loss_weight("fm"), 10.0);
  EXPECT_EQ(r.loss_weight("g"), 1.0);
  EXPECT_EQ(r.loss_weight("pcp"), 0.0);
  EXPECT_GT(r.loss_weight("identity"), 0.0);
  EXPECT_EQ(r.lr, 1e-4);
  EXPECT_EQ(r.d_lr, 4e-4);
  EXPECT_GT(r.ema_decay, 0.0);
  // The perceptual term is still refused, and ctcgan wants an upsampling model.
  EXPECT_THROW(make_objective(load_recipe("ctcgan", {"losses.pcp=1", "losses.identity=0"}), torch::kCPU), Error);
  EXPECT_THROW(make_objective(load_recipe("ctcgan", {"model=sparnet-restore", "losses.identity=0"}), torch::kCPU),
               Error);
}

TEST(CtcganRecipe, OneStepOnBicubicPairsTrainsGAndDWithTheIdentityTerm) {
  if (const auto why = test::missing_recognition_weights()) GTEST_SKIP() << *why;
  torch::manual_seed(0);
  const auto objective = make_objective(load_recipe("ctcgan", {"batch_size=1"}), torch::kCPU);
  std::mt19937_64 rng(3);
  const auto s = objective->make_sample(utkface_face(0), rng, false);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].sizes(), torch::IntArrayRef({3, 128, 128}));  // the 16 px LR, bicubic-upsampled
  EXPECT_EQ(s[1].sizes(), torch::IntArrayRef({3, 128, 128}));
  ASSERT_EQ(objective->networks().size(), 2u);  // G and D only: the recognition net is not trained
  torch::nn::Module& g = objective->networks()[0]->network();
  torch::nn::Module& d = objective->networks()[1]->network();
  const auto g0 = snapshot(g), d0 = snapshot(d);
  const auto values = one_step(*objective, 1);
  for (const char* key : {"pix", "fm", "g", "identity", "d", "loss"}) ASSERT_TRUE(values.count(key)) << key;
  EXPECT_GT(values.at("identity"), 0);
  EXPECT_LT(values.at("identity"), 1);
  EXPECT_TRUE(changed(g0, g));
  EXPECT_TRUE(changed(d0, d));
}

TEST(IdentityTerm, PixelObjectiveAddsItAndStillTrainsOnlyTheGenerator) {
  if (const auto why = test::missing_recognition_weights()) GTEST_SKIP() << *why;
  torch::manual_seed(0);
  const Recipe recipe = load_recipe(
      "sparnet", {"model_options={\"min_ch\":8,\"max_ch\":16,\"res_depth\":1}", "batch_size=1", "losses.identity=0.5"});
  const auto objective = make_objective(recipe, torch::kCPU);
  ASSERT_EQ(objective->networks().size(), 1u);
  const auto values = one_step(*objective, 2);
  ASSERT_TRUE(values.count("identity"));
  EXPECT_GT(values.at("identity"), 0);
  EXPECT_NEAR(values.at("loss"), values.at("l1") + 0.5 * values.at("identity"), 1e-5);
  // Without the weight there is no term (and no recognition network to load).
  const auto plain = make_objective(load_recipe("sparnet-tiny", {"batch_size=1"}), torch::kCPU);
  EXPECT_FALSE(one_step(*plain, 2).count("identity"));
  EXPECT_THROW(make_objective(load_recipe("sparnet-tiny", {"losses.identity=-1"}), torch::kCPU), Error);
}

TEST(IdentityTerm, EipnetRecipeCarriesThePapersIdentityTerm) {
  if (const auto why = test::missing_recognition_weights()) GTEST_SKIP() << *why;
  torch::manual_seed(0);
  const Recipe recipe = load_recipe("eipnet");
  EXPECT_GT(recipe.loss_weight("identity"), 0);
  const auto objective = make_objective(recipe, torch::kCPU);
  const auto values = one_step(*objective, 4);
  ASSERT_TRUE(values.count("identity"));
  EXPECT_GT(values.at("identity"), 0);
  EXPECT_NEAR(values.at("loss"),
              values.at("lce") + 0.3 * values.at("edge") + 0.005 * values.at("adv") +
                  recipe.loss_weight("identity") * values.at("identity"),
              1e-3 * values.at("loss"));
}
