// A quirk of DIC's official calc_metrics (specs/common.md §4.2): it passes
// `cropped_Y * 255` to calc_ssim while Y is still uint8, so the product
// wraps modulo 256 (255 ≡ −1: Y becomes 256 − Y, 0 stays 0). PSNR is
// unaffected; SSIM on the wrapped images is what the official code returns.
#pragma once

#include <opencv2/core.hpp>

namespace facesr::metrics {

// (255·y) mod 256 for every pixel of a CV_8UC1 image.
cv::Mat dic_uint8_times_255(const cv::Mat& y);

}  // namespace facesr::metrics
