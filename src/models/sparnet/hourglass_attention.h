// SPARNet's spatial attention (official HourGlassBlock, sparnet.md §2.2 step 5):
// x * sigmoid(ConvLayer(64 -> c_attn)(HG_depth(x))). c_attn = 1 gives one 2-D
// map broadcast over channels ('spar'); c_attn = channels gives a 3-D map ('spar3d').
#pragma once

#include <torch/torch.h>

#include "models/layers/hourglass.h"

namespace facesr::sparnet {

enum class AttentionType { Spatial2D, Spatial3D };

class HourglassAttentionImpl : public torch::nn::Module {
 public:
  // `hourglass` gives depth, channels, norm, activation and spectral norm of the whole block.
  HourglassAttentionImpl(const HourglassOptions& hourglass, AttentionType type);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  Hourglass hourglass_;
  torch::nn::Sequential out_block_{nullptr};  // ConvLayer (bias, no norm/activation), Sigmoid
};
TORCH_MODULE(HourglassAttention);

}  // namespace facesr::sparnet
