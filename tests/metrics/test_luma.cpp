// Y extraction must match numpy bit for bit, including the RGB triples whose
// Y sits exactly on a truncation/rounding boundary (numpy_luma_cases.h).
#include <gtest/gtest.h>

#include "core/error.h"
#include "metrics/luma.h"
#include "metrics/numpy_luma_cases.h"

namespace {

using facesr::metrics::luma_dic_rounded;
using facesr::metrics::luma_sparnet_truncated;

// The cases laid out as one RGB row, and the expected Y row.
template <size_t N>
std::pair<cv::Mat, cv::Mat> as_images(const std::array<facesr::test::LumaCase, N>& cases) {
  cv::Mat rgb(1, int(N), CV_8UC3), y(1, int(N), CV_8UC1);
  for (size_t i = 0; i < N; ++i) {
    rgb.at<cv::Vec3b>(0, int(i)) = {cases[i].r, cases[i].g, cases[i].b};
    y.at<uint8_t>(0, int(i)) = cases[i].y;
  }
  return {rgb, y};
}

template <size_t N>
void expect_matches_numpy(const std::array<facesr::test::LumaCase, N>& cases, cv::Mat (*luma)(const cv::Mat&)) {
  const auto [rgb, expected] = as_images(cases);
  const cv::Mat actual = luma(rgb);
  ASSERT_EQ(actual.type(), CV_8UC1);
  for (size_t i = 0; i < N; ++i) {
    EXPECT_EQ(int(actual.at<uint8_t>(0, int(i))), int(cases[i].y))
        << "RGB (" << int(cases[i].r) << "," << int(cases[i].g) << "," << int(cases[i].b) << ")";
  }
}

TEST(MetricsLuma, SparnetTruncationMatchesNumpyOnEveryIntegerYTriple) {
  expect_matches_numpy(facesr::test::kSparnetIntegerYCases, &luma_sparnet_truncated);
}

TEST(MetricsLuma, DicRoundingMatchesNumpyOnEveryHalfYTriple) {
  expect_matches_numpy(facesr::test::kDicHalfYCases, &luma_dic_rounded);
}

TEST(MetricsLuma, TruncationAndRoundingDifferAsSpecified) {
  // (10, 20, 30): exact Y = 16 + (654.81 + 2571.06 + 748.98) / 255 = 31.5876...
  cv::Mat rgb(2, 2, CV_8UC3, cv::Scalar(10, 20, 30));
  rgb.at<cv::Vec3b>(1, 1) = {255, 255, 255};  // exactly 235 in both protocols
  const cv::Mat y_trunc = luma_sparnet_truncated(rgb), y_round = luma_dic_rounded(rgb);
  EXPECT_EQ(int(y_trunc.at<uint8_t>(0, 0)), 31);
  EXPECT_EQ(int(y_round.at<uint8_t>(0, 0)), 32);
  EXPECT_EQ(int(y_trunc.at<uint8_t>(1, 1)), 235);
  EXPECT_EQ(int(y_round.at<uint8_t>(1, 1)), 235);
}

TEST(MetricsLuma, ReadsChannelsAsRgb) {
  // Pure red and pure blue give different Y, so a BGR/RGB swap is visible.
  cv::Mat red(1, 1, CV_8UC3, cv::Scalar(255, 0, 0)), blue(1, 1, CV_8UC3, cv::Scalar(0, 0, 255));
  EXPECT_EQ(int(luma_dic_rounded(red).at<uint8_t>(0, 0)), 81);   // 16 + 65.481
  EXPECT_EQ(int(luma_dic_rounded(blue).at<uint8_t>(0, 0)), 41);  // 16 + 24.966
}

TEST(MetricsLuma, RejectsNonRgbUint8) {
  EXPECT_THROW(luma_sparnet_truncated(cv::Mat(4, 4, CV_8UC1)), facesr::Error);
  EXPECT_THROW(luma_dic_rounded(cv::Mat(4, 4, CV_32FC3)), facesr::Error);
  EXPECT_THROW(luma_dic_rounded(cv::Mat()), facesr::Error);
}

}  // namespace
