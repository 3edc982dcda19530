// DIC's landmark alignment loss (dic.md §8): Σ_t MSE(H_t, H_gt) over the T
// recurrent steps, each MSE the mean over B×68×32×32. Not detached: the loss
// reaches the SR branch through the landmark hourglass. The caller applies
// the weight (0.1 in the official configs).
#pragma once

#include <torch/torch.h>

#include <vector>

namespace facesr::losses {

// `heatmaps`: the per-step (B,68,32,32) outputs; `target`: the same shape.
torch::Tensor dic_alignment(const std::vector<torch::Tensor>& heatmaps, const torch::Tensor& target);

}  // namespace facesr::losses
