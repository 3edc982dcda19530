#include "photo/paste_back.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "core/error.h"
#include "resample/pil_resize.h"

namespace facesr {

namespace {

// The canvas pixels the warped crop square can touch, clipped to the canvas.
cv::Rect footprint(int crop_size, const cv::Matx23d& to_canvas, cv::Size canvas) {
  double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;
  for (const double u : {-0.5, crop_size - 0.5})
    for (const double v : {-0.5, crop_size - 0.5}) {
      const double x = to_canvas(0, 0) * u + to_canvas(0, 1) * v + to_canvas(0, 2);
      const double y = to_canvas(1, 0) * u + to_canvas(1, 1) * v + to_canvas(1, 2);
      x0 = std::min(x0, x), y0 = std::min(y0, y), x1 = std::max(x1, x), y1 = std::max(y1, y);
    }
  const cv::Rect box(cv::Point(static_cast<int>(std::floor(x0)), static_cast<int>(std::floor(y0))),
                     cv::Point(static_cast<int>(std::ceil(x1)) + 1, static_cast<int>(std::ceil(y1)) + 1));
  return box & cv::Rect({0, 0}, canvas);
}

// `to_canvas` for drawing into `roi` rather than the whole canvas.
cv::Matx23d into_roi(const cv::Matx23d& to_canvas, const cv::Rect& roi) {
  cv::Matx23d m = to_canvas;
  m(0, 2) -= roi.x;
  m(1, 2) -= roi.y;
  return m;
}

}  // namespace

cv::Matx23d scaled_frame(const cv::Matx23d& to_crop, double factor) {
  cv::Matx23d m = to_crop * factor;
  m(0, 2) += 0.5 * (factor - 1);
  m(1, 2) += 0.5 * (factor - 1);
  return m;
}

cv::Matx23d crop_to_canvas(const cv::Matx23d& to_crop, int upscale) {
  if (upscale < 1) throw Error("paste back: the upscale factor must be at least 1");
  cv::Matx23d to_photo;
  cv::invertAffineTransform(to_crop, to_photo);
  // Photo pixel x has its centre at canvas X = upscale * x + (upscale - 1) / 2.
  const double n = upscale, shift = 0.5 * (n - 1);
  return {n * to_photo(0, 0), n * to_photo(0, 1), n * to_photo(0, 2) + shift,
          n * to_photo(1, 0), n * to_photo(1, 1), n * to_photo(1, 2) + shift};
}

PasteMask feathered_mask(int crop_size, const cv::Matx23d& to_canvas, cv::Size canvas) {
  PasteMask mask{footprint(crop_size, to_canvas, canvas), {}};
  if (mask.roi.empty()) return mask;
  cv::Mat square;
  cv::warpAffine(cv::Mat(crop_size, crop_size, CV_8U, cv::Scalar(255)), square, into_roi(to_canvas, mask.roi),
                 mask.roi.size(), cv::INTER_NEAREST, cv::BORDER_CONSTANT, cv::Scalar(0));
  // The crop's edge is where the face warp runs out of pixels: erode by the
  // blur's reach so the soft edge lies wholly on restored pixels. The canvas
  // border erodes nothing (a face cut by the photo's edge is restored up to
  // it); the ROI's other sides lie outside the square, where the mask is 0.
  const int edge = std::max(1, static_cast<int>(std::sqrt(cv::countNonZero(square))) / 20);
  cv::Mat core;
  cv::erode(square, core, cv::getStructuringElement(cv::MORPH_RECT, {2 * edge + 1, 2 * edge + 1}));
  core.convertTo(mask.weight, CV_32F, 1.0 / 255.0);
  cv::GaussianBlur(mask.weight, mask.weight, {2 * edge + 1, 2 * edge + 1}, 0, 0, cv::BORDER_REPLICATE);
  return mask;
}

void paste_face(cv::Mat& canvas, const cv::Mat& face, const cv::Matx23d& to_canvas) {
  if (canvas.type() != CV_8UC3 || face.type() != CV_8UC3 || face.rows != face.cols)
    throw Error("paste back: expected an RGB8 canvas and a square RGB8 face");
  const PasteMask mask = feathered_mask(face.rows, to_canvas, canvas.size());
  if (mask.roi.empty()) return;
  // Where the canvas holds the face smaller than the model gave it (an x8
  // model's 128 px for a 16 px face), reduce it with PIL bicubic first, which
  // antialiases; the warp then only rotates and shifts it. Enlarging warps
  // use Lanczos, as the background was upscaled.
  const double scale = std::sqrt(std::abs(to_canvas(0, 0) * to_canvas(1, 1) - to_canvas(0, 1) * to_canvas(1, 0)));
  cv::Mat source = face;
  cv::Matx23d to_roi = into_roi(to_canvas, mask.roi);
  if (scale < 1) {
    const int side = std::max(1, static_cast<int>(std::lround(face.cols * scale)));
    source = pil_resize(face, {side, side});
    // Pixel u of the reduced face is pixel k (u + 0.5) - 0.5 of the face, pixel centres aligned.
    const double k = static_cast<double>(face.cols) / side, shift = 0.5 * (k - 1);
    const cv::Matx23d m = to_roi;
    to_roi = {k * m(0, 0), k * m(0, 1), m(0, 2) + shift * (m(0, 0) + m(0, 1)),
              k * m(1, 0), k * m(1, 1), m(1, 2) + shift * (m(1, 0) + m(1, 1))};
  }
  cv::Mat warped;
  cv::warpAffine(source, warped, to_roi, mask.roi.size(), cv::INTER_LANCZOS4, cv::BORDER_REPLICATE);
  cv::Mat region = canvas(mask.roi), background, restored;
  region.convertTo(background, CV_32FC3);
  warped.convertTo(restored, CV_32FC3);
  cv::Mat weight;
  cv::merge(std::vector<cv::Mat>(3, mask.weight), weight);
  // background + w (restored - background): exactly the background where w is 0.
  const cv::Mat blended = background + weight.mul(restored - background);
  blended.convertTo(region, CV_8UC3);
}

}  // namespace facesr
