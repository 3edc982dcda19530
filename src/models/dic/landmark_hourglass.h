// DIC's landmark hourglass and its parts, in their BatchNorm-free form
// (official StackedHourGlass.py with need_bn=False, dic.md §4: HourGlass,
// ResidualBlock and Lin there). Not SPARNet's hourglass (models/layers/hourglass.h),
// which attention units use: this one is max-pool, bottleneck blocks and
// bilinear up-sampling.
#pragma once

#include <torch/torch.h>

#include "models/layers/fast_conv.h"

namespace facesr::dic {

// Bottleneck residual unit (official ResidualBlock): skip + Conv1x1 -> ReLU ->
// Conv3x3 -> Conv1x1, with a single ReLU; the skip is a 1x1 conv when the
// channel count changes.
class BottleneckBlockImpl : public torch::nn::Module {
 public:
  BottleneckBlockImpl(int64_t in_channels, int64_t out_channels);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  torch::nn::Sequential conv_block{nullptr};
  FastConv2d skip_layer{nullptr};
};
TORCH_MODULE(BottleneckBlock);

// Conv1x1 + ReLU (official Lin without BatchNorm).
class LinImpl : public torch::nn::Module {
 public:
  LinImpl(int64_t in_channels, int64_t out_channels);
  torch::Tensor forward(const torch::Tensor& x) { return conv_block->forward(x); }

 private:
  torch::nn::Sequential conv_block{nullptr};
};
TORCH_MODULE(Lin);

// Recursive hourglass (official HourGlass) of `depth` levels at constant width. Level n:
// out = res{n}_1(x) + up2(res{n}_3(inner(res{n}_2(maxpool2(x))))), where
// inner is level n-1, or res_center at the bottom, and up2 is bilinear x2
// with align_corners=True. Inputs need sides divisible by 2^depth.
class LandmarkHourglassImpl : public torch::nn::Module {
 public:
  LandmarkHourglassImpl(int64_t depth, int64_t channels);
  torch::Tensor forward(const torch::Tensor& x) { return level(x, depth_); }

 private:
  torch::Tensor level(const torch::Tensor& x, int64_t n);

  int64_t depth_;
  // Index n-1 holds level n's res{n}_1, res{n}_2 and res{n}_3.
  std::vector<std::array<BottleneckBlock, 3>> levels_;
  BottleneckBlock res_center{nullptr};
};
TORCH_MODULE(LandmarkHourglass);

}  // namespace facesr::dic
