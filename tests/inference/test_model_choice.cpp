#include <gtest/gtest.h>

#include <filesystem>

#include "core/error.h"
#include "inference/face_upscaler.h"
#include "inference/model_choice.h"
#include "test_paths.h"

namespace facesr {
namespace {

namespace fs = std::filesystem;

TEST(ModelChoice, NamesTheModelTheWeightsRecordAndMapsThemOnce) {
  const ModelChoice bundled = choose_model("", "");
  EXPECT_EQ(bundled.model, "sparnet");
  EXPECT_EQ(bundled.weights, bundled_default_weights());
  ASSERT_TRUE(bundled.file.has_value());

  // The network reads the map choose_model made: the file may be gone by then.
  test::ScratchDir dir;
  const std::string copy = dir.file("default.safetensors");
  fs::copy_file(bundled_default_weights(), copy);
  const ModelChoice choice = choose_model("", copy);
  fs::remove(copy);
  EXPECT_NO_THROW(FaceUpscaler(choice, torch::kCPU));
  EXPECT_THROW(FaceUpscaler::open("", copy, torch::kCPU), Error);
}

TEST(ModelChoice, AGivenModelIsTakenAsItIsAndOpensNothingYet) {
  const ModelChoice choice = choose_model("sparnet", "missing.safetensors");
  EXPECT_EQ(choice.model, "sparnet");
  EXPECT_FALSE(choice.file.has_value());
  // -m bicubic -w X: the resampler's own message, not the missing file's.
  try {
    FaceUpscaler(choose_model("bicubic", "missing.safetensors"), torch::kCPU);
    ADD_FAILURE() << "bicubic took weights";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("takes no weights"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace facesr
