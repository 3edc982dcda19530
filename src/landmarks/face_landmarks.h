// 68-point facial landmarks from dlib's predictor (Debian libdlib-data).
// dlib lives only in this folder's translation units, which are built
// without torch (see CMakeLists.txt): the two are kept apart for compile
// time and memory.
#pragma once

#include <memory>
#include <opencv2/core.hpp>
#include <string>
#include <vector>

namespace facesr {

constexpr const char* kDlibLandmarkModel = "/usr/share/dlib/shape_predictor_68_face_landmarks.dat";

using Landmarks = std::vector<cv::Point2f>;  // 68 points, iBUG 300-W order

class LandmarkPredictor {
 public:
  // Loads the predictor; throws facesr::Error if the model file is missing.
  explicit LandmarkPredictor(const std::string& model_path = kDlibLandmarkModel);
  ~LandmarkPredictor();
  LandmarkPredictor(LandmarkPredictor&&) noexcept;
  LandmarkPredictor& operator=(LandmarkPredictor&&) noexcept;

  // The largest face box dlib's HOG detector finds in an RGB8 image
  // (upsampled first when small); an empty rect if there is none.
  cv::Rect detect_face(const cv::Mat& rgb) const;

  // The 68 landmarks of the face inside `box` of an RGB8 image.
  Landmarks predict(const cv::Mat& rgb, const cv::Rect& box) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace facesr
