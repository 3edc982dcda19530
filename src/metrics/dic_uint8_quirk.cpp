#include "metrics/dic_uint8_quirk.h"

#include "metrics/image_checks.h"

namespace facesr::metrics {

cv::Mat dic_uint8_times_255(const cv::Mat& y) {
  require_image(y, {CV_8UC1}, "dic_uint8_times_255");
  cv::Mat wrapped(y.size(), CV_8UC1);
  for (int r = 0; r < y.rows; ++r) {
    const auto* in = y.ptr<uint8_t>(r);
    auto* out = wrapped.ptr<uint8_t>(r);
    for (int c = 0; c < y.cols; ++c) out[c] = static_cast<uint8_t>(in[c] * 255u);
  }
  return wrapped;
}

}  // namespace facesr::metrics
