#include "photo/face_finder.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "core/error.h"
#include "io/image.h"
#include "photo/alignment.h"
#include "photo/five_points.h"

namespace facesr {

int auto_detector_upsample(cv::Size photo) {
  constexpr double kSearchPixels = 4.0 * (1 << 20);
  int upsample = 0;
  while (upsample < 4 && std::ldexp(photo.area(), 2 * (upsample + 1)) <= kSearchPixels) ++upsample;
  return upsample;
}

double search_reduction(cv::Size photo) {
  const double pixels = static_cast<double>(photo.area());
  return pixels > kMaxSearchPixels ? std::sqrt(pixels / kMaxSearchPixels) : 1.0;
}

std::vector<DetectedFace> find_faces(const LandmarkPredictor& predictor, const cv::Mat& photo, const FaceSearch& search) {
  const double reduction = search_reduction(photo.size());
  cv::Mat searched_photo = photo;
  if (reduction > 1)
    cv::resize(photo, searched_photo, {}, 1 / reduction, 1 / reduction, cv::INTER_AREA);
  const int upsample = search.upsample < 0 ? auto_detector_upsample(searched_photo.size()) : search.upsample;
  const double searched = std::ldexp(static_cast<double>(searched_photo.total()), 2 * upsample);
  if (searched > static_cast<double>(kMaxImagePixels))
    throw Error(fmt::format("{}x{} photo: --upsample-detect {} would search a {:.0f}-megapixel image; use a smaller value",
                            photo.cols, photo.rows, upsample, searched / 1e6));
  std::vector<DetectedFace> detections = predictor.detect_faces(searched_photo, upsample);
  if (reduction > 1) {
    // Back to photo pixels, pixel centres aligned as cv::resize aligns them.
    const auto up = [&](cv::Point2f p) { return (p + cv::Point2f(0.5f, 0.5f)) * reduction - cv::Point2f(0.5f, 0.5f); };
    for (DetectedFace& d : detections) {
      d.box = cv::Rect2f(d.box.x * reduction, d.box.y * reduction, d.box.width * reduction, d.box.height * reduction);
      for (cv::Point2f& p : d.landmarks) p = up(p);
    }
  }
  if (search.only_center_face && detections.size() > 1) {
    const cv::Point2f centre(photo.cols / 2.f, photo.rows / 2.f);
    const auto distance = [&](const DetectedFace& f) {
      return cv::norm(cv::Point2f(f.box.x + f.box.width / 2, f.box.y + f.box.height / 2) - centre);
    };
    const auto nearest = std::min_element(detections.begin(), detections.end(),
                                          [&](const auto& a, const auto& b) { return distance(a) < distance(b); });
    detections = {*nearest};
  }
  return detections;
}

PhotoFace align_face(const cv::Mat& photo, const DetectedFace& face, int frame, Framing framing) {
  const cv::Matx23d to_crop = similarity_transform(five_points(face.landmarks), face_template(frame, framing));
  return {face, to_crop, warp_to_crop(photo, to_crop, frame)};
}

PhotoFace window_face(const cv::Mat& photo, const DetectedFace& face, int frame, Framing framing) {
  cv::Matx23d to_photo;
  cv::invertAffineTransform(similarity_transform(five_points(face.landmarks), face_template(frame, framing)), to_photo);
  const double middle = 0.5 * (frame - 1);
  const double left = std::round(to_photo(0, 0) * middle + to_photo(0, 1) * middle + to_photo(0, 2) - middle);
  const double top = std::round(to_photo(1, 0) * middle + to_photo(1, 1) * middle + to_photo(1, 2) - middle);
  const cv::Matx23d to_crop(1, 0, -left, 0, 1, -top);
  return {face, to_crop, warp_to_crop(photo, to_crop, frame)};
}

double native_face_size(const cv::Matx23d& to_crop, int frame) {
  const double scale = std::sqrt(std::abs(to_crop(0, 0) * to_crop(1, 1) - to_crop(0, 1) * to_crop(1, 0)));
  return frame / scale;
}

}  // namespace facesr
