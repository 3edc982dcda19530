// SSIM (Wang et al. 2004) as every protocol here computes it: float64
// images, 11x11 Gaussian window (σ 1.5), population covariances,
// C1 = (0.01·255)², C2 = (0.03·255)²,
//   SSIM = ((2μxμy + C1)(2σxy + C2)) / ((μx² + μy² + C1)(σx² + σy² + C2)),
// averaged over every position where the window fits inside the image.
//
// That one definition covers both official implementations:
//  * DIC util.ssim / mmagic ssim(): cv2.filter2D, then the valid part [5:-5, 5:-5].
//  * skimage structural_similarity(gaussian_weights=True, sigma=1.5,
//    use_sample_covariance=False, data_range=255) used by SPARNet/CTCNet
//    (specs/common.md §4.1): scipy gaussian_filter (mode 'reflect') on the
//    whole image, then the mean over [5:-5, 5:-5]. The crop equals the
//    window radius, so no averaged value ever sees the reflected border and
//    the result is the same valid-window mean (skimage also works in float64
//    on uint8 input).
#pragma once

#include <opencv2/core.hpp>

namespace facesr::metrics {

// `x`, `y`: same size, at least 11x11, CV_8UC1 (a Y channel) or CV_8UC3
// (mmagic: each channel separately, then the mean of the three).
double ssim(const cv::Mat& x, const cv::Mat& y);

}  // namespace facesr::metrics
