// CTCNet's convolutional unit (official `one_module`, spec ctcnet.md §3.1),
// used as `encoder`/`alise` in every LGCM and FRM, and its inner residual
// conv pair (official `one_conv`).
#pragma once

#include <torch/torch.h>

#include "models/ctcnet/conv_relu.h"
#include "models/ctcnet/learnable_scale.h"
#include "models/layers/channel_attention.h"

namespace facesr::ctcnet {

// s_a·x + s_b·conv_{n/2→n}(PReLU(conv_{n→n/2}(x))); both 3×3 convs have bias.
class ResidualConvPairImpl : public torch::nn::Module {
 public:
  explicit ResidualConvPairImpl(int64_t channels);
  torch::Tensor forward(const torch::Tensor& x);

  FastConv2d conv{nullptr}, conv1{nullptr};
  torch::nn::PReLU relu{nullptr};
  LearnableScale weight1{nullptr}, weight2{nullptr};
};
TORCH_MODULE(ResidualConvPair);

// x1 = layer1(x), x2 = layer2(x1),
// y = w4·x + w5·layer4(atten(alise([w2·x2, w3·x1]))).
// `weight1` is registered by the official class but never used.
class ConvUnitImpl : public torch::nn::Module {
 public:
  explicit ConvUnitImpl(int64_t channels);
  torch::Tensor forward(const torch::Tensor& x);

  ResidualConvPair layer1{nullptr}, layer2{nullptr};
  ConvReLU layer4{nullptr}, alise{nullptr};
  ChannelAttention atten{nullptr};
  LearnableScale weight1{nullptr}, weight2{nullptr}, weight3{nullptr}, weight4{nullptr}, weight5{nullptr};
};
TORCH_MODULE(ConvUnit);

}  // namespace facesr::ctcnet
