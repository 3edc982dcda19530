// Attentive fusion module (AFM, official FeatureHeatmapFusingBlock, dic.md §3):
// expands the features into one 48-channel group per facial component,
// refines each group with grouped residual blocks, and blends the groups
// with a per-pixel softmax over the 5 component heatmaps.
#pragma once

#include <torch/torch.h>

namespace facesr::dic {

class FeatureHeatmapFusingBlockImpl : public torch::nn::Module {
 public:
  FeatureHeatmapFusingBlockImpl(int64_t num_features, int64_t num_heatmaps, int64_t num_blocks);

  // features (B,C,H,W), heatmaps (B,num_heatmaps,H,W) -> (B,C,H,W).
  torch::Tensor forward(const torch::Tensor& features, const torch::Tensor& heatmaps);

 private:
  int64_t num_heatmaps_;
  torch::nn::Sequential conv_in{nullptr};
  torch::nn::Sequential resnet{nullptr};
};
TORCH_MODULE(FeatureHeatmapFusingBlock);

}  // namespace facesr::dic
