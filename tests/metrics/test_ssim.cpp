// SSIM: the window, the valid correlation, the formula on hand-computable
// images, an OpenCV-based reference of both official styles, and the input
// checks.
#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

#include <cmath>
#include <numeric>

#include "core/error.h"
#include "metrics/dic_uint8_quirk.h"
#include "metrics/ssim.h"
#include "metrics/ssim_window.h"
#include "metrics/window_filter.h"

namespace {

using namespace facesr::metrics;

cv::Mat random_image(int rows, int cols, int type, int seed) {
  cv::Mat image(rows, cols, type);
  cv::RNG rng(seed);
  rng.fill(image, cv::RNG::UNIFORM, 0, 256);
  return image;
}

cv::Mat window_2d() {
  const auto& g = ssim_gaussian_taps();
  const cv::Mat g_col(kSsimWindowSize, 1, CV_64F, const_cast<double*>(g.data()));
  return g_col * g_col.t();
}

// Test oracle written the way the official code does it, with OpenCV's 2-D
// filter2D: filter the whole plane with `border`, then average the SSIM map
// over [5:-5, 5:-5]. BORDER_REFLECT is scipy's mode 'reflect' (skimage);
// for DIC the border is irrelevant because only the valid part is kept.
double reference_ssim(const cv::Mat& x8, const cv::Mat& y8, int border) {
  cv::Mat x, y, mx, my, exx, eyy, exy;
  x8.convertTo(x, CV_64F);
  y8.convertTo(y, CV_64F);
  const cv::Mat w = window_2d();
  cv::filter2D(x, mx, CV_64F, w, cv::Point(-1, -1), 0, border);
  cv::filter2D(y, my, CV_64F, w, cv::Point(-1, -1), 0, border);
  cv::filter2D(x.mul(x), exx, CV_64F, w, cv::Point(-1, -1), 0, border);
  cv::filter2D(y.mul(y), eyy, CV_64F, w, cv::Point(-1, -1), 0, border);
  cv::filter2D(x.mul(y), exy, CV_64F, w, cv::Point(-1, -1), 0, border);
  const double c1 = 2.55 * 2.55, c2 = 7.65 * 7.65;
  const cv::Rect inner(5, 5, x.cols - 10, x.rows - 10);
  const cv::Mat m1 = mx(inner), m2 = my(inner);
  const cv::Mat s11 = exx(inner) - m1.mul(m1), s22 = eyy(inner) - m2.mul(m2), s12 = exy(inner) - m1.mul(m2);
  cv::Mat num = (2 * m1.mul(m2) + c1).mul(2 * s12 + c2);
  cv::Mat den = (m1.mul(m1) + m2.mul(m2) + c1).mul(s11 + s22 + c2);
  return cv::mean(num / den)[0];
}

TEST(MetricsSsim, WindowIsNormalisedGaussianOfSigma1p5) {
  const auto& g = ssim_gaussian_taps();
  EXPECT_NEAR(std::accumulate(g.begin(), g.end(), 0.0), 1.0, 1e-15);
  EXPECT_NEAR(g[4] / g[5], std::exp(-1.0 / 4.5), 1e-15);
  EXPECT_NEAR(g[0] / g[5], std::exp(-25.0 / 4.5), 1e-15);
  EXPECT_DOUBLE_EQ(g[1], g[9]);
  const cv::Mat opencv = cv::getGaussianKernel(11, 1.5, CV_64F);
  for (int i = 0; i < kSsimWindowSize; ++i) EXPECT_NEAR(g[i], opencv.at<double>(i), 1e-16);
}

TEST(MetricsSsim, FilterKeepsOnlyFullWindows) {
  cv::Mat plane;
  random_image(23, 17, CV_8UC1, 8).convertTo(plane, CV_64F);
  const auto& g = ssim_gaussian_taps();
  const cv::Mat out = filter_with_ssim_window(plane(cv::Rect(1, 0, 16, 23)));  // a view, not continuous
  ASSERT_EQ(out.rows, 13);
  ASSERT_EQ(out.cols, 6);
  double expected = 0.0;  // output (2, 3) is the window centred on input (7, 1 + 8)
  for (int i = 0; i < kSsimWindowSize; ++i) {
    for (int j = 0; j < kSsimWindowSize; ++j) expected += g[i] * g[j] * plane.at<double>(2 + i, 1 + 3 + j);
  }
  EXPECT_NEAR(out.at<double>(2, 3), expected, 1e-11);
}

TEST(MetricsSsim, MatchesBothOfficialStylesOnRandomImages) {
  // skimage (reflect border, crop 5) and DIC (valid part of filter2D) agree
  // with ssim() because the crop equals the window radius.
  const cv::Mat x = random_image(30, 21, CV_8UC1, 1);
  cv::Mat x16, noise(x.size(), CV_16SC1), y;
  cv::randn(noise, 0, 20);
  x.convertTo(x16, CV_16S);
  cv::Mat(x16 + noise).convertTo(y, CV_8U);  // x plus noise, saturated: SSIM well above 0
  const double ours = ssim(x, y);
  EXPECT_GT(ours, 0.2);
  EXPECT_NEAR(ours, reference_ssim(x, y, cv::BORDER_REFLECT), 1e-12);
  EXPECT_NEAR(ours, reference_ssim(x, y, cv::BORDER_REFLECT_101), 1e-12);
}

TEST(MetricsSsim, IdenticalImagesScoreOne) {
  const cv::Mat y = random_image(20, 24, CV_8UC1, 1), rgb = random_image(20, 24, CV_8UC3, 2);
  EXPECT_NEAR(ssim(y, y.clone()), 1.0, 1e-12);
  EXPECT_NEAR(ssim(rgb, rgb.clone()), 1.0, 1e-12);
}

TEST(MetricsSsim, ConstantImagesGiveTheLuminanceTerm) {
  // No variance anywhere: SSIM = (2ab + C1) / (a² + b² + C1) with C1 = 2.55².
  const double a = 100, b = 140, c1 = 2.55 * 2.55;
  const cv::Mat x(16, 16, CV_8UC1, cv::Scalar(a)), y(16, 16, CV_8UC1, cv::Scalar(b));
  EXPECT_NEAR(ssim(x, y), (2 * a * b + c1) / (a * a + b * b + c1), 1e-9);
}

TEST(MetricsSsim, IsSymmetric) {
  const cv::Mat x = random_image(16, 16, CV_8UC1, 3), y = random_image(16, 16, CV_8UC1, 4);
  EXPECT_DOUBLE_EQ(ssim(x, y), ssim(y, x));
}

TEST(MetricsSsim, RgbIsTheMeanOverChannels) {
  const cv::Mat x = random_image(15, 18, CV_8UC3, 5), y = random_image(15, 18, CV_8UC3, 6);
  std::vector<cv::Mat> xs, ys;
  cv::split(x, xs);
  cv::split(y, ys);
  const double mean = (ssim(xs[0], ys[0]) + ssim(xs[1], ys[1]) + ssim(xs[2], ys[2])) / 3;
  EXPECT_NEAR(ssim(x, y), mean, 1e-15);
  EXPECT_NE(ssim(xs[0], ys[0]), ssim(xs[1], ys[1]));
}

TEST(MetricsSsim, SmallestImageHasOneWindow) {
  const cv::Mat x = random_image(11, 11, CV_8UC1, 9), y = random_image(11, 11, CV_8UC1, 10);
  EXPECT_NEAR(ssim(x, y), reference_ssim(x, y, cv::BORDER_REFLECT), 1e-12);
}

TEST(MetricsSsim, DicQuirkWrapsTimes255ModuloUint8) {
  cv::Mat y(1, 5, CV_8UC1);
  const uint8_t in[] = {0, 1, 16, 128, 235};
  const uint8_t expected[] = {0, 255, 240, 128, 21};  // 256 − Y, 0 stays 0
  for (int i = 0; i < 5; ++i) y.at<uint8_t>(0, i) = in[i];
  const cv::Mat wrapped = dic_uint8_times_255(y);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(int(wrapped.at<uint8_t>(0, i)), int(expected[i]));
}

TEST(MetricsSsim, RejectsBadInputs) {
  const cv::Mat y(16, 16, CV_8UC1, cv::Scalar(0));
  EXPECT_THROW(ssim(y, cv::Mat(16, 15, CV_8UC1)), facesr::Error);
  EXPECT_THROW(ssim(y, cv::Mat(16, 16, CV_8UC3)), facesr::Error);
  EXPECT_THROW(ssim(cv::Mat(16, 16, CV_64FC1), cv::Mat(16, 16, CV_64FC1)), facesr::Error);
  EXPECT_THROW(ssim(cv::Mat(), cv::Mat()), facesr::Error);
  const cv::Mat small(10, 16, CV_8UC1, cv::Scalar(0));
  EXPECT_THROW(ssim(small, small), facesr::Error);
  EXPECT_THROW(filter_with_ssim_window(cv::Mat(12, 12, CV_32FC1)), facesr::Error);
  EXPECT_THROW(filter_with_ssim_window(cv::Mat(12, 10, CV_64FC1)), facesr::Error);
  EXPECT_THROW(dic_uint8_times_255(cv::Mat(4, 4, CV_8UC3)), facesr::Error);
}

}  // namespace
