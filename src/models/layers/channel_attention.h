// RCAN channel attention ("CALayer"): each channel is scaled by a gate computed
// from the global average of all channels (common.md §5). Used by CTCNet under
// several class names (CALayer, CALayer2, new_CALayer, CALayer_32/64/128) that
// all compute this; only the channel count differs.
#pragma once

#include <torch/torch.h>

namespace facesr {

class ChannelAttentionImpl : public torch::nn::Module {
 public:
  // Squeezes `channels` to channels / reduction (integer division, like the
  // official code) and back. Throws facesr::Error if that leaves no channel.
  explicit ChannelAttentionImpl(int64_t channels, int64_t reduction = 16);

  // x * sigmoid(conv(relu(conv(avgpool(x))))), for x of shape (N, channels, H, W).
  torch::Tensor forward(const torch::Tensor& x);

  // avgpool → 1×1 conv (bias) → ReLU → 1×1 conv (bias) → sigmoid; keys conv_du.0 / conv_du.2.
  torch::nn::Sequential conv_du{nullptr};

 private:
  int64_t channels_;
};
TORCH_MODULE(ChannelAttention);

}  // namespace facesr
