// Face descriptors of aligned face crops: dlib's face-recognition ResNet with
// face-api's preprocessing (face_api_input.h), loaded from the weights that
// scripts/setup.sh converts from the @vladmandic/face-api npm package. Compare
// descriptors with descriptor_distance.h.
#pragma once

#include <torch/torch.h>

#include <opencv2/core.hpp>
#include <string>
#include <vector>

#include "identity/face_recognition_net.h"

namespace facesr {

class FaceRecognizer {
 public:
  // Loads `weights` strictly onto `device`. Throws facesr::Error naming the
  // file and saying to run scripts/setup.sh when it is missing.
  explicit FaceRecognizer(const std::string& weights, torch::Device device = torch::kCPU);

  // RGB8 face crops (CV_8UC3), any size each, framed like dlib's 150x150
  // face chips (an aligned face crop such as UTKFace's or facesr's) →
  // (N, 128) float32 descriptors on the CPU, computed in one batch.
  torch::Tensor descriptors(const std::vector<cv::Mat>& faces) const;

 private:
  FaceRecognitionNet net_;
  torch::Device device_;
};

}  // namespace facesr
