// The identity loss (losses.identity) on the shared fixtures' HR faces (six
// different people): 0 for identical faces, small for a blurred copy of the
// same face, larger for another person; its gradient reaches the SR image
// and never the frozen recognition network; model conventions are undone
// before face-api's preprocessing; a missing weights file is a clear error.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <opencv2/imgproc.hpp>

#include "core/error.h"
#include "identity/recognition_weights.h"
#include "inference/model_choice.h"
#include "io/image.h"
#include "models/convention.h"
#include "test_paths.h"
#include "training/losses/identity_loss.h"

using namespace facesr;

namespace {

ImageConvention sparnet_convention() { return ImageConvention{}; }  // 128 out, [-1,1], RGB

torch::Tensor hr_face(int i, ValueRange range = ValueRange::MinusOneOne) {
  return image_to_tensor(read_rgb8(test::fixture(fmt::format("images/hr_0{}.png", i)).string()), range);
}

torch::Tensor blurred(int i) {
  cv::Mat face = read_rgb8(test::fixture(fmt::format("images/hr_0{}.png", i)).string()), out;
  cv::GaussianBlur(face, out, cv::Size(0, 0), 1.0);
  return image_to_tensor(out, ValueRange::MinusOneOne);
}

}  // namespace

TEST(IdentityLoss, ZeroForIdenticalFacesLargerForAnotherPersonThanForABlurredCopy) {
  if (const auto why = test::missing_recognition_weights()) GTEST_SKIP() << *why;
  const losses::IdentityLoss identity(sparnet_convention(), torch::kCPU, bundled_face_recognition_weights());
  const torch::Tensor a = hr_face(0), b = hr_face(1);
  EXPECT_LT(identity(a, a).item<double>(), 1e-5);
  const double same_blurred = identity(blurred(0), a).item<double>();
  const double other_person = identity(b, a).item<double>();
  EXPECT_GT(same_blurred, 0);
  EXPECT_GT(other_person, 2 * same_blurred) << "blurred " << same_blurred << ", other person " << other_person;
  // A batch is the mean of its rows.
  const double batch = identity(torch::cat({blurred(0), b}), torch::cat({a, a})).item<double>();
  EXPECT_NEAR(batch, (same_blurred + other_person) / 2, 1e-5);
}

TEST(IdentityLoss, GradientReachesTheSrImageButNotTheRecognitionWeights) {
  if (const auto why = test::missing_recognition_weights()) GTEST_SKIP() << *why;
  const losses::IdentityLoss identity(sparnet_convention(), torch::kCPU, bundled_face_recognition_weights());
  const torch::Tensor sr = blurred(2).requires_grad_(), hr = hr_face(2).requires_grad_();
  identity(sr, hr).backward();
  ASSERT_TRUE(sr.grad().defined());
  EXPECT_GT(sr.grad().abs().sum().item<double>(), 0);
  EXPECT_FALSE(hr.grad().defined());  // the target's descriptors carry no gradient
  for (const auto& p : identity.network()->parameters()) {
    EXPECT_FALSE(p.requires_grad());
    EXPECT_FALSE(p.grad().defined());
  }
  EXPECT_FALSE(identity.network()->is_training());
}

TEST(IdentityLoss, UndoesEachModelsConventionBeforeFaceApiInput) {
  const torch::Tensor rgb = hr_face(3, ValueRange::ZeroTo255);
  // SPARNet/CTCNet [-1,1] RGB, EIPNet [0,255], DIC's BGR with a mean, SCGAN's BGR.
  for (const char* model : {"sparnet", "ctcnet", "eipnet", "dic", "scgan"}) {
    ImageConvention c = find_model(model).convention;
    c.output_size = c.lr_size = c.input_size = 128;
    std::vector<cv::Mat> face{read_rgb8(test::fixture("images/hr_03.png").string())};
    const torch::Tensor in_convention = faces_to_input(face, c);
    EXPECT_TRUE(torch::allclose(losses::convention_to_rgb255(in_convention, c), rgb, 0, 1e-3)) << model;
  }
}

TEST(IdentityLoss, MissingWeightsNameTheFileAndTheScriptThatMakesThem) {
  try {
    losses::IdentityLoss identity(sparnet_convention(), torch::kCPU, "/nonexistent/dlib-face-recognition.safetensors");
    FAIL() << "no error";
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("/nonexistent/dlib-face-recognition.safetensors"), std::string::npos) << what;
    EXPECT_NE(what.find("bash scripts/make_face_recognition_weights.sh"), std::string::npos) << what;
  }
}
