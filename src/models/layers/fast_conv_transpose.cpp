#include "models/layers/fast_conv_transpose.h"

namespace facesr {

FastConvTranspose2dImpl::FastConvTranspose2dImpl(const torch::nn::ConvTranspose2dOptions& o)
    : torch::nn::ConvTranspose2dImpl(o) {
  const auto& stride = *o.stride();
  const auto& padding = *o.padding();
  const bool plain = o.groups() == 1 && (*o.dilation())[0] == 1 && (*o.dilation())[1] == 1 &&
                     (*o.output_padding())[0] == 0 && (*o.output_padding())[1] == 0 && stride[0] == stride[1] &&
                     padding[0] == padding[1];
  if (plain) {
    plain_stride_ = stride[0];
    plain_padding_ = padding[0];
  }
}

torch::Tensor FastConvTranspose2dImpl::forward(const torch::Tensor& input,
                                               const c10::optional<at::IntArrayRef>& output_size) {
  if (onednn_ && !output_size && input.device().is_cpu() && input.scalar_type() == torch::kFloat)
    return onednn_->forward(input);
  return torch::nn::ConvTranspose2dImpl::forward(input, output_size);
}

bool FastConvTranspose2dImpl::use_onednn(ConvAlgorithm) {
  if (!onednn_available() || plain_stride_ < 0 || is_training()) return false;
  onednn_ = OneDnnConv::transposed(weight, bias, plain_stride_, plain_padding_, std::nullopt);
  return true;
}

}  // namespace facesr
