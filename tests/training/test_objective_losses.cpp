// A recipe's losses name only losses its objective reads: a typo or a loss
// this build lacks would otherwise train silently with weight 0.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/error.h"
#include "training/objective.h"
#include "training/recipe.h"

using namespace facesr;
using namespace facesr::training;

namespace {

std::string objective_error(const Recipe& recipe) {
  try {
    make_objective(recipe, torch::kCPU);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(ObjectiveLosses, EveryRecipeRefusesALossItsObjectiveDoesNotRead) {
  int recipes = 0;
  for (const auto& entry : std::filesystem::directory_iterator(config_dir())) {
    if (entry.path().extension() != ".json") continue;
    const Recipe recipe = load_recipe(entry.path().string(), {"losses.l2=1"});
    SCOPED_TRACE(recipe.name);
    const std::string error = objective_error(recipe);
    EXPECT_NE(error.find("has no loss 'l2'"), std::string::npos) << error;
    // The refusal lists what the objective reads, and that covers every loss the bundled recipe sets.
    const std::string known = error.substr(error.find("its losses are"));
    const Recipe bundled = load_recipe(entry.path().string());
    for (const auto& [name, weight] : bundled.losses.items())
      EXPECT_NE(known.find(" " + name), std::string::npos) << name << " missing from: " << known;
    ++recipes;
  }
  EXPECT_GE(recipes, 10);
}

TEST(ObjectiveLosses, AWeightIsANumber) {
  const std::string error = objective_error(load_recipe("sparnet-tiny", {"losses.l1=\"one\""}));
  EXPECT_NE(error.find("losses.l1 must be a number"), std::string::npos) << error;
}
