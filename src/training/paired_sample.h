// A paired training sample in a model's own tensor conventions: the network
// input made from the LR face exactly as at inference, and the HR target in
// the output's value space.
#pragma once

#include <torch/torch.h>

#include <opencv2/core.hpp>
#include <random>
#include <vector>

#include "models/registry.h"
#include "training/degradation/blind_degradation.h"

namespace facesr::training {

// HR faces (output_size², RGB8) → N×3×S×S tensor in the output's range, channel order and mean.
torch::Tensor faces_to_target(const std::vector<cv::Mat>& hr_faces, const ImageConvention& convention);

// {input (3×S×S), target (3×H×H)} from any HR face image, with the SPARNet/CTCNet
// bicubic pipeline (paired_bicubic.h) at the convention's sizes.
std::vector<torch::Tensor> paired_sample(const ImageConvention& convention, const cv::Mat& rgb, bool augment,
                                         std::mt19937_64& rng);

// {input, target}, both 3×S×S, for a restoration model (lr = input = output
// size S): the augmented HR face and its degradation drawn from `ranges`;
// without `augment` (validation) always one that changes the face
// (changed_blind_degradation).
std::vector<torch::Tensor> degraded_sample(const ImageConvention& convention, const BlindDegradationRanges& ranges,
                                           const cv::Mat& rgb, bool augment, std::mt19937_64& rng);

}  // namespace facesr::training
