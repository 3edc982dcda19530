// EIPNet's sample pipeline on a real face: the LR cascade, the Canny targets
// with the BGR2GRAY-on-RGB quirk, and the flip/rotation augmentation.
#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "core/error.h"
#include "io/image.h"
#include "test_paths.h"
#include "training/degradation/eipnet_pipeline.h"

using facesr::EipnetAugment;
using facesr::eipnet_sample;

namespace {

cv::Mat face() {
  static const cv::Mat image =
      facesr::read_rgb8((facesr::test::shared_dir() / "data/utkface/100_0_0_20170112213500903.jpg.chip.jpg").string());
  return image;
}

bool same(const cv::Mat& a, const cv::Mat& b) {
  return a.size() == b.size() && a.type() == b.type() && cv::norm(a, b, cv::NORM_INF) == 0;
}

// Gray with R and B swapped, in OpenCV's fixed-point BT.601 arithmetic:
// 0.114 R + 0.587 G + 0.299 B with 14-bit weights, rounded.
cv::Mat swapped_gray(const cv::Mat& rgb) {
  cv::Mat gray(rgb.size(), CV_8UC1);
  rgb.forEach<cv::Vec3b>([&](const cv::Vec3b& p, const int* pos) {
    gray.at<uchar>(pos[0], pos[1]) = static_cast<uchar>((1868 * p[0] + 9617 * p[1] + 4899 * p[2] + (1 << 13)) >> 14);
  });
  return gray;
}

}  // namespace

TEST(EipnetPipeline, BuildsCascadeAndEdgeTargets) {
  const auto sample = eipnet_sample(face(), EipnetAugment{});
  ASSERT_EQ(sample.hr.size(), cv::Size(128, 128));
  ASSERT_EQ(sample.lr.size(), cv::Size(16, 16));
  ASSERT_EQ(sample.lr.type(), CV_8UC3);

  cv::Mat hr, lr64, lr32, lr16, direct;
  cv::resize(face(), hr, {128, 128}, 0, 0, cv::INTER_LINEAR);
  EXPECT_TRUE(same(sample.hr, hr));
  cv::resize(hr, lr64, {64, 64}, 0, 0, cv::INTER_LINEAR);
  cv::resize(lr64, lr32, {32, 32}, 0, 0, cv::INTER_LINEAR);
  cv::resize(lr32, lr16, {16, 16}, 0, 0, cv::INTER_LINEAR);
  EXPECT_TRUE(same(sample.lr, lr16));
  // The cascade matters: one 128->16 bilinear step (no antialias) differs.
  cv::resize(hr, direct, {16, 16}, 0, 0, cv::INTER_LINEAR);
  EXPECT_GT(cv::norm(sample.lr, direct, cv::NORM_INF), 0);

  const std::pair<const cv::Mat*, const cv::Mat*> levels[] = {
      {&sample.edge128, &hr}, {&sample.edge64, &lr64}, {&sample.edge32, &lr32}};
  for (const auto& [edges, image] : levels) {
    ASSERT_EQ(edges->type(), CV_8UC1);
    ASSERT_EQ(edges->size(), image->size());
    cv::Mat expected;
    cv::Canny(swapped_gray(*image), expected, 50, 255);
    EXPECT_TRUE(same(*edges, expected)) << image->cols;
    // Binary {0, 255} with some edges on a face.
    EXPECT_EQ(cv::countNonZero(*edges) , cv::countNonZero(*edges == 255));
    EXPECT_GT(cv::countNonZero(*edges), 0);
  }
  // The quirk is visible: true BT.601 gray gives other edges at 128.
  cv::Mat gray, true_edges;
  cv::cvtColor(hr, gray, cv::COLOR_RGB2GRAY);
  cv::Canny(gray, true_edges, 50, 255);
  EXPECT_FALSE(same(sample.edge128, true_edges));
}

TEST(EipnetPipeline, FlipMirrorsColumns) {
  const auto base = eipnet_sample(face(), EipnetAugment{}).hr;
  const auto flipped = eipnet_sample(face(), EipnetAugment{true, 0}).hr;
  for (int y = 0; y < 128; y += 9) {
    for (int x = 0; x < 128; x += 7) ASSERT_EQ(flipped.at<cv::Vec3b>(y, x), base.at<cv::Vec3b>(y, 127 - x));
  }
}

// Rotation about (64, 64), not (63.5, 63.5): exact pixel moves shifted by
// one, leaving one zero row or column.
TEST(EipnetPipeline, RotationAboutPixel64LeavesOneBlackLine) {
  const auto base = eipnet_sample(face(), EipnetAugment{}).hr;
  const auto r90 = eipnet_sample(face(), EipnetAugment{false, 90}).hr;
  const auto r180 = eipnet_sample(face(), EipnetAugment{false, 180}).hr;
  const cv::Vec3b black(0, 0, 0);
  for (int i = 0; i < 128; ++i) {
    EXPECT_EQ(r90.at<cv::Vec3b>(0, i), black);  // counter-clockwise: src column 128 (outside) lands on row 0
    EXPECT_EQ(r180.at<cv::Vec3b>(0, i), black);
    EXPECT_EQ(r180.at<cv::Vec3b>(i, 0), black);
  }
  for (int r = 1; r < 128; ++r) {
    for (int c = 1; c < 128; ++c) {
      ASSERT_EQ(r90.at<cv::Vec3b>(r, c), base.at<cv::Vec3b>(c, 128 - r)) << r << "," << c;
      ASSERT_EQ(r180.at<cv::Vec3b>(r, c), base.at<cv::Vec3b>(128 - r, 128 - c)) << r << "," << c;
    }
  }
}

TEST(EipnetPipeline, AugmentationDrawsMatchOfficialOdds) {
  std::mt19937_64 rng(5);
  int flips = 0, counts[4] = {0, 0, 0, 0};
  const int n = 6000;
  for (int i = 0; i < n; ++i) {
    const auto augment = facesr::draw_eipnet_augment(rng);
    flips += augment.flip;
    ASSERT_TRUE(augment.angle == 0 || augment.angle == 90 || augment.angle == 180 || augment.angle == 270);
    ++counts[augment.angle / 90];
  }
  EXPECT_NEAR(flips / double(n), 0.5, 0.03);
  EXPECT_NEAR(counts[0] / double(n), 0.5, 0.03);
  for (int k = 1; k < 4; ++k) EXPECT_NEAR(counts[k] / double(n), 1.0 / 6.0, 0.03);
}

TEST(EipnetPipeline, SameSeedSameSampleAndEvalIsUnaugmented) {
  std::mt19937_64 a(42), b(42), c(42);
  for (int i = 0; i < 6; ++i) {
    const auto first = eipnet_sample(face(), true, a);
    const auto second = eipnet_sample(face(), true, b);
    EXPECT_TRUE(same(first.hr, second.hr));
    EXPECT_TRUE(same(first.edge32, second.edge32));
  }
  EXPECT_TRUE(same(eipnet_sample(face(), false, c).hr, eipnet_sample(face(), EipnetAugment{}).hr));
}

TEST(EipnetPipeline, RefusesBadInput) {
  EXPECT_THROW(eipnet_sample(cv::Mat(), EipnetAugment{}), facesr::Error);
  EXPECT_THROW(eipnet_sample(face(), EipnetAugment{false, 45}), facesr::Error);
}
