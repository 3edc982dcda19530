// A residual block of dlib's face-recognition ResNet as face-api runs it
// (faceRecognitionNet/residualLayer.ts). Plain: relu(x + conv2(conv1(x))).
// Down: conv1 has stride 2 ("valid"), and the shortcut is a 2x2 average pool
// with zero channels appended up to the block's width; where the pool's map is
// larger than the convolutions' (odd sizes), the convolved map gets zero rows
// and columns at its bottom and right, as face-api pads it. Keys `conv1.*`,
// `conv2.*`.
#pragma once

#include <torch/torch.h>

#include "identity/scaled_conv.h"

namespace facesr {

class RecognitionResidualImpl : public torch::nn::Module {
 public:
  RecognitionResidualImpl(int64_t in_channels, int64_t out_channels, bool down);
  torch::Tensor forward(const torch::Tensor& x);

  ScaledConv conv1{nullptr}, conv2{nullptr};

 private:
  bool down_;
};
TORCH_MODULE(RecognitionResidual);

}  // namespace facesr
