#include "models/layers/channel_attention.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/error.h"

namespace facesr {

namespace nn = torch::nn;

ChannelAttentionImpl::ChannelAttentionImpl(int64_t channels, int64_t reduction) : channels_(channels) {
  if (reduction < 1 || channels / reduction < 1)
    throw Error(
        fmt::format("ChannelAttention: {} channels with reduction {} leave no squeezed channel; use a "
                    "reduction between 1 and the channel count",
                    channels, reduction));
  const int64_t squeezed = channels / reduction;
  conv_du = register_module(
      "conv_du", nn::Sequential(nn::Conv2d(nn::Conv2dOptions(channels, squeezed, 1).bias(true)), nn::ReLU(),
                                nn::Conv2d(nn::Conv2dOptions(squeezed, channels, 1).bias(true)), nn::Sigmoid()));
}

torch::Tensor ChannelAttentionImpl::forward(const torch::Tensor& x) {
  if (x.dim() != 4 || x.size(1) != channels_)
    throw Error(
        fmt::format("ChannelAttention: expected an (N, {}, H, W) tensor, got {}; feed the layer the "
                    "channel count it was built for",
                    channels_, x.sizes()));
  return x * conv_du->forward(torch::adaptive_avg_pool2d(x, {1, 1}));
}

}  // namespace facesr
