#include "models/ctcnet/conv_unit.h"

namespace facesr::ctcnet {

namespace nn = torch::nn;

ResidualConvPairImpl::ResidualConvPairImpl(int64_t channels) {
  const int64_t half = channels / 2;
  conv = register_module("conv", FastConv2d(nn::Conv2dOptions(channels, half, 3).padding(1)));
  conv1 = register_module("conv1", FastConv2d(nn::Conv2dOptions(half, channels, 3).padding(1)));
  relu = register_module("relu", nn::PReLU(nn::PReLUOptions().num_parameters(half)));
  weight1 = register_module("weight1", LearnableScale(1.0));
  weight2 = register_module("weight2", LearnableScale(1.0));
}

torch::Tensor ResidualConvPairImpl::forward(const torch::Tensor& x) {
  return weight1->forward(x) + weight2->forward(conv1->forward(relu->forward(conv->forward(x))));
}

ConvUnitImpl::ConvUnitImpl(int64_t channels) {
  layer1 = register_module("layer1", ResidualConvPair(channels));
  layer2 = register_module("layer2", ResidualConvPair(channels));
  layer4 = register_module("layer4", ConvReLU(channels, channels, 3));
  alise = register_module("alise", ConvReLU(2 * channels, channels, 1));
  atten = register_module("atten", ChannelAttention(channels));
  weight1 = register_module("weight1", LearnableScale(1.0));
  weight2 = register_module("weight2", LearnableScale(1.0));
  weight3 = register_module("weight3", LearnableScale(1.0));
  weight4 = register_module("weight4", LearnableScale(1.0));
  weight5 = register_module("weight5", LearnableScale(1.0));
}

torch::Tensor ConvUnitImpl::forward(const torch::Tensor& x) {
  const auto x1 = layer1->forward(x);
  const auto x2 = layer2->forward(x1);
  const auto fused = alise->forward(torch::cat({weight2->forward(x2), weight3->forward(x1)}, 1));
  return weight4->forward(x) + weight5->forward(layer4->forward(atten->forward(fused)));
}

}  // namespace facesr::ctcnet
