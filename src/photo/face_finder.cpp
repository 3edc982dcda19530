#include "photo/face_finder.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "io/image.h"
#include "photo/alignment.h"
#include "photo/face_template.h"
#include "photo/five_points.h"

namespace facesr {

int auto_detector_upsample(cv::Size photo) {
  constexpr double kSearchPixels = 4.0 * (1 << 20);
  int upsample = 0;
  while (upsample < 4 && std::ldexp(photo.area(), 2 * (upsample + 1)) <= kSearchPixels) ++upsample;
  return upsample;
}

std::vector<PhotoFace> find_faces(const LandmarkPredictor& predictor, const cv::Mat& photo, const FaceSearch& search) {
  const int upsample = search.upsample < 0 ? auto_detector_upsample(photo.size()) : search.upsample;
  const double searched = std::ldexp(static_cast<double>(photo.total()), 2 * upsample);
  if (searched > static_cast<double>(kMaxImagePixels))
    throw Error(fmt::format("{}x{} photo: --upsample-detect {} would search a {:.0f}-megapixel image; use a smaller value",
                            photo.cols, photo.rows, upsample, searched / 1e6));
  std::vector<DetectedFace> detections = predictor.detect_faces(photo, upsample);
  if (search.only_center_face && detections.size() > 1) {
    const cv::Point2f centre(photo.cols / 2.f, photo.rows / 2.f);
    const auto distance = [&](const DetectedFace& f) {
      return cv::norm(cv::Point2f(f.box.x + f.box.width / 2, f.box.y + f.box.height / 2) - centre);
    };
    const auto nearest = std::min_element(detections.begin(), detections.end(),
                                          [&](const auto& a, const auto& b) { return distance(a) < distance(b); });
    detections = {*nearest};
  }
  const FivePoints target = face_template(search.crop_size);
  std::vector<PhotoFace> faces;
  for (DetectedFace& d : detections) {
    const cv::Matx23d to_crop = similarity_transform(five_points(d.landmarks), target);
    cv::Mat crop = warp_to_crop(photo, to_crop, search.crop_size);
    faces.push_back({std::move(d), to_crop, std::move(crop)});
  }
  return faces;
}

}  // namespace facesr
