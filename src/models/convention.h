// A model's official image conventions applied to whole batches: RGB8 face
// crops → network input tensor, and network output → RGB8 faces.
#pragma once

#include <torch/torch.h>

#include <opencv2/core.hpp>
#include <vector>

#include "models/registry.h"

namespace facesr {

// LR faces (each lr_size × lr_size RGB8) → N×3×S×S input: PIL-bicubic
// upsampled to input_size first where the model expects that (SPARNet,
// CTCNet), scaled to the model's range, channels swapped for BGR models and
// the mean subtracted (DIC).
torch::Tensor faces_to_input(const std::vector<cv::Mat>& lr_faces, const ImageConvention& convention);

// N×3×H×W network output → RGB8 faces, with the model's quantisation.
std::vector<cv::Mat> output_to_faces(const torch::Tensor& output, const ImageConvention& convention);

}  // namespace facesr
