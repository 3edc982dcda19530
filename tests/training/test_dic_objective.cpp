// DIC's and DICGAN's objective: samples carry heatmaps at the points of the face's landmark
// file when it has one, else where dlib puts the landmarks (eyes
// above the mouth, the image-left eye on the left), a photo without a face is
// refused so the sample stream can skip it, and steps lower both losses;
// DICGAN starts from DIC weights, keeps the hourglass frozen and steps D.
#include <gtest/gtest.h>

#include <opencv2/core.hpp>

#include "core/error.h"
#include "io/image.h"
#include "io/image_files.h"
#include "test_paths.h"
#include "utkface_faces.h"
#include "training/face_image.h"
#include "training/objective.h"
#include "training/recipe.h"
#include "training/trained_network.h"
#include "weights/state_dict.h"

using namespace facesr;
using namespace facesr::training;
using facesr::test::utkface_face;

namespace {

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

TEST(DicObjective, AFaceWithALandmarkFileIsTargetedAtItsGroundTruth) {
  const auto objective = make_objective(load_recipe("dic"), torch::kCPU);
  const auto helen = test::shared_dir() / "data/300w_train/helen";
  FaceImage face = read_face_image(list_images(helen).at(0));
  ASSERT_EQ(face.landmarks.size(), 68u);
  ASSERT_EQ(face.rgb.size(), cv::Size(128, 128));
  // Moved 12 px right and 8 up, where dlib would never put them: the peaks follow the file.
  for (cv::Point2f& p : face.landmarks) p += cv::Point2f(12, -8);
  std::mt19937_64 rng(1);
  const torch::Tensor p = peaks(objective->make_sample(face, rng, false)[2]);
  int checked = 0;
  for (int i = 0; i < 68; ++i) {
    const double u = face.landmarks[i].x / 4, v = face.landmarks[i].y / 4;
    if (u < 0 || v < 0 || u > 31 || v > 31) continue;
    EXPECT_NEAR(p[i][0].item<double>(), u, 0.5) << "landmark " << i;
    EXPECT_NEAR(p[i][1].item<double>(), v, 0.5) << "landmark " << i;
    ++checked;
  }
  EXPECT_GT(checked, 50);
}

TEST(DicObjective, AFaceDlibCannotFindTrainsOnItsLandmarkFile) {
  const auto objective = make_objective(load_recipe("dic"), torch::kCPU);
  const auto helen = test::shared_dir() / "data/300w_train/helen";
  cv::Mat noise(128, 128, CV_8UC3);
  cv::randu(noise, 0, 256);
  std::mt19937_64 rng(1);
  const FaceImage face(noise, read_face_image(list_images(helen).at(0)).landmarks);
  EXPECT_EQ(objective->make_sample(face, rng, true).at(2).sizes(), torch::IntArrayRef({68, 32, 32}));
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

TEST(DicganObjective, NeedsATrainedDicAndRefusesTheMissingPerceptualNet) {
  EXPECT_THROW(make_objective(load_recipe("dicgan"), torch::kCPU), Error);
  test::ScratchDir dir;
  const std::string weights = dir.file("dic.safetensors");
  save_weights(*find_model("dic").make(nlohmann::json{{"num_groups", 3}}), weights);
  EXPECT_THROW(make_objective(load_recipe("dicgan", {"model_options={\"num_groups\":3}", "pretrained=" + weights,
                                                     "losses.feat=0.1"}),
                              torch::kCPU),
               Error);
  // Weights of another architecture are refused with the file's name.
  try {
    make_objective(load_recipe("dicgan", {"pretrained=" + weights}), torch::kCPU);  // 6 groups
    FAIL() << "a 3-group DIC loaded into a 6-group one";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(weights), std::string::npos) << e.what();
  }
}

TEST(DicganObjective, FineTunesFromTheDicWeightsWithTheHourglassFrozen) {
  test::ScratchDir dir;
  const std::string weights = dir.file("dic.safetensors");
  torch::manual_seed(0);
  const auto dic = find_model("dic").make(nlohmann::json{{"num_groups", 3}});
  save_weights(*dic, weights);
  const auto objective = make_objective(
      load_recipe("dicgan", {"model_options={\"num_groups\":3}", "pretrained=" + weights}), torch::kCPU);
  const auto start = objective->generator().named_parameters();
  for (const auto& p : dic->named_parameters()) ASSERT_TRUE(torch::equal(start[p.key()], p.value())) << p.key();
  std::map<std::string, torch::Tensor> before;
  for (const auto& p : start) before[p.key()] = p.value().detach().clone();
  ASSERT_EQ(objective->networks().size(), 2u);
  torch::nn::Module& d = objective->networks()[1]->network();
  std::map<std::string, torch::Tensor> d_before;
  for (const auto& p : d.named_parameters()) d_before[p.key()] = p.value().detach().clone();

  std::mt19937_64 rng(1);
  std::vector<std::vector<torch::Tensor>> samples{objective->make_sample(utkface_face(1), rng, true),
                                                  objective->make_sample(utkface_face(2), rng, true)};
  std::vector<torch::Tensor> batch;
  for (size_t t = 0; t < 3; ++t) batch.push_back(torch::stack({samples[0][t], samples[1][t]}));
  const auto values = objective->train_step(batch, 0);
  for (const char* key : {"l1", "align", "adv", "d", "loss"}) EXPECT_TRUE(values.count(key)) << key;
  int hourglass = 0, moved = 0;
  for (const auto& p : objective->generator().named_parameters()) {
    if (p.key().rfind("HG.", 0) == 0) {
      ++hourglass;
      EXPECT_TRUE(torch::equal(p.value(), before.at(p.key()))) << p.key();
    } else {
      moved += !torch::equal(p.value(), before.at(p.key()));
    }
  }
  EXPECT_GT(hourglass, 10);
  EXPECT_GT(moved, 10);
  int d_moved = 0;
  for (const auto& p : d.named_parameters()) d_moved += !torch::equal(p.value(), d_before.at(p.key()));
  EXPECT_GT(d_moved, 5);
}
