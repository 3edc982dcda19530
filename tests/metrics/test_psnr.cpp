// PSNR on hand-computable pairs: MSE is exact, so both formulas must give the
// closed form; identical images give +infinity.
#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"
#include "metrics/psnr.h"

namespace {

using facesr::metrics::mean_squared_error;
using facesr::metrics::psnr;
using facesr::metrics::PsnrFormula;

TEST(MetricsPsnr, ConstantOffsetGivesClosedForm) {
  const cv::Mat a(16, 12, CV_8UC1, cv::Scalar(100)), b(16, 12, CV_8UC1, cv::Scalar(105));
  EXPECT_EQ(mean_squared_error(a, b), 25.0);
  const double expected = 20.0 * std::log10(255.0 / 5.0);  // 34.1514... dB
  EXPECT_NEAR(psnr(a, b, PsnrFormula::PowerRatio), expected, 1e-12);
  EXPECT_NEAR(psnr(a, b, PsnrFormula::AmplitudeRatio), expected, 1e-12);
}

TEST(MetricsPsnr, AveragesOverAllChannels) {
  // Only the middle channel differs, by 3: MSE = 9 / 3.
  const cv::Mat a(8, 8, CV_8UC3, cv::Scalar(10, 20, 30)), b(8, 8, CV_8UC3, cv::Scalar(10, 23, 30));
  EXPECT_DOUBLE_EQ(mean_squared_error(a, b), 3.0);
  EXPECT_NEAR(psnr(a, b, PsnrFormula::AmplitudeRatio), 10.0 * std::log10(255.0 * 255.0 / 3.0), 1e-12);
}

TEST(MetricsPsnr, SinglePixelDifference) {
  cv::Mat a(10, 10, CV_8UC1, cv::Scalar(0)), b = a.clone();
  b.at<uint8_t>(3, 7) = 255;  // MSE = 255² / 100 → PSNR = 20 dB
  EXPECT_NEAR(psnr(a, b, PsnrFormula::PowerRatio), 20.0, 1e-12);
  EXPECT_NEAR(psnr(b, a, PsnrFormula::AmplitudeRatio), 20.0, 1e-12);
}

TEST(MetricsPsnr, IdenticalImagesGiveInfinity) {
  const cv::Mat a(9, 9, CV_8UC3, cv::Scalar(1, 2, 3));
  EXPECT_EQ(mean_squared_error(a, a), 0.0);
  for (auto formula : {PsnrFormula::PowerRatio, PsnrFormula::AmplitudeRatio}) {
    const double value = psnr(a, a.clone(), formula);
    EXPECT_TRUE(std::isinf(value) && value > 0);
  }
}

TEST(MetricsPsnr, WorksOnCroppedViews) {
  cv::Mat a(20, 20, CV_8UC1, cv::Scalar(0)), b(20, 20, CV_8UC1, cv::Scalar(0));
  b(cv::Rect(0, 0, 20, 2)).setTo(200);  // differences only outside the view
  b.at<uint8_t>(10, 10) = 10;
  const cv::Rect view(4, 4, 10, 10);
  EXPECT_DOUBLE_EQ(mean_squared_error(a(view), b(view)), 1.0);
}

TEST(MetricsPsnr, RejectsMismatchedOrWrongInputs) {
  const cv::Mat gray(8, 8, CV_8UC1), rgb(8, 8, CV_8UC3);
  EXPECT_THROW(mean_squared_error(gray, cv::Mat(8, 9, CV_8UC1)), facesr::Error);
  EXPECT_THROW(mean_squared_error(gray, rgb), facesr::Error);
  EXPECT_THROW(mean_squared_error(cv::Mat(8, 8, CV_32FC1), cv::Mat(8, 8, CV_32FC1)), facesr::Error);
  EXPECT_THROW(psnr(cv::Mat(), cv::Mat(), PsnrFormula::PowerRatio), facesr::Error);
}

}  // namespace
