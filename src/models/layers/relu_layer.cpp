#include "models/layers/relu_layer.h"

namespace facesr {

ReluLayerImpl::ReluLayerImpl(int64_t channels, ReluType type) {
  switch (type) {
    case ReluType::None:
      return;
    case ReluType::LeakyReLU:
      func_ = torch::nn::AnyModule(torch::nn::LeakyReLU(torch::nn::LeakyReLUOptions().negative_slope(kLeakySlope)));
      break;
    case ReluType::PReLU:
      func_ = torch::nn::AnyModule(torch::nn::PReLU(torch::nn::PReLUOptions().num_parameters(channels)));
      break;
  }
  register_module("func", func_.ptr());
}

torch::Tensor ReluLayerImpl::forward(const torch::Tensor& x) {
  return func_.is_empty() ? x : func_.forward(x);
}

}  // namespace facesr
