#include "landmarks/face_landmarks.h"

#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/opencv/cv_image.h>
#include <dlib/serialize.h>

#include <algorithm>
#include <filesystem>
#include <opencv2/imgproc.hpp>

#include "core/error.h"

namespace facesr {

struct LandmarkPredictor::Impl {
  dlib::frontal_face_detector detector = dlib::get_frontal_face_detector();
  dlib::shape_predictor predictor;
};

LandmarkPredictor::LandmarkPredictor(const std::string& model_path) : impl_(std::make_unique<Impl>()) {
  if (!std::filesystem::exists(model_path))
    throw Error(model_path + ": dlib landmark model not found; install libdlib-data (scripts/setup.sh)");
  try {
    dlib::deserialize(model_path) >> impl_->predictor;
  } catch (const dlib::serialization_error& e) {
    throw Error(model_path + ": not a dlib shape predictor (" + std::string(e.what()).substr(0, 80) + ")");
  }
}

LandmarkPredictor::~LandmarkPredictor() = default;
LandmarkPredictor::LandmarkPredictor(LandmarkPredictor&&) noexcept = default;
LandmarkPredictor& LandmarkPredictor::operator=(LandmarkPredictor&&) noexcept = default;

namespace {

// dlib reads pixels through a cv::Mat view; its rgb_pixel order matches RGB8.
dlib::cv_image<dlib::rgb_pixel> view(const cv::Mat& rgb) {
  if (rgb.empty() || rgb.type() != CV_8UC3) throw Error("landmarks: expected an 8-bit RGB image");
  return dlib::cv_image<dlib::rgb_pixel>(rgb);
}

}  // namespace

cv::Rect LandmarkPredictor::detect_face(const cv::Mat& rgb) const {
  // The HOG detector's smallest face is about 80 px: upsample small crops.
  int factor = 1;
  while (std::min(rgb.rows, rgb.cols) * factor < 200) factor *= 2;
  cv::Mat big;
  cv::resize(rgb, big, {}, factor, factor, cv::INTER_LINEAR);
  const cv::Mat contiguous = big.isContinuous() ? big : big.clone();
  const auto faces = impl_->detector(view(contiguous));
  if (faces.empty()) return {};
  const auto largest = *std::max_element(faces.begin(), faces.end(),
                                         [](const auto& a, const auto& b) { return a.area() < b.area(); });
  return cv::Rect(static_cast<int>(largest.left() / factor), static_cast<int>(largest.top() / factor),
                  static_cast<int>(largest.width() / factor), static_cast<int>(largest.height() / factor));
}

Landmarks LandmarkPredictor::predict(const cv::Mat& rgb, const cv::Rect& box) const {
  const cv::Mat contiguous = rgb.isContinuous() ? rgb : rgb.clone();
  const dlib::rectangle rect(box.x, box.y, box.x + box.width - 1, box.y + box.height - 1);
  const dlib::full_object_detection shape = impl_->predictor(view(contiguous), rect);
  Landmarks points;
  for (unsigned long i = 0; i < shape.num_parts(); ++i)
    points.emplace_back(static_cast<float>(shape.part(i).x()), static_cast<float>(shape.part(i).y()));
  return points;
}

}  // namespace facesr
