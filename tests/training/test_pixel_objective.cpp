// The pixel objective's two ways of making inputs: the papers' PIL-bicubic
// LR for x8 models, and blind degradations at the frame for the restoration
// model, which an upsampling model refuses.
#include <gtest/gtest.h>

#include "core/error.h"
#include "inference/model_choice.h"
#include "io/image.h"
#include "io/safetensors.h"
#include "io/image_files.h"
#include "test_paths.h"
#include "utkface_faces.h"
#include "training/objective.h"
#include "training/recipe.h"
#include "weights/state_dict.h"

using namespace facesr;
using namespace facesr::training;
using facesr::test::utkface_face;

TEST(PixelObjective, BicubicRecipesFeedTheUpsampledLr) {
  const auto objective = make_objective(load_recipe("sparnet-tiny"), torch::kCPU);
  std::mt19937_64 rng(1);
  const auto sample = objective->make_sample(utkface_face(3), rng, /*augment=*/false);
  ASSERT_EQ(sample.size(), 2u);
  EXPECT_EQ(sample[0].sizes(), (std::vector<int64_t>{3, 128, 128}));
  EXPECT_EQ(sample[1].sizes(), (std::vector<int64_t>{3, 128, 128}));
  // The input is a 16 px face upsampled: far smoother than the target.
  const auto roughness = [](const torch::Tensor& t) {
    return (t.slice(2, 1) - t.slice(2, 0, -1)).abs().mean().item<double>();
  };
  EXPECT_LT(roughness(sample[0]), 0.6 * roughness(sample[1]));
}

TEST(PixelObjective, BlindRecipesDegradeAtTheFrameAndSometimesNotAtAll) {
  const Recipe recipe = load_recipe("sparnet-restore", {"pretrained=\"\"", "degradation=blind"});
  const auto objective = make_objective(recipe, torch::kCPU);
  std::mt19937_64 rng(2);
  int identical = 0, differing = 0;
  for (int i = 0; i < 40; ++i) {
    const auto sample = objective->make_sample(utkface_face(static_cast<size_t>(i)), rng, /*augment=*/true);
    ASSERT_EQ(sample[0].sizes(), (std::vector<int64_t>{3, 128, 128}));
    ASSERT_EQ(sample[1].sizes(), (std::vector<int64_t>{3, 128, 128}));
    (torch::equal(sample[0], sample[1]) ? identical : differing) += 1;
  }
  EXPECT_GT(identical, 0);
  EXPECT_GT(differing, 30);
  // Validation samples (no augmentation) are always degraded.
  for (int i = 0; i < 40; ++i) {
    const auto sample = objective->make_sample(utkface_face(static_cast<size_t>(i)), rng, /*augment=*/false);
    EXPECT_FALSE(torch::equal(sample[0], sample[1])) << i;
  }
}

TEST(PixelObjective, BlindDegradationNeedsARestorationModel) {
  EXPECT_THROW(make_objective(load_recipe("sparnet-tiny", {"degradation=blind"}), torch::kCPU), Error);
  EXPECT_THROW(make_objective(load_recipe("sparnet-tiny", {"degradation=photo"}), torch::kCPU), Error);
  EXPECT_NO_THROW(make_objective(load_recipe("sparnet-restore", {"degradation=photo", "pretrained=\"\""}), torch::kCPU));
  EXPECT_THROW(load_recipe("sparnet-tiny", {"degradation=sharp"}), Error);
}

TEST(PixelObjective, PretrainedBodyUnderANewHead) {
  // The restoration model's first leg: a x8 model's body (here a fresh one of the restorer's
  // width and depth, as the x8 default's first legs were), out_conv as initialised.
  test::ScratchDir dir;
  const std::string x8 = dir.file("x8.safetensors");
  const std::string restorer_shape = R"(model_options={"min_ch":16,"max_ch":64,"res_depth":2,"hg_ch":16})";
  save_weights(*make_generator(load_recipe("sparnet-tiny", {restorer_shape}), torch::kCPU), x8);
  const Recipe recipe = load_recipe("sparnet-restore", {"pretrained=\"" + x8 + "\"", "pretrained_skip=[\"out_conv.\"]"});
  const auto generator = make_generator(recipe, torch::kCPU);
  const auto file = safetensors::File::open(recipe.pretrained).tensors();
  const auto params = generator->named_parameters();
  EXPECT_TRUE(torch::equal(params["encoder.0.conv2d.weight"], file.at("encoder.0.conv2d.weight")));
  EXPECT_FALSE(torch::equal(params["out_conv.conv2d.weight"], file.at("out_conv.conv2d.weight")));
  EXPECT_LT(params["out_conv.conv2d.weight"].std().item<double>(), 0.03);  // N(0, 0.02)
  // Without the skip every key must come from the file, and a skip never hides a mis-shaped key.
  EXPECT_NO_THROW(make_generator(load_recipe("sparnet-tiny", {"pretrained=\"" + bundled_default_weights() + "\""}),
                                 torch::kCPU));
  EXPECT_THROW(make_generator(load_recipe("sparnet-restore", {"pretrained=\"" + x8 + "\"",
                                                              "pretrained_skip=[\"out_conv.\"]",
                                                              "model_options={\"min_ch\":16,\"max_ch\":32,\"res_depth\":2,\"hg_ch\":16}"}),
                              torch::kCPU),
               Error);
}
