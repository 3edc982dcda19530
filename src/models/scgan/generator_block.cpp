#include "models/scgan/generator_block.h"

namespace facesr::scgan {

namespace nn = torch::nn;

namespace {

// FastConv2d for its training path (Winograd where it is faster); at
// inference use_onednn below runs conv1 and conv2 itself.
FastConv2d conv(int64_t in, int64_t out, int64_t kernel, bool bias) {
  return FastConv2d(nn::Conv2dOptions(in, out, kernel).padding(kernel / 2).bias(bias));
}

nn::AvgPool2d half() { return nn::AvgPool2d(nn::AvgPool2dOptions(2).stride(2)); }

}  // namespace

ScganGeneratorBlockImpl::ScganGeneratorBlockImpl(int64_t in_channels, int64_t out_channels, bool downsample) {
  conv1 = register_module("conv1", conv(in_channels, out_channels, 3, /*bias=*/false));
  conv2 = register_optionally_pooled(*this, "conv2", downsample, half(), conv(out_channels, out_channels, 3, false));
  if (in_channels != out_channels || downsample) {
    skip = register_optionally_pooled(*this, "skip", downsample, half(), conv(in_channels, out_channels, 1, true));
  }
}

torch::Tensor ScganGeneratorBlockImpl::forward(torch::Tensor x) {
  const auto activated = torch::relu(x);
  const bool fast = fast_conv1_ && x.device().is_cpu() && x.scalar_type() == torch::kFloat;
  const auto body = fast ? fast_conv2_->forward(fast_conv1_->forward(activated))
                         : conv2(torch::relu(conv1->forward(activated)));
  return body + (skip ? skip(activated) : activated);
}

bool ScganGeneratorBlockImpl::use_onednn(ConvMode mode) {
  const auto children = named_children();
  auto* second = children["conv2"]->as<nn::Conv2dImpl>();  // a Sequential when down-sampling
  if (!onednn_available() || !second || is_training()) return false;
  fast_conv1_ = std::make_shared<OneDnnConv>(conv1->weight, torch::Tensor(), 1, 1, /*ReLU*/ 0.0f, mode);
  fast_conv2_ = std::make_shared<OneDnnConv>(second->weight, torch::Tensor(), 1, 1, std::nullopt, mode);
  return true;
}

}  // namespace facesr::scgan
