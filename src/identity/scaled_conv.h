// One convolution of dlib's face-recognition ResNet as face-api runs it
// (faceRecognitionNet/convLayer.ts): conv with bias, then the channel scale,
// then ReLU where the layer has one. Stride 1 pads "same" (k/2 a side);
// stride 2 is TensorFlow's "valid" (no padding). Keys `conv.*`, `scale.*`.
#pragma once

#include <torch/torch.h>

#include "identity/channel_scale.h"

namespace facesr {

struct ScaledConvOptions {
  ScaledConvOptions(int64_t in_channels, int64_t out_channels) : in_channels_(in_channels), out_channels_(out_channels) {}
  TORCH_ARG(int64_t, in_channels);
  TORCH_ARG(int64_t, out_channels);
  TORCH_ARG(int64_t, kernel_size) = 3;
  TORCH_ARG(int64_t, stride) = 1;
  TORCH_ARG(bool, relu) = true;
};

class ScaledConvImpl : public torch::nn::Module {
 public:
  explicit ScaledConvImpl(const ScaledConvOptions& options);
  torch::Tensor forward(const torch::Tensor& x);

  ScaledConvOptions options;
  torch::nn::Conv2d conv{nullptr};
  ChannelScale scale{nullptr};
};
TORCH_MODULE(ScaledConv);

}  // namespace facesr
