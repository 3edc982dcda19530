#include "photo/alignment.h"

#include <cmath>
#include <opencv2/imgproc.hpp>

#include "core/error.h"
#include "resample/pil_resize.h"

namespace facesr {

cv::Matx23d similarity_transform(const FivePoints& from, const FivePoints& to) {
  cv::Point2d mean_from(0, 0), mean_to(0, 0);
  for (size_t i = 0; i < from.size(); ++i) {
    mean_from += cv::Point2d(from[i]);
    mean_to += cv::Point2d(to[i]);
  }
  mean_from /= static_cast<double>(from.size());
  mean_to /= static_cast<double>(to.size());
  // With x, y centred, the best y ≈ [a -b; b a] x has a = Σ x·y / Σ|x|², b = Σ x×y / Σ|x|².
  double dot = 0, cross = 0, norm = 0;
  for (size_t i = 0; i < from.size(); ++i) {
    const cv::Point2d x = cv::Point2d(from[i]) - mean_from;
    const cv::Point2d y = cv::Point2d(to[i]) - mean_to;
    dot += x.dot(y);
    cross += x.cross(y);
    norm += x.dot(x);
  }
  if (norm <= 0) throw Error("alignment: the five face points coincide; no transform fits them");
  const double a = dot / norm, b = cross / norm;
  return {a, -b, mean_to.x - (a * mean_from.x - b * mean_from.y),
          b, a,  mean_to.y - (b * mean_from.x + a * mean_from.y)};
}

cv::Mat warp_to_crop(const cv::Mat& photo, const cv::Matx23d& to_crop, int size) {
  if (photo.empty() || photo.type() != CV_8UC3) throw Error("alignment: expected an 8-bit RGB photo");
  const double scale = std::sqrt(std::abs(to_crop(0, 0) * to_crop(1, 1) - to_crop(0, 1) * to_crop(1, 0)));
  // Warp at the face's own resolution (or the crop's, if larger), pixel centres kept aligned.
  const int native = scale < 1 ? static_cast<int>(std::ceil(size / scale)) : size;
  const double f = static_cast<double>(native) / size;
  const cv::Matx23d to_native(f * to_crop(0, 0), f * to_crop(0, 1), f * to_crop(0, 2) + 0.5 * (f - 1),
                              f * to_crop(1, 0), f * to_crop(1, 1), f * to_crop(1, 2) + 0.5 * (f - 1));
  // Lanczos, as the plain upscale of the photo around the face: a face taken
  // into a larger frame is then no blurrier than the photo's own upscale.
  cv::Mat crop;
  cv::warpAffine(photo, crop, to_native, {native, native}, cv::INTER_LANCZOS4, cv::BORDER_REFLECT101);
  return native == size ? crop : pil_resize(crop, {size, size});
}

}  // namespace facesr
