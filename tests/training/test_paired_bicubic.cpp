#include <gtest/gtest.h>

#include <opencv2/core.hpp>

#include "io/image.h"
#include "resample/pil_resize.h"
#include "test_paths.h"
#include "training/paired_bicubic.h"

namespace facesr::training {
namespace {

cv::Mat utkface_face() {
  const auto dir = test::shared_dir() / "data" / "utkface";
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".jpg") return read_rgb8(e.path().string());
  return {};
}

bool equal(const cv::Mat& a, const cv::Mat& b) {
  return a.size() == b.size() && a.type() == b.type() && cv::norm(a, b, cv::NORM_INF) == 0;
}

// Brightness-weighted centre of an RGB8 image's first channel.
cv::Point2d centroid(const cv::Mat& rgb) {
  double sum = 0, sx = 0, sy = 0;
  for (int y = 0; y < rgb.rows; ++y)
    for (int x = 0; x < rgb.cols; ++x) {
      const double v = rgb.at<cv::Vec3b>(y, x)[0];
      sum += v, sx += v * x, sy += v * y;
    }
  return {sx / sum, sy / sum};
}

TEST(PairedBicubic, LandmarksFollowTheCropAndResize) {
  // A symmetric dot centred on (120, 90) of a 200×160 image: the centre crop
  // drops 20 columns on each side and the resize scales by 128/160.
  cv::Mat image(160, 200, CV_8UC3, cv::Scalar::all(0));
  image(cv::Rect(118, 88, 5, 5)).setTo(cv::Scalar::all(250));
  const cv::Point2d moved = centroid(fit_to_square(image, 128));
  const Landmarks fitted = fit_landmarks_to_square({{120, 90}}, image.size(), 128);
  ASSERT_EQ(fitted.size(), 1u);
  EXPECT_NEAR(fitted[0].x, moved.x, 0.02);
  EXPECT_NEAR(fitted[0].y, moved.y, 0.02);
  EXPECT_NEAR(fitted[0].x, 79.9, 0.01);  // (120 − 20 + 0.5) · 0.8 − 0.5
}

TEST(PairedBicubic, WithoutAugmentationItIsTheEvaluationPipeline) {
  const cv::Mat face = utkface_face();
  ASSERT_FALSE(face.empty());
  std::mt19937_64 rng(1);
  const PairedFaces pair = paired_bicubic(face, 128, 16, false, rng);
  const cv::Mat hr = pil_resize(face, {128, 128});  // UTKFace is square: no crop
  EXPECT_TRUE(equal(pair.hr, hr));
  EXPECT_TRUE(equal(pair.lr, pil_resize(hr, {16, 16})));
}

TEST(PairedBicubic, FitToSquareTakesTheCentre) {
  cv::Mat wide(40, 60, CV_8UC3, cv::Scalar(0, 0, 0));
  wide(cv::Rect(10, 0, 40, 40)).setTo(cv::Scalar(200, 100, 50));
  const cv::Mat square = fit_to_square(wide, 40);
  EXPECT_EQ(square.size(), cv::Size(40, 40));
  EXPECT_EQ(cv::norm(square, cv::Mat(40, 40, CV_8UC3, cv::Scalar(200, 100, 50)), cv::NORM_INF), 0);
}

TEST(PairedBicubic, AugmentationIsSeededAndKeepsTheSizes) {
  const cv::Mat face = utkface_face();
  std::mt19937_64 a(7), b(7);
  int changed = 0;
  for (int i = 0; i < 8; ++i) {
    const PairedFaces x = paired_bicubic(face, 128, 16, true, a);
    const PairedFaces y = paired_bicubic(face, 128, 16, true, b);
    EXPECT_TRUE(equal(x.hr, y.hr));
    EXPECT_EQ(x.hr.size(), cv::Size(128, 128));
    EXPECT_EQ(x.lr.size(), cv::Size(16, 16));
    EXPECT_TRUE(equal(x.lr, pil_resize(x.hr, {16, 16})));
    changed += !equal(x.hr, pil_resize(face, {128, 128}));
  }
  EXPECT_GT(changed, 0);  // flips and crops do happen
}

}  // namespace
}  // namespace facesr::training
