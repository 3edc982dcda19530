#include "metrics/ssim.h"

#include "metrics/image_checks.h"
#include "metrics/ssim_window.h"
#include "metrics/window_filter.h"

namespace facesr::metrics {
namespace {

cv::Mat channel_as_double(const cv::Mat& image, int channel) {
  cv::Mat plane(image.size(), CV_64FC1);
  const int channels = image.channels();
  for (int r = 0; r < image.rows; ++r) {
    const auto* in = image.ptr<uint8_t>(r);
    auto* out = plane.ptr<double>(r);
    for (int c = 0; c < image.cols; ++c) out[c] = in[c * channels + channel];
  }
  return plane;
}

double mean_ssim_of_channel(const cv::Mat& x, const cv::Mat& y, int channel) {
  constexpr double C1 = (0.01 * 255) * (0.01 * 255);
  constexpr double C2 = (0.03 * 255) * (0.03 * 255);
  const cv::Mat px = channel_as_double(x, channel), py = channel_as_double(y, channel);
  const cv::Mat mu_x = filter_with_ssim_window(px);
  const cv::Mat mu_y = filter_with_ssim_window(py);
  const cv::Mat e_xx = filter_with_ssim_window(px.mul(px));
  const cv::Mat e_yy = filter_with_ssim_window(py.mul(py));
  const cv::Mat e_xy = filter_with_ssim_window(px.mul(py));

  double sum = 0.0;
  for (int r = 0; r < mu_x.rows; ++r) {
    for (int c = 0; c < mu_x.cols; ++c) {
      const double mx = mu_x.at<double>(r, c), my = mu_y.at<double>(r, c);
      const double var_x = e_xx.at<double>(r, c) - mx * mx;
      const double var_y = e_yy.at<double>(r, c) - my * my;
      const double cov_xy = e_xy.at<double>(r, c) - mx * my;
      sum += ((2 * mx * my + C1) * (2 * cov_xy + C2)) / ((mx * mx + my * my + C1) * (var_x + var_y + C2));
    }
  }
  return sum / double(mu_x.total());
}

}  // namespace

double ssim(const cv::Mat& x, const cv::Mat& y) {
  require_matching_pair(x, y, {CV_8UC1, CV_8UC3}, "ssim");
  require_min_side(x, kSsimWindowSize, "ssim");
  double sum = 0.0;
  for (int channel = 0; channel < x.channels(); ++channel) sum += mean_ssim_of_channel(x, y, channel);
  return sum / x.channels();
}

}  // namespace facesr::metrics
