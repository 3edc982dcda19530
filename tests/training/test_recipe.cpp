#include <gtest/gtest.h>

#include <filesystem>

#include "core/error.h"
#include "models/registry.h"
#include "training/recipe.h"

namespace facesr::training {
namespace {

TEST(Recipe, EveryBundledConfigLoadsAndNamesAZooModel) {
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(config_dir())) {
    if (entry.path().extension() != ".json") continue;
    const Recipe r = load_recipe(entry.path().string());
    EXPECT_NO_THROW(find_model(r.model)) << entry.path();
    ++count;
  }
  EXPECT_GE(count, 3);
}

TEST(Recipe, SparnetMatchesTheOfficialTrainScript) {
  const Recipe r = load_recipe("sparnet");
  EXPECT_EQ(r.batch_size, 32);
  EXPECT_DOUBLE_EQ(r.lr, 2e-4);
  EXPECT_DOUBLE_EQ(r.beta2, 0.99);
  EXPECT_EQ(r.schedule, "constant");
  EXPECT_DOUBLE_EQ(r.loss_weight("l1"), 1.0);
  EXPECT_EQ(r.seed, 123u);
}

TEST(Recipe, OverridesParseJsonValuesAndLossWeights) {
  const Recipe r = load_recipe("sparnet", {"lr=1e-3", "losses.l1=2.5", "schedule=multistep", "milestones=[10,20]"});
  EXPECT_DOUBLE_EQ(r.lr, 1e-3);
  EXPECT_DOUBLE_EQ(r.loss_weight("l1"), 2.5);
  EXPECT_EQ(r.schedule, "multistep");
  EXPECT_EQ(r.milestones, (std::vector<int64_t>{10, 20}));
}

TEST(Recipe, UnknownKeysAndBadValuesAreClearErrors) {
  EXPECT_THROW(load_recipe("sparnet", {"learning_rate=1"}), Error);
  EXPECT_THROW(load_recipe("sparnet", {"schedule=linear"}), Error);
  EXPECT_THROW(load_recipe("sparnet", {"batch_size=\"big\""}), Error);
  EXPECT_THROW(load_recipe("sparnet", {"no-equals-sign"}), Error);
  EXPECT_THROW(load_recipe("sparnet", {"degradation=median"}), Error);
  EXPECT_THROW(load_recipe("no-such-recipe"), Error);
}

}  // namespace
}  // namespace facesr::training
