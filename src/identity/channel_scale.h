// dlib's `affine` layer as face-api stores it (`<layer>/scale/weights`,
// `/biases`): a per-channel multiply and add, where the network's batch norms
// were folded at training time. Keys `weight` and `bias`, shape (channels).
#pragma once

#include <torch/torch.h>

namespace facesr {

class ChannelScaleImpl : public torch::nn::Module {
 public:
  explicit ChannelScaleImpl(int64_t channels);

  // x * weight + bias per channel, for x of shape (N, channels, H, W).
  torch::Tensor forward(const torch::Tensor& x);

  torch::Tensor weight, bias;
};
TORCH_MODULE(ChannelScale);

}  // namespace facesr
