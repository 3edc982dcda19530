#include "identity/channel_scale.h"

namespace facesr {

ChannelScaleImpl::ChannelScaleImpl(int64_t channels) {
  weight = register_parameter("weight", torch::ones({channels}));
  bias = register_parameter("bias", torch::zeros({channels}));
}

torch::Tensor ChannelScaleImpl::forward(const torch::Tensor& x) {
  return x * weight.view({1, -1, 1, 1}) + bias.view({1, -1, 1, 1});
}

}  // namespace facesr
