// Pillow's Image.resize(size, BICUBIC), reproduced bit for bit (Pillow 9.4,
// libImaging/Resample.c). SPARNet, CTCNet and DIC synthesise their LR inputs
// with it (specs/common.md §2); OpenCV's and torch's bicubic differ from it.
#pragma once

#include <opencv2/core.hpp>

namespace facesr {

// A separable resampling kernel as Pillow defines one: weight(x) for x in
// input-pixel units, zero for |x| >= support. When downscaling, the kernel is
// stretched by the scale factor (antialiasing), so more taps are used.
struct ResampleFilter {
  double (*weight)(double x);
  double support;
};

// Pillow's BICUBIC: Keys' cubic convolution with a = -0.5, support 2.
extern const ResampleFilter kPilBicubic;

// Resizes `image` to `size` (width x height) the way Pillow does: a horizontal
// pass, then a vertical pass, each skipped when its dimension is unchanged.
//  * CV_8UC1/3/4: Pillow's 8-bit path (modes L, RGB, RGBX/RGBa). Fixed-point
//    weights, rounding, clipping to 0..255 after each pass. Channels are
//    independent, so BGR and RGB give the same result. Pillow resizes an
//    "RGBA" image premultiplied; pass premultiplied pixels for that.
//  * CV_32FC(n): each channel like a Pillow mode "F" image: double weights and
//    sums, float32 between and after the passes, no rounding or clipping.
// The same size returns a copy, as Image.resize does.
// Throws facesr::Error for an empty image, another type or a size < 1.
cv::Mat pil_resize(const cv::Mat& image, cv::Size size, const ResampleFilter& filter = kPilBicubic);

}  // namespace facesr
