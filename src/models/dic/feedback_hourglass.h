// FHG, DIC's landmark estimator (official FeedbackHourGlass, dic.md §4): a
// single 512-channel hourglass whose second half of output channels is fed
// back as the hidden state of the next recurrent step.
#pragma once

#include <torch/torch.h>

#include "models/dic/landmark_hourglass.h"

namespace facesr::dic {

struct LandmarkEstimate {
  torch::Tensor heatmaps;  // (B,num_keypoints,H/4,W/4), raw (no activation)
  torch::Tensor hidden;    // (B,num_features,H/4,W/4), for the next step
};

class FeedbackHourglassImpl : public torch::nn::Module {
 public:
  FeedbackHourglassImpl(int64_t num_features, int64_t num_keypoints);

  // image (B,3,H,W) with H,W divisible by 64. An undefined `hidden` (first
  // step) is replaced by the image's own pre-block features.
  LandmarkEstimate forward(const torch::Tensor& image, const torch::Tensor& hidden = {});

 private:
  int64_t num_features_;
  torch::nn::Sequential pre_conv_block{nullptr};
  FastConv2d compress_in{nullptr};
  LandmarkHourglass hg{nullptr};
  torch::nn::Sequential hg_conv_out{nullptr};
};
TORCH_MODULE(FeedbackHourglass);

}  // namespace facesr::dic
