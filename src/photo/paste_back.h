// Putting a restored face back: the inverse of its alignment, onto the photo
// upscaled, under a feathered mask so that no seam shows.
#pragma once

#include <opencv2/core.hpp>

namespace facesr {

// The transform onto a crop `factor` times larger showing the same frame
// (pixel centres aligned): where a model that upscales its input puts things.
cv::Matx23d scaled_frame(const cv::Matx23d& to_crop, double factor);

// Where the aligned crop lands on a canvas that is the photo upscaled
// `upscale` times (pixel centres aligned as cv::resize aligns them):
// crop (u, v) → canvas (X, Y).
cv::Matx23d crop_to_canvas(const cv::Matx23d& to_crop, int upscale);

// The blend weights of a crop_size x crop_size face pasted through `to_canvas`
// onto a canvas of `canvas` size: the warped crop square, eroded by w and then
// Gaussian-blurred over w, with w = sqrt(its area) / 20 (GFPGAN's feather; it
// erodes by 2w, which leaves the restored pixels whole on only half of the
// frame and cost a 16 px face 0.4 dB of what the x8 model adds). So the
// weight is 1 in the middle of the face, falls smoothly to 0 at the square's
// edge, and is exactly 0 everywhere else. `weight` (CV_32F) covers `roi` of
// the canvas; outside `roi` the weight is 0.
struct PasteMask {
  cv::Rect roi;
  cv::Mat weight;
};
PasteMask feathered_mask(int crop_size, const cv::Matx23d& to_canvas, cv::Size canvas);

// Blends `face` (RGB8, square) into `canvas` (RGB8) through `to_canvas` under
// its feathered mask. Where the weight is 0 the canvas keeps its exact pixels.
void paste_face(cv::Mat& canvas, const cv::Mat& face, const cv::Matx23d& to_canvas);

}  // namespace facesr
