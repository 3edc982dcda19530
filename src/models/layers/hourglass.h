// The recursive SPARNet hourglass HG(depth, c_in, c_mid) of common.md §5,
// used by SPARNet's attention units and CTCNet's.
//
// The official keys have no module of their own for it (`att_func.b1_4...`):
// its ConvLayers b1_L, b2_L, b2_plus_1 and b3_L (L = depth..1) are registered
// directly on the owning module, in the official order. Hourglass only keeps
// handles to them and runs the recursion.
#pragma once

#include <torch/torch.h>

#include <vector>

#include "models/layers/conv_layer.h"

namespace facesr {

struct HourglassOptions {
  HourglassOptions(int depth, int64_t in_channels) : depth_(depth), in_channels_(in_channels) {}
  TORCH_ARG(int, depth);  // >= 1; the bottom runs at 1/2^depth of the input size
  TORCH_ARG(int64_t, in_channels);
  TORCH_ARG(int64_t, mid_channels) = 64;  // also the output channels
  TORCH_ARG(NormType, norm) = NormType::Batch;
  TORCH_ARG(ReluType, relu) = ReluType::PReLU;
  TORCH_ARG(bool, spectral_norm) = false;
};

class Hourglass {
 public:
  Hourglass() = default;
  // Registers the ConvLayers on `owner`, which must outlive this object's use.
  Hourglass(torch::nn::Module& owner, const HourglassOptions& options);

  // (N, in_channels, H, W) -> (N, mid_channels, H, W).
  torch::Tensor forward(const torch::Tensor& x);

 private:
  struct Level {
    ConvLayer b1{nullptr};  // same resolution
    ConvLayer b2{nullptr};  // stride 2
    ConvLayer b3{nullptr};  // nearest x2 back up
  };
  torch::Tensor forward_level(size_t level_index, const torch::Tensor& x);

  std::vector<Level> levels_;  // levels_[0] is level `depth`, the outermost
  ConvLayer bottom_{nullptr};  // b2_plus_1
};

}  // namespace facesr
