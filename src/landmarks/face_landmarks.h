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

// One face found by the HOG detector, in the coordinates of the image given.
struct DetectedFace {
  cv::Rect2f box;
  double score = 0;  // the detector's confidence (SVM margin; > 0 accepted)
  Landmarks landmarks;
};

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

  // Every face in an RGB8 image, best score first, with its 68 landmarks.
  // The image is first doubled `upsample` times (bilinear, as dlib's
  // pyramid_up): the detector's smallest face is about 80 px, so each step
  // halves the smallest face found (and quadruples the time). Landmarks are
  // predicted at the upsampled scale, where small faces have more pixels,
  // then mapped back.
  std::vector<DetectedFace> detect_faces(const cv::Mat& rgb, int upsample) const;

  // The 68 landmarks of the face inside `box` of an RGB8 image.
  Landmarks predict(const cv::Mat& rgb, const cv::Rect& box) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace facesr
