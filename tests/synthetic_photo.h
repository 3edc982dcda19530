// Small "group photos" for the photo tests: UTKFace validation faces (200x200
// aligned crops) pasted at known positions and scales onto a plain or noisy
// background.
#pragma once

#include <algorithm>
#include <filesystem>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <string>
#include <vector>

#include "io/image.h"
#include "test_paths.h"

namespace facesr::test {

// The UTKFace validation split: the last 1,000 files in sorted order.
inline std::vector<std::string> utkface_validation() {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(shared_dir() / "data/utkface"))
    files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  return {files.end() - std::min<size_t>(files.size(), 1000), files.end()};
}

struct PlacedFace {
  std::string file;  // the UTKFace crop
  cv::Rect square;   // where its 200x200 frame went in the photo
};

struct SyntheticPhoto {
  cv::Mat rgb;
  std::vector<PlacedFace> faces;
};

// `faces[i]` (a validation index) resized to `squares[i]` and pasted there, on
// a gray background with Gaussian noise of `noise` levels.
inline SyntheticPhoto group_photo(cv::Size size, const std::vector<int>& faces, const std::vector<cv::Rect>& squares,
                                  double noise) {
  SyntheticPhoto photo{cv::Mat(size, CV_8UC3, cv::Scalar(118, 124, 130)), {}};
  if (noise > 0) {
    cv::Mat n(size, CV_32FC3);
    cv::theRNG().state = 20240606;
    cv::randn(n, 0, noise);
    cv::Mat base;
    photo.rgb.convertTo(base, CV_32FC3);
    cv::Mat(base + n).convertTo(photo.rgb, CV_8UC3);
  }
  const std::vector<std::string> validation = utkface_validation();
  for (size_t i = 0; i < faces.size(); ++i) {
    const std::string file = validation.at(static_cast<size_t>(faces[i]));
    cv::Mat face = read_rgb8(file), resized;
    cv::resize(face, resized, squares[i].size(), 0, 0, squares[i].width < face.cols ? cv::INTER_AREA : cv::INTER_CUBIC);
    resized.copyTo(photo.rgb(squares[i]));
    photo.faces.push_back({file, squares[i]});
  }
  return photo;
}

}  // namespace facesr::test
