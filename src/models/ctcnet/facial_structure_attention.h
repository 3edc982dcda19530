// FSAU, the facial structure attention unit (spec ctcnet.md §3.2; official
// HourGlassBlock / HourGlassBlock2 / HourGlassBlock32): a SPARNet hourglass
// (reflection pad, BatchNorm, PReLU, width 64) plus a 64-channel channel
// attention predicts a one-channel spatial map a, and the unit returns x ⊙ a.
#pragma once

#include <torch/torch.h>

#include "models/layers/channel_attention.h"
#include "models/layers/fast_conv.h"
#include "models/layers/hourglass.h"

namespace facesr::ctcnet {

class FacialStructureAttentionImpl : public torch::nn::Module {
 public:
  // The hourglass is 64 wide whatever `channels` is. For 64 input channels the
  // input itself is added to the hourglass features (HourGlassBlock); for any
  // other count a 1×1 conv `_64` maps it to 64 first (HourGlassBlock2/32).
  FacialStructureAttentionImpl(int64_t channels, int hourglass_depth);
  torch::Tensor forward(const torch::Tensor& x);

  ChannelAttention channel_func{nullptr};
  torch::nn::Sequential out_block{nullptr};    // ConvLayer 64→1 (bias) → sigmoid
  FastConv2d skip_projection{nullptr};  // key `_64`; null for 64 channels

 private:
  Hourglass hourglass_;
};
TORCH_MODULE(FacialStructureAttention);

}  // namespace facesr::ctcnet
