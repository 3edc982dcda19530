// Restormer's multi-Dconv-head transposed attention (MDTA, spec ctcnet.md
// §3.3): attention between channels, not pixels, so its cost is linear in H·W
// and it runs globally at full resolution without windows.
#pragma once

#include <torch/torch.h>

#include "models/layers/fast_conv.h"

namespace facesr::ctcnet {

class TransposedAttentionImpl : public torch::nn::Module {
 public:
  // `channels` must be divisible by `heads`; throws facesr::Error otherwise.
  TransposedAttentionImpl(int64_t channels, int64_t heads);
  torch::Tensor forward(const torch::Tensor& x);

  torch::Tensor temperature;  // (heads, 1, 1) learnable softmax scale per head
  FastConv2d qkv{nullptr}, project_out{nullptr};
  FastConv2d qkv_dwconv{nullptr};  // depthwise: LibTorch at inference, oneDNN in training

 private:
  int64_t heads_;
};
TORCH_MODULE(TransposedAttention);

}  // namespace facesr::ctcnet
