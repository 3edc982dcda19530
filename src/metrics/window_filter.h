// Correlation of a float64 plane with the SSIM window g·gᵀ (ssim_window.h),
// keeping only the positions where the whole window lies inside the plane,
// as cv2.filter2D(...)[5:-5, 5:-5] does in DIC/mmagic. Done as two 1-D
// passes (columns, then rows, like scipy's gaussian_filter).
#pragma once

#include <opencv2/core.hpp>

namespace facesr::metrics {

// `plane`: CV_64FC1, at least 11x11. Returns CV_64FC1 of (rows − 10) x (cols − 10).
cv::Mat filter_with_ssim_window(const cv::Mat& plane);

}  // namespace facesr::metrics
