// Peak signal-to-noise ratio of uint8 images (peak 255), in float64.
#pragma once

#include <opencv2/core.hpp>

namespace facesr::metrics {

// The two ways the official scripts write the same quantity. They differ
// only in the last bits, but each protocol is reproduced digit for digit.
enum class PsnrFormula {
  PowerRatio,      // 10·log10(255² / MSE)  (SPARNet psnr_ssim.py)
  AmplitudeRatio,  // 20·log10(255 / √MSE)  (DIC calc_psnr, mmagic psnr)
};

// Mean of (a − b)² over every pixel and channel. `a` and `b`: same size,
// same uint8 type (CV_8UC1 or CV_8UC3). The sum of squared integer
// differences is exact in double, so the summation order does not matter.
double mean_squared_error(const cv::Mat& a, const cv::Mat& b);

// PSNR in dB; +infinity for identical images (MSE 0), as both numpy and
// DIC's calc_psnr return.
double psnr(const cv::Mat& a, const cv::Mat& b, PsnrFormula formula);

}  // namespace facesr::metrics
