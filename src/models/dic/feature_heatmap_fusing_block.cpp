#include "models/dic/feature_heatmap_fusing_block.h"

#include "core/error.h"
#include "models/layers/fast_conv.h"

namespace facesr::dic {

namespace {

// FastConv2d for training: LibTorch 1.13's grouped backward is ~40× slower than oneDNN's own.
FastConv2d grouped_conv3x3(int64_t channels, int64_t groups) {
  return FastConv2d(torch::nn::Conv2dOptions(channels, channels, 3).padding(1).groups(groups).bias(true));
}

torch::nn::LeakyReLU leaky_relu() { return torch::nn::LeakyReLU(torch::nn::LeakyReLUOptions().negative_slope(0.2)); }

// x + conv(lrelu(conv(x))), both convs grouped per component; the official
// ResBlock names its body "res" (children 0 conv, 1 lrelu, 2 conv).
class GroupedResBlockImpl : public torch::nn::Module {
 public:
  GroupedResBlockImpl(int64_t channels, int64_t groups)
      : res(register_module("res", torch::nn::Sequential(grouped_conv3x3(channels, groups), leaky_relu(),
                                                         grouped_conv3x3(channels, groups)))) {}
  torch::Tensor forward(const torch::Tensor& x) { return x + res->forward(x); }

 private:
  torch::nn::Sequential res;
};
TORCH_MODULE(GroupedResBlock);

}  // namespace

FeatureHeatmapFusingBlockImpl::FeatureHeatmapFusingBlockImpl(int64_t num_features, int64_t num_heatmaps,
                                                             int64_t num_blocks)
    : num_heatmaps_(num_heatmaps) {
  const int64_t expanded = num_features * num_heatmaps;
  conv_in = register_module(
      "conv_in", torch::nn::Sequential(FastConv2d(torch::nn::Conv2dOptions(num_features, expanded, 1)),
                                       leaky_relu()));
  resnet = register_module("resnet", torch::nn::Sequential());
  for (int64_t i = 0; i < num_blocks; ++i) resnet->push_back(GroupedResBlock(expanded, num_heatmaps));
}

torch::Tensor FeatureHeatmapFusingBlockImpl::forward(const torch::Tensor& features, const torch::Tensor& heatmaps) {
  if (heatmaps.dim() != 4 || heatmaps.size(1) != num_heatmaps_ || heatmaps.size(0) != features.size(0) ||
      heatmaps.sizes().slice(2) != features.sizes().slice(2)) {
    throw Error("DIC attentive fusion: the component heatmaps must have " + std::to_string(num_heatmaps_) +
                " channels and the batch size and spatial size of the features");
  }
  const auto expanded = resnet->forward(conv_in->forward(features));
  const auto attention = torch::softmax(heatmaps, /*dim=*/1);  // over components, at each pixel
  const auto groups = expanded.view({features.size(0), num_heatmaps_, -1, features.size(2), features.size(3)});
  return (groups * attention.unsqueeze(2)).sum(1);
}

}  // namespace facesr::dic
