// Y (luma) of an RGB uint8 image the way each evaluation script computes it
// (specs/common.md §4.1, §4.2). Both use the BT.601 "MATLAB rgb2ycbcr"
// coefficients; they differ in rounding and in the floating-point order of
// the dot product, which decides the pixels whose exact Y is an integer
// (SPARNet truncates) or a half (DIC rounds). Those orders reproduce numpy
// 1.24 + OpenBLAS bit for bit on every such RGB triple.
#pragma once

#include <opencv2/core.hpp>

namespace facesr::metrics {

// SPARNet/CTCNet psnr_ssim.py: uint8(16 + matmul(rgb, [65.481, 128.553, 24.966] / 255)),
// i.e. truncation. Input CV_8UC3 in RGB order, output CV_8UC1.
cv::Mat luma_sparnet_truncated(const cv::Mat& rgb);

// DIC util.rgb2ycbcr: round_half_even(dot(rgb, [65.481, 128.553, 24.966]) / 255 + 16).
// Input CV_8UC3 in RGB order, output CV_8UC1.
cv::Mat luma_dic_rounded(const cv::Mat& rgb);

}  // namespace facesr::metrics
