// Restormer's "WithBias" LayerNorm on NCHW maps (spec ctcnet.md §3.3): every
// pixel's C-vector is normalised with its mean and biased variance, eps 1e-5
// inside the sqrt, then scaled and shifted per channel. The affine parameters
// live in `body` (keys body.weight / body.bias), as in the official wrapper.
#pragma once

#include <torch/torch.h>

namespace facesr::ctcnet {

class ChannelLayerNormImpl : public torch::nn::Module {
 public:
  explicit ChannelLayerNormImpl(int64_t channels) {
    body = register_module("body", torch::nn::LayerNorm(torch::nn::LayerNormOptions({channels}).eps(1e-5)));
  }
  torch::Tensor forward(const torch::Tensor& x) { return body->forward(x.permute({0, 2, 3, 1})).permute({0, 3, 1, 2}); }

  torch::nn::LayerNorm body{nullptr};
};
TORCH_MODULE(ChannelLayerNorm);

}  // namespace facesr::ctcnet
