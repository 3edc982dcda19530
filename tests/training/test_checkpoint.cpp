#include <gtest/gtest.h>

#include "core/error.h"
#include "io/safetensors.h"
#include "test_paths.h"
#include "training/checkpoint.h"
#include "training/objective.h"
#include "training/trained_network.h"
#include "weights/state_dict.h"

namespace facesr::training {
namespace {

Recipe tiny_recipe() {
  Recipe r = load_recipe("sparnet-tiny");
  r.model_options = {{"min_ch", 4}, {"max_ch", 8}, {"res_depth", 1}};
  return r;
}

std::vector<torch::Tensor> batch(uint64_t seed) {
  torch::manual_seed(seed);
  return {torch::rand({2, 3, 128, 128}) * 2 - 1, torch::rand({2, 3, 128, 128}) * 2 - 1};
}

TEST(Checkpoint, ResumedTrainingContinuesExactlyLikeTheUninterruptedRun) {
  test::ScratchDir dir;
  const Recipe recipe = tiny_recipe();
  torch::manual_seed(1);
  auto uninterrupted = make_objective(recipe, torch::kCPU);
  for (int s = 0; s < 2; ++s) uninterrupted->train_step(batch(s), s);
  save_checkpoint(dir.file("ck.safetensors"), *uninterrupted, recipe, 2);

  torch::manual_seed(99);  // a different init: everything must come from the file
  auto resumed = make_objective(recipe, torch::kCPU);
  EXPECT_EQ(load_checkpoint(dir.file("ck.safetensors"), *resumed, recipe), 2);
  uninterrupted->train_step(batch(2), 2);
  resumed->train_step(batch(2), 2);  // Adam moments and step counts must match for this to agree
  const StateEntries a = state_entries(uninterrupted->generator());
  const StateEntries b = state_entries(resumed->generator());
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(torch::equal(a[i].second, b[i].second)) << a[i].first;
}

TEST(Checkpoint, RefusesInferenceWeightsAndOtherModels) {
  test::ScratchDir dir;
  const Recipe recipe = tiny_recipe();
  auto objective = make_objective(recipe, torch::kCPU);
  export_generator(dir.file("weights.safetensors"), *objective, recipe);
  EXPECT_THROW(load_checkpoint(dir.file("weights.safetensors"), *objective, recipe), Error);

  save_checkpoint(dir.file("ck.safetensors"), *objective, recipe, 0);
  Recipe other = load_recipe("sparnet-light");
  auto light = make_objective(other, torch::kCPU);
  EXPECT_THROW(load_checkpoint(dir.file("ck.safetensors"), *light, other), Error);
}

TEST(Checkpoint, ExportedWeightsCarryTheArchitecture) {
  test::ScratchDir dir;
  const Recipe recipe = tiny_recipe();
  auto objective = make_objective(recipe, torch::kCPU);
  export_generator(dir.file("w.safetensors"), *objective, recipe);
  const auto file = safetensors::File::open(dir.file("w.safetensors"));
  EXPECT_EQ(file.metadata().at("facesr_arch"), "sparnet");
  EXPECT_EQ(nlohmann::json::parse(file.metadata().at("facesr_options")), recipe.model_options);
}

}  // namespace
}  // namespace facesr::training
