// NormLayer of the SPARNet/CTCNet blocks (common.md §5): the norm module is a
// child called `norm`, so a ConvLayer's keys read `norm.norm.weight`.
#pragma once

#include <torch/torch.h>

namespace facesr {

enum class NormType { None, Batch, Instance };

class NormLayerImpl : public torch::nn::Module {
 public:
  // Instance norm is affine without running statistics, as nn.InstanceNorm2d(affine=True).
  NormLayerImpl(int64_t channels, NormType type);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  torch::nn::AnyModule norm_;  // empty for NormType::None
};
TORCH_MODULE(NormLayer);

}  // namespace facesr
