#include "training/degradation/eipnet_pipeline.h"

#include <opencv2/imgproc.hpp>

#include "core/error.h"

namespace facesr {

namespace {

constexpr int kSize = 128;

cv::Mat resize_linear(const cv::Mat& image, int size) {
  cv::Mat out;
  cv::resize(image, out, cv::Size(size, size), 0, 0, cv::INTER_LINEAR);
  return out;
}

// cv2.Canny(cv2.cvtColor(rgb, COLOR_BGR2GRAY), 50, 255).
cv::Mat canny_edges(const cv::Mat& rgb) {
  cv::Mat gray, edges;
  cv::cvtColor(rgb, gray, cv::COLOR_BGR2GRAY);
  cv::Canny(gray, edges, 50, 255);
  return edges;
}

}  // namespace

EipnetAugment draw_eipnet_augment(std::mt19937_64& rng) {
  std::bernoulli_distribution coin(0.5);
  EipnetAugment augment;
  augment.flip = coin(rng);
  const bool rotate = coin(rng);
  const int angle = 90 * std::uniform_int_distribution<int>(1, 3)(rng);
  augment.angle = rotate ? angle : 0;
  return augment;
}

EipnetSample eipnet_sample(const cv::Mat& rgb, const EipnetAugment& augment) {
  if (rgb.empty() || rgb.type() != CV_8UC3) throw Error("eipnet_sample: expected a non-empty RGB8 (CV_8UC3) image");
  if (augment.angle % 90 != 0 || augment.angle < 0 || augment.angle > 270) {
    throw Error("eipnet_sample: rotation must be 0, 90, 180 or 270 degrees, got " + std::to_string(augment.angle));
  }
  EipnetSample sample;
  sample.hr = resize_linear(rgb, kSize);
  if (augment.flip) cv::flip(sample.hr, sample.hr, 1);
  if (augment.angle != 0) {
    const cv::Mat rotation = cv::getRotationMatrix2D(cv::Point2f(kSize / 2.0f, kSize / 2.0f), augment.angle, 1.0);
    cv::Mat rotated;
    cv::warpAffine(sample.hr, rotated, rotation, sample.hr.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar());
    sample.hr = rotated;
  }
  const cv::Mat lr64 = resize_linear(sample.hr, 64);
  const cv::Mat lr32 = resize_linear(lr64, 32);
  sample.lr = resize_linear(lr32, 16);
  sample.edge128 = canny_edges(sample.hr);
  sample.edge64 = canny_edges(lr64);
  sample.edge32 = canny_edges(lr32);
  return sample;
}

EipnetSample eipnet_sample(const cv::Mat& rgb, bool augment, std::mt19937_64& rng) {
  return eipnet_sample(rgb, augment ? draw_eipnet_augment(rng) : EipnetAugment{});
}

}  // namespace facesr
