#include "models/layers/norm_layer.h"

namespace facesr {

NormLayerImpl::NormLayerImpl(int64_t channels, NormType type) {
  switch (type) {
    case NormType::None:
      return;
    case NormType::Batch:
      norm_ = torch::nn::AnyModule(torch::nn::BatchNorm2d(channels));
      break;
    case NormType::Instance:
      norm_ = torch::nn::AnyModule(torch::nn::InstanceNorm2d(torch::nn::InstanceNorm2dOptions(channels).affine(true)));
      break;
  }
  register_module("norm", norm_.ptr());
}

torch::Tensor NormLayerImpl::forward(const torch::Tensor& x) {
  return norm_.is_empty() ? x : norm_.forward(x);
}

}  // namespace facesr
