// DIC's objective: samples carry heatmaps where dlib puts the landmarks (eyes
// above the mouth, the image-left eye on the left), a photo without a face is
// refused so the sample stream can skip it, and steps lower both losses.
#include <gtest/gtest.h>

#include <opencv2/core.hpp>

#include "core/error.h"
#include "io/image.h"
#include "io/image_files.h"
#include "test_paths.h"
#include "training/objective.h"
#include "training/recipe.h"

using namespace facesr;
using namespace facesr::training;

namespace {

cv::Mat utkface_face(size_t index) {
  return read_rgb8(list_images(test::shared_dir() / "data" / "utkface").at(index).string());
}

// Heatmap peaks (x, y) in the 32×32 frame, one row per landmark.
torch::Tensor peaks(const torch::Tensor& heatmaps) {
  const torch::Tensor flat = heatmaps.reshape({68, -1}).argmax(1);
  return torch::stack({flat.remainder(32), flat.div(32, "floor")}, 1).to(torch::kFloat64);
}

}  // namespace

TEST(DicObjective, SampleHeatmapsSitOnTheFaceLandmarks) {
  const auto objective = make_objective(load_recipe("dic"), torch::kCPU);
  std::mt19937_64 rng(1);
  const std::vector<torch::Tensor> s = objective->make_sample(utkface_face(0), rng, true);
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].sizes(), torch::IntArrayRef({3, 16, 16}));
  EXPECT_EQ(s[1].sizes(), torch::IntArrayRef({3, 128, 128}));
  ASSERT_EQ(s[2].sizes(), torch::IntArrayRef({68, 32, 32}));
  // Brows, nose, eyes and mouth (17-67) lie inside the crop (the jaw line may
  // leave it): each is a σ = 1 Gaussian peaking within half a pixel of the grid.
  const torch::Tensor inner = s[2].slice(0, 17, 68);
  EXPECT_GT(inner.amax({1, 2}).min().item<double>(), std::exp(-0.25) - 1e-6);
  const torch::Tensor p = peaks(s[2]);
  const double eyes_y = p.slice(0, 36, 48).select(1, 1).mean().item<double>();
  const double mouth_y = p.slice(0, 48, 68).select(1, 1).mean().item<double>();
  EXPECT_LT(eyes_y + 3, mouth_y);
  EXPECT_LT(p.slice(0, 36, 42).select(1, 0).mean().item<double>() + 3, p.slice(0, 42, 48).select(1, 0).mean().item<double>());
  EXPECT_GE(p.slice(0, 17, 68).min().item<double>(), 1);
  EXPECT_LE(p.slice(0, 17, 68).max().item<double>(), 30);
}

TEST(DicObjective, APhotoWithoutAFaceIsRefused) {
  const auto objective = make_objective(load_recipe("dic"), torch::kCPU);
  cv::Mat noise(200, 200, CV_8UC3);
  cv::randu(noise, 0, 256);
  std::mt19937_64 rng(1);
  EXPECT_THROW(objective->make_sample(noise, rng, true), Error);
}

TEST(DicObjective, StepsLowerThePixelAndAlignmentLosses) {
  Recipe recipe = load_recipe("dic", {"model_options={\"num_groups\":3}"});
  torch::manual_seed(0);
  const auto objective = make_objective(recipe, torch::kCPU);
  std::mt19937_64 rng(1);
  std::vector<std::vector<torch::Tensor>> samples{objective->make_sample(utkface_face(1), rng, true),
                                                  objective->make_sample(utkface_face(2), rng, true)};
  std::vector<torch::Tensor> batch;
  for (size_t t = 0; t < 3; ++t) batch.push_back(torch::stack({samples[0][t], samples[1][t]}));
  const auto first = objective->train_step(batch, 0);  // with the recipe's default init
  std::map<std::string, double> last;
  for (int step = 1; step <= 3; ++step) last = objective->train_step(batch, step);
  EXPECT_LT(last.at("l1"), first.at("l1"));
  EXPECT_LT(last.at("align"), first.at("align"));
  EXPECT_GT(first.at("align"), 0);
}
