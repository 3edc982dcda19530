// A learnable scalar multiplier (the official `Scale` / `common.Scale`); its
// one-element parameter is stored under the key `scale`.
#pragma once

#include <torch/torch.h>

namespace facesr::ctcnet {

class LearnableScaleImpl : public torch::nn::Module {
 public:
  explicit LearnableScaleImpl(double init) { scale = register_parameter("scale", torch::full({1}, init)); }
  torch::Tensor forward(const torch::Tensor& x) { return x * scale; }

  torch::Tensor scale;
};
TORCH_MODULE(LearnableScale);

}  // namespace facesr::ctcnet
