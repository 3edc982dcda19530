// SPARNet's residual block with spatial attention, the "face attention unit"
// (sparnet.md §2.2): shortcut(x) + attention(conv2(conv1(relu(norm(x))))).
#pragma once

#include <torch/torch.h>

#include "models/layers/conv_layer.h"
#include "models/sparnet/hourglass_attention.h"

namespace facesr::sparnet {

struct ResidualBlockOptions {
  ResidualBlockOptions(int64_t in_channels, int64_t out_channels)
      : in_channels_(in_channels), out_channels_(out_channels) {}
  TORCH_ARG(int64_t, in_channels);
  TORCH_ARG(int64_t, out_channels);
  TORCH_ARG(Scale, scale) = Scale::None;
  TORCH_ARG(NormType, norm) = NormType::Batch;
  TORCH_ARG(ReluType, relu) = ReluType::LeakyReLU;
  TORCH_ARG(int, hourglass_depth) = 2;
  TORCH_ARG(int64_t, hourglass_channels) = 64;  // the hourglass's c_mid
  TORCH_ARG(AttentionType, attention) = AttentionType::Spatial2D;
  TORCH_ARG(bool, spectral_norm) = false;
};

class ResidualBlockImpl : public torch::nn::Module {
 public:
  explicit ResidualBlockImpl(const ResidualBlockOptions& options);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  ConvLayer shortcut_func_{nullptr};  // null: identity (same channels, no scaling)
  torch::nn::Sequential preact_func_{nullptr};
  ConvLayer conv1_{nullptr}, conv2_{nullptr};
  HourglassAttention att_func_{nullptr};
};
TORCH_MODULE(ResidualBlock);

}  // namespace facesr::sparnet
