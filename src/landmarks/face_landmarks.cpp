#include "landmarks/face_landmarks.h"

#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/opencv/cv_image.h>
#include <dlib/serialize.h>

#include <algorithm>
#include <cmath>
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
  // Aligned crops are small: upsample until the face can reach the detector's ~80 px.
  int upsample = 0;
  while (std::min(rgb.rows, rgb.cols) * (1 << upsample) < 200) ++upsample;
  const std::vector<DetectedFace> faces = detect_faces(rgb, upsample);
  if (faces.empty()) return {};
  const auto largest = std::max_element(faces.begin(), faces.end(), [](const DetectedFace& a, const DetectedFace& b) {
    return a.box.area() < b.box.area();
  });
  return cv::Rect(static_cast<int>(largest->box.x), static_cast<int>(largest->box.y),
                  static_cast<int>(largest->box.width), static_cast<int>(largest->box.height));
}

std::vector<DetectedFace> LandmarkPredictor::detect_faces(const cv::Mat& rgb, int upsample) const {
  if (upsample < 0 || upsample > 8) throw Error("landmarks: the detector upsample count must be 0..8");
  view(rgb);  // checks the pixel type before resizing
  // dlib's pyramid_up resizes to 2W+1 pixels, which its point_down does not
  // map back exactly (a bias of about half a pixel): double with OpenCV
  // instead, so that pixel centres map back exactly.
  const double factor = std::ldexp(1.0, upsample);
  cv::Mat big;
  if (upsample == 0)
    big = rgb.isContinuous() ? rgb : rgb.clone();
  else
    cv::resize(rgb, big, {}, factor, factor, cv::INTER_LINEAR);
  const dlib::cv_image<dlib::rgb_pixel> image = view(big);

  std::vector<dlib::rect_detection> found;
  impl_->detector(image, found);
  std::stable_sort(found.begin(), found.end(), [](const dlib::rect_detection& a, const dlib::rect_detection& b) {
    return a.detection_confidence > b.detection_confidence;
  });
  const auto back = [factor](double x) { return static_cast<float>((x + 0.5) / factor - 0.5); };
  std::vector<DetectedFace> faces;
  for (const dlib::rect_detection& d : found) {
    DetectedFace face;
    // Box edges (half a pixel outside the end pixels' centres) simply scale.
    face.box = cv::Rect2f(static_cast<float>(d.rect.left() / factor), static_cast<float>(d.rect.top() / factor),
                          static_cast<float>(d.rect.width() / factor), static_cast<float>(d.rect.height() / factor));
    face.score = d.detection_confidence;
    const dlib::full_object_detection shape = impl_->predictor(image, d.rect);
    for (unsigned long i = 0; i < shape.num_parts(); ++i)
      face.landmarks.emplace_back(back(shape.part(i).x()), back(shape.part(i).y()));
    faces.push_back(std::move(face));
  }
  return faces;
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
