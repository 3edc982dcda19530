#include "metrics/luma.h"

#include <cmath>

#include "metrics/image_checks.h"

namespace facesr::metrics {
namespace {

constexpr double kRed = 65.481, kGreen = 128.553, kBlue = 24.966;
// SPARNet divides the coefficients first: K = np.array([...]) / 255.0.
constexpr double kRedScaled = kRed / 255.0, kGreenScaled = kGreen / 255.0, kBlueScaled = kBlue / 255.0;

template <typename YOfPixel>
cv::Mat map_pixels(const cv::Mat& rgb, const char* what, YOfPixel y_of) {
  require_image(rgb, {CV_8UC3}, what);
  cv::Mat y(rgb.size(), CV_8UC1);
  for (int r = 0; r < rgb.rows; ++r) {
    const auto* in = rgb.ptr<cv::Vec3b>(r);
    auto* out = y.ptr<uint8_t>(r);
    for (int c = 0; c < rgb.cols; ++c) out[c] = y_of(double(in[c][0]), double(in[c][1]), double(in[c][2]));
  }
  return y;
}

}  // namespace

cv::Mat luma_sparnet_truncated(const cv::Mat& rgb) {
  return map_pixels(rgb, "luma_sparnet_truncated", [](double r, double g, double b) {
    // numpy's matmul (OpenBLAS dgemv on the fixtures' stack) evaluates
    // fma(B, kB, fma(R, kR, G * kG)); measured bit-exact on every triple
    // whose exact Y is an integer (tests/metrics/numpy_luma_cases.h).
    const double y = 16.0 + std::fma(b, kBlueScaled, std::fma(r, kRedScaled, g * kGreenScaled));
    return static_cast<uint8_t>(y);  // truncation, like ndarray.astype(np.uint8)
  });
}

cv::Mat luma_dic_rounded(const cv::Mat& rgb) {
  return map_pixels(rgb, "luma_dic_rounded", [](double r, double g, double b) {
    // np.dot over the last axis: each product rounded, then summed left to
    // right. volatile keeps the compiler from fusing them into FMAs.
    const volatile double red = r * kRed, green = g * kGreen, blue = b * kBlue;
    const double dot = (red + green) + blue;
    return static_cast<uint8_t>(std::nearbyint(dot / 255.0 + 16.0));  // half to even (default FE mode)
  });
}

}  // namespace facesr::metrics
