#include "models/dic/landmark_hourglass.h"

#include <fmt/format.h>

namespace facesr::dic {

namespace {

FastConv2d conv(int64_t in_channels, int64_t out_channels, int64_t kernel) {
  return FastConv2d(torch::nn::Conv2dOptions(in_channels, out_channels, kernel).padding((kernel - 1) / 2));
}

}  // namespace

BottleneckBlockImpl::BottleneckBlockImpl(int64_t in_channels, int64_t out_channels) {
  const int64_t mid = out_channels / 2;
  conv_block = register_module("conv_block", torch::nn::Sequential(conv(in_channels, mid, 1), torch::nn::ReLU(),
                                                                   conv(mid, mid, 3), conv(mid, out_channels, 1)));
  if (in_channels != out_channels) skip_layer = register_module("skip_layer", conv(in_channels, out_channels, 1));
}

torch::Tensor BottleneckBlockImpl::forward(const torch::Tensor& x) {
  const auto residual = conv_block->forward(x);
  return (skip_layer ? skip_layer->forward(x) : x) + residual;
}

LinImpl::LinImpl(int64_t in_channels, int64_t out_channels)
    : conv_block(register_module("conv_block", torch::nn::Sequential(conv(in_channels, out_channels, 1),
                                                                     torch::nn::ReLU()))) {}

LandmarkHourglassImpl::LandmarkHourglassImpl(int64_t depth, int64_t channels)
    : depth_(depth), levels_(depth, {nullptr, nullptr, nullptr}) {
  // Official registration order: res{n}_1, res{n}_2 from the top level down,
  // then res_center, then res{n}_3 from the bottom level up.
  for (int64_t n = depth; n >= 1; --n) {
    for (int part : {0, 1})
      levels_[n - 1][part] =
          register_module(fmt::format("res{}_{}", n, part + 1), BottleneckBlock(channels, channels));
  }
  res_center = register_module("res_center", BottleneckBlock(channels, channels));
  for (int64_t n = 1; n <= depth; ++n)
    levels_[n - 1][2] = register_module(fmt::format("res{}_3", n), BottleneckBlock(channels, channels));
}

torch::Tensor LandmarkHourglassImpl::level(const torch::Tensor& x, int64_t n) {
  auto& [res1, res2, res3] = levels_[n - 1];
  const auto up = res1->forward(x);
  auto low = res2->forward(torch::max_pool2d(x, 2, 2));
  low = n > 1 ? level(low, n - 1) : res_center->forward(low);
  low = res3->forward(low);
  namespace F = torch::nn::functional;
  return up + F::interpolate(low, F::InterpolateFuncOptions()
                                      .scale_factor(std::vector<double>{2.0, 2.0})
                                      .mode(torch::kBilinear)
                                      .align_corners(true));
}

}  // namespace facesr::dic
