// DIC's ground-truth landmark heatmaps (dic.md §5, official
// data/util_dataset.generate_gt): the 68 points of the 128×128 HR crop are
// divided by 4 into the 32×32 heatmap frame (no half-pixel offset), and
// channel i holds exp(−((x−u_i)² + (y−v_i)²) / (2σ²)) on the integer grid
// x, y = 0..31 with σ = 1. Peak 1, not normalised to sum 1.
#pragma once

#include <torch/torch.h>

#include "landmarks/face_landmarks.h"

namespace facesr {

// `points`: landmarks in the `hr_size` frame (128 for DIC). Returns a float32
// (points.size(), hr_size/4, hr_size/4) tensor, computed in double as numpy does.
torch::Tensor landmark_heatmaps(const Landmarks& points, int hr_size = 128, double sigma = 1.0);

}  // namespace facesr
