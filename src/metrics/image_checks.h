// Input validation shared by the metric functions: every metric takes uint8
// images (the saved PNGs the official scripts read) of identical shape.
#pragma once

#include <opencv2/core.hpp>

#include <initializer_list>
#include <string>

namespace facesr::metrics {

// Throws facesr::Error unless `image` is a non-empty 2-D image whose OpenCV
// type is one of `types` (e.g. {CV_8UC3}). `what` names the caller.
void require_image(const cv::Mat& image, std::initializer_list<int> types, const std::string& what);

// As require_image for both, and `a` and `b` have the same size and type.
void require_matching_pair(const cv::Mat& a, const cv::Mat& b, std::initializer_list<int> types,
                           const std::string& what);

// Throws facesr::Error unless `image` is at least `min_side` pixels on both sides.
void require_min_side(const cv::Mat& image, int min_side, const std::string& what);

// "128x120 CV_8UC3", for error messages.
std::string describe(const cv::Mat& image);

}  // namespace facesr::metrics
