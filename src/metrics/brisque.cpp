#include "metrics/brisque.h"

#include <filesystem>
#include <opencv2/imgproc.hpp>
#include <opencv2/quality/qualitybrisque.hpp>

#include "core/error.h"

namespace facesr::metrics {

double brisque(const cv::Mat& rgb) {
  for (const char* file : {kBrisqueModel, kBrisqueRange})
    if (!std::filesystem::exists(file))
      throw Error(std::string(file) + ": BRISQUE model not found; install opencv-data (scripts/setup.sh)");
  if (rgb.empty() || rgb.type() != CV_8UC3) throw Error("brisque: expected an 8-bit RGB image");
  cv::Mat bgr;
  cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
  return cv::quality::QualityBRISQUE::compute(bgr, kBrisqueModel, kBrisqueRange)[0];
}

}  // namespace facesr::metrics
