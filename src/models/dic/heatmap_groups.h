// Reduction of the 68 iBUG landmark heatmaps to the 5 facial-component maps
// that steer DIC's attentive fusion (dic.md §3.1, official merge_heatmap_5).
#pragma once

#include <torch/torch.h>

namespace facesr::dic {

constexpr int64_t kNumLandmarks = 68;
constexpr int64_t kNumComponents = 5;

// (B,68,H,W) raw heatmaps -> (B,5,H,W): each channel divided by
// max(its spatial max, 0.05), then summed per component in the order
// left eye (36-41), right eye (42-47), nose (27-35), mouth (48-67),
// contour + brows (0-26). Not detached: gradients reach the landmark branch.
torch::Tensor merge_heatmaps_to_components(const torch::Tensor& heatmaps);

}  // namespace facesr::dic
