// dlib's face-recognition network against face-api's own descriptors
// (face_api_descriptors.json, made by make_face_api_fixture.mjs with TF.js's
// cpu backend), and the identity sense of its distances.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "core/error.h"
#include "identity/descriptor_distance.h"
#include "identity/face_recognizer.h"
#include "inference/model_choice.h"
#include "io/image.h"
#include "recognition_weights.h"
#include "test_paths.h"

using namespace facesr;

namespace {

cv::Mat fixture_face(const std::string& name) { return read_rgb8(test::fixture(name).string()); }

// The six HR faces of the shared fixtures, six different people.
std::vector<cv::Mat> six_people() {
  std::vector<cv::Mat> faces;
  for (int i = 0; i < 6; ++i) faces.push_back(fixture_face(fmt::format("images/hr_0{}.png", i)));
  return faces;
}

}  // namespace

TEST(IdentityFaceRecognizer, MatchesFaceApiDescriptors) {
  if (const auto why = test::missing_recognition_weights()) GTEST_SKIP() << *why;
  std::ifstream in(std::string(FACESR_SOURCE_DIR) + "/tests/identity/face_api_descriptors.json");
  const auto fixture = nlohmann::json::parse(in);
  std::vector<cv::Mat> faces;
  std::vector<float> expected;
  for (const auto& face : fixture.at("faces")) {
    const auto crop = face.at("crop").get<std::vector<int>>();
    faces.push_back(fixture_face(face.at("image")).clone()(cv::Rect(crop[0], crop[1], crop[2], crop[3])).clone());
    for (float v : face.at("descriptor").get<std::vector<float>>()) expected.push_back(v);
  }
  FaceRecognizer recognizer(bundled_face_recognition_weights());
  const torch::Tensor got = recognizer.descriptors(faces);
  const torch::Tensor want = torch::tensor(expected).view({-1, 128});
  ASSERT_EQ(got.sizes(), want.sizes());
  const double worst = (got - want).abs().max().item<double>();
  RecordProperty("max_abs_difference", fmt::format("{:.3g}", worst));
  EXPECT_LT(worst, 1e-4);
  // One face alone gives what it gives in the batch.
  EXPECT_TRUE(torch::allclose(recognizer.descriptors({faces[2]})[0], got[2], 0, 1e-5));
}

TEST(IdentityFaceRecognizer, MirrorAndShiftStayTheSamePersonOthersDoNot) {
  if (const auto why = test::missing_recognition_weights()) GTEST_SKIP() << *why;
  FaceRecognizer recognizer(bundled_face_recognition_weights());
  const auto people = six_people();
  std::vector<cv::Mat> variants;
  for (const cv::Mat& face : people) {
    cv::Mat mirrored, shifted;
    cv::flip(face, mirrored, 1);
    const cv::Mat shift = (cv::Mat_<double>(2, 3) << 1, 0, 2, 0, 1, 2);  // 2 px right and down
    cv::warpAffine(face, shifted, shift, face.size(), cv::INTER_NEAREST, cv::BORDER_REPLICATE);
    variants.push_back(mirrored);
    variants.push_back(shifted);
  }
  const torch::Tensor d = recognizer.descriptors(people).to(torch::kDouble);
  const torch::Tensor v = recognizer.descriptors(variants).to(torch::kDouble).view({6, 2, 128});
  const double mirror = dlib_distance(d, v.select(1, 0)).max().item<double>();
  const double shift = dlib_distance(d, v.select(1, 1)).max().item<double>();
  double others = 1e9, others_cosine = -1;
  for (int i = 0; i < 6; ++i)
    for (int j = i + 1; j < 6; ++j) {
      others = std::min(others, dlib_distance(d[i], d[j]).item<double>());
      others_cosine = std::max(others_cosine, descriptor_cosine_similarity(d[i], d[j]).item<double>());
    }
  RecordProperty("largest_mirror_distance", fmt::format("{:.4f}", mirror));
  RecordProperty("largest_shift_distance", fmt::format("{:.4f}", shift));
  RecordProperty("smallest_other_person_distance", fmt::format("{:.4f}", others));
  EXPECT_LT(mirror, kDlibSamePersonDistance);
  EXPECT_LT(shift, kDlibSamePersonDistance);
  EXPECT_GT(others, kDlibSamePersonDistance);
  // Cosine similarity ranks them the same way.
  EXPECT_GT(descriptor_cosine_similarity(d.unsqueeze(1), v).min().item<double>(), others_cosine);
}

TEST(IdentityFaceRecognizer, MissingWeightsSayHowToMakeThem) {
  test::ScratchDir dir;
  try {
    FaceRecognizer recognizer(dir.file("none.safetensors"));
    FAIL() << "no error for missing weights";
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find(dir.file("none.safetensors")), std::string::npos) << msg;
    EXPECT_NE(msg.find("scripts/setup.sh"), std::string::npos) << msg;
  }
}
