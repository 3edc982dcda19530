// ReluLayer of the SPARNet/CTCNet blocks (common.md §5): the activation is a
// child called `func`, so a PReLU slope is stored as `relu.func.weight`.
#pragma once

#include <torch/torch.h>

namespace facesr {

// LeakyReLU has slope kLeakySlope; PReLU has one slope per channel.
enum class ReluType { None, LeakyReLU, PReLU };
constexpr double kLeakySlope = 0.2;

class ReluLayerImpl : public torch::nn::Module {
 public:
  ReluLayerImpl(int64_t channels, ReluType type);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  torch::nn::AnyModule func_;  // empty for ReluType::None
};
TORCH_MODULE(ReluLayer);

}  // namespace facesr
