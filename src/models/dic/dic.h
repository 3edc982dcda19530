// DIC (Ma et al., CVPR 2020; official code/networks/dic_arch.py::DIC):
// x8 face SR by iterative collaboration between an SR branch (feedback
// blocks) and a landmark branch (feedback hourglass), unrolled for 4 steps
// (dic.md §1). Tensors live in DIC's mean-shifted space: [0,1] RGB minus
// the per-channel mean (0.509, 0.424, 0.378), both in and out.
#pragma once

#include <torch/torch.h>

#include <vector>

#include "models/dic/feedback_block.h"
#include "models/dic/feedback_hourglass.h"
#include "models/registry.h"

namespace facesr::dic {

// Every recurrent step's outputs; training supervises all of them.
struct DICSteps {
  std::vector<torch::Tensor> sr;        // (B,3,8H,8W) per step
  std::vector<torch::Tensor> heatmaps;  // (B,68,2H,2W) raw FHG output per step
};

class DICImpl : public SRNetwork {
 public:
  static constexpr int64_t kNumFeatures = 48;
  static constexpr int64_t kNumSteps = 4;
  static constexpr int64_t kScale = 8;
  static constexpr int64_t kHourglassFeatures = 256;
  static constexpr int64_t kNumFusionBlocks = 7;

  // num_groups: projection groups per feedback block (released: 6).
  explicit DICImpl(int64_t num_groups = 6);

  // (B,3,H,W) LR with H, W multiples of 8 (trained on 16x16) -> last step's SR.
  torch::Tensor forward(torch::Tensor lr) override;
  // All 4 steps' SR images and landmark heatmaps.
  DICSteps forward_steps(const torch::Tensor& lr);

 private:
  torch::nn::Sequential conv_in{nullptr};
  FeedbackBlockCustom first_block{nullptr};
  FeedbackBlockHeatmapAttention block{nullptr};
  torch::nn::Sequential out{nullptr};
  torch::nn::Sequential conv_out{nullptr};
  FeedbackHourglass HG{nullptr};
};
TORCH_MODULE(DIC);

}  // namespace facesr::dic
