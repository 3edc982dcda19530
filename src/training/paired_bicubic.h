// SPARNet/CTCNet training pairs (specs/common.md §3.1): random horizontal
// flip, the "random scale" RandomResizedCrop, then LR = PIL-bicubic(HR, 16).
#pragma once

#include <opencv2/core.hpp>
#include <random>

#include "landmarks/face_landmarks.h"

namespace facesr::training {

// Any RGB8 image → hr_size × hr_size: centre square crop, then PIL bicubic.
cv::Mat fit_to_square(const cv::Mat& rgb, int hr_size);
// The same crop and resize applied to points of an image of size `image`
// (pixel centres at integers, as dlib and PIL place them).
Landmarks fit_landmarks_to_square(const Landmarks& points, cv::Size image, int hr_size);

struct PairedFaces {
  cv::Mat hr;  // hr_size², RGB8
  cv::Mat lr;  // lr_size², RGB8
};

// fit_to_square, then with `augment` the official training augmentation:
// random horizontal flip and the "random scale" RandomResizedCrop.
cv::Mat augmented_hr(const cv::Mat& rgb, int hr_size, bool augment, std::mt19937_64& rng);

// `augment` = the official training augmentation; off for validation.
PairedFaces paired_bicubic(const cv::Mat& rgb, int hr_size, int lr_size, bool augment, std::mt19937_64& rng);

}  // namespace facesr::training
