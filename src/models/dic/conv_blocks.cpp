#include "models/dic/conv_blocks.h"

#include "models/layers/fast_conv.h"

namespace facesr::dic {

namespace {

FastConv2d conv(int64_t in_channels, int64_t out_channels, int64_t kernel, int64_t stride, int64_t padding) {
  if (padding < 0) padding = (kernel - 1) / 2;
  return FastConv2d(
      torch::nn::Conv2dOptions(in_channels, out_channels, kernel).stride(stride).padding(padding).bias(true));
}

// The official activation('prelu'): one slope shared by all channels.
torch::nn::PReLU scalar_prelu() { return torch::nn::PReLU(torch::nn::PReLUOptions().num_parameters(1).init(0.2)); }

}  // namespace

torch::nn::Sequential conv_prelu(int64_t in_channels, int64_t out_channels, int64_t kernel, int64_t stride,
                                 int64_t padding) {
  return torch::nn::Sequential(conv(in_channels, out_channels, kernel, stride, padding), scalar_prelu());
}

torch::nn::Sequential conv_only(int64_t in_channels, int64_t out_channels, int64_t kernel) {
  return torch::nn::Sequential(conv(in_channels, out_channels, kernel, 1, -1));
}

torch::nn::Sequential deconv_prelu(int64_t in_channels, int64_t out_channels, int64_t kernel, int64_t stride,
                                   int64_t padding) {
  return torch::nn::Sequential(
      FastConvTranspose2d(
          torch::nn::ConvTranspose2dOptions(in_channels, out_channels, kernel).stride(stride).padding(padding).bias(true)),
      scalar_prelu());
}

}  // namespace facesr::dic
