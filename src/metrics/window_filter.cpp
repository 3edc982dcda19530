#include "metrics/window_filter.h"

#include "metrics/image_checks.h"
#include "metrics/ssim_window.h"

namespace facesr::metrics {
namespace {

// out[k] = Σ_t g[t]·in[k + t] over samples spaced `stride` apart.
void correlate_line(const double* in, int stride, double* out, int out_n, int out_stride) {
  const auto& g = ssim_gaussian_taps();
  for (int k = 0; k < out_n; ++k) {
    double acc = 0.0;
    for (int t = 0; t < kSsimWindowSize; ++t) acc += g[t] * in[(k + t) * stride];
    out[k * out_stride] = acc;
  }
}

}  // namespace

cv::Mat filter_with_ssim_window(const cv::Mat& plane) {
  require_image(plane, {CV_64FC1}, "filter_with_ssim_window");
  require_min_side(plane, kSsimWindowSize, "filter_with_ssim_window");
  const int shrink = kSsimWindowSize - 1;
  const int out_rows = plane.rows - shrink, out_cols = plane.cols - shrink;
  const int step = int(plane.step1());  // doubles per row; `plane` may be a view

  cv::Mat vertical(out_rows, plane.cols, CV_64FC1);  // along axis 0
  for (int c = 0; c < plane.cols; ++c) {
    correlate_line(plane.ptr<double>() + c, step, vertical.ptr<double>() + c, out_rows, plane.cols);
  }
  cv::Mat result(out_rows, out_cols, CV_64FC1);  // then along axis 1
  for (int r = 0; r < out_rows; ++r) correlate_line(vertical.ptr<double>(r), 1, result.ptr<double>(r), out_cols, 1);
  return result;
}

}  // namespace facesr::metrics
