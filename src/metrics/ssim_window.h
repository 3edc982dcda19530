// The Gaussian window both SSIM variants use: σ = 1.5, radius 5 (11 taps).
// skimage gets the radius from truncate = 3.5 (int(3.5·1.5 + 0.5) = 5);
// DIC/mmagic from cv2.getGaussianKernel(11, 1.5). Both normalise
// exp(−x²/(2σ²)), x = −5..5, to sum 1.
#pragma once

#include <array>

namespace facesr::metrics {

constexpr int kSsimWindowRadius = 5;
constexpr int kSsimWindowSize = 2 * kSsimWindowRadius + 1;
constexpr double kSsimWindowSigma = 1.5;

// The 1-D taps g; the 2-D window is g·gᵀ, so filters apply g along each axis.
const std::array<double, kSsimWindowSize>& ssim_gaussian_taps();

}  // namespace facesr::metrics
