// EIPNet's training sample (eipnet.md §4 "Data", official utils.py
// data_augmentation.open_image): bilinear resize to 128², optional flip and
// 90/180/270° rotation, a bilinear 128→64→32→16 LR cascade and Canny edge
// targets at 32, 64 and 128.
#pragma once

#include <opencv2/core.hpp>

#include <random>

namespace facesr {

struct EipnetSample {
  cv::Mat hr;       // CV_8UC3 RGB, 128×128
  cv::Mat lr;       // CV_8UC3 RGB, 16×16
  cv::Mat edge32;   // CV_8UC1 in {0, 255}, Canny of the 32² image
  cv::Mat edge64;   // ... of the 64² image
  cv::Mat edge128;  // ... of the 128² HR
};

// The random augmentation of one training sample.
struct EipnetAugment {
  bool flip = false;  // horizontal
  int angle = 0;      // 0, 90, 180 or 270 degrees, counter-clockwise
};

// flip with p=.5; with p=.5 a rotation by 90, 180 or 270 (uniform).
EipnetAugment draw_eipnet_augment(std::mt19937_64& rng);

// Builds the sample from an RGB8 image of any size. The rotation is
// cv::warpAffine about (64, 64), not the pixel-grid centre (63.5, 63.5), with
// a zero border, as the official code does: the result is shifted by one
// pixel and has one black row or column. The edges use COLOR_BGR2GRAY on the
// RGB array (the official quirk), i.e. gray = 0.114 R + 0.587 G + 0.299 B.
EipnetSample eipnet_sample(const cv::Mat& rgb, const EipnetAugment& augment);

// Training: draw the augmentation from `rng`; evaluation: pass augment=false.
EipnetSample eipnet_sample(const cv::Mat& rgb, bool augment, std::mt19937_64& rng);

}  // namespace facesr
