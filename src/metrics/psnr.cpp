#include "metrics/psnr.h"

#include <cmath>
#include <limits>

#include "core/error.h"
#include "metrics/image_checks.h"

namespace facesr::metrics {

double mean_squared_error(const cv::Mat& a, const cv::Mat& b) {
  require_matching_pair(a, b, {CV_8UC1, CV_8UC3}, "mean_squared_error");
  const int values_per_row = a.cols * a.channels();
  double sum = 0.0;
  for (int r = 0; r < a.rows; ++r) {
    const auto* pa = a.ptr<uint8_t>(r);
    const auto* pb = b.ptr<uint8_t>(r);
    for (int i = 0; i < values_per_row; ++i) {
      const double d = double(pa[i]) - double(pb[i]);
      sum += d * d;
    }
  }
  return sum / (double(a.rows) * values_per_row);
}

double psnr(const cv::Mat& a, const cv::Mat& b, PsnrFormula formula) {
  const double mse = mean_squared_error(a, b);
  if (mse == 0.0) return std::numeric_limits<double>::infinity();
  switch (formula) {
    case PsnrFormula::PowerRatio:
      return 10.0 * std::log10(255.0 * 255.0 / mse);
    case PsnrFormula::AmplitudeRatio:
      return 20.0 * std::log10(255.0 / std::sqrt(mse));
  }
  throw Error("psnr: unknown PsnrFormula value; use PowerRatio or AmplitudeRatio");
}

}  // namespace facesr::metrics
