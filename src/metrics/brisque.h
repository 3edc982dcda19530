// BRISQUE no-reference quality (OpenCV's quality module with the LIVE model
// from Debian's opencv-data): for real-world LR inputs that have no ground
// truth (SCGAN, SPARNetHD-style evaluation). Lower is better.
#pragma once

#include <opencv2/core.hpp>
#include <string>

namespace facesr::metrics {

constexpr const char* kBrisqueModel = "/usr/share/opencv4/quality/brisque_model_live.yml";
constexpr const char* kBrisqueRange = "/usr/share/opencv4/quality/brisque_range_live.yml";

// BRISQUE score of an RGB8 image; throws facesr::Error if the model files
// are missing.
double brisque(const cv::Mat& rgb);

}  // namespace facesr::metrics
