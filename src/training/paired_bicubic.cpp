#include "training/paired_bicubic.h"

#include <cmath>
#include <opencv2/core.hpp>

#include "resample/pil_resize.h"

namespace facesr::training {

cv::Mat fit_to_square(const cv::Mat& rgb, int hr_size) {
  const int side = std::min(rgb.rows, rgb.cols);
  const cv::Mat square = rgb(cv::Rect((rgb.cols - side) / 2, (rgb.rows - side) / 2, side, side));
  if (side == hr_size) return square.clone();
  return pil_resize(square.clone(), {hr_size, hr_size});
}

Landmarks fit_landmarks_to_square(const Landmarks& points, cv::Size image, int hr_size) {
  const int side = std::min(image.width, image.height);
  const cv::Point2f origin((image.width - side) / 2, (image.height - side) / 2);
  const float scale = static_cast<float>(hr_size) / side;
  Landmarks fitted;
  for (const cv::Point2f& p : points) fitted.push_back((p - origin + cv::Point2f(0.5f, 0.5f)) * scale - cv::Point2f(0.5f, 0.5f));
  return fitted;
}

namespace {

// torchvision RandomResizedCrop.get_params: area fraction in [0.7, 1], aspect
// in [3/4, 4/3] (log-uniform), 10 tries, then the centre crop fallback.
cv::Rect random_resized_crop(int width, int height, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> area_dist(0.7, 1.0);
  std::uniform_real_distribution<double> log_ratio(std::log(3.0 / 4.0), std::log(4.0 / 3.0));
  const double area = static_cast<double>(width) * height;
  for (int attempt = 0; attempt < 10; ++attempt) {
    const double target = area * area_dist(rng);
    const double ratio = std::exp(log_ratio(rng));
    const int w = static_cast<int>(std::lround(std::sqrt(target * ratio)));
    const int h = static_cast<int>(std::lround(std::sqrt(target / ratio)));
    if (w > 0 && h > 0 && w <= width && h <= height) {
      const int y = std::uniform_int_distribution<int>(0, height - h)(rng);
      const int x = std::uniform_int_distribution<int>(0, width - w)(rng);
      return {x, y, w, h};
    }
  }
  return {0, 0, width, height};  // aspect 1 is inside [3/4, 4/3]: the fallback is the whole square
}

}  // namespace

cv::Mat augmented_hr(const cv::Mat& rgb, int hr_size, bool augment, std::mt19937_64& rng) {
  cv::Mat hr = fit_to_square(rgb, hr_size);
  if (augment) {
    if (std::bernoulli_distribution(0.5)(rng)) cv::flip(hr, hr, 1);
    // s ~ U[1, 1.3]; the crop branch runs when int(w * s) > w.
    const double s = std::uniform_real_distribution<double>(1.0, 1.3)(rng);
    if (static_cast<int>(hr.cols * s) > hr.cols) {
      const cv::Rect crop = random_resized_crop(hr.cols, hr.rows, rng);
      hr = pil_resize(hr(crop).clone(), {hr_size, hr_size});
    }
  }
  return hr;
}

PairedFaces paired_bicubic(const cv::Mat& rgb, int hr_size, int lr_size, bool augment, std::mt19937_64& rng) {
  const cv::Mat hr = augmented_hr(rgb, hr_size, augment, rng);
  return {hr, pil_resize(hr, {lr_size, lr_size})};
}

}  // namespace facesr::training
