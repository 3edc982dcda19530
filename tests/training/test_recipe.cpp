#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "models/registry.h"
#include "test_paths.h"
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

std::string error_of(const std::string& recipe, const std::vector<std::string>& overrides) {
  try {
    load_recipe(recipe, overrides);
  } catch (const Error& e) {
    return e.what();
  }  // any other exception fails the test
  return "no error";
}

// Found by fuzz/recipe_fuzzer.cpp: each of these escaped as a nlohmann::json exception instead of
// facesr::Error (in the CLI a cryptic "[json.exception.type_error.305]" line; in a program, std::terminate).
TEST(Recipe, FuzzFindingsAreClearErrors) {
  test::ScratchDir dir;
  std::ofstream(dir.file("number.json")) << "0";
  EXPECT_NE(error_of(dir.file("number.json"), {}).find("a recipe is a JSON object ({...}), not a number"),
            std::string::npos);
  std::ofstream(dir.file("flat_losses.json")) << R"({"model": "sparnet", "losses": 5})";
  EXPECT_NE(error_of(dir.file("flat_losses.json"), {"losses.l1=2"}).find("the recipe's losses is not an object"),
            std::string::npos);
  // Bytes that are not UTF-8 (a Latin-1 word) in a value: named, not thrown from JSON's writer.
  EXPECT_NE(error_of("sparnet", {"lr=caf\xe9"}).find("lr must be a number"), std::string::npos);
  EXPECT_NE(error_of("sparnet", {"pretrained=caf\xe9.safetensors"}).find("pretrained holds bytes that are not UTF-8"),
            std::string::npos);
  // A float out of a whole-number key's range was cast to an integer (undefined behaviour; UBSan's finding).
  EXPECT_NE(error_of("sparnet", {"iterations=1e300"}).find("iterations must be a whole number, got 1e+300"),
            std::string::npos);
  EXPECT_NE(error_of("sparnet", {"seed=-1.5e30"}).find("seed must be a whole number >= 0"), std::string::npos);
  EXPECT_NE(error_of("sparnet", {"hr_size=4294967296"}).find("hr_size must be a whole number up to 2147483647"),
            std::string::npos);
  EXPECT_NE(error_of("sparnet", {"milestones=[10, 1e300]"}).find("milestones must be a list of whole numbers"),
            std::string::npos);
  EXPECT_NE(error_of("sparnet", {"batch_size=2.5"}).find("batch_size must be a whole number"), std::string::npos);
  // Whole floats are whole numbers.
  EXPECT_EQ(load_recipe("sparnet", {"iterations=1e4"}).iterations, 10000);
  EXPECT_EQ(load_recipe("sparnet", {"milestones=[1e3, 2000]"}).milestones, (std::vector<int64_t>{1000, 2000}));
}

}  // namespace
}  // namespace facesr::training
