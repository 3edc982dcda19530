// Periodic validation of a training run: the generator on held-out faces made
// with the recipe's own (unaugmented) pipeline, scored as SPARNet's
// psnr_ssim.py does (Y, truncated, whole image), next to the bicubic
// baseline, plus a sample grid a person can look at.
#pragma once

#include <torch/torch.h>

#include <filesystem>
#include <opencv2/core.hpp>
#include <string>
#include <vector>

#include "training/objective.h"

namespace facesr::training {

struct ValidationSet {
  std::vector<std::string> names;
  std::vector<torch::Tensor> inputs;   // one per image, CPU
  std::vector<torch::Tensor> targets;
  std::vector<cv::Mat> hr;             // RGB8 targets
  std::vector<std::string> problems;   // unreadable files, skipped
};

ValidationSet make_validation_set(const std::vector<std::filesystem::path>& files, const Objective& objective,
                                  const ImageConvention& convention);

struct ValidationResult {
  double l1 = 0;             // mean |SR − HR| in the network's value space
  double psnr = 0;           // sparnet_y_psnr, mean over images
  double bicubic_psnr = 0;   // the same for PIL bicubic
  cv::Mat grid;              // LR | bicubic | model | HR for the first rows
};

ValidationResult validate(SRNetwork& generator, const ValidationSet& set, const ImageConvention& convention,
                          torch::Device device, int batch_size, int grid_rows);

}  // namespace facesr::training
