// The official `BasicConv` as CTCNet builds it: a bias-free "same" conv
// followed by ReLU; the conv is stored under the key `conv`.
#pragma once

#include <torch/torch.h>

#include "models/layers/fast_conv.h"

namespace facesr::ctcnet {

class ConvReLUImpl : public torch::nn::Module {
 public:
  ConvReLUImpl(int64_t in_channels, int64_t out_channels, int64_t kernel_size) {
    conv = register_module(
        "conv",
        FastConv2d(
            torch::nn::Conv2dOptions(in_channels, out_channels, kernel_size).padding(kernel_size / 2).bias(false)));
  }
  torch::Tensor forward(const torch::Tensor& x) { return torch::relu(conv->forward(x)); }

  FastConv2d conv{nullptr};
};
TORCH_MODULE(ConvReLU);

}  // namespace facesr::ctcnet
