#include "metrics/ssim_window.h"

#include <cmath>

namespace facesr::metrics {

const std::array<double, kSsimWindowSize>& ssim_gaussian_taps() {
  static const std::array<double, kSsimWindowSize> taps = [] {
    std::array<double, kSsimWindowSize> g{};
    double sum = 0.0;
    for (int i = 0; i < kSsimWindowSize; ++i) {
      const double x = i - kSsimWindowRadius;
      g[i] = std::exp(-0.5 / (kSsimWindowSigma * kSsimWindowSigma) * x * x);
      sum += g[i];
    }
    for (double& v : g) v /= sum;
    return g;
  }();
  return taps;
}

}  // namespace facesr::metrics
