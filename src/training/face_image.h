// A training face as the sample stream reads it: the RGB8 pixels and, when a
// 300-W style `<name>.txt` (68 lines "x y", data/README.md) sits beside the
// image, its ground-truth landmarks in the image's pixel coordinates.
#pragma once

#include <filesystem>
#include <opencv2/core.hpp>
#include <utility>

#include "landmarks/face_landmarks.h"

namespace facesr::training {

struct FaceImage {
  // Implicit on purpose: a bare image is a face without ground truth.
  FaceImage(cv::Mat rgb, Landmarks landmarks = {}) : rgb(std::move(rgb)), landmarks(std::move(landmarks)) {}

  cv::Mat rgb;
  Landmarks landmarks;  // empty when no landmark file exists
};

// Reads `file` and its landmark file if present; throws facesr::Error naming
// the file that is unreadable or malformed.
FaceImage read_face_image(const std::filesystem::path& file);

}  // namespace facesr::training
