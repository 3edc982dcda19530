// SCGAN's generator residual unit (model.py `BasicBlock_G`, always without
// BatchNorm): ReLU -> conv3x3 -> ReLU -> [AvgPool 2 ->] conv3x3, plus a skip.
#pragma once

#include <torch/torch.h>

#include "models/layers/fast_conv.h"
#include "onednn/conv_backend.h"
#include "models/scgan/optionally_pooled.h"

namespace facesr::scgan {

class ScganGeneratorBlockImpl : public torch::nn::Module, public UsesOneDnn {
 public:
  // `downsample` halves the resolution (AvgPool 2x2 before conv2 and on the
  // skip). The skip is a 1x1 conv (with bias) when the width changes or the
  // block down-samples, the identity otherwise.
  ScganGeneratorBlockImpl(int64_t in_channels, int64_t out_channels, bool downsample = false);

  // Explicit form of the official in-place ReLU (scgan.md §3.4): the skip
  // receives ReLU(x), not x:  conv2(ReLU(conv1(ReLU(x)))) + skip(ReLU(x)).
  torch::Tensor forward(torch::Tensor x);

  // Inference on CPU in float32: conv1 (with the ReLU after it) and conv2
  // through oneDNN. Not for down-sampling blocks (none in G_RLS).
  bool use_onednn(ConvMode mode) override;

 private:
  FastConv2d conv1{nullptr};
  TensorFunction conv2;  // conv3x3, after AvgPool 2x2 when down-sampling
  TensorFunction skip;   // none (identity), or conv1x1, after AvgPool 2x2 when down-sampling
  std::shared_ptr<OneDnnConv> fast_conv1_, fast_conv2_;  // set by use_onednn
};
TORCH_MODULE(ScganGeneratorBlock);

}  // namespace facesr::scgan
