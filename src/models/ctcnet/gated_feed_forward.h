// Restormer's gated-Dconv feed-forward network (GDFN, spec ctcnet.md §3.3):
// 1×1 expand to 2·hidden, depthwise 3×3, GELU(u)·g gate, 1×1 back. No biases.
#pragma once

#include <torch/torch.h>

#include "models/layers/fast_conv.h"

namespace facesr::ctcnet {

class GatedFeedForwardImpl : public torch::nn::Module {
 public:
  // hidden = int(channels · expansion), truncated like Python's int().
  GatedFeedForwardImpl(int64_t channels, double expansion) {
    const auto hidden = static_cast<int64_t>(static_cast<double>(channels) * expansion);
    namespace nn = torch::nn;
    project_in = register_module("project_in", FastConv2d(nn::Conv2dOptions(channels, 2 * hidden, 1).bias(false)));
    dwconv = register_module(
        "dwconv", FastConv2d(nn::Conv2dOptions(2 * hidden, 2 * hidden, 3).padding(1).groups(2 * hidden).bias(false)));
    project_out = register_module("project_out", FastConv2d(nn::Conv2dOptions(hidden, channels, 1).bias(false)));
  }
  torch::Tensor forward(const torch::Tensor& x) {
    const auto halves = dwconv->forward(project_in->forward(x)).chunk(2, 1);
    return project_out->forward(torch::gelu(halves[0]) * halves[1]);  // exact (erf) GELU
  }

  FastConv2d project_in{nullptr}, project_out{nullptr};
  FastConv2d dwconv{nullptr};  // depthwise: LibTorch at inference, oneDNN in training
};
TORCH_MODULE(GatedFeedForward);

}  // namespace facesr::ctcnet
